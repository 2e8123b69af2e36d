// What an organiser's session holds (express-session's SessionData, stored as jsonb in admin_sessions).
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user; absent before login. */
    userId?: number;
    /** When this session began (login, or the login page's first view): ms since the epoch, deps.clock. */
    createdAt?: number;
    /** The last request of the signed-in user: for the idle timeout. */
    lastSeenAt?: number;
    /** A TOTP secret being set up (encrypted, base64url) and when it was made. */
    pendingTotp?: { secret: string; at: number };
    /** Set by the store on the first write: later writes only update the row, never re-create it. */
    stored?: boolean;
  }
}
