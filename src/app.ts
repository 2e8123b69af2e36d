// createApp(deps): the Express app as a flat list of steps. No I/O happens here; see server.ts.
import express, { type Express } from 'express';
import type { AppDeps } from './container.ts';
import type { CapabilityWeb, HomeExtras } from './capability.ts';
import { CAPABILITIES } from './capabilities.ts';
import { LANGS } from './i18n/languages.ts';
import { languageLinks, languageLocals } from './i18n/language-locals.ts';
import { readCookies } from './web/cookies.ts';
import { privateByDefault } from './web/cache-control.ts';
import { createRouter, validateParams } from './web/params.ts';
import { urlHygiene } from './web/url-hygiene.ts';
import { compressResponses } from './web/compression.ts';
import { crossOriginProtection } from './web/cross-origin.ts';
import { errorPipeline, pageNotFound } from './web/error-pipeline.ts';
import { formBodies } from './web/form-body.ts';
import { healthCheck } from './web/health.ts';
import { languageSwitch } from './web/language-switch.ts';
import { metricsEnabled, metricsRoute } from './web/metrics-endpoint.ts';
import { requestMetrics } from './web/request-metrics.ts';
import { requestLog } from './web/request-log.ts';
import { crawlerFiles } from './web/robots.ts';
import { rootRedirect } from './web/root-redirect.ts';
import { securityHeaders } from './web/security-headers.ts';
import { precompressedStatic } from './web/static-compressed.ts';
import { staticFiles } from './web/static-files.ts';
import { useCompiledViews } from './web/compiled-views.ts';
import { VIEW_OPTIONS, VIEWS_DIR } from './web/views.ts';

export function createApp(deps: AppDeps): Express {
  const app = express();
  const webs: CapabilityWeb[] = [];
  const homeExtras: HomeExtras = async (lang) => Object.assign({}, ...(await Promise.all(webs.flatMap((w) => (w.homeExtras ? [w.homeExtras(lang)] : [])))));
  for (const capability of CAPABILITIES) if (capability.web) webs.push(capability.web(deps, { homeExtras }));
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  app.set('view options', VIEW_OPTIONS);
  if (deps.config.env !== 'development') {
    app.enable('view cache'); // development re-reads edited views
    useCompiledViews();
  }

  if (deps.logger.isLevelEnabled('info')) app.use(requestLog(deps.logger)); // the level is fixed at start-up
  if (metricsEnabled(deps.config)) app.use(requestMetrics); // rate and latency by route pattern, for /metrics
  app.locals.baseUrl = deps.config.baseUrl; // every view's absolute links (hreflang)
  app.locals.languageLinks = languageLinks;
  for (const web of webs) Object.assign(app.locals, web.viewLocals);
  app.use(securityHeaders({ hsts: deps.config.secureCookies }));
  app.use(urlHygiene); // bytes no page can mean never reach a handler (then web/params.ts per name)
  validateParams(app);
  app.use(privateByDefault); // routes that are the same for everyone say so (web/cache-control.ts)
  app.use(compressResponses()); // gzip/brotli, except where a secret sits beside reflected input (web/compression.ts)
  app.get('/healthz', healthCheck(deps.db));
  app.use(metricsRoute(deps)); // /metrics behind METRICS_TOKEN on this port, unless METRICS_PORT is set
  app.use(precompressedStatic({ watch: deps.config.env === 'development' })); // CSS, JS, SVG compressed once, from memory
  app.use(staticFiles());
  app.use(crawlerFiles({ baseUrl: deps.config.baseUrl, securityContact: deps.config.securityContact, sitemapPaths: async () => (await Promise.all(webs.map((w) => w.sitemap?.() ?? []))).flat() })); // robots.txt, sitemap.xml, security.txt
  for (const web of webs) if (web.raw) app.use(web.raw);
  for (const web of webs) if (web.api) app.use('/api/v1', web.api);
  app.use(readCookies);
  app.use(crossOriginProtection({ trustedOrigins: [deps.config.baseUrl] }));
  // Pages live under /en, /ru, /kk and /pl: the mount lists them, so any other first segment never enters.
  const langPaths = LANGS.map((lang) => `/${lang}`);
  const uploads = createRouter();
  uploads.use(languageLocals(deps.i18n));
  for (const web of webs) web.uploads?.(uploads);
  if (webs.some((w) => w.uploads)) app.use(langPaths, uploads);
  app.use(formBodies());

  app.get('/', rootRedirect);
  app.get('/language/:lang', languageSwitch({ secureCookies: deps.config.secureCookies }));
  const publicPages = createRouter();
  publicPages.use(languageLocals(deps.i18n));
  for (const web of webs) web.pages?.(publicPages); // petitions first: the pages a viral spike hits
  app.use(langPaths, publicPages);

  for (const web of webs) if (web.adminGate) app.use('/admin', web.adminGate);
  for (const web of webs) if (web.admin) app.use('/admin', web.admin);
  for (const web of webs) if (web.top) app.use(web.top);

  app.use(pageNotFound);
  app.use(errorPipeline(deps));
  return app;
}
