// Public feedback on listings: "report a problem" (no account needed) and the signed "still accurate" link.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { field, formState, readForm } from '../forms/form-state.js';
import { problemReportForm } from '../forms/report-problem.js';
import { clientAddress, enforceLimits } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';
import { timeOnDate } from '../time-wording.js';

const LINK_PROBLEMS: Record<string, string> = {
  expired: 'This link has expired. Sign in to confirm the listing is still accurate, or to change it.',
  invalid: 'This link is not valid. Check you copied the whole link from the email, or sign in instead.',
  undone: 'This check was undone. Open the link again to confirm it, or sign in to update the listing.',
  changed:
    'The listing has been checked or changed again since this link was used, so that stands. Sign in to change it.',
};

/**
 * Whether a request is a person opening the link in a browser, not a mail scanner, link preview or prefetch:
 * browsers mark a top-level navigation (Sec-Fetch-Mode/Dest) and prefetches (Sec-Purpose). Anything else
 * gets the page with a button, and a confirmation made by a scanner that behaves like a browser has an undo.
 */
export function deliberateVisit(req: Request): boolean {
  const purpose = `${req.get('sec-purpose') ?? ''} ${req.get('purpose') ?? ''} ${req.get('x-purpose') ?? ''}`;
  return (
    req.method === 'GET' &&
    req.get('sec-fetch-mode') === 'navigate' &&
    req.get('sec-fetch-dest') === 'document' &&
    !/prefetch|prerender|preview/i.test(purpose)
  );
}

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
    const report = readForm(problemReportForm, typed);
    if (!report.ok) {
      res.status(400).render('pages/report-problem', {
        title: 'Error: Report a problem with this listing',
        activity: { id, name },
        form: formState(typed, report.errors),
      });
      return;
    }
    if (!(await services.moderation.reportProblem(id, report.value))) throw new NotFoundError();
    res.render('pages/report-sent', { title: 'Thank you', activity: { id, name } });
  });

  // The e-mailed link confirms in one click (see deliberateVisit); every answer has a way back.
  const linkPage = (
    res: Response,
    token: string,
    state: 'ask' | 'confirmed' | 'undone' | 'alreadyUsed',
    listing: { serviceId: string; name: string; date?: string | null },
    used: { at: string; reviewedOn: string; undoneAt: string | null; undoable: boolean } | null = null,
  ) =>
    res.render('pages/still-accurate', {
      title:
        state === 'confirmed'
          ? 'Thank you'
          : state === 'alreadyUsed'
            ? 'This link has already been used'
            : `Is ${listing.name} still accurate?`,
      serviceId: listing.serviceId,
      name: listing.name,
      date: listing.date ?? null,
      [state]: true,
      used,
      action: paths.stillAccurate(token),
      undoAction: paths.stillAccurateUndo(token),
    });
  const linkProblem = (res: Response, reason: string) =>
    res
      .status(400)
      .render('pages/still-accurate', { title: 'Check a listing', problem: LINK_PROBLEMS[reason] });

  // Opening a link that was used before changes nothing: it says when it was used, what it did, and offers the
  // undo only while nothing has changed the review date since.
  router.get(paths.stillAccuratePattern, async (req, res) => {
    const token = String(req.params.token);
    const check = await services.freshness.checkLink(token);
    if (!check.ok) return linkProblem(res, check.reason);
    const listing = { serviceId: check.serviceId, name: check.name, date: check.assuredDate };
    if (check.used) {
      const used = {
        at: timeOnDate(check.used.confirmedAt),
        reviewedOn: check.used.reviewedOn,
        undoneAt: check.used.undoneAt && timeOnDate(check.used.undoneAt),
        undoable: check.used.undoable,
      };
      return linkPage(res, token, check.used.undoneAt ? 'undone' : 'alreadyUsed', listing, used);
    }
    if (!deliberateVisit(req)) return linkPage(res, token, 'ask', listing);
    const result = await services.freshness.confirmByLink(token, { again: false });
    if (!result.ok) return linkProblem(res, result.reason);
    linkPage(res, token, 'confirmed', result);
  });

  router.post(paths.stillAccuratePattern, async (req, res) => {
    const token = String(req.params.token);
    const result = await services.freshness.confirmByLink(token, { again: true });
    if (!result.ok) return linkProblem(res, result.reason);
    linkPage(res, token, 'confirmed', result);
  });

  router.post(paths.stillAccurateUndoPattern, async (req, res) => {
    const token = String(req.params.token);
    const result = await services.freshness.undoByLink(token);
    if (!result.ok) return linkProblem(res, result.reason);
    linkPage(res, token, 'undone', result);
  });

  return router;
}
