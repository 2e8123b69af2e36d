// Use-case: the retention rules the privacy page promises, run hourly by the job queue.
//  - a signature not confirmed within 30 days is deleted (its tokens go with it);
//  - network-address hashes are cleared after 30 days;
//  - expired link tokens are deleted;
//  - 24 months after a petition closed, its signatures' personal data are erased (totals stay).
import type { Clock } from '../container.ts';
import type { Db } from '../db/knex.ts';

const DAY_MS = 24 * 3600 * 1000;
export const UNCONFIRMED_DAYS = 30;
export const IP_HASH_DAYS = 30;
export const AFTER_CLOSE_MONTHS = 24;

export interface RetentionReport {
  readonly unconfirmedDeleted: number;
  readonly ipHashesCleared: number;
  readonly tokensDeleted: number;
  readonly erasedAfterClose: number;
}

export async function applyRetention(deps: { db: Db; clock: Clock }): Promise<RetentionReport> {
  const now = deps.clock.now();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const closedBefore = new Date(now);
  closedBefore.setUTCMonth(closedBefore.getUTCMonth() - AFTER_CLOSE_MONTHS);
  return deps.db.transaction(async (trx) => {
    const unconfirmedDeleted = await trx('signatures').where({ state: 'pending' }).andWhere('created_at', '<', daysAgo(UNCONFIRMED_DAYS)).delete();
    const ipHashesCleared = await trx('signatures').whereNotNull('ip_hash').andWhere('created_at', '<', daysAgo(IP_HASH_DAYS)).update({ ip_hash: null });
    const tokensDeleted = await trx('signature_tokens').where('expires_at', '<', now).delete();
    const erasedAfterClose = await trx('signatures')
      .whereIn('petition_id', trx('petitions').select('id').where({ status: 'closed' }).andWhere('closed_at', '<', closedBefore))
      .whereNotNull('email_enc')
      .update({ email_hash: null, email_enc: null, name_enc: null, postcode_enc: null, ip_hash: null, domain_hash: null, public: false });
    await trx('rate_limits').where('expire', '<', now.getTime()).delete();
    const report = { unconfirmedDeleted, ipHashesCleared, tokensDeleted, erasedAfterClose };
    if (unconfirmedDeleted + ipHashesCleared + erasedAfterClose > 0) await trx('audit_log').insert({ actor: 'system', action: 'retention.applied', subject: 'signatures', details: report, at: now });
    return report;
  });
}
