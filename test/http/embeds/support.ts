// Helpers for the embed tests: the partner list written as the organisers' use-case writes it, and the
// frame-ancestors directive of a response.
import type { AppDeps } from '../../../src/container.ts';
import { createEmbedDeps } from '../../../src/embeds/embed-deps.ts';
import { savePartnerOrigins } from '../../../src/embeds/save-partner-origins.ts';
import { petitionId } from '../../support/signatures.ts';

export const EMBED = '/embed/en/petitions/zhanaozen-list';

/** Sets the petition's partner origins through the use-case (audited), as the organisers' page does. */
export async function setPartners(deps: AppDeps, origins: readonly string[], slug = 'zhanaozen-list'): Promise<void> {
  await savePartnerOrigins(createEmbedDeps(deps), { actor: 'cli', petitionId: await petitionId(deps, slug), origins });
}

/** The frame-ancestors sources of a response's CSP ('' when there is none). */
export const frameAncestorsOf = (headers: Record<string, unknown>): string => String(headers['content-security-policy'] ?? '').match(/frame-ancestors ([^;]*)/)?.[1]?.trim() ?? '';

/** The partner list is kept for a second per instance. */
export const settle = () => new Promise((r) => setTimeout(r, 1100));
