// The signing form: zod parses the fields and maps each problem to a translation key.
import { z } from 'zod';
import { isCountryCode } from '../i18n/countries.ts';
import { cleanLine } from '../lib/text.ts';
import { canonicalEmail } from './email-canonical.ts';

export const SIGN_ERRORS = {
  name: 'petitions.errors.name',
  nameTooLong: 'petitions.errors.nameTooLong',
  email: 'petitions.errors.email',
  country: 'petitions.errors.country',
  postcode: 'petitions.errors.postcode',
  consent: 'petitions.errors.consent',
} as const;

const text = (max: number) => z.string().max(max * 4).transform(cleanLine);
const checkbox = z.literal('on').optional().transform((v) => v === 'on');
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/u;

export const signFormSchema = z.object({
  name: text(100).pipe(z.string().min(1, SIGN_ERRORS.name).max(100, SIGN_ERRORS.nameTooLong)),
  email: text(254).pipe(
    z
      .string()
      .max(254, SIGN_ERRORS.email)
      .refine((v) => EMAIL.test(v) && canonicalEmail(v) !== undefined, SIGN_ERRORS.email),
  ),
  country: z.string().max(2, SIGN_ERRORS.country).transform((v) => v.toUpperCase()).refine(isCountryCode, SIGN_ERRORS.country),
  postcode: text(16)
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().max(16, SIGN_ERRORS.postcode).regex(/^[\p{L}\p{N} -]+$/u, SIGN_ERRORS.postcode).nullable()),
  public: checkbox,
  consent: z.literal('on', SIGN_ERRORS.consent),
  updates: checkbox,
});

export type SignForm = z.infer<typeof signFormSchema>;

/** The submitted values as typed, to put back into the form (strings only). */
export interface SignFormValues {
  name: string;
  email: string;
  country: string;
  postcode: string;
  public: boolean;
  consent: boolean;
  updates: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 400) : '');

export function formValues(body: Record<string, unknown>): SignFormValues {
  return { name: str(body.name), email: str(body.email), country: str(body.country), postcode: str(body.postcode), public: body.public === 'on', consent: body.consent === 'on', updates: body.updates === 'on' };
}

export interface FieldError {
  readonly field: keyof SignFormValues;
  readonly key: string;
}

const FIELD_ORDER: (keyof SignFormValues)[] = ['name', 'email', 'country', 'postcode', 'consent'];

export function parseSignForm(body: Record<string, unknown>): { ok: true; value: SignForm } | { ok: false; errors: FieldError[] } {
  const parsed = signFormSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const byField = new Map<keyof SignFormValues, string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof SignFormValues;
    const key = Object.values(SIGN_ERRORS).includes(issue.message as never) ? issue.message : fallbackKey(field);
    if (!byField.has(field)) byField.set(field, key);
  }
  return { ok: false, errors: FIELD_ORDER.filter((f) => byField.has(f)).map((field) => ({ field, key: byField.get(field)! })) };
}

function fallbackKey(field: keyof SignFormValues): string {
  switch (field) {
    case 'name': return SIGN_ERRORS.name;
    case 'email': return SIGN_ERRORS.email;
    case 'country': return SIGN_ERRORS.country;
    case 'postcode': return SIGN_ERRORS.postcode;
    default: return SIGN_ERRORS.consent;
  }
}
