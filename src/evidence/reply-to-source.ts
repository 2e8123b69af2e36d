// Use-case: an organiser replies to a source. The reply is encrypted to the source's own key (so the
// receipt can read it) and to every active organiser key (so it is in the bundle too); the server keeps
// only the ciphertext. `record` writes the audit entry in the same transaction.
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';
import type { Tx } from '../db/knex.ts';
import { dayOf, startOfDay } from './day.ts';
import { encryptTextToFile } from './encrypt-stream.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { activeRecipients, type RecipientKey } from './keyring.ts';
import { appendParts, lockReport, reportById } from './reports.repo.ts';

export const REPLY_MAX = 10_000;

export interface ReplyInput {
  readonly reportId: string;
  readonly text: string;
  readonly by: number;
  readonly record?: (trx: Tx) => Promise<void>;
}

export type ReplyResult = { kind: 'sent' } | { kind: 'not-found' } | { kind: 'invalid' };

export async function replyToSource(deps: EvidenceDeps, input: ReplyInput): Promise<ReplyResult> {
  const text = input.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (text === '' || text.length > REPLY_MAX) return { kind: 'invalid' };
  const report = await reportById(deps.db, input.reportId);
  if (!report) return { kind: 'not-found' };
  const now = deps.clock.now();
  const sourceKey = await (await loadOpenpgp()).readKey({ armoredKey: report.source_public_key });
  const recipients: RecipientKey[] = [{ fingerprint: sourceKey.getFingerprint(), key: sourceKey }, ...(await activeRecipients(deps.db, now))];
  const name = deps.store.newName();
  try {
    const size = await encryptTextToFile(`${text}\n`, recipients, { filename: 'reply.txt', day: startOfDay(now) }, deps.store.partialPath(name));
    const stored = await deps.db.transaction(async (trx) => {
      if (!(await lockReport(trx, input.reportId))) return false;
      await appendParts(trx, input.reportId, dayOf(now), [{ kind: 'reply', storedName: name, size, recipients: recipients.map((r) => r.fingerprint), repliedBy: input.by }]);
      await input.record?.(trx);
      return true;
    });
    if (!stored) {
      await deps.store.discard([name]);
      return { kind: 'not-found' };
    }
    await deps.store.commit([name], startOfDay(now));
    return { kind: 'sent' };
  } catch (error) {
    await deps.store.discard([name]);
    throw error;
  }
}
