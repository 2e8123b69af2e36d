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

/** A template's lines, read once: a block line, or literal text and {{names}} (with the text they stand for, kept when unknown). */
type Line = { block: 'personal' | 'prisoners' } | { parts: readonly (string | { name: string; whole: string })[] };

/** Templates seen, read into lines (a campaign has one body per language; the memory starts again past the limit). */
const compiled = new Map<string, readonly Line[]>();
const COMPILED_LIMIT = 64;

function linesOf(template: string): readonly Line[] {
  let lines = compiled.get(template);
  if (lines) return lines;
  lines = template
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line): Line => {
      const block = /^\s*\{\{\s*(personal|prisoners)\s*\}\}\s*$/.exec(line)?.[1] as 'personal' | 'prisoners' | undefined;
      if (block) return { block };
      const parts: (string | { name: string; whole: string })[] = [];
      let last = 0;
      for (const match of line.matchAll(TOKEN)) {
        if (match.index > last) parts.push(line.slice(last, match.index));
        parts.push({ name: match[1]!, whole: match[0] });
        last = match.index + match[0].length;
      }
      if (last < line.length) parts.push(line.slice(last));
      return { parts };
    });
  if (compiled.size >= COMPILED_LIMIT) compiled.clear();
  compiled.set(template, lines);
  return lines;
}

/**
 * The body: `blocks` replace the lines that hold only {{personal}} or {{prisoners}} (an empty block
 * removes its line and the blank line after it); the inline values fill the rest. Paragraphs come back
 * separated by exactly one blank line. The template is read into lines once (the drafts page fills the
 * same one for every MEP).
 */
export function fillBody(template: string, inline: Readonly<Record<string, string>>, blocks: Readonly<Record<'personal' | 'prisoners', string>>): string {
  let out = '';
  let first = true;
  for (const line of linesOf(template)) {
    if (!first) out += '\n';
    first = false;
    if ('block' in line) {
      out += blocks[line.block];
      continue;
    }
    for (const part of line.parts) out += typeof part === 'string' ? part : Object.hasOwn(inline, part.name) ? inline[part.name]! : part.whole;
  }
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A text as paragraphs of lines, for HTML (each line escaped by the view, <br> between lines). */
export const paragraphsOf = (text: string): string[][] => text.split(/\n{2,}/).map((p) => p.split('\n'));
