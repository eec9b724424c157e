// Every page of the link worker's tools, mounted together in createApp.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { calendarRoutes } from './calendar.js';
import { referralRequestRoutes } from './referral-requests.js';
import { referralRoutes } from './referrals.js';
import { reportRoutes } from './reports.js';
import { savedListRoutes } from './saved-lists.js';
import { shortlistRoutes } from './shortlist.js';

export function linkWorkerRoutes(services: Services): Router {
  const router = Router();
  router.use(calendarRoutes(services));
  router.use(shortlistRoutes(services));
  router.use(referralRoutes(services));
  router.use(referralRequestRoutes(services));
  router.use(reportRoutes(services));
  router.use(savedListRoutes(services));
  return router;
}
