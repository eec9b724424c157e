// The shortlist (kept in the visitor's session, activity ids and short notes only), the printable handout and
// the share links that open the handout on a patient's phone until they expire or are stopped.
import { Router, type NextFunction, type Request, type Response } from 'express';
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
import { SHARE_LINKS_MAX } from '../../services/handouts.js';
import type { Services } from '../../services/index.js';
import { requireRole, safeNext } from '../middleware/authorisation.js';
import { enforceLimits } from '../middleware/rate-limit.js';
import { NotFoundError } from '../errors.js';
import { field, formState, parseOrReject, readForm, type FormState } from '../forms/form-state.js';
import { consentItems, SEND_TARGETS, sendHandoutForm, type SendFrom } from '../forms/send-handout.js';
import { addForm, addLink, removeForm, updateForm } from '../forms/shortlist.js';
import { paths } from '../paths.js';
import { sendCalendar } from './calendar.js';

declare module 'express-session' {
  interface SessionData {
    shortlist?: ShortlistItem[];
    /** Ids of the share links made in this session, so it can stop them. */
    sharedHandouts?: string[];
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
  res.locals.canSaveLists = res.locals.canRecordReferral;
  next();
}

const current = (req: Request): Shortlist => readShortlist(req.session.shortlist);
/** Who may see and stop share links: this session, and the signed-in user for links they made anywhere. */
const linkOwner = (req: Request) => ({
  linkIds: (req.session?.sharedHandouts ?? []).filter((id) => typeof id === 'string'),
  userId: req.user?.id ?? null,
});
const backTo = (req: Request, fallback: string) => safeNext(req.body?.back) ?? fallback;

type SendTyped = { recipient: string; consent: string };
const NOTHING_TYPED: SendTyped = { recipient: '', consent: '' };
/** Sending to a person is for signed-in link workers and stewards, so the site cannot be used to message strangers. */
const canSend = (req: Request) => req.user?.role === 'link_worker' || req.user?.role === 'steward';

const GONE = {
  expired: {
    title: 'This handout link has expired',
    message: 'This handout link has expired; ask your link worker for a new one.',
  },
  stopped: {
    title: 'This handout link was stopped',
    message: 'The person who shared this handout link has stopped it; ask your link worker for a new one.',
  },
};

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
    req: Request,
    res: Response,
    list: Shortlist,
    typed: { notes?: Record<string, string>; error?: string; errorId?: string } = {},
    sendForm: FormState<SendTyped> = formState(NOTHING_TYPED),
  ) {
    const items = await named(list);
    const links = req.session ? await services.handouts.linksOf(linkOwner(req)) : [];
    if (typed.error || sendForm.errors.length) res.status(400);
    // The error links to the note that is too long.
    const wrong = items.findIndex((item) => item.id === typed.errorId);
    res.render('pages/shortlist/shortlist', {
      title: typed.error || sendForm.errors.length ? 'Error: Shortlist' : 'Shortlist',
      form: typed.error
        ? formState({}, [{ field: 'notes', message: typed.error }], { notes: `#note-${Math.max(wrong, 0)}` })
        : sendForm.errors.length
          ? sendForm
          : null,
      sendForm,
      consentItems: consentItems(sendForm.values.consent),
      sendFrom: 'shortlist',
      canSendHandout: canSend(req),
      items: items.map((item, index) => ({
        ...item,
        note: typed.notes?.[item.id] ?? item.note,
        error: index === wrong ? typed.error : null,
        first: index === 0,
        last: index === items.length - 1,
      })),
      links,
      shareExpiresOn: services.handouts.expiryOfLinkMadeAt(),
      noteMax: SHORTLIST_NOTE_MAX,
    });
  }

  router.get(paths.shortlist, async (req, res) => {
    await renderShortlist(req, res, current(req));
  });

  router.post(paths.shortlist, async (req, res) => {
    const { verb, id, notes: typedNotes } = parseOrReject(updateForm, req.body);
    const notes = setShortlistNotes(current(req), typedNotes);
    if (!notes.ok) {
      const name = (await services.activityDetails(notes.id))?.name ?? 'an activity';
      const error = `The note for ${name} is ${notes.length} characters; keep it to ${SHORTLIST_NOTE_MAX} or fewer.`;
      return renderShortlist(req, res, current(req), { notes: typedNotes, error, errorId: notes.id });
    }
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
    const { id } = parseOrReject(addLink, req.query);
    const activity = await services.activityDetails(id);
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    res.render('pages/shortlist/add', {
      title: `Add ${activity.name} to your shortlist`,
      activity,
      back: safeNext(req.query.back) ?? paths.activity(activity.id),
    });
  });

  router.post(paths.shortlistAdd, async (req, res) => {
    const { id } = parseOrReject(addForm, req.body ?? {});
    const activity = await services.activityDetails(id);
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    const change = addToShortlist(current(req), activity.id);
    if (change.ok) req.session.shortlist = change.shortlist;
    req.session.flash = change.ok ? `Added ${activity.name} to your shortlist.` : change.message;
    res.redirect(303, backTo(req, paths.activity(activity.id)));
  });

  router.post(paths.shortlistRemove, (req, res) => {
    const { id } = parseOrReject(removeForm, req.body ?? {});
    req.session.shortlist = removeFromShortlist(current(req), id);
    req.session.flash = 'Removed from your shortlist.';
    res.redirect(303, backTo(req, paths.shortlist));
  });

  router.post(paths.shortlistClear, (req, res) => {
    req.session.shortlist = [];
    req.session.flash = 'Your shortlist is now empty.';
    res.redirect(303, paths.shortlist);
  });

  async function renderHandout(req: Request, res: Response, sendForm = formState(NOTHING_TYPED)) {
    const list = current(req);
    if (list.length === 0) return res.redirect(paths.shortlist);
    const handout = await services.handouts.handout(list);
    if (sendForm.errors.length) res.status(400);
    res.render('pages/shortlist/handout', {
      layout: 'handout',
      title: sendForm.errors.length ? 'Error: Activities for you' : 'Activities for you',
      handout,
      backPath: paths.shortlist,
      form: sendForm.errors.length ? sendForm : null,
      sendForm,
      consentItems: consentItems(sendForm.values.consent),
      sendFrom: 'handout',
      canSendHandout: canSend(req),
    });
  }

  router.get(paths.shortlistHandout, (req, res) => renderHandout(req, res));

  /** Sends a share link of the shortlist to the person by email or text message, from either page. */
  router.post(paths.shortlistSend, requireRole('link_worker', 'steward'), async (req, res) => {
    const from: SendFrom = field(req.body, 'from') === 'handout' ? 'handout' : 'shortlist';
    const page = from === 'handout' ? paths.shortlistHandout : paths.shortlist;
    const list = current(req);
    if (list.length === 0) {
      req.session.flash = 'Add activities to your shortlist before sending it.';
      return res.redirect(303, paths.shortlist);
    }
    const typed: SendTyped = { recipient: field(req.body, 'recipient'), consent: field(req.body, 'consent') };
    const read = readForm(sendHandoutForm, typed);
    if (!read.ok) {
      const shown = formState(typed, read.errors, SEND_TARGETS);
      return from === 'handout' ? renderHandout(req, res, shown) : renderShortlist(req, res, list, {}, shown);
    }
    const { recipient } = read.value;
    await enforceLimits(services, {
      handoutMessageAccount: req.user!.id,
      handoutMessageRecipient:
        recipient.channel === 'email' ? recipient.address.toLowerCase() : recipient.number,
    });
    const sent = await services.handoutMessages.send(list, linkOwner(req), recipient);
    if (!sent.ok) {
      req.session.flash = sent.message;
      return res.redirect(303, `${page}#send`);
    }
    const ids = linkOwner(req).linkIds.filter((id) => id !== sent.link.id);
    req.session.sharedHandouts = [sent.link.id, ...ids].slice(0, SHARE_LINKS_MAX);
    req.session.flash = sentWording(
      sent.status,
      recipient.channel,
      sent.masked,
      services.handoutMessages.notifyConfigured,
    );
    res.redirect(303, `${page}#send`);
  });

  router.post(paths.shortlistShare, async (req, res) => {
    const list = current(req);
    if (list.length === 0) {
      req.session.flash = 'Add activities to your shortlist before making a share link.';
      return res.redirect(303, paths.shortlist);
    }
    const made = await services.handouts.share(list, linkOwner(req));
    if (made.ok) {
      const ids = linkOwner(req).linkIds.filter((id) => id !== made.link.id);
      req.session.sharedHandouts = [made.link.id, ...ids].slice(0, SHARE_LINKS_MAX);
    }
    req.session.flash = made.ok ? 'Share link made. It is at the top of your list of links.' : made.message;
    res.redirect(303, `${paths.shortlist}#share-links`);
  });

  router.post(paths.stopSharedHandoutPattern, async (req, res) => {
    if (!(await services.handouts.stop(String(req.params.id), linkOwner(req))))
      throw new NotFoundError('We could not find that link among the working links you made.');
    req.session.flash = 'The link has stopped working, and its notes are deleted.';
    res.redirect(303, `${paths.shortlist}#share-links`);
  });

  /** Expired and stopped links get 410 and say which; anything else that does not open is a 404. */
  const openLink = async (req: Request, res: Response, kind: 'page' | 'calendar') => {
    const link = await services.handouts.readShareLink(String(req.params.token));
    if (link.ok) return link;
    if (link.reason === 'invalid')
      throw new NotFoundError(
        'This handout link is not valid. Check it was copied in full; a link stops working 90 days after it was made.',
      );
    const gone = GONE[link.reason];
    res.status(410);
    if (kind === 'calendar') res.type('text/plain').send(gone.message);
    else
      res.render('pages/shortlist/expired', { layout: 'handout', title: gone.title, message: gone.message });
    return null;
  };

  router.get(paths.sharedHandoutPattern, async (req, res) => {
    const link = await openLink(req, res, 'page');
    if (!link) return;
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
    const link = await openLink(req, res, 'calendar');
    if (!link) return;
    const body = await services.calendars.shortlistCalendar(link.shortlist.map((item) => item.id));
    sendCalendar(res, body, null);
  });

  return router;
}

/** What the link worker is told once the form is sent: where the message is, in plain words. */
function sentWording(status: string, channel: 'email' | 'sms', masked: string, notify: boolean): string {
  if (channel === 'sms')
    return notify
      ? `Text message to ${masked} will be sent within a minute.`
      : `Text message to ${masked} is waiting: text messages are not set up on this directory yet, so it is kept for the directory team.`;
  if (status === 'sent') return `Email sent to ${masked}.`;
  if (status === 'failed')
    return `The email to ${masked} could not be sent. Check the address and try again.`;
  return `Email to ${masked} is waiting: email is not set up on this directory yet, so it is kept for the directory team.`;
}
