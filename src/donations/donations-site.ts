// What the donate pages share with the rest of the site: the public progress bar (when organisers have
// switched it on) and the one change the form needs in the page's security policy.
import type { Response } from 'express';
import type { Lang } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import type { DonationDeps } from './donation-deps.ts';
import { goalProgress } from './goal-progress.ts';
import { findGoal } from './goals.repo.ts';
import { presentProgress, type ProgressView } from './present-donate.ts';
import { netByCurrency } from './totals.repo.ts';

export interface DonationsSite {
  /** The progress bar's view in a language, or undefined when it is switched off (kept for a second). */
  progress(lang: Lang): Promise<ProgressView | undefined>;
  /**
   * Lets a page's form lead to Stripe Checkout: the browser follows the POST's 303 to Checkout, and CSP
   * form-action applies to where a form submission is redirected, so that origin is added to 'self'.
   */
  allowCheckout(res: Response): void;
}

export function createDonationsSite(deps: DonationDeps): DonationsSite {
  const origins = deps.stripe.on ? deps.stripe.checkoutOrigins.join(' ') : '';
  const progress = ttlCache(1000, async (lang: Lang) => {
    const goal = await findGoal(deps.db, deps.campaign);
    if (!goal?.enabled) return undefined;
    return presentProgress(lang, translatorFor(deps.i18n, lang), goalProgress(goal, await netByCurrency(deps.db)));
  });
  return {
    progress: (lang) => progress.get(lang),
    allowCheckout(res) {
      const policy = res.getHeader('Content-Security-Policy');
      if (typeof policy !== 'string' || origins === '') return;
      res.setHeader('Content-Security-Policy', policy.replace(/form-action 'self'/, `form-action 'self' ${origins}`));
    },
  };
}
