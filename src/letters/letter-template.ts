// Letter templates: plain text with {{placeholders}}, one per language, edited by organisers. This file
// knows which placeholders exist, checks a template, and fills one in. Paragraphs are separated by a
// blank line; {{personal}} and {{prisoners}} stand alone on their line and expand to whole paragraphs.
export const PLACEHOLDERS = ['salutation', 'mepName', 'senderName', 'senderPlace', 'personal', 'prisoners'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What every body template must contain, so that a letter names the MEP, the prisoners and the sender. */
export const REQUIRED_IN_BODY: readonly Placeholder[] = ['salutation', 'mepName', 'personal', 'prisoners', 'senderName'];
/** What a subject may contain (one line, nothing the sender wrote). */
export const ALLOWED_IN_SUBJECT: readonly Placeholder[] = ['mepName', 'senderPlace'];
/** What a salutation may contain. */
export const ALLOWED_IN_SALUTATION = ['fullName', 'familyName', 'givenName'] as const;

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export const placeholdersIn = (template: string): string[] => [...template.matchAll(TOKEN)].map((m) => m[1]!);

/** Problems with a template, as short English phrases for organisers (empty: fine). */
export function templateProblems(kind: 'body' | 'subject' | 'salutation', template: string): string[] {
  const used = placeholdersIn(template);
  const allowed: readonly string[] = kind === 'body' ? PLACEHOLDERS : kind === 'subject' ? ALLOWED_IN_SUBJECT : ALLOWED_IN_SALUTATION;
  const problems = [...new Set(used.filter((p) => !allowed.includes(p)))].map((p) => `unknown placeholder {{${p}}}`);
  if (kind === 'body') {
    for (const p of REQUIRED_IN_BODY) if (!used.includes(p)) problems.push(`{{${p}}} is missing`);
    for (const p of ['personal', 'prisoners']) {
      if (used.filter((u) => u === p).length > 1) problems.push(`{{${p}}} appears more than once`);
      if (used.includes(p) && !new RegExp(`(^|\\n)[ \\t]*\\{\\{\\s*${p}\\s*\\}\\}[ \\t]*(\\n|$)`).test(template)) problems.push(`{{${p}}} must stand alone on its line`);
    }
  }
  if (kind !== 'body' && /[\r\n]/.test(template)) problems.push('must be one line');
  return problems;
}

/** Replaces {{name}} by values[name] (unknown names are left as they are: templates are checked on save). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(TOKEN, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/**
 * The body: `blocks` replace the lines that hold only {{personal}} or {{prisoners}} (an empty block
 * removes its line and the blank line after it); the inline values fill the rest. Paragraphs come back
 * separated by exactly one blank line.
 */
export function fillBody(template: string, inline: Readonly<Record<string, string>>, blocks: Readonly<Record<'personal' | 'prisoners', string>>): string {
  const lines = template.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const block = /^\s*\{\{\s*(personal|prisoners)\s*\}\}\s*$/.exec(line)?.[1] as 'personal' | 'prisoners' | undefined;
    if (block) out.push(blocks[block]);
    else out.push(fill(line, inline));
  }
  return out.join('\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A text as paragraphs of lines, for HTML (each line escaped by the view, <br> between lines). */
export const paragraphsOf = (text: string): string[][] => text.split(/\n{2,}/).map((p) => p.split('\n'));
