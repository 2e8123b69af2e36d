// The emailed links of the letter tool. GET only shows a page with a button (mail scanners follow
// links); POST acts. Never cached, never indexed.
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { NO_STORE } from '../web/cache-control.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { answerLetter, findAnswerPage, stopFollowup, type Answer } from './answer-letter.ts';
import { confirmLetters } from './confirm-letters.ts';
import type { LetterDeps } from './letter-deps.ts';
import { presentStatus } from './present-status.ts';
import { requestStatus } from './request-status.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const tokenOf = (req: Request): string | undefined => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : undefined);
const answerQuery = z.object({ reply: z.enum(['yes', 'no']).optional() });
const ANSWERS: Record<string, Answer> = { replied: 'replied', no_reply: 'no_reply' };

const invalid = (res: Response) => res.status(410).render('letters/link-invalid');

export function addLinkPages(router: Router, deps: LetterDeps): void {
  const private_: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  };
  router.use(['/letters/confirm/:token', '/letters/answer/:token', '/letters/no-followup/:token'], private_);

  router.get('/letters/confirm/:token', async (req, res) => {
    const token = tokenOf(req);
    const status = token ? await requestStatus(deps, token) : undefined;
    if (!status) return invalid(res);
    res.render('letters/confirm', { action: req.originalUrl.split('?')[0], status: presentStatus(res.locals.t, res.locals.lang, status) });
  });

  router.post('/letters/confirm/:token', async (req, res) => {
    const token = tokenOf(req);
    const result = token ? await confirmLetters(deps, token) : ({ kind: 'invalid' } as const);
    if (result.kind === 'invalid') return invalid(res);
    seeOther(res, `/${res.locals.lang}/letters/confirm/${token}`);
  });

  router.get('/letters/answer/:token', async (req, res) => {
    const { reply } = parseQuery(req, answerQuery);
    const token = tokenOf(req);
    const page = token ? await findAnswerPage(deps, token) : undefined;
    if (!page) return invalid(res);
    res.render('letters/answer', { action: req.originalUrl.split('?')[0], mepName: page.mepName, current: page.answer, suggested: reply === 'no' ? 'no_reply' : reply === 'yes' ? 'replied' : undefined, saved: false });
  });

  router.post('/letters/answer/:token', async (req, res) => {
    const token = tokenOf(req);
    const field = (req.body as Record<string, unknown> | undefined)?.answer;
    const answer = typeof field === 'string' ? ANSWERS[field] : undefined;
    if (!token) return invalid(res);
    if (!answer) {
      const page = await findAnswerPage(deps, token);
      if (!page) return invalid(res);
      return res.status(422).render('letters/answer', { action: req.originalUrl.split('?')[0], mepName: page.mepName, current: page.answer, suggested: undefined, saved: false, error: res.locals.t('letters.answer.choose') });
    }
    const saved = await answerLetter(deps, token, answer);
    if (!saved) return invalid(res);
    res.render('letters/answer', { action: req.originalUrl.split('?')[0], mepName: saved.mepName, current: saved.answer, suggested: undefined, saved: true });
  });

  router.get('/letters/no-followup/:token', (req, res) => {
    res.render('letters/no-followup', { action: req.originalUrl.split('?')[0], done: false });
  });

  router.post('/letters/no-followup/:token', async (req, res) => {
    const token = tokenOf(req);
    if (!token || !(await stopFollowup(deps, token))) return invalid(res);
    res.render('letters/no-followup', { action: req.originalUrl.split('?')[0], done: true });
  });
}
