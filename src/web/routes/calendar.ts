// Calendar files: one activity's sessions as .ics, for a patient or link worker to add to their calendar.
import { Router, type Response } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { paths } from '../paths.js';

export function sendCalendar(res: Response, body: string, filename: string | null): void {
  res.type('text/calendar; charset=utf-8');
  // A download for the per-activity file; the shared feed is served inline so calendars can subscribe to it.
  if (filename) res.attachment(filename);
  // Revalidate every time, unless the request already asked for no copy at all (a secret link, a signed-in user).
  if (!res.get('Cache-Control')) res.set('Cache-Control', 'no-cache');
  res.send(body);
}

export function calendarRoutes(services: Services): Router {
  const router = Router();
  router.get(paths.activityCalendarPattern, async (req, res) => {
    const calendar = await services.calendars.activityCalendar(String(req.params.id));
    if (!calendar)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    sendCalendar(res, calendar.body, calendar.filename);
  });
  return router;
}
