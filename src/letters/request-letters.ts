// Use-case: a supporter asks Dauys to send their letters. The letters that may go through the platform
// are stored (encrypted) with the request and its confirmation email job, in one transaction; nothing
// is sent before the address is confirmed. The answer is the same whether or not the address wrote
// before: a letter to an MEP it already wrote to is not stored again, and the email says so; one not
// yet confirmed is replaced by the new one. Requests from one address are serialised by a lock.
import type { Lang } from '../i18n/languages.ts';
import { encrypt, hmac, sha256 } from '../lib/crypto.ts';
import { canonicalEmail } from '../petitions/index.ts';
import { takeAll } from '../web/rate-limits.ts';
import { hashIp } from '../web/ip-hash.ts';
import type { CampaignBundle } from './letter-catalog.ts';
import type { LetterDeps } from './letter-deps.ts';
import type { Eligibility } from './eligibility.ts';
import { dropFingerprints, storeFingerprints } from './fingerprint.repo.ts';
import { LETTERS_CONFIRMATION, type RequestJob } from './letter-jobs.ts';
import type { LetterForm } from './letter-form.schema.ts';
import { cancelPending, holdingLetters, insertLetters, insertRequest } from './letters.repo.ts';
import type { PreparedLetter } from './prepare-letters.ts';
import { minhash } from './similarity.ts';

export interface RequestInput {
  readonly bundle: CampaignBundle;
  readonly lang: Lang;
  readonly form: LetterForm;
  readonly letters: readonly PreparedLetter[];
  readonly consentText: string;
  readonly ip: string | undefined;
}

export type RequestResult =
  | { kind: 'accepted'; eligibility: Map<number, Eligibility> }
  | { kind: 'none-eligible'; eligibility: Map<number, Eligibility> }
  | { kind: 'closed' }
  | { kind: 'rate-limited' };

export async function requestLetters(deps: LetterDeps, input: RequestInput): Promise<RequestResult> {
  const { bundle, form } = input;
  if (bundle.campaign.status !== 'open') return { kind: 'closed' };
  const eligibility = await deps.eligibility(input.letters.map((l) => l.mep.id), form.personal);
  const accepted = input.letters.filter((l) => eligibility.get(l.mep.id) === 'ok');
  if (accepted.length === 0) return { kind: 'none-eligible', eligibility };
  const now = deps.clock.now();
  const emailHash = hmac(deps.secrets.lookupKey, canonicalEmail(form.email) ?? form.email.toLowerCase());
  const ipHash = hashIp(deps.secrets.ipKey, input.ip, now);
  const key = deps.secrets.encryptionKey;
  return deps.db.transaction(async (trx) => {
    const [ipAllowed, mailAllowed] = await takeAll(
      trx,
      [
        { limit: deps.limits.requestsPerIp, key: ipHash ? ipHash.toString('base64url') : 'no-ip' },
        { limit: deps.limits.mailsPerAddress, key: emailHash.toString('base64url') },
      ],
      now,
    );
    if (!ipAllowed) return { kind: 'rate-limited' } as const;
    if (!mailAllowed) return { kind: 'accepted', eligibility } as const; // the same answer; nothing stored or sent
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`letters:${bundle.campaign.id}:${emailHash.toString('base64')}`]);
    const holding = await holdingLetters(trx, bundle.campaign.id, emailHash, accepted.map((l) => l.mep.id));
    const pending = holding.filter((h) => h.state === 'pending').map((h) => h.id);
    await dropFingerprints(trx, pending);
    await cancelPending(trx, pending);
    const already = new Set(holding.filter((h) => h.state !== 'pending').map((h) => h.mepId));
    const fresh = accepted.filter((l) => !already.has(l.mep.id));
    const requestId = await insertRequest(trx, {
      campaignId: bundle.campaign.id,
      emailHash,
      emailEnc: encrypt(key, form.email),
      nameEnc: encrypt(key, form.name),
      country: form.country,
      lang: input.lang,
      followup: form.followup,
      consentVersion: sha256(`${input.lang}\n${input.consentText}`).toString('hex'),
      now,
    });
    if (already.size > 0) await trx('letter_requests').where({ id: requestId }).update({ already_meps: [...already] });
    const ids = await insertLetters(trx, requestId, bundle.campaign.id, emailHash, fresh.map((l) => ({ mepId: l.mep.id, lang: l.letter.lang, subjectEnc: encrypt(key, l.letter.subject), bodyEnc: encrypt(key, l.letter.body) })), now);
    const signature = minhash(form.personal);
    await storeFingerprints(trx, fresh.map((l) => ({ letterId: ids.get(l.mep.id)!, mepId: l.mep.id, signature })));
    await deps.jobs.send<RequestJob>(LETTERS_CONFIRMATION, { requestId }, trx);
    return { kind: 'accepted', eligibility } as const;
  });
}
