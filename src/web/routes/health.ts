// GET /health: UP or DOWN for the whole service and for each part it depends on.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { paths } from '../paths.js';

export function healthRoutes(services: Services): Router {
  const router = Router();
  router.get(paths.health, async (_req, res) => {
    const report = await services.health();
    res
      .status(report.status === 'UP' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}
