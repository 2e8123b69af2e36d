// The shape of the MEP directory files (content/data/meps.json, ep-bodies.json, ep-body-names.json) and
// of any newer file given to `meps:import`. The checks are those the data notes list as validated.
import { z } from 'zod';

export const EU_COUNTRIES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'] as const;

/** The political groups, in the order the Parliament seats them from left to right. */
export const GROUPS = ['The Left', 'S&D', 'Greens/EFA', 'Renew', 'EPP', 'ECR', 'PfE', 'ESN', 'NI'] as const;
export type GroupCode = (typeof GROUPS)[number];

const date = z.iso.date();
const bodyCode = z.string().regex(/^[A-Z][A-Z-]{1,7}$/);

export const mepRecordSchema = z.object({
  id: z.number().int().positive(),
  fullName: z.string().min(1).max(200),
  givenName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  epName: z.string().min(1).max(200),
  country: z.enum(EU_COUNTRIES),
  group: z.enum(GROUPS),
  groupName: z.string().min(1),
  nationalParty: z.string().nullable(),
  email: z.string().regex(/^[^\s@]+@europarl\.europa\.eu$/).nullable(),
  committees: z.array(bodyCode).nullable(),
  delegations: z.array(bodyCode).nullable(),
  bodyRoles: z.record(bodyCode, z.enum(['chair', 'co-chair', 'vice-chair', 'member', 'substitute'])).nullable(),
  membershipsAsOf: date.nullable(),
  gender: z.enum(['female', 'male']).nullable(),
  active: z.boolean(),
  termStart: date.nullable(),
  termEnd: date.nullable(),
  note: z.string().nullable(),
  profileUrl: z.url({ protocol: /^https$/ }),
  /** Not in the 2026 file; a newer file may add each MEP's postal address (printed on PDF letters). */
  postalAddress: z.string().max(300).nullable().optional(),
});

export type MepRecord = z.infer<typeof mepRecordSchema>;

export const mepFileSchema = z
  .array(mepRecordSchema)
  .min(1)
  .superRefine((records, ctx) => {
    const ids = new Set<number>();
    const emails = new Set<string>();
    for (const [i, r] of records.entries()) {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id ${r.id}` });
      ids.add(r.id);
      if (!r.active) continue;
      if (!r.email) ctx.addIssue({ code: 'custom', path: [i, 'email'], message: `sitting MEP ${r.id} has no e-mail` });
      else if (emails.has(r.email)) ctx.addIssue({ code: 'custom', path: [i, 'email'], message: `e-mail of ${r.id} is used twice` });
      else emails.add(r.email);
    }
  });

export const bodyRecordSchema = z.object({
  code: bodyCode,
  kind: z.enum(['committee', 'delegation']),
  type: z.string().min(1),
  name: z.string().min(1),
  parent: bodyCode.nullable(),
  nameSource: z.string().nullable(),
  epOrgIds: z.array(z.string()),
  note: z.string().nullable(),
});

export type BodyRecord = z.infer<typeof bodyRecordSchema>;

export const bodiesFileSchema = z.record(bodyCode, bodyRecordSchema.loose());

const shortNames = z.object({ en: z.string().min(1), ru: z.string().min(1), kk: z.string().min(1), pl: z.string().min(1) });

export const bodyNamesFileSchema = z.object({
  names: z.record(bodyCode, z.object({ ru: z.string().min(1), kk: z.string().min(1), pl: z.string().min(1), short: shortNames })),
});

export type BodyNamesFile = z.infer<typeof bodyNamesFileSchema>;

/** Every body code the records use is defined, under the right kind. */
export function undefinedBodyCodes(records: readonly MepRecord[], bodies: ReadonlyMap<string, { kind: string }>): string[] {
  const missing = new Set<string>();
  for (const r of records) {
    for (const code of r.committees ?? []) if (bodies.get(code)?.kind !== 'committee') missing.add(code);
    for (const code of r.delegations ?? []) if (bodies.get(code)?.kind !== 'delegation') missing.add(code);
  }
  return [...missing].sort();
}
