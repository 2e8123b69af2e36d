// Use-case: sign a petition. Stores the signature (encrypted) and its confirmation email job in one
// transaction, shared with the signatures that arrive at the same moment (see signature-writer.ts).
// The answer is the same whether or not the address had signed before; that owner gets an email
// instead. Suspicious signatures are accepted and flagged, never refused.
import MailChecker from 'mailchecker';
import type { Lang } from '../i18n/languages.ts';
import { encrypt, hmac } from '../lib/crypto.ts';
import { countSignatureCreated } from '../lib/metrics.ts';
import type { TimingVerdict } from '../web/form-timing.ts';
import { hashIp } from '../web/ip-hash.ts';
import { canonicalEmail, emailDomain } from './email-canonical.ts';
import { domainHash } from './domain-hash.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { isOpen } from './petition.repo.ts';
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

export async function signPetition(deps: PetitionDeps, input: SignInput): Promise<SignResult> {
  const petition = await deps.catalog.bySlug(input.slug);
  if (!petition) return { kind: 'not-found' };
  if (!isOpen(petition, deps.clock.now())) return { kind: 'closed' };
  // Not yet translated: the signer agreed to the text the page showed them (see textOrFallback).
  const text = (await deps.catalog.textOrFallback(petition.id, input.lang))?.text;
  if (!text) return { kind: 'not-found' };

  const now = deps.clock.now();
  const canonical = canonicalEmail(input.form.email)!;
  const domain = emailDomain(canonical);
  const ipHash = hashIp(deps.secrets.ipKey, input.ip, now);
  const key = deps.secrets.encryptionKey;
  const flags: string[] = [];
  if (input.timing !== 'ok') flags.push(`timing_${input.timing}`);
  if (!MailChecker.isValid(input.form.email)) flags.push('disposable');

  await deps.signatureWriter.submit({
    petitionId: petition.id,
    emailHash: hmac(deps.secrets.lookupKey, canonical),
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
    domainHash: domainHash(deps.secrets.lookupKey, domain),
    flags,
    ipKey: ipHash ? ipHash.toString('base64url') : null,
    domainKey: LARGE_PROVIDERS.has(domain) ? null : domain,
  });
  countSignatureCreated(petition.slug);
  return { kind: 'accepted' };
}
