// createApp(services): middleware in a visible order, routes, 404 and the one error handler. Never listens.
import express, { type Express } from 'express';
import { engine } from 'express-handlebars';
import path from 'node:path';
import { projectRoot } from './config.js';
import type { Services } from './services/index.js';
import { errorHandler, notFound } from './web/middleware/error-handler.js';
import { setUpRequestLogging } from './web/middleware/request-logging.js';
import { setUpWebSecurity } from './web/middleware/security.js';
import { paths } from './web/paths.js';
import { activityRoutes } from './web/routes/activity.js';
import { healthRoutes } from './web/routes/health.js';
import { searchRoutes } from './web/routes/search.js';
import { helpers } from './web/view-helpers.js';

export function createApp(services: Services): Express {
  const app = express();
  app.set('trust proxy', 1);
  app.set('query parser', 'extended');

  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      helpers,
      layoutsDir: path.join(projectRoot, 'views/layouts'),
      partialsDir: path.join(projectRoot, 'views/partials'),
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', path.join(projectRoot, 'views'));

  setUpRequestLogging(app);
  setUpWebSecurity(app);

  const staticOptions = { maxAge: '1d', fallthrough: true };
  app.use(paths.static, express.static(path.join(projectRoot, 'static'), staticOptions));
  app.use(paths.leaflet, express.static(path.join(projectRoot, 'node_modules/leaflet/dist'), staticOptions));
  app.use(
    paths.markerCluster,
    express.static(path.join(projectRoot, 'node_modules/leaflet.markercluster/dist'), staticOptions),
  );

  app.use(healthRoutes(services));
  app.use(async (_req, res, next) => {
    res.locals.paths = paths;
    res.locals.sampleData = await services.isSampleData().catch(() => false);
    next();
  });
  app.use(searchRoutes(services));
  app.use(activityRoutes(services));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
