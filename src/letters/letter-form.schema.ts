// The letter form (POST /{lang}/letters/drafts, …/send, …/pdf): zod parses the fields and maps each
// problem to a translation key; the values as typed are kept for the 422 page.
import { z } from 'zod';
import { isCountryCode } from '../i18n/countries.ts';
import { isLang, type Lang } from '../i18n/languages.ts';
import { cleanLine } from '../lib/text.ts';

export const LETTER_ERRORS = {
  name: 'letters.errors.name',
  nameTooLong: 'letters.errors.nameTooLong',
  email: 'letters.errors.email',
  country: 'letters.errors.country',
  meps: 'letters.errors.meps',
  tooMany: 'letters.errors.tooMany',
  mepUnknown: 'letters.errors.mepUnknown',
  personalTooLong: 'letters.errors.personalTooLong',
  consent: 'letters.errors.consent',
} as const;

export const PERSONAL_MAX = 1500;
/** More MEP ids than any campaign allows are not read (the answer is a 422 all the same). */
const MEP_IDS_READ = 40;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Multi-line text from a form: NFC, CRLF → LF, no control or bidi-override characters, at most one blank line in a row. */
export function cleanParagraphs(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Letters are sent with this address as Reply-To: no characters that could make it several addresses.
const EMAIL = /^[^\s@,;:<>()[\]\\"]{1,64}@[^\s@,;:<>()[\]\\"]+\.[^\s@,;:<>()[\]\\"]{2,}$/u;
const line = (max: number) => z.string().max(max * 4).transform(cleanLine);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const letterFormSchema = z.object({
  name: line(100).pipe(z.string().min(1, LETTER_ERRORS.name).max(100, LETTER_ERRORS.nameTooLong)),
  email: line(254).pipe(z.string().max(254, LETTER_ERRORS.email).regex(EMAIL, LETTER_ERRORS.email)),
  country: z.string().max(2, LETTER_ERRORS.country).transform((v) => v.toUpperCase()).refine(isCountryCode, LETTER_ERRORS.country),
  mep: z.preprocess(list, z.array(z.string().regex(/^[1-9][0-9]{0,9}$/, LETTER_ERRORS.mepUnknown).transform(Number)).min(1, LETTER_ERRORS.meps).max(MEP_IDS_READ, LETTER_ERRORS.tooMany)),
  personal: z.string().max(PERSONAL_MAX * 4, LETTER_ERRORS.personalTooLong).optional().transform((v) => cleanParagraphs(v ?? '')).pipe(z.string().max(PERSONAL_MAX, LETTER_ERRORS.personalTooLong)),
  consent: z.literal('on', LETTER_ERRORS.consent),
  followup: z.literal('on').optional().transform((v) => v === 'on'),
});

export type LetterForm = z.infer<typeof letterFormSchema>;

export interface LetterFormValues {
  name: string;
  email: string;
  country: string;
  meps: number[];
  personal: string;
  consent: boolean;
  followup: boolean;
}

export interface FieldError {
  readonly field: 'name' | 'email' | 'country' | 'mep' | 'personal' | 'consent';
  readonly key: string;
  readonly values?: Record<string, unknown>;
}

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** The submitted values as typed (strings only, bounded), to put back into the form. */
export function formValues(body: Record<string, unknown>): LetterFormValues {
  const meps = list(body.mep).flatMap((v) => (typeof v === 'string' && /^[1-9][0-9]{0,9}$/.test(v) ? [Number(v)] : [])).slice(0, MEP_IDS_READ);
  return { name: str(body.name, 400), email: str(body.email, 400), country: str(body.country, 2), meps: [...new Set(meps)], personal: str(body.personal, PERSONAL_MAX * 2), consent: body.consent === 'on', followup: body.followup === 'on' };
}

const FIELD_ORDER: FieldError['field'][] = ['mep', 'name', 'email', 'country', 'personal', 'consent'];
const FALLBACK: Record<FieldError['field'], string> = { name: LETTER_ERRORS.name, email: LETTER_ERRORS.email, country: LETTER_ERRORS.country, mep: LETTER_ERRORS.meps, personal: LETTER_ERRORS.personalTooLong, consent: LETTER_ERRORS.consent };

export function parseLetterForm(body: Record<string, unknown>): { ok: true; value: LetterForm } | { ok: false; errors: FieldError[] } {
  const parsed = letterFormSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: { ...parsed.data, mep: [...new Set(parsed.data.mep)] } };
  const byField = new Map<FieldError['field'], string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FieldError['field'];
    if (!FIELD_ORDER.includes(field) || byField.has(field)) continue;
    byField.set(field, (Object.values(LETTER_ERRORS) as string[]).includes(issue.message) ? issue.message : FALLBACK[field]);
  }
  return { ok: false, errors: FIELD_ORDER.filter((f) => byField.has(f)).map((field) => ({ field, key: byField.get(field)! })) };
}

/** The languages the sender chose per letter ("mepId:lang" values), then a switch button's choice. */
export function letterLanguages(body: Record<string, unknown>): Map<number, Lang> {
  const chosen = new Map<number, Lang>();
  for (const value of [...list(body.letterLang), ...list(body.switch)].slice(0, 2 * MEP_IDS_READ)) {
    if (typeof value !== 'string') continue;
    const match = /^([1-9][0-9]{0,9}):([a-z]{2})$/.exec(value);
    if (match && isLang(match[2])) chosen.set(Number(match[1]), match[2]);
  }
  return chosen;
}

/** The list the form was shown with (to show it again on a 422). */
export function listFilter(body: Record<string, unknown>): { country?: string; body?: string } {
  const country = typeof body.listCountry === 'string' && /^[A-Z]{2}$/.test(body.listCountry) ? body.listCountry : undefined;
  const code = typeof body.listBody === 'string' && /^[A-Z][A-Z-]{1,7}$/.test(body.listBody) ? body.listBody : undefined;
  return { ...(country ? { country } : {}), ...(code ? { body: code } : {}) };
}
