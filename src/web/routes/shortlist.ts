// The shortlist (kept in the visitor's session, activity ids and short notes only), the printable handout and
// the signed share link that opens the handout on a patient's phone.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  addToShortlist,
  moveInShortlist,
  readShortlist,
  removeFromShortlist,
  setShortlistNotes,
  SHORTLIST_NOTE_MAX,
  type Shortlist,
  type ShortlistItem,
} from '../../domain/shortlist.js';
import type { Services } from '../../services/index.js';
import { safeNext } from '../middleware/authorisation.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { paths } from '../paths.js';
import { sendCalendar } from './calendar.js';

declare module 'express-session' {
  interface SessionData {
    shortlist?: ShortlistItem[];
  }
}

/** Sets what every page needs for the link worker tools: shortlist buttons, "Shortlist (N)", referrals. */
export function shortlistLocals(req: Request, res: Response, next: NextFunction): void {
  const list = req.session ? readShortlist(req.session.shortlist) : [];
  res.locals.shortlistIds = list.map((item) => item.id);
  res.locals.shortlistCount = list.length;
  // One-click POST forms only where a session already exists, so browsing alone never creates one;
  // other visitors get a GET form that leads to a confirmation page (which does).
  res.locals.shortlistForms = Boolean(req.user || list.length || (req.session && 'csrfToken' in req.session));
  res.locals.currentPath = req.originalUrl;
  // The activity page's "Referred someone here" button is for link workers and stewards only.
  res.locals.canRecordReferral = req.user?.role === 'link_worker' || req.user?.role === 'steward';
  res.locals.canSeeReports = res.locals.canRecordReferral;
  next();
}

const idField = z.string().trim().min(1, 'Choose an activity').max(200);
const updateForm = z.object({
  action: z.string().regex(/^(save|up:.+|down:.+|remove:.+)$/, 'Choose what to do with the shortlist'),
  // Each textarea comes with its activity id in a hidden field, paired by position.
  item: z.union([z.string(), z.array(z.string())]).optional(),
  note: z.union([z.string(), z.array(z.string())]).optional(),
});

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

function notesById(form: z.infer<typeof updateForm>): Record<string, string> {
  const ids = asList(form.item);
  const notes = asList(form.note);
  return Object.fromEntries(ids.map((id, i) => [id, notes[i] ?? '']));
}

const current = (req: Request): Shortlist => readShortlist(req.session.shortlist);
const backTo = (req: Request, fallback: string) => safeNext(req.body?.back) ?? fallback;

export function shortlistRoutes(services: Services): Router {
  const router = Router();

  async function named(list: Shortlist) {
    const rows = [];
    for (const item of list) {
      const activity = await services.activityDetails(item.id);
      rows.push({ ...item, activity });
    }
    return rows;
  }

  async function renderShortlist(
    res: Response,
    list: Shortlist,
    typed: { notes?: Record<string, string>; error?: string } = {},
  ) {
    const items = await named(list);
    if (typed.error) res.status(400);
    res.render('pages/shortlist/shortlist', {
      title: typed.error ? 'Error: Shortlist' : 'Shortlist',
      form: typed.error ? { errors: [{ field: 'notes', message: typed.error }] } : null,
      items: items.map((item, index) => ({
        ...item,
        note: typed.notes?.[item.id] ?? item.note,
        first: index === 0,
        last: index === items.length - 1,
      })),
      share: list.length ? services.handouts.shareLink(list) : null,
      noteMax: SHORTLIST_NOTE_MAX,
    });
  }

  router.get(paths.shortlist, async (req, res) => {
    await renderShortlist(res, current(req));
  });

  router.post(paths.shortlist, async (req, res) => {
    const parsed = updateForm.safeParse(req.body);
    if (!parsed.success) throw new BadRequestError(parsed.error.issues[0].message);
    const typedNotes = notesById(parsed.data);
    const notes = setShortlistNotes(current(req), typedNotes);
    if (!notes.ok) {
      const name = (await services.activityDetails(notes.id))?.name ?? 'an activity';
      const error = `The note for ${name} is ${notes.length} characters; keep it to ${SHORTLIST_NOTE_MAX} or fewer.`;
      return renderShortlist(res, current(req), { notes: typedNotes, error });
    }
    const action = parsed.data.action;
    const verb = action.split(':')[0];
    const id = action.slice(action.indexOf(':') + 1);
    let list = notes.shortlist;
    if (verb === 'up') list = moveInShortlist(list, id, -1);
    else if (verb === 'down') list = moveInShortlist(list, id, 1);
    else if (verb === 'remove') list = removeFromShortlist(list, id);
    req.session.shortlist = list;
    const done = { remove: 'Removed from your shortlist.', save: 'Notes saved.' } as Record<string, string>;
    req.session.flash = done[verb] ?? 'Shortlist reordered.';
    res.redirect(303, paths.shortlist);
  });

  router.get(paths.shortlistAdd, async (req, res) => {
    const id = idField.safeParse(req.query.id);
    if (!id.success)
      throw new BadRequestError('Choose an activity to add to the shortlist (the id parameter).');
    const activity = await services.activityDetails(id.data);
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    res.render('pages/shortlist/add', {
      title: `Add ${activity.name} to your shortlist`,
      activity,
      back: safeNext(req.query.back) ?? paths.activity(activity.id),
    });
  });

  router.post(paths.shortlistAdd, async (req, res) => {
    const id = idField.safeParse(req.body?.id);
    if (!id.success) throw new BadRequestError('Choose an activity to add to the shortlist.');
    const activity = await services.activityDetails(id.data);
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    const change = addToShortlist(current(req), activity.id);
    if (change.ok) req.session.shortlist = change.shortlist;
    req.session.flash = change.ok ? `Added ${activity.name} to your shortlist.` : change.message;
    res.redirect(303, backTo(req, paths.activity(activity.id)));
  });

  router.post(paths.shortlistRemove, (req, res) => {
    const id = idField.safeParse(req.body?.id);
    if (!id.success) throw new BadRequestError('Choose an activity to remove from the shortlist.');
    req.session.shortlist = removeFromShortlist(current(req), id.data);
    req.session.flash = 'Removed from your shortlist.';
    res.redirect(303, backTo(req, paths.shortlist));
  });

  router.post(paths.shortlistClear, (req, res) => {
    req.session.shortlist = [];
    req.session.flash = 'Your shortlist is now empty.';
    res.redirect(303, paths.shortlist);
  });

  router.get(paths.shortlistHandout, async (req, res) => {
    const list = current(req);
    if (list.length === 0) return res.redirect(paths.shortlist);
    const handout = await services.handouts.handout(list);
    res.render('pages/shortlist/handout', {
      layout: 'handout',
      title: 'Activities for you',
      handout,
      backPath: paths.shortlist,
    });
  });

  router.get(paths.sharedHandoutPattern, async (req, res) => {
    const link = services.handouts.readShareLink(String(req.params.token));
    if (!link.ok && link.reason === 'expired') {
      res.status(410);
      return res.render('pages/shortlist/expired', {
        layout: 'handout',
        title: 'This handout link has expired',
      });
    }
    if (!link.ok) throw new NotFoundError('This handout link is not valid. Check it was copied in full.');
    const handout = await services.handouts.handout(link.shortlist);
    res.set('Referrer-Policy', 'no-referrer');
    res.render('pages/shortlist/handout', {
      layout: 'handout',
      title: 'Activities for you',
      handout,
      shared: true,
      expiresOn: link.expiresOn,
      calendarPath: paths.sharedCalendar(String(req.params.token)),
    });
  });

  router.get(paths.sharedCalendarPattern, async (req, res) => {
    const link = services.handouts.readShareLink(String(req.params.token));
    if (!link.ok && link.reason === 'expired') {
      res
        .status(410)
        .type('text/plain')
        .send('This handout link has expired; ask your link worker for a new one.');
      return;
    }
    if (!link.ok) throw new NotFoundError('This handout link is not valid.');
    const body = await services.calendars.shortlistCalendar(link.shortlist.map((item) => item.id));
    sendCalendar(res, body, null);
  });

  return router;
}
