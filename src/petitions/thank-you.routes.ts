// After confirming: thanks, the live count, and what to do next.
import type { Router } from 'express';
import { notFound } from '../web/app-error.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { loadPetitionPage } from './load-petition-page.ts';
import { presentProgress, shareLinks } from './present-petition.ts';

export function addThankYouPage(router: Router, deps: PetitionDeps): void {
  router.get('/petitions/:slug/thank-you', async (req, res) => {
    const data = await loadPetitionPage(deps, String(req.params.slug), res.locals.lang);
    if (!data) throw notFound();
    const url = `${deps.config.baseUrl}/${res.locals.lang}/petitions/${data.petition.slug}`;
    res.render('petitions/thank-you', {
      slug: data.petition.slug,
      title: data.text.title,
      progress: presentProgress(res.locals.t, res.locals.formatNumber, data.count, data.petition),
      url,
      shareLinks: shareLinks(res.locals.t, url, data.text.title),
    });
  });
}
