// Job handlers: the confirmation email and the "you have already signed" email, a batch of jobs at a
// time (one query to load them, one to store their link hashes). Each message is recorded as delivered
// as soon as SMTP accepts it (messages accepted together share one insert, by group commit), so a crash
// can repeat only the few messages in flight. Personal data are loaded and decrypted at send time, so an
// erased signature gets no mail. Links are minted here and only their hashes stored. A permanent SMTP
// refusal ends a job; a temporary one is retried.
import type { Job, Lease } from '../jobs/queue.ts';
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { countMailRefused } from '../lib/metrics.ts';
import { groupCommit } from '../lib/group-commit.ts';
import { inLanes } from '../lib/in-lanes.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { SignatureJob } from './email-jobs.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findSignaturesForEmail, insertTokens, recordDeliveries, type Delivery, type NewToken, type SignatureEmailRow } from './signature-email.repo.ts';

const DAY_MS = 24 * 3600 * 1000;
export const CONFIRM_LINK_DAYS = 7;
const WITHDRAW_LINK_DAYS = 3 * 365;

/**
 * Messages of one batch handed to the mailer at a time: twice its pool of SMTP connections (5), so
 * each connection always has its next message ready, while a batch told to stop (lease.assertHeld)
 * has at most these few already handed over.
 */
const SENDS_IN_FLIGHT = 10;

type Kind = 'confirmation' | 'already-signed';

interface SignatureEmailJob {
  readonly jobId: string;
  readonly signatureId: string;
}

interface Links {
  readonly withdraw: string;
  readonly confirm: string | undefined;
}

export interface SignatureEmailSender {
  /**
   * Sends the emails of a batch of jobs (each naming one or more signatures); returns, per job, the
   * error to retry it with, or undefined when done. A retried job sends only what was not yet delivered.
   */
  sendJobs(kind: Kind, jobs: readonly Job<SignatureJob>[], lease: Lease): Promise<(Error | undefined)[]>;
}

/** One per job thread: it owns the group commit of delivery records. */
export function createSignatureEmailSender(deps: PetitionDeps): SignatureEmailSender {
  const deliveries = groupCommit<Delivery, void>(async (items) => {
    await recordDeliveries(deps.db, items);
    return items.map(() => undefined);
  }, { maxBatch: 200, maxConcurrent: 1 });
  const record = (delivery: Delivery) => deliveries.submit(delivery);

  return {
    async sendJobs(kind, jobs, lease) {
      const emails = jobs.flatMap((job) => [...new Set(job.data.signatureIds)].map((signatureId) => ({ jobId: job.id, signatureId })));
      const outcomes = await sendSignatureEmails(deps, record, kind, emails, lease);
      const failed = new Map<string, Error>();
      outcomes.forEach((error, i) => {
        if (error && !failed.has(emails[i]!.jobId)) failed.set(emails[i]!.jobId, error);
      });
      return jobs.map((job) => failed.get(job.id));
    },
  };
}

/** Sends one email per (job, signature); returns, per email, the error to retry it with (undefined: done). */
async function sendSignatureEmails(deps: PetitionDeps, record: (d: Delivery) => Promise<void>, kind: Kind, jobs: readonly SignatureEmailJob[], lease: Lease): Promise<(Error | undefined)[]> {
  const host = new URL(deps.config.baseUrl).hostname;
  const wanted = jobs.map((job) => ({ messageId: `<signature-${job.signatureId}.${kind}.${job.jobId}@${host}>`, signatureId: job.signatureId }));
  const found = await findSignaturesForEmail(deps.db, wanted);
  const due = wanted.flatMap(({ messageId }) => {
    const signature = found.get(messageId);
    if (!signature?.emailEnc || !signature.nameEnc || !signature.title) return []; // withdrawn and erased
    if (signature.delivered || (kind === 'confirmation' && signature.state !== 'pending')) return [];
    const links: Links = { withdraw: randomToken(), confirm: kind === 'confirmation' ? randomToken() : undefined };
    return [{ signature, links }];
  });

  const now = deps.clock.now().getTime();
  await insertTokens(
    deps.db,
    due.flatMap(({ signature, links }): NewToken[] => [
      { signatureId: signature.id, hash: sha256(links.withdraw), purpose: 'withdraw', expiresAt: new Date(now + WITHDRAW_LINK_DAYS * DAY_MS) },
      ...(links.confirm ? [{ signatureId: signature.id, hash: sha256(links.confirm), purpose: 'confirm' as const, expiresAt: new Date(now + CONFIRM_LINK_DAYS * DAY_MS) }] : []),
    ]),
  );

  const errors = await inLanes(due, SENDS_IN_FLIGHT, async ({ signature, links }) => {
    await deps.pace.turn(); // in a spike of requests, email waits its turn (see jobs/web-load.ts)
    lease.assertHeld(); // never send for a job that may already be running elsewhere
    await sendOne(deps, kind, signature, links);
    await record({ messageId: signature.messageId, kind: `signature.${kind}` });
  });
  const failures = new Map<string, Error>();
  errors.forEach((error, i) => {
    if (error === undefined) return;
    const { messageId, id } = due[i]!.signature;
    if (error instanceof MailError && error.permanent) {
      deps.logger.warn({ signatureId: id, kind, reason: error.message }, 'email refused permanently; not retrying');
      countMailRefused(`signature.${kind}`);
      return;
    }
    failures.set(messageId, error instanceof Error ? error : new Error(String(error)));
  });
  return wanted.map(({ messageId }) => failures.get(messageId));
}

async function sendOne(deps: PetitionDeps, kind: Kind, signature: SignatureEmailRow, links: Links): Promise<void> {
  const base = `${deps.config.baseUrl}/${signature.lang}`;
  const key = deps.secrets.encryptionKey;
  const data = {
    name: decrypt(key, signature.nameEnc!),
    petitionTitle: signature.title,
    petitionUrl: `${base}/petitions/${signature.slug}`,
    withdrawUrl: `${base}/withdraw/${links.withdraw}`,
    confirmUrl: links.confirm && `${base}/confirm/${links.confirm}`,
    resendUrl: `${base}/petitions/${signature.slug}/resend`,
    days: CONFIRM_LINK_DAYS,
  };
  const email =
    kind === 'confirmation'
      ? await renderEmail(deps.i18n, 'signature-confirmation', 'emails.confirmation.subject', signature.lang, data)
      : await renderEmail(deps.i18n, 'signature-already-signed', 'emails.alreadySigned.subject', signature.lang, data);
  await deps.mailer.send({ to: decrypt(key, signature.emailEnc!), messageId: signature.messageId, lang: signature.lang, kind: `signature.${kind}`, ...email });
}
