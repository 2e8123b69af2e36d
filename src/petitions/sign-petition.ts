// Use-case: sign a petition. Stores the signature (encrypted) and its confirmation email job in one
// transaction. The answer is the same whether or not the address had signed before; that owner gets
// an email instead. Suspicious signatures are accepted and flagged, never refused.
import MailChecker from 'mailchecker';
import type { Tx } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { encrypt, hmac } from '../lib/crypto.ts';
import type { TimingVerdict } from '../web/form-timing.ts';
import { hashIp } from '../web/ip-hash.ts';
import { canonicalEmail, emailDomain } from './email-canonical.ts';
import { EMAIL_ALREADY_SIGNED, EMAIL_CONFIRMATION } from './email-jobs.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { isOpen } from './petition.repo.ts';
import { findSignatureByEmailHash, insertSignature } from './signature.repo.ts';
import type { SignForm } from './signature.schema.ts';

export interface SignInput {
  readonly slug: string;
  readonly lang: Lang;
  readonly form: SignForm;
  readonly ip: string | undefined;
  readonly timing: TimingVerdict;
}

export type SignResult = { kind: 'accepted' } | { kind: 'not-found' } | { kind: 'closed' };

/** Shared by many honest people; never rate-limited as a domain. */
const LARGE_PROVIDERS = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'proton.me', 'protonmail.com', 'pm.me', 'tuta.com', 'tutanota.com', 'mail.ru', 'yandex.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'gmx.de', 'web.de']);

async function flagsFor(deps: PetitionDeps, trx: Tx, input: SignInput, domain: string, ipHash: Buffer | null, now: Date): Promise<string[]> {
  const flags: string[] = [];
  if (input.timing !== 'ok') flags.push(`timing_${input.timing}`);
  if (!MailChecker.isValid(input.form.email)) flags.push('disposable');
  if (ipHash && !(await deps.limits.perIp.take(trx, ipHash.toString('base64url'), now))) flags.push('rate_ip');
  if (!LARGE_PROVIDERS.has(domain) && !(await deps.limits.perDomain.take(trx, domain, now))) flags.push('rate_domain');
  return flags;
}

export async function signPetition(deps: PetitionDeps, input: SignInput): Promise<SignResult> {
  const petition = await deps.catalog.bySlug(input.slug);
  if (!petition) return { kind: 'not-found' };
  if (!isOpen(petition, deps.clock.now())) return { kind: 'closed' };
  const text = await deps.catalog.text(petition.id, input.lang);
  if (!text) return { kind: 'not-found' };

  const now = deps.clock.now();
  const canonical = canonicalEmail(input.form.email)!;
  const emailHash = hmac(deps.secrets.lookupKey, canonical);
  const ipHash = hashIp(deps.secrets.ipKey, input.ip, now);
  const key = deps.secrets.encryptionKey;

  await deps.db.transaction(async (trx) => {
    const flags = await flagsFor(deps, trx, input, emailDomain(canonical), ipHash, now);
    const id = await insertSignature(trx, {
      petitionId: petition.id,
      emailHash,
      emailEnc: encrypt(key, input.form.email),
      nameEnc: encrypt(key, input.form.name),
      postcodeEnc: input.form.postcode ? encrypt(key, input.form.postcode) : null,
      country: input.form.country,
      public: input.form.public,
      updates: input.form.updates,
      lang: input.lang,
      consentVersion: text.consentVersion,
      consentedAt: now,
      ipHash,
      flags,
    });
    if (id) return deps.jobs.send(EMAIL_CONFIRMATION, { signatureId: id }, trx);
    const existing = await findSignatureByEmailHash(trx, petition.id, emailHash);
    if (!existing || !(await deps.limits.mailsPerAddress.take(trx, emailHash.toString('base64url'), now))) return;
    await deps.jobs.send(existing.state === 'pending' ? EMAIL_CONFIRMATION : EMAIL_ALREADY_SIGNED, { signatureId: existing.id }, trx);
  });
  return { kind: 'accepted' };
}
