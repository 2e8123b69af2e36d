// The organisers' sessions: express-session on PostgreSQL, mounted under /admin only (public pages never
// see it and never get a cookie). The cookie is __Host-dauys.admin with Secure when BASE_URL is https
// (dauys.admin in development and tests), HttpOnly, SameSite=Lax, and no Max-Age (it ends with the
// browser). Lax, not Strict: with Strict, a link to /admin from an email or a chat would arrive without
// the cookie, the login page would start a new session and its cookie would replace the signed-in one.
// Lax sends the cookie on such top-level GETs only, and no GET changes anything here; every POST also
// needs the session's form token and passes the cross-origin check.
//
// Timeouts, by deps.clock: 30 minutes idle, 12 hours after login whatever the activity. The store's own
// expiry (30 minutes after the last request, by the real clock) removes abandoned rows.
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config.ts';
import type { Db } from '../db/knex.ts';
import type { Logger } from '../log.ts';
import { AdminSessionStore } from './session-store.ts';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600 * 1000;

export const sessionCookieName = (config: Pick<Config, 'secureCookies'>): string => (config.secureCookies ? '__Host-dauys.admin' : 'dauys.admin');

export function adminSessions(deps: { db: Db; config: Config; logger: Logger; secrets: { sessionSecret: string } }): RequestHandler {
  return session({
    name: sessionCookieName(deps.config),
    secret: deps.secrets.sessionSecret,
    store: new AdminSessionStore(deps.db, { ttlSeconds: IDLE_TIMEOUT_MS / 1000, logger: deps.logger }),
    resave: false,
    saveUninitialized: false,
    cookie: { path: '/', httpOnly: true, secure: deps.config.secureCookies, sameSite: 'lax' },
  });
}

export type Expiry = 'idle' | 'absolute';

/** Why a signed-in session has ended by time, or undefined while it is alive. */
export function sessionExpiry(data: { createdAt?: number; lastSeenAt?: number }, now: Date): Expiry | undefined {
  const at = now.getTime();
  if (data.createdAt === undefined || at - data.createdAt >= ABSOLUTE_TIMEOUT_MS) return 'absolute';
  if (data.lastSeenAt === undefined || at - data.lastSeenAt >= IDLE_TIMEOUT_MS) return 'idle';
  return undefined;
}

const callback = (resolve: () => void, reject: (e: unknown) => void) => (error: unknown) => (error ? reject(error) : resolve());

/** A new session id and an empty session (the old row is deleted). */
export const regenerateSession = (req: Request): Promise<void> => new Promise((resolve, reject) => req.session.regenerate(callback(resolve, reject)));

/** Deletes the session's row. */
export const destroySession = (req: Request): Promise<void> => new Promise((resolve, reject) => req.session.destroy(callback(resolve, reject)));
