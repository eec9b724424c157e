// Every page for community groups and stewards, mounted together in createApp.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { accountRoutes } from './account.js';
import { claimRoutes } from './claim.js';
import { listingFeedbackRoutes } from './listing-feedback.js';
import { manageActivityRoutes } from './manage-activity.js';
import { manageRoutes } from './manage.js';
import { stewardRoutes } from './steward.js';
import { stewardFeedRoutes } from './steward-feeds.js';
import { stewardDuplicateRoutes } from './steward-duplicates.js';

export function groupRoutes(services: Services): Router {
  const router = Router();
  router.use(accountRoutes(services));
  // The claim page sits under /manage, so it comes before the organisation routes.
  router.use(claimRoutes(services));
  router.use(manageRoutes(services));
  router.use(manageActivityRoutes(services));
  router.use(stewardRoutes(services));
  router.use(stewardFeedRoutes(services));
  router.use(stewardDuplicateRoutes(services));
  router.use(listingFeedbackRoutes(services));
  return router;
}
