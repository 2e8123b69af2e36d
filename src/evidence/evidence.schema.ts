// The text fields of a submission or an addition: NFC, control characters removed (line breaks and tabs
// kept), lengths checked. A message or at least one file is required.
import { z } from 'zod';

export const MESSAGE_MAX = 10_000;
export const DETAIL_MAX = 1_000;
export const FIELD_NAMES = ['message', 'who', 'when', 'where'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

const clean = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
const text = (max: number, key: string) => z.string().default('').transform(clean).pipe(z.string().max(max, key));

const schema = z.object({
  message: text(MESSAGE_MAX, 'messageTooLong'),
  who: text(DETAIL_MAX, 'detailTooLong'),
  when: text(DETAIL_MAX, 'detailTooLong'),
  where: text(DETAIL_MAX, 'detailTooLong'),
});

export type SubmissionFields = z.infer<typeof schema>;
export interface FieldError {
  readonly field: FieldName | 'files';
  /** Key under evidence.errors. */
  readonly key: string;
}

export type ParsedFields = { ok: true; value: SubmissionFields } | { ok: false; errors: FieldError[] };

export function parseFields(raw: ReadonlyMap<string, string>, fileCount: number): ParsedFields {
  const parsed = schema.safeParse(Object.fromEntries(raw));
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ field: (issue.path[0] as FieldName | undefined) ?? 'message', key: issue.message })) };
  }
  if (parsed.data.message === '' && fileCount === 0) return { ok: false, errors: [{ field: 'message', key: 'messageOrFile' }] };
  return { ok: true, value: parsed.data };
}

/** The values to show again in a form (raw, cut to their limits). */
export function keptValues(raw: ReadonlyMap<string, string>): Record<FieldName, string> {
  const value = (name: FieldName, max: number) => (raw.get(name) ?? '').slice(0, max);
  return { message: value('message', MESSAGE_MAX), who: value('who', DETAIL_MAX), when: value('when', DETAIL_MAX), where: value('where', DETAIL_MAX) };
}
