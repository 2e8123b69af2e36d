// connect-pg-simple on the app's own knex pool, over the admin_sessions table (made by a migration).
// One change to its writes: a session already stored is only ever UPDATEd. A row deleted by logout, a
// password change or an admin's revocation therefore stays deleted, even if a request of that session
// was still running and saves it at its end (connect-pg-simple's upsert would bring it back).
import session, { type SessionData } from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Pool } from 'pg';
import type { Db } from '../db/knex.ts';
import type { Logger } from '../log.ts';

export const SESSIONS_TABLE = 'admin_sessions';

const PGStore = connectPgSimple(session);

/** A pg-Pool-shaped query function on knex: "$n" parameters become knex's "?" bindings. */
function knexAsPool(db: Db): Pool {
  return {
    async query(text: string, params: unknown[] = []) {
      const bindings: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
        bindings.push(params[Number(n) - 1]);
        return '?';
      });
      const result = (await db.raw(sql, bindings as never[])) as { rows: unknown[] };
      return { rows: result.rows };
    },
  } as unknown as Pool;
}

export class AdminSessionStore extends PGStore {
  readonly #db: Db;
  readonly #ttlMs: number;

  constructor(db: Db, options: { ttlSeconds: number; logger: Logger }) {
    super({
      pool: knexAsPool(db),
      tableName: SESSIONS_TABLE,
      createTableIfMissing: false,
      ttl: options.ttlSeconds,
      pruneSessionInterval: 15 * 60,
      errorLog: (...args: unknown[]) => options.logger.warn({ detail: args.map(String).join(' ') }, 'admin session store'),
    });
    this.#db = db;
    this.#ttlMs = options.ttlSeconds * 1000;
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const expire = new Date(Date.now() + this.#ttlMs);
    const write = async () => {
      if (data.stored) {
        await this.#db(SESSIONS_TABLE).where({ sid }).update({ sess: JSON.stringify(data), expire });
        return;
      }
      data.stored = true;
      await this.#db(SESSIONS_TABLE).insert({ sid, sess: JSON.stringify(data), expire });
    };
    write().then(() => callback?.(), (error: unknown) => callback?.(error));
  }
}
