// axe-core in the page. The site's CSP forbids inline scripts, so axe's source is evaluated through
// the DevTools protocol (page.evaluate), which the page's CSP does not govern; the page itself keeps
// its real CSP.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the whole document for the WCAG 2.0–2.2 A/AA rules; returns the violations. */
export async function axeViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate<boolean>('typeof window.axe !== "undefined"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${options})`);
  return results.violations;
}

/** A readable report: rule, impact, help, then each failing node's target and summary. */
export function formatViolations(where: string, violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
      return `${where}: ${v.id} (${v.impact ?? 'no impact'}): ${v.help} [${v.helpUrl}]\n${nodes}`;
    })
    .join('\n');
}
