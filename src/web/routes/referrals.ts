// Link workers record "referred someone here"; organisers see monthly counts for their activities.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { requireRole, requireSignIn } from '../middleware/authorisation.js';
import { rateLimited } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';

export function referralRoutes(services: Services): Router {
  const router = Router();

  const counted = rateLimited(services, (req) => ({
    referralAccount: req.user!.id,
    referralAccountListing: `${req.user!.id}|${String(req.params.id)}`,
  }));

  router.post(paths.referralsPattern, requireRole('link_worker', 'steward'), counted, async (req, res) => {
    const id = String(req.params.id);
    const recorded = await services.referrals.record(id);
    if (!recorded)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    req.session.flash = 'Recorded: you referred someone to this activity. Thank you.';
    res.redirect(303, paths.activity(id));
  });

  router.get(paths.manageReferrals, requireSignIn, async (req, res) => {
    const activities = await services.referrals.forMember(req.user!.id);
    res.render('pages/manage/referrals', { title: 'Referrals to your activities', activities });
  });

  return router;
}
