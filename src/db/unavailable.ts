// Tells a database outage (the server is down, restarting, unreachable, out of connections, or too slow
// to answer) from every other failure. The error pipeline answers such errors with 503 and Retry-After
// instead of 500, and the group commit fails a whole batch at once instead of retrying each item
// against a database that is not there.

/** SQLSTATE classes and codes that mean "the database cannot serve you now", not "your query is wrong". */
const UNAVAILABLE_CLASSES = ['08', '53']; // connection exception; insufficient resources (too many connections, disk full)
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (pg_ctl stop, failover)
  '57P02', // crash_shutdown: another server process crashed, every backend is reset
  '57P03', // cannot_connect_now: the database system is starting up, shutting down, or in recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: our statement_timeout (the database is overloaded or a lock is held too long)
  '55P03', // lock_not_available: lock_timeout
]);
// (A deadlock or serialization failure is not an outage: the group commit retries such a batch item by
// item, and one that reaches a visitor is a bug worth a 500 and a report.)

/** Socket errors on the way to the database (Node's error codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * What pg and knex say when a connection could not be made, was lost, or never answered (knex puts the
 * query's SQL and " - " in front of a failed query's message).
 */
const MESSAGES = /(^| - )(Connection terminated|Connection ended unexpectedly|timeout expired|Query read timeout|Client has encountered a connection error and is not queryable|Knex: Timeout acquiring a connection)/;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function isUnavailable(error: ErrorLike): boolean {
  if (error.name === 'KnexTimeoutError') return true; // pool acquire timeout
  const code = typeof error.code === 'string' ? error.code : '';
  if (/^[0-9A-Z]{5}$/.test(code) && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2)))) return true;
  if (NETWORK_CODES.has(code)) return true;
  return typeof error.message === 'string' && MESSAGES.test(error.message);
}

/** True when `error` (or what caused it, or one of an AggregateError's errors) is a database outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const e = error as ErrorLike;
  if (isUnavailable(e)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

let tolerating = false;

/**
 * pg-boss 10 leaves some of its own promises unawaited (it completes a finished job without awaiting
 * it: manager.js onFetch), so an outage at that instant is an unhandled rejection, which would end the
 * process, or the job thread (the app would then exit). Such a rejection is logged and the job is
 * retried after its expiry; any other unhandled rejection still ends the process as it would have.
 * Called once per thread that runs the job queue.
 */
export function tolerateDatabaseOutages(logger: { warn(details: object, message: string): void }): void {
  if (tolerating) return;
  tolerating = true;
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn({ reason: reason instanceof Error ? reason.message.split(' - ').pop() : String(reason) }, 'the database went away under a background call; carrying on');
  });
}
