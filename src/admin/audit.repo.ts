// Reading the audit log: newest first, a page at a time (keyset on id), filtered by action and actor.
import type { Queryable } from '../db/knex.ts';
import type { AuditValue } from './audit.ts';

export interface AuditRow {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: Record<string, AuditValue>;
  readonly reason: string | null;
}

export interface AuditQuery {
  readonly action?: string;
  readonly actor?: string;
  /** Entries older than this id. */
  readonly before?: number;
  readonly limit: number;
}

/** One page, and whether there are older entries. */
export async function readAuditPage(db: Queryable, query: AuditQuery): Promise<{ rows: AuditRow[]; more: boolean }> {
  const q = db('audit_log').orderBy('id', 'desc').limit(query.limit + 1).select('id', 'at', 'actor', 'action', 'subject', 'details', 'reason');
  if (query.action) q.where({ action: query.action });
  if (query.actor) q.where({ actor: query.actor });
  if (query.before !== undefined) q.where('id', '<', query.before);
  const rows = (await q) as (AuditRow & { id: string | number })[];
  return { rows: rows.slice(0, query.limit).map((row) => ({ ...row, id: Number(row.id) })), more: rows.length > query.limit };
}
