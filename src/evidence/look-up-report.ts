// Use-case: a source enters their receipt. A wrong receipt shows nothing and spends one point of a global
// budget; while that budget is used up, every lookup is refused until the window ends. The right one
// opens the source's key (argon2id) and decrypts the organisers' replies for this page only.
import type { ReportStatus } from './reports.repo.ts';
import { partsOf, reportByReceiptHash } from './reports.repo.ts';
import { countWrongReceipt, receiptLookupsThrottled } from './caps.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { canonicalReceipt, receiptHash } from './receipt.ts';
import { decryptReply } from './read-part.ts';
import { openSourceKey } from './source-key.ts';
import { sealSourceSession } from './source-session.ts';

export interface SentByDay {
  readonly day: string;
  readonly messages: number;
  readonly files: number;
}

export interface SourceView {
  readonly status: ReportStatus;
  readonly receivedOn: string;
  readonly sent: readonly SentByDay[];
  readonly replies: readonly { readonly day: string; readonly text: string }[];
  /** For the "add more" form (source-session.ts). */
  readonly session: string;
}

export type LookUpResult = { kind: 'found'; report: SourceView } | { kind: 'not-found' } | { kind: 'throttled' };

export async function lookUpReport(deps: EvidenceDeps, typed: string): Promise<LookUpResult> {
  const now = deps.clock.now();
  if (await receiptLookupsThrottled(deps, now)) return { kind: 'throttled' };
  const receipt = canonicalReceipt(typed);
  const report = receipt ? await reportByReceiptHash(deps.db, receiptHash(deps.secrets.receiptKey, receipt)) : undefined;
  if (!receipt || !report) {
    await countWrongReceipt(deps, now);
    return { kind: 'not-found' };
  }
  const parts = await partsOf(deps.db, report.id);
  const key = await openSourceKey(receipt, report.source_key_enc, report.source_key_salt);
  const replies = [];
  for (const part of parts.filter((p) => p.kind === 'reply')) replies.push({ day: part.received_on, text: await decryptReply(deps.store, part.stored_name, key) });
  const sent = new Map<string, { messages: number; files: number }>();
  for (const part of parts.filter((p) => p.kind !== 'reply')) {
    const day = sent.get(part.received_on) ?? { messages: 0, files: 0 };
    if (part.kind === 'file') day.files += 1;
    else day.messages += 1;
    sent.set(part.received_on, day);
  }
  return {
    kind: 'found',
    report: {
      status: report.status,
      receivedOn: report.received_on,
      sent: [...sent].map(([day, counts]) => ({ day, ...counts })),
      replies,
      session: sealSourceSession(deps.secrets.sourceSessionKey, report.id, now),
    },
  };
}
