// The values every view can rely on, set once per request by the language middleware.
import type { Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';

export interface LanguageLink {
  readonly lang: Lang;
  readonly name: string;
  /** The page in that language (hreflang). */
  readonly href: string;
  /** The switcher's link: remembers the choice in the `lang` cookie, then shows the page. */
  readonly switchHref: string;
  readonly current: boolean;
}

declare global {
  namespace Express {
    interface Locals {
      lang: Lang;
      t: Translate;
      /** Path of this page without the /{lang} prefix, used by the switcher and hreflang. */
      pagePath: string;
      formatNumber: (value: number) => string;
      formatDate: (value: Date | string) => string;
      /** The session-bound form token, on pages behind a login only (public forms need none: web/cross-origin.ts). */
      csrfToken?: () => string;
      errorId?: string;
    }
  }
}
