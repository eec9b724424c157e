// An organiser's page for one published activity: cancel a date or restore it, pause, reopen, close for good
// (after a confirmation), and confirm it is still accurate.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { field, formState, readForm } from '../forms/form-state.js';
import { cancelDateForm, restoreDateForm, statusForm } from '../forms/manage.js';
import { requireSignIn } from '../middleware/authorisation.js';
import { paths } from '../paths.js';
import { longDate, sessionWhen } from '../handlebars-helpers.js';

export const NOT_YOURS = 'We could not find that page, or it belongs to another organisation.';

/** The published activity named in the path, if the signed-in user manages it; a 404 otherwise. */
export async function managedActivity(services: Services, req: Request) {
  const found = await services.listingsEditor.activityFor(req.user!, String(req.params.serviceId));
  if (!found) throw new NotFoundError(NOT_YOURS);
  return found;
}

type Found = Awaited<ReturnType<typeof managedActivity>>;

const STATUS_DONE: Record<string, string> = {
  inactive: 'The activity is closed and no longer listed. You can reopen it from this page.',
  'temporarily closed': 'The activity is paused. It shows as temporarily closed.',
  active: 'The activity is running again.',
};

export function manageActivityRoutes(services: Services): Router {
  const router = Router();
  const editor = services.listingsEditor;
  router.use(paths.manage, requireSignIn);

  const renderActivity = async (
    req: Request,
    res: Response,
    found: Found,
    cancelForm = formState({ date: '', reason: '' }),
    status = 200,
  ) => {
    const [dates, cancellations] = await Promise.all([
      editor.upcomingDates(found.id),
      editor.cancellations(found.id),
    ]);
    res.status(status).render('pages/manage/activity', {
      title: `${status === 400 ? 'Error: ' : ''}Manage ${found.name}`,
      activity: found,
      dateOptions: dates.map((d) => ({
        code: d.date,
        name: sessionWhen(d.startsAt, null),
        checked: d.date === cancelForm.values.date,
      })),
      cancellations,
      form: cancelForm,
      paused: found.status === 'temporarily closed',
      closed: found.status === 'inactive',
    });
  };

  const renderCloseConfirmation = (res: Response, found: Found) => {
    res.render('pages/manage/close-activity', { title: `Close ${found.name} for good?`, activity: found });
  };

  router.get(paths.manageActivityPattern, async (req, res) => {
    await renderActivity(req, res, await managedActivity(services, req));
  });

  router.post(paths.cancelDatePattern, async (req, res) => {
    const found = await managedActivity(services, req);
    const typed = { date: field(req.body, 'date'), reason: field(req.body, 'reason') };
    const cancel = readForm(cancelDateForm, typed);
    const errors = cancel.ok
      ? await editor.cancelDate(req.user!, found.id, cancel.value.date, cancel.value.reason)
      : cancel.errors;
    if (errors.length) {
      await renderActivity(req, res, found, formState(typed, errors), 400);
      return;
    }
    req.session.flash = `The session on ${longDate(cancel.ok ? cancel.value.date : typed.date)} is cancelled. It no longer shows for that date. You can restore it from this page.`;
    res.redirect(paths.manageActivity(found.id));
  });

  router.post(paths.restoreDatePattern, async (req, res) => {
    const found = await managedActivity(services, req);
    const restore = readForm(restoreDateForm, { date: field(req.body, 'date') });
    const restored = restore.ok && (await editor.restoreDate(req.user!, found.id, restore.value.date));
    if (!restore.ok || !restored) throw new NotFoundError('That session is not cancelled, or has passed.');
    req.session.flash = `The session on ${longDate(restore.value.date)} is back on. It shows again for that date.`;
    res.redirect(paths.manageActivity(found.id));
  });

  // Closing takes a listing off the directory, so it is asked for twice: the activity page's button leads
  // here, and only this page's button closes it.
  router.get(paths.activityStatusPattern, async (req, res) => {
    const found = await managedActivity(services, req);
    if (found.status === 'inactive') {
      res.redirect(paths.manageActivity(found.id));
      return;
    }
    renderCloseConfirmation(res, found);
  });

  router.post(paths.activityStatusPattern, async (req, res) => {
    const found = await managedActivity(services, req);
    const parsed = statusForm.safeParse({ status: field(req.body, 'status') });
    if (!parsed.success) throw new NotFoundError('Unknown status');
    const { status } = parsed.data;
    if (status === 'inactive' && field(req.body, 'confirm') !== 'yes') {
      renderCloseConfirmation(res, found);
      return;
    }
    await editor.setStatus(req.user!, found, status);
    req.session.flash = STATUS_DONE[status];
    res.redirect(paths.manageActivity(found.id));
  });

  router.post(paths.confirmAccuratePattern, async (req, res) => {
    const found = await managedActivity(services, req);
    await services.freshness.confirmByOrganiser(req.user!, found.id);
    req.session.flash = 'Thank you. The listing is marked as checked today.';
    res.redirect(paths.manageActivity(found.id));
  });

  return router;
}
