// A user's sessions, for the account pages and for ending them (logout, password or TOTP change, an
// admin's revocation, a disabled account). A session is shown by a handle (a hash of its id), never its id.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/knex.ts';
import { SESSIONS_TABLE } from './session-store.ts';

export interface SessionSummary {
  readonly handle: string;
  readonly createdAt: Date | null;
  readonly lastSeenAt: Date | null;
  readonly current: boolean;
}

export const sessionHandle = (sid: string): string => createHash('sha256').update(sid).digest('hex').slice(0, 24);

const userIs = (userId: number) => (q: Queryable) => q(SESSIONS_TABLE).whereRaw("sess->>'userId' = ?", [String(userId)]);

export async function listUserSessions(db: Queryable, userId: number, currentSid?: string): Promise<SessionSummary[]> {
  const rows = (await userIs(userId)(db).select('sid', 'sess')) as { sid: string; sess: { createdAt?: number; lastSeenAt?: number } }[];
  return rows
    .map((row) => ({
      handle: sessionHandle(row.sid),
      createdAt: typeof row.sess.createdAt === 'number' ? new Date(row.sess.createdAt) : null,
      lastSeenAt: typeof row.sess.lastSeenAt === 'number' ? new Date(row.sess.lastSeenAt) : null,
      current: row.sid === currentSid,
    }))
    .sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0));
}

/** Ends every session of a user but `exceptSid`; returns how many. */
export async function endUserSessions(db: Queryable, userId: number, exceptSid?: string): Promise<number> {
  const query = userIs(userId)(db);
  if (exceptSid) query.whereNot({ sid: exceptSid });
  return query.delete();
}

/** Ends one session of a user, found by its handle; false when there is none. */
export async function endUserSession(db: Queryable, userId: number, handle: string): Promise<boolean> {
  const rows = (await userIs(userId)(db).select('sid')) as { sid: string }[];
  const match = rows.find((row) => sessionHandle(row.sid) === handle);
  if (!match) return false;
  return (await db(SESSIONS_TABLE).where({ sid: match.sid }).delete()) > 0;
}
