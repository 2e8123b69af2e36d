// The text part of a submission or an addition, as organisers read it after decrypting it with GnuPG:
// the source's words, and the name, type, size and SHA-256 of each file that follows it in the bundle.
// It is encrypted before anything is stored; the database never sees it.
import type { IntakeFile } from './intake.ts';
import type { SubmissionFields } from './evidence.schema.ts';

export interface TextPartInput {
  readonly reportId: string;
  readonly day: string;
  readonly lang: string;
  readonly kind: 'first' | 'addition';
  readonly fields: SubmissionFields;
  readonly files: readonly IntakeFile[];
}

const section = (title: string, body: string) => (body === '' ? [] : [`${title}:`, body, '']);

export function renderTextPart(input: TextPartInput): string {
  const lines = [
    input.kind === 'first' ? 'Dauys evidence: a new report' : 'Dauys evidence: the source added to a report',
    `Report: ${input.reportId}`,
    `Day received: ${input.day} (UTC; the time is not recorded)`,
    `Language of the form: ${input.lang}`,
    '',
    ...section('Who', input.fields.who),
    ...section('When', input.fields.when),
    ...section('Where', input.fields.where),
    ...section('Message', input.fields.message === '' ? '(no message)' : input.fields.message),
  ];
  if (input.files.length > 0) {
    lines.push(`Files: the ${input.files.length} part(s) right after this one in the bundle, in this order:`);
    input.files.forEach((f, i) => lines.push(`${i + 1}. ${f.originalName}`, `   type ${f.type.mime} (.${f.type.ext}, from its content), ${f.bytes} bytes`, `   SHA-256 ${f.sha256}`));
  } else {
    lines.push('Files: none');
  }
  return `${lines.join('\n')}\n`;
}
