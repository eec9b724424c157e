// createApp(services): middleware in a visible order, routes, 404 and the one error handler. Never listens.
import express, { type Express } from 'express';
import path from 'node:path';
import { apiRoutes, API_PATH } from './api/routes.js';
import { projectRoot } from './config.js';
import type { Logger } from './logger.js';
import type { Services } from './services/index.js';
import { setUpCsrf } from './web/middleware/csrf.js';
import { errorHandler, notFound } from './web/middleware/error-handler.js';
import { noStoreForTokenPaths, noStoreWhenSignedIn } from './web/middleware/no-store.js';
import { setUpRequestLogging } from './web/middleware/request-logging.js';
import { setUpWebSecurity } from './web/middleware/security.js';
import { setUpSessions } from './web/middleware/sessions.js';
import { designSystemStylesheet } from './web/design-system.js';
import { paths } from './web/paths.js';
import { activityRoutes } from './web/routes/activity.js';
import { embedRoutes } from './web/routes/embed.js';
import { groupRoutes } from './web/routes/groups.js';
import { healthRoutes } from './web/routes/health.js';
import { linkWorkerRoutes } from './web/routes/link-worker.js';
import { publicPageRoutes } from './web/routes/public-pages.js';
import { searchRoutes } from './web/routes/search.js';
import { whatsOnRoutes } from './web/routes/whats-on.js';
import { shortlistLocals } from './web/routes/shortlist.js';
import { createViewEngine, VIEWS_DIR } from './web/view-engine.js';

export interface AppOptions {
  /** Where request logs go (the one logger unless a test reads them). */
  logger?: Logger;
}

export function createApp(services: Services, options: AppOptions = {}): Express {
  const app = express();
  // X-Forwarded-For decides req.ip (and so sign-in limits) only from proxies the operator named.
  app.set('trust proxy', services.settings.trustProxy);
  app.set('query parser', 'extended');

  app.engine('hbs', createViewEngine().engine);
  app.set('view engine', 'hbs');
  // Compile each template once per process; without this Express recompiles every view and partial per request.
  app.enable('view cache');
  app.set('views', VIEWS_DIR);
  // Compiled (or read from its cache) before the first request, so a broken stylesheet stops the start.
  const stylesheet = designSystemStylesheet();
  // Every page, error pages included, can reach the paths and the stylesheet's version.
  app.locals.paths = paths;
  app.locals.assetVersion = stylesheet.version;

  setUpRequestLogging(app, options.logger);
  setUpWebSecurity(app, services.settings.embedAllowedOrigins);
  app.use(noStoreForTokenPaths);

  const staticOptions = { maxAge: '1d', fallthrough: true };
  app.use(paths.static, express.static(path.join(projectRoot, 'static'), staticOptions));
  app.use(paths.leaflet, express.static(path.join(projectRoot, 'node_modules/leaflet/dist'), staticOptions));
  app.use(
    paths.markerCluster,
    express.static(path.join(projectRoot, 'node_modules/leaflet.markercluster/dist'), staticOptions),
  );
  app.use(
    paths.govukFrontend,
    express.static(path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk'), staticOptions),
  );
  app.use(
    paths.mojFrontend,
    express.static(path.join(projectRoot, 'node_modules/@ministryofjustice/frontend/moj'), staticOptions),
  );
  app.get(paths.designSystemCss, (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=86400').send(stylesheet.css);
  });

  // Browsers ask for a favicon after every page; answer before sessions so the request can never read
  // (and so swallow) the one-time message meant for the next page.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  });
  app.use(healthRoutes(services));
  // Before the page middleware: the API answers in JSON, with its own 404 and error handler.
  app.use(API_PATH, apiRoutes(services));
  // Sessions and CSRF apply to HTML pages only (not /api, /health or assets), before any page route.
  setUpSessions(app, services);
  app.use(noStoreWhenSignedIn);
  setUpCsrf(app);
  app.use(async (_req, res, next) => {
    res.locals.sampleData = await services.isSampleData().catch(() => false);
    next();
  });
  app.use(shortlistLocals);
  app.use(searchRoutes(services));
  app.use(whatsOnRoutes(services));
  app.use(activityRoutes(services));
  app.use(groupRoutes(services));
  app.use(linkWorkerRoutes(services));
  app.use(publicPageRoutes(services));
  app.use(embedRoutes(services));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
