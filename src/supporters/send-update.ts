// Job: one part of an update's ledger. Each pending row still eligible is sent (address decrypted now,
// so an erased or withdrawn signer gets nothing) with its unsubscribe link and RFC 8058 headers, and
// marked sent as SMTP accepts it (marks of messages accepted together share one statement, by group
// commit), so a restarted job sends only what is not marked: a kill -9 can repeat at most the few
// messages accepted in the instant before it, each with the same Message-ID. A permanent refusal
// (the shared mailer has then suppressed the address) or a suppressed address ends that row; a
// temporary failure retries the job.
import type { Job, Lease } from '../jobs/queue.ts';
import type { Lang } from '../i18n/languages.ts';
import { decrypt } from '../lib/crypto.ts';
import { groupCommit } from '../lib/group-commit.ts';
import { MailError } from '../mail/mailer.ts';
import { inLanes } from '../lib/in-lanes.ts';
import { markRecipients, pendingRecipients, storeTokenHashes, type Outcome } from './recipients.repo.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { renderUpdateEmail, type UpdateEmail } from './update-email.ts';
import type { UpdateSendJob } from './update-jobs.ts';
import { findUpdate, markSentIfDone } from './updates.repo.ts';
import { listUnsubscribeHeaders, tokenHash, unsubscribeToken, unsubscribeUrl } from './unsubscribe-token.ts';

/** Messages of one job handed to the mailer at a time (twice its pool of 5 SMTP connections). */
const SENDS_IN_FLIGHT = 10;

export interface UpdateSender {
  sendJob(job: Job<UpdateSendJob>, lease: Lease): Promise<Error | undefined>;
}

/** One per job thread: it owns the group commit of the ledger's marks. */
export function createUpdateSender(deps: SupporterDeps): UpdateSender {
  const marks = groupCommit<{ id: string; outcome: Outcome }, void>(async (items) => {
    await markRecipients(deps.db, items, deps.clock.now());
    return items.map(() => undefined);
  }, { maxBatch: 200, maxConcurrent: 1 });
  const host = new URL(deps.config.baseUrl).hostname;
  const key = deps.secrets.encryptionKey;

  // Loaded and rendered once per update (its texts no longer change once it is sending), not once per job.
  const rendered = new Map<number, Promise<Map<Lang, UpdateEmail> | undefined>>();
  function emailsOf(updateId: number): Promise<Map<Lang, UpdateEmail> | undefined> {
    let emails = rendered.get(updateId);
    if (!emails) {
      emails = (async () => {
        const update = await findUpdate(deps.db, updateId);
        if (!update || update.status === 'draft') return undefined;
        return new Map(await Promise.all(update.texts.map(async (text) => [text.lang, await renderUpdateEmail(deps.i18n, deps.config.baseUrl, text)] as const)));
      })();
      emails.then((found) => found ?? rendered.delete(updateId), () => rendered.delete(updateId));
      if (rendered.size >= 4) rendered.delete(rendered.keys().next().value!);
      rendered.set(updateId, emails);
    }
    return emails;
  }

  return {
    async sendJob(job, lease) {
      const { updateId, from, to } = job.data;
      const [rows, emails] = await Promise.all([pendingRecipients(deps.db, updateId, from, to), emailsOf(updateId)]);
      if (!emails) return undefined; // no such update (any more)
      if (rows.length === 0) {
        await markSentIfDone(deps.db, updateId, deps.clock.now()); // done before a crash, perhaps without the last step
        return undefined;
      }
      const due = rows.filter((r) => r.eligible && r.emailEnc && emails.has(r.lang)).map((row) => ({ row, token: unsubscribeToken(deps.secrets.lookupKey, row.id) }));
      const dueIds = new Set(due.map((d) => d.row.id));
      await markRecipients(deps.db, rows.filter((r) => !dueIds.has(r.id)).map((r) => ({ id: r.id, outcome: 'skipped' as const })), deps.clock.now());
      await storeTokenHashes(deps.db, due.map(({ row, token }) => ({ id: row.id, tokenHash: tokenHash(token) })));

      const errors = await inLanes(due, SENDS_IN_FLIGHT, async ({ row, token }) => {
        await deps.pace.turn(); // in a spike of requests, email waits its turn (see jobs/web-load.ts)
        lease.assertHeld(); // never send for a job that may already be running elsewhere
        const email = emails.get(row.lang)!.forToken(token);
        const url = unsubscribeUrl(deps.config.baseUrl, row.lang, token);
        const messageId = `<update-${updateId}.${row.id}@${host}>`;
        await deps.mailer.send({ to: decrypt(key, row.emailEnc!), messageId, lang: row.lang, kind: 'update', headers: listUnsubscribeHeaders(url), ...email });
        await marks.submit({ id: row.id, outcome: 'sent' });
      });

      let retry: Error | undefined;
      const ended: { id: string; outcome: Outcome }[] = [];
      errors.forEach((error, i) => {
        if (error === undefined) return;
        if (error instanceof MailError && error.permanent) ended.push({ id: due[i]!.row.id, outcome: error.details.suppressed ? 'skipped' : 'refused' });
        else retry ??= error instanceof Error ? error : new Error(String(error));
      });
      await markRecipients(deps.db, ended, deps.clock.now());
      if (!retry) await markSentIfDone(deps.db, updateId, deps.clock.now());
      return retry;
    },
  };
}
