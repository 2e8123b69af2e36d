// The values every view can rely on, set once per request by the language middleware.
import type { Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';

export interface LanguageLink {
  readonly lang: Lang;
  readonly name: string;
  readonly href: string;
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
      csrfToken: () => string;
      errorId?: string;
    }
  }
}
