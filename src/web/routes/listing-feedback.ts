// Public feedback on listings: "report a problem" (no account needed) and the signed "still accurate" link.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { field, formState } from '../form-state.js';
import { clientAddress, enforceLimits } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';

const LINK_PROBLEMS: Record<string, string> = {
  expired: 'This link has expired. Sign in to confirm the listing is still accurate, or to change it.',
  used: 'This link has already been used: thank you, the listing is marked as checked.',
  invalid: 'This link is not valid. Check you copied the whole link from the email, or sign in instead.',
};

export function listingFeedbackRoutes(services: Services): Router {
  const router = Router();

  const activityName = async (id: string) => {
    const activity = await services.activityDetails(id);
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    return activity.name;
  };

  router.get(paths.reportProblemPattern, async (req, res) => {
    const id = String(req.params.id);
    res.render('pages/report-problem', {
      title: 'Report a problem with this listing',
      activity: { id, name: await activityName(id) },
      form: formState({ problem: '', email: '' }),
    });
  });

  router.post(paths.reportProblemPattern, async (req, res) => {
    const id = String(req.params.id);
    const name = await activityName(id);
    await enforceLimits(services, { problemReportAddress: clientAddress(req), problemReportListing: id });
    const typed = { problem: field(req.body, 'problem'), email: field(req.body, 'email') };
    // Bots fill in every field, people cannot see this one; they get the same thanks and nothing is stored.
    if (field(req.body, 'website')) {
      res.render('pages/report-sent', { title: 'Thank you', activity: { id, name } });
      return;
    }
    const errors = await services.moderation.reportProblem(id, typed.problem, typed.email);
    if (errors === null) throw new NotFoundError();
    if (errors.length) {
      res.status(400).render('pages/report-problem', {
        title: 'Error: Report a problem with this listing',
        activity: { id, name },
        form: formState(typed, errors),
      });
      return;
    }
    res.render('pages/report-sent', { title: 'Thank you', activity: { id, name } });
  });

  router.get(paths.stillAccuratePattern, async (req, res) => {
    const token = String(req.params.token);
    const check = await services.freshness.checkLink(token);
    if (!check.ok) {
      res
        .status(400)
        .render('pages/still-accurate', { title: 'Check a listing', problem: LINK_PROBLEMS[check.reason] });
      return;
    }
    // Confirming takes a button press (a POST), so mail scanners that open links cannot confirm by accident.
    res.render('pages/still-accurate', {
      title: `Is ${check.name} still accurate?`,
      name: check.name,
      serviceId: check.serviceId,
      action: paths.stillAccurate(token),
    });
  });

  router.post(paths.stillAccuratePattern, async (req, res) => {
    const result = await services.freshness.confirmByLink(String(req.params.token));
    if (!result.ok) {
      res
        .status(400)
        .render('pages/still-accurate', { title: 'Check a listing', problem: LINK_PROBLEMS[result.reason] });
      return;
    }
    res.render('pages/still-accurate', {
      title: 'Thank you',
      confirmed: true,
      serviceId: result.serviceId,
      date: result.date,
    });
  });

  return router;
}
