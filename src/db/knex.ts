// The knex instance for PostgreSQL. Counts come back as strings from pg: cast with ::int in SQL.
//
// Timeouts, so that a database that is down or unreachable costs a request seconds, never minutes (the
// error pipeline then answers 503, see db/unavailable.ts):
// - a connection is made within CONNECT_TIMEOUT_MS (a healthy server, even a managed one in another
//   zone, answers a TCP + SCRAM handshake in well under a second; a host that drops packets never does);
// - a request waits at most ACQUIRE_TIMEOUT_MS for a connection of the pool (knex's default is 60 s);
// - for the pools that serve requests (`statementTimeoutMs`), PostgreSQL cancels a statement that runs
//   longer (lock waits included), and a statement whose answer never arrives (the network between us is
//   gone) fails a second later on our side; that connection is then closed at once, so the ROLLBACK of
//   its transaction does not wait behind it. Migrations, the job thread and the CLI do not set it.
// TCP keepalive lets the kernel find connections whose peer vanished while they were idle.
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';

export type Db = Knex;
export type Tx = Knex.Transaction;
/** Repositories take either the pool or a transaction. */
export type Queryable = Knex | Knex.Transaction;

export const CONNECT_TIMEOUT_MS = 3000;
export const ACQUIRE_TIMEOUT_MS = 5000;
/** For the pools that answer requests: nothing they run legitimately takes a tenth of this. */
export const REQUEST_STATEMENT_TIMEOUT_MS = 4000;

interface DbOptions {
  poolMax?: number;
  searchPath?: string;
  /** Server-side statement_timeout (and a client-side read timeout a second longer); none if unset. */
  statementTimeoutMs?: number;
}

type PooledClient = pg.Client & { __knexUid?: string; connection?: { stream?: { destroy(): void } } };

export function createDb(url: string, options: DbOptions = {}): Db {
  const timeout = options.statementTimeoutMs;
  const clients = new Map<string, PooledClient>();
  const db = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: 'dauys',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(timeout ? { statement_timeout: timeout, query_timeout: timeout + 1000 } : {}),
    },
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      ...(timeout
        ? {
            afterCreate(client: PooledClient, done: (error: Error | null, client: PooledClient) => void) {
              const uid = client.__knexUid;
              if (uid) {
                clients.set(uid, client);
                client.once('end', () => clients.delete(uid));
              }
              done(null, client);
            },
          }
        : {}),
    },
    ...(options.searchPath ? { searchPath: [options.searchPath] } : {}),
    // knex prints a warning with a stack for every connection that fails or is lost: during an outage,
    // dozens a second. The error pipeline logs the outage instead (once every few seconds).
    log: { warn: (message: string) => (/^(Acquire connection error|Connection Error): /.test(message) ? undefined : console.warn(message)) },
  });
  // pg leaves a connection whose read timed out waiting for that answer; close it (knex then discards it).
  if (timeout) {
    db.on('query-error', (error: Error, query: { __knexUid?: string }) => {
      if (!/ - Query read timeout$|^Query read timeout$/.test(error.message) || !query.__knexUid) return;
      clients.get(query.__knexUid)?.connection?.stream?.destroy();
    });
  }
  return db;
}
