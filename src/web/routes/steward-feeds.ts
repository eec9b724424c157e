// Stewards' registered feeds: the list with each feed's last run, adding and changing a feed, pausing and
// resuming it, "Sync now" (queued for the feed-sync job, never run in the request) and removing it.
import { Router, type Request } from 'express';
import type { Services } from '../../services/index.js';
import { FEED_FORMATS, FEED_INTERVALS, type FeedRecord } from '../../services/feeds.js';
import { NotFoundError } from '../errors.js';
import { choiceItems, formState, readForm, type FormState } from '../forms/form-state.js';
import {
  FEED_FORM_TARGETS,
  feedForm,
  feedFormValues,
  feedValues,
  type FeedFormValues,
} from '../forms/feeds.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

const OUTCOME_TAGS: Record<string, { text: string; colour: string }> = {
  succeeded: { text: 'Synced', colour: 'green' },
  incomplete: { text: 'Partly synced', colour: 'yellow' },
  failed: { text: 'Failed', colour: 'red' },
};

const formatName = (code: string) => FEED_FORMATS.find((format) => format.code === code)?.name ?? code;
const intervalName = (hours: number) =>
  FEED_INTERVALS.find((interval) => interval.hours === hours)?.name ?? `Every ${hours} hours`;

/** A feed as the pages show it. */
function shownFeed(feed: FeedRecord) {
  const state = feed.runningSince
    ? { text: 'Syncing now', colour: 'blue' }
    : feed.syncRequestedAt
      ? { text: 'Sync queued', colour: 'blue' }
      : feed.enabled
        ? null
        : { text: 'Paused', colour: 'grey' };
  return {
    ...feed,
    href: paths.stewardFeed(feed.id),
    formatName: formatName(feed.format),
    intervalName: intervalName(feed.everyHours),
    detail: `${formatName(feed.format)}, ${intervalName(feed.everyHours).toLowerCase()}`,
    outcomeTag: feed.lastOutcome ? OUTCOME_TAGS[feed.lastOutcome] : null,
    state,
  };
}

function feedFormView(form: FormState<FeedFormValues>) {
  return {
    form,
    formatItems: choiceItems('format', FEED_FORMATS, [form.values.format]),
    everyItems: choiceItems(
      'every',
      FEED_INTERVALS.map((interval) => ({ code: String(interval.hours), name: interval.name })),
      [form.values.every],
    ),
  };
}

export function stewardFeedRoutes(services: Services): Router {
  const router = Router();
  const { feeds } = services;
  router.use(paths.stewardFeeds, requireRole('steward'));

  const feedOf = async (req: Request) => {
    const feed = await feeds.find(String(req.params.feedId));
    if (!feed) throw new NotFoundError('There is no such feed. It may have been removed.');
    return feed;
  };

  router.get(paths.stewardFeeds, async (_req, res) => {
    res.render('pages/steward/feeds', {
      title: 'Feeds',
      feeds: (await feeds.list()).map(shownFeed),
    });
  });

  const renderNew = (form: FormState<FeedFormValues>) => ({
    title: `${form.errors.length ? 'Error: ' : ''}Add a feed`,
    heading: 'Add a feed',
    action: paths.stewardNewFeed,
    back: paths.stewardFeeds,
    submitText: 'Add feed',
    ...feedFormView(form),
  });

  router.get(paths.stewardNewFeed, (_req, res) => {
    res.render(
      'pages/steward/feed-form',
      renderNew(formState({ name: '', url: '', format: '', covers: '', every: '24' })),
    );
  });

  router.post(paths.stewardNewFeed, async (req, res) => {
    const values = feedFormValues.parse(req.body ?? {});
    const checked = readForm(feedForm, values);
    const added = checked.ok
      ? await feeds.add(req.user!, {
          name: checked.value.name,
          url: checked.value.url,
          format: checked.value.format,
          covers: checked.value.covers,
          everyHours: checked.value.every,
        })
      : checked;
    if (!added.ok) {
      res
        .status(400)
        .render('pages/steward/feed-form', renderNew(formState(values, added.errors, FEED_FORM_TARGETS)));
      return;
    }
    req.session.flash = `${added.feed.name} added. It is synced within a minute, then ${intervalName(added.feed.everyHours).toLowerCase()}.`;
    res.redirect(paths.stewardFeed(added.feed.id));
  });

  router.get(paths.stewardFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    const { states, count } = await feeds.listings(feed.id);
    res.render('pages/steward/feed', {
      title: feed.name,
      feed: shownFeed(feed),
      listingCount: count,
      withdrawn: states
        .filter((state) => state.withdrawnAt)
        .map((state) => ({
          ...state,
          auditHref: `${paths.stewardAudit}?entity=service&id=${encodeURIComponent(state.serviceId)}`,
        })),
      missing: states.filter((state) => !state.withdrawnAt),
      auditHref: `${paths.stewardAudit}?entity=feed&id=${encodeURIComponent(feed.id)}`,
      editHref: paths.stewardEditFeed(feed.id),
      pauseAction: paths.stewardPauseFeed(feed.id),
      resumeAction: paths.stewardResumeFeed(feed.id),
      syncAction: paths.stewardSyncFeed(feed.id),
      removeHref: paths.stewardRemoveFeed(feed.id),
    });
  });

  const renderEdit = (feed: FeedRecord, form: FormState<FeedFormValues>) => ({
    title: `${form.errors.length ? 'Error: ' : ''}Change ${feed.name}`,
    heading: `Change ${feed.name}`,
    action: paths.stewardEditFeed(feed.id),
    back: paths.stewardFeed(feed.id),
    submitText: 'Save changes',
    ...feedFormView(form),
  });

  router.get(paths.stewardEditFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    res.render('pages/steward/feed-form', renderEdit(feed, formState(feedValues(feed))));
  });

  router.post(paths.stewardEditFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    const values = feedFormValues.parse(req.body ?? {});
    const checked = readForm(feedForm, values);
    const changed = checked.ok
      ? await feeds.change(req.user!, feed, {
          name: checked.value.name,
          url: checked.value.url,
          format: checked.value.format,
          covers: checked.value.covers,
          everyHours: checked.value.every,
        })
      : checked;
    if (!changed.ok) {
      if ('missing' in changed) throw new NotFoundError('There is no such feed. It may have been removed.');
      res
        .status(400)
        .render(
          'pages/steward/feed-form',
          renderEdit(feed, formState(values, changed.errors, FEED_FORM_TARGETS)),
        );
      return;
    }
    req.session.flash = 'Changes saved.';
    res.redirect(paths.stewardFeed(feed.id));
  });

  router.post(paths.stewardPauseFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    await feeds.setEnabled(req.user!, feed, false);
    req.session.flash = `${feed.name} is paused: it is not synced until you resume it.`;
    res.redirect(paths.stewardFeed(feed.id));
  });

  router.post(paths.stewardResumeFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    await feeds.setEnabled(req.user!, feed, true);
    req.session.flash = `${feed.name} is synced on schedule again.`;
    res.redirect(paths.stewardFeed(feed.id));
  });

  router.post(paths.stewardSyncFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    await feeds.requestSync(req.user!, feed);
    req.session.flash = `Sync of ${feed.name} queued: it starts within a minute. Refresh this page to see how it went.`;
    res.redirect(paths.stewardFeed(feed.id));
  });

  router.get(paths.stewardRemoveFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    res.render('pages/steward/feed-remove', {
      title: `Remove ${feed.name}`,
      feed: shownFeed(feed),
      action: paths.stewardRemoveFeed(feed.id),
    });
  });

  router.post(paths.stewardRemoveFeedPattern, async (req, res) => {
    const feed = await feedOf(req);
    await feeds.remove(req.user!, feed);
    req.session.flash = `${feed.name} removed: it is no longer synced. Its listings stay in the directory.`;
    res.redirect(paths.stewardFeeds);
  });

  return router;
}
