// View models of the submit and status pages: the form with its values and translated errors.
import type { Translate } from '../i18n/i18n.ts';
import { ACCEPTED_GROUPS } from './file-types.ts';
import { DETAIL_MAX, MESSAGE_MAX, type FieldError, type FieldName } from './evidence.schema.ts';
import type { IntakeFailure } from './intake.ts';
import { LIMITS } from './intake.ts';
import type { ReportStatus } from './reports.repo.ts';

export interface ErrorView {
  readonly field: string;
  readonly message: string;
}

export interface SubmitFormView {
  readonly values: Record<FieldName, string>;
  readonly errors: readonly ErrorView[];
  readonly fieldErrors: Partial<Record<FieldName | 'files', string>>;
}

export const EMPTY_VALUES: Record<FieldName, string> = { message: '', who: '', when: '', where: '' };

export const FORM_LIMITS = { files: LIMITS.files, megabytes: LIMITS.fileBytes / (1024 * 1024), message: MESSAGE_MAX, detail: DETAIL_MAX };
/** The accepted groups' descriptions, in the order the page lists them. */
export const ACCEPTED_GROUP_KEYS: Record<keyof typeof ACCEPTED_GROUPS, string> = {
  documents: 'evidence.accepted.documents',
  images: 'evidence.accepted.images',
  audio: 'evidence.accepted.audio',
  video: 'evidence.accepted.video',
  archives: 'evidence.accepted.archives',
};
export const ACCEPTED_GROUP_NAMES = Object.values(ACCEPTED_GROUP_KEYS);

/** Each status's name and what it means for the source. */
export const STATUS_KEYS: Record<ReportStatus, { readonly label: string; readonly help: string }> = {
  new: { label: 'evidence.statuses.new', help: 'evidence.statusHelp.new' },
  in_review: { label: 'evidence.statuses.in_review', help: 'evidence.statusHelp.in_review' },
  used: { label: 'evidence.statuses.used', help: 'evidence.statusHelp.used' },
  rejected: { label: 'evidence.statuses.rejected', help: 'evidence.statusHelp.rejected' },
};

/** HTTP status of each intake failure. */
export const FAILURE_STATUS: Record<IntakeFailure, number> = {
  'too-large': 413,
  'too-many-files': 422,
  'refused-type': 422,
  'empty-file': 422,
  'field-too-long': 422,
  malformed: 400,
  'not-allowed': 403,
};

export function failureError(t: Translate, failure: IntakeFailure, fileName: string | undefined): FieldError & { message: string } {
  const name = fileName ?? '';
  const messages: Record<IntakeFailure, [FieldError['field'], string]> = {
    'too-large': ['files', name ? t('evidence.errors.fileTooLarge', { name, megabytes: FORM_LIMITS.megabytes }) : t('evidence.errors.tooLarge', { megabytes: FORM_LIMITS.megabytes, files: FORM_LIMITS.files })],
    'too-many-files': ['files', t('evidence.errors.tooManyFiles', { count: FORM_LIMITS.files })],
    'refused-type': ['files', t('evidence.errors.refusedType', { name })],
    'empty-file': ['files', t('evidence.errors.emptyFile', { name })],
    'field-too-long': ['message', t('evidence.errors.messageTooLong', { count: FORM_LIMITS.message })],
    malformed: ['message', t('evidence.errors.malformed')],
    'not-allowed': ['message', t('evidence.errors.sessionExpired')],
  };
  const [field, message] = messages[failure];
  return { field, key: failure, message };
}

export function fieldErrorMessage(t: Translate, error: FieldError): string {
  if (error.key === 'messageTooLong') return t('evidence.errors.messageTooLong', { count: FORM_LIMITS.message });
  if (error.key === 'detailTooLong') return t('evidence.errors.detailTooLong', { count: FORM_LIMITS.detail });
  return t('evidence.errors.messageOrFile');
}

export function presentSubmitForm(values: Record<FieldName, string>, errors: readonly ErrorView[]): SubmitFormView {
  const fieldErrors: SubmitFormView['fieldErrors'] = {};
  for (const e of errors) (fieldErrors as Record<string, string>)[e.field] ??= e.message;
  return { values, errors, fieldErrors };
}

/** The receipt's words, numbered, for the one page that shows them. */
export function presentReceipt(receipt: string): { words: string[]; line: string } {
  return { words: receipt.split(' '), line: receipt };
}
