// What the admin gate adds to res.locals for admin views and routes (web/locals.d.ts has the rest:
// lang, t, formatNumber, formatDate, csrfToken).
import type { AdminNavLink } from './nav.ts';
import type { AdminPrincipal } from './principal.ts';
import type { Lang } from '../i18n/languages.ts';

export interface AdminLanguageLink {
  readonly lang: Lang;
  readonly name: string;
  readonly href: string;
  readonly current: boolean;
}

declare global {
  namespace Express {
    interface Locals {
      /** The signed-in user (absent on the login page). */
      admin?: AdminPrincipal;
      /** The navigation entries this user may see. */
      adminNav?: AdminNavLink[];
      /** The admin language switcher's links. */
      adminLanguages?: AdminLanguageLink[];
      /** Date and time in the admin's language, in UTC. */
      formatDateTime?: (value: Date) => string;
      /** Why the previous session ended, for the login page's notice. */
      sessionEnded?: 'idle' | 'absolute';
    }
  }
}
