// The suppression list applied to every capability's mail in one place: the job thread's mailer is
// wrapped (capabilities.ts, registerAllWorkers). A message to a suppressed address is not sent: it fails
// as a permanent MailError (every job already treats that as "do not retry"). A message the receiving
// server refuses for good (5xx to RCPT TO or DATA) is recorded and its address suppressed for later
// mail; a 4xx stays temporary (the job retries). Lookups of messages sent together share one query.
import { groupCommit } from '../lib/group-commit.ts';
import type { Queryable } from '../db/knex.ts';
import type { Logger } from '../log.ts';
import { MailError, type Mailer } from './mailer.ts';
import { recordRefusal, suppressedAmong } from './suppression.ts';

export interface SuppressionOptions {
  readonly db: Queryable;
  /** The address's keyed hash (the erasure key), or undefined when it has no canonical form. */
  readonly hashOf: (address: string) => Buffer | undefined;
  readonly now: () => Date;
  readonly logger: Logger;
}

const WRAPPED = Symbol('suppression');

export function withSuppression(inner: Mailer, options: SuppressionOptions): Mailer {
  if ((inner as { [WRAPPED]?: true })[WRAPPED]) return inner;
  const lookups = groupCommit<Buffer, boolean>(async (hashes) => {
    const suppressed = await suppressedAmong(options.db, hashes);
    return hashes.map((hash) => suppressed.has(hash.toString('hex')));
  }, { maxBatch: 200, maxConcurrent: 2 });

  const mailer: Mailer & { [WRAPPED]: true } = {
    [WRAPPED]: true,
    async send(mail) {
      const hash = options.hashOf(mail.to);
      if (hash && (await lookups.submit(hash))) throw new MailError('not sent: the address is suppressed', true, { suppressed: true });
      try {
        await inner.send(mail);
      } catch (error) {
        if (error instanceof MailError && error.details.recipientRefused && error.details.smtpCode !== undefined) {
          await recordRefusal(options.db, { messageId: mail.messageId, kind: mail.kind, smtpCode: error.details.smtpCode, emailHash: hash, at: options.now() }).catch((failure: unknown) =>
            options.logger.error({ err: failure }, 'could not record a permanent refusal'),
          );
        }
        throw error;
      }
    },
    close: () => inner.close(),
  };
  return mailer;
}
