// createApp(deps): the Express app as a flat list of steps. No I/O happens here; see server.ts.
import express, { type Express, Router } from 'express';
import type { AppDeps } from './container.ts';
import { homeRoutes } from './campaign/index.ts';
import { pageRoutes } from './pages/pages.routes.ts';
import { addPetitionRoutes, createPetitionDeps, petitionApi, petitionHomeExtras } from './petitions/index.ts';
import { isLang } from './i18n/languages.ts';
import { languageLinks, languageLocals } from './i18n/language-locals.ts';
import { readCookies } from './web/cookies.ts';
import { crossOriginProtection } from './web/cross-origin.ts';
import { errorPipeline, pageNotFound } from './web/error-pipeline.ts';
import { formBodies } from './web/form-body.ts';
import { healthCheck } from './web/health.ts';
import { languageSwitch } from './web/language-switch.ts';
import { requestLog } from './web/request-log.ts';
import { rootRedirect } from './web/root-redirect.ts';
import { securityHeaders } from './web/security-headers.ts';
import { staticFiles } from './web/static-files.ts';
import { VIEWS_DIR } from './web/views.ts';

export function createApp(deps: AppDeps): Express {
  const app = express();
  const petitions = createPetitionDeps(deps);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  if (deps.config.env !== 'development') app.enable('view cache'); // development re-reads edited views

  if (deps.logger.isLevelEnabled('info')) app.use(requestLog(deps.logger)); // the level is fixed at start-up
  app.locals.baseUrl = deps.config.baseUrl; // every view's absolute links (hreflang)
  app.locals.languageLinks = languageLinks;
  app.use(securityHeaders({ hsts: deps.config.secureCookies }));
  app.get('/healthz', healthCheck(deps.db));
  app.use(staticFiles());
  app.use('/api/v1', petitionApi(petitions));
  app.use(readCookies);
  app.use(formBodies());
  app.use(crossOriginProtection({ trustedOrigins: [deps.config.baseUrl] }));

  app.get('/', rootRedirect);
  app.get('/language/:lang', languageSwitch({ secureCookies: deps.config.secureCookies }));
  const publicPages = Router();
  publicPages.use(languageLocals(deps.i18n));
  addPetitionRoutes(publicPages, petitions); // first: the pages a viral spike hits
  publicPages.use(homeRoutes({ db: deps.db, homeExtras: petitionHomeExtras(petitions) }));
  publicPages.use(pageRoutes());
  app.use('/:lang', (req, res, next) => (isLang(req.params.lang) ? publicPages(req, res, next) : next()));

  app.use(pageNotFound);
  app.use(errorPipeline(deps));
  return app;
}
