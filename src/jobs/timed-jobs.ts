// Every timed job of the directory: when it runs and what it does. The job queue runs each scheduled run
// once across all app instances; the README's "Scheduled jobs" table lists the same jobs.
import type { Stores } from '../db/stores.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { SearchEngines } from '../search/engines.js';
import { createFeeds, type Feeds } from '../services/feeds.js';
import type { Freshness } from '../services/freshness.js';
import type { HandoutMessages } from '../services/handout-messages.js';
import type { Handouts } from '../services/handouts.js';
import type { ReferralRequests } from '../services/referral-requests.js';
import { deleteExpiredRecords } from '../services/retention.js';
import type { TimedJob } from './job-queue.js';

/**
 * One run of the search-outbox job keeps the index in sync this long. Runs are queued every minute and a
 * longer run makes the next one wait its turn, so the outbox is drained without a gap between runs.
 */
export const OUTBOX_RUN_MS = 65_000;

export interface TimedJobDependencies {
  stores: Stores;
  search: Pick<SearchEngines, 'sessionsRefreshed' | 'syncIndex'>;
  freshness: Pick<Freshness, 'run'>;
  handouts: Pick<Handouts, 'deleteExpiredSharedHandouts'>;
  handoutMessages: Pick<HandoutMessages, 'deliver'>;
  /** Registered feeds (built over the stores when not given). */
  feeds?: Pick<Feeds, 'syncDue'>;
  /** The referral loop's reminders and closing (the job is left out without it). */
  referralRequests?: Pick<ReferralRequests, 'chase'>;
  /** REFERRAL_RETENTION_DAYS, for the clean-up's erasing of referral requests' details. */
  referralRetentionDays?: number;
  /** The time a run works from (tests set it). */
  clock?: Clock;
}

export function timedJobs(deps: TimedJobDependencies): TimedJob[] {
  const { stores, search } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const feeds = deps.feeds ?? createFeeds(stores, clock);
  return [
    {
      // Sessions are expanded a fixed number of days ahead: roll them forward once a day, not on every start.
      name: 'roll-sessions',
      cron: '5 0 * * *',
      dueAtStart: async () => !(await stores.sessions.sessionsRolledToday(now())),
      retryLimit: 5,
      retryDelaySeconds: 60,
      expireInSeconds: 2 * 60 * 60,
      async run(signal) {
        const today = now();
        // Another instance, an earlier run today or `npm run reindex` may have rolled them already.
        if (await stores.sessions.sessionsRolledToday(today)) return { activities: 0, alreadyRolled: true };
        const activities = await stores.listings.rollDirectoryForward(today, { signal });
        await search.sessionsRefreshed();
        return { activities };
      },
    },
    {
      // Ranking reads each activity's next session; move it on as sessions pass.
      name: 'next-sessions',
      cron: '0 * * * *',
      // The roll moves them on itself; a start on a day already rolled moves them on here.
      dueAtStart: () => stores.sessions.sessionsRolledToday(now()),
      retryLimit: 2,
      retryDelaySeconds: 60,
      expireInSeconds: 30 * 60,
      async run() {
        await stores.sessions.refreshNextSessions(now());
        return {};
      },
    },
    {
      // Flags listings due a review and reminds their organisers; each listing once, so a run at start is safe.
      name: 'freshness',
      cron: '0 6 * * *',
      dueAtStart: async () => true,
      retryLimit: 5,
      retryDelaySeconds: 60,
      expireInSeconds: 60 * 60,
      run: () => deps.freshness.run(now()),
    },
    {
      // Pushes queued listing changes to Meilisearch within seconds (or empties the outbox without it).
      name: 'search-outbox',
      cron: '* * * * *',
      dueAtStart: async () => true,
      retryLimit: 2,
      retryDelaySeconds: 10,
      // Past a run's length plus one slow drain: a crashed instance's run is given up after this.
      expireInSeconds: 3 * 60,
      quiet: true,
      run: (signal) => search.syncIndex({ forMs: OUTBOX_RUN_MS, signal }),
    },
    {
      // Share links past their 90 days are deleted with the activities and notes they held.
      name: 'expired-share-links',
      cron: '30 3 * * *',
      dueAtStart: async () => true,
      retryLimit: 5,
      retryDelaySeconds: 60,
      expireInSeconds: 30 * 60,
      run: async () => ({ deleted: await deps.handouts.deleteExpiredSharedHandouts(now()) }),
    },
    {
      // Handouts sent to people: hands waiting text messages to GOV.UK Notify (with NOTIFY_API_KEY) and reads the
      // status of those it has until final, when the number is masked; gives up messages left waiting 7 days.
      name: 'handout-messages',
      cron: '* * * * *',
      dueAtStart: async () => true,
      retryLimit: 1,
      retryDelaySeconds: 30,
      expireInSeconds: 10 * 60,
      quiet: true,
      run: () => deps.handoutMessages.deliver(now()),
    },
    {
      // Deletes what the privacy notice says is kept no longer (src/domain/retention.ts); each row once, so a
      // run at start is safe. Problem reports and feedback still open are kept until a steward deals with them.
      name: 'retention',
      cron: '45 3 * * *',
      dueAtStart: async () => true,
      retryLimit: 5,
      retryDelaySeconds: 60,
      expireInSeconds: 30 * 60,
      run: () => deleteExpiredRecords(stores, now(), deps.referralRetentionDays),
    },
    {
      // Registered feeds: each run syncs the feeds due (or asked for with "Sync now"), one at a time. Checked every
      // minute so that "Sync now" starts within a minute; a run with nothing due is one query. A failed sync is the
      // feed's outcome, not the job's: the feed is tried again at its next due time.
      name: 'feed-sync',
      cron: '* * * * *',
      dueAtStart: async () => true,
      retryLimit: 1,
      retryDelaySeconds: 60,
      // A large feed's crawl takes a while; a run on an instance that died is given up after this.
      expireInSeconds: 4 * 60 * 60,
      quiet: true,
      run: (signal) => feeds.syncDue(signal),
    },
    ...(deps.referralRequests ? [referralReminders(deps.referralRequests, now)] : []),
  ];
}

/**
 * Referral requests still "new" five working days (Monday to Friday; bank holidays count as working days) after
 * they were sent remind the group and tell the link worker, once; after four weeks they close as "closed: no
 * answer". Each request is reminded and closed once, so a run at start is safe.
 */
const referralReminders = (referrals: Pick<ReferralRequests, 'chase'>, now: () => Date): TimedJob => ({
  name: 'referral-reminders',
  cron: '0 9 * * *',
  dueAtStart: async () => true,
  retryLimit: 5,
  retryDelaySeconds: 60,
  expireInSeconds: 30 * 60,
  run: () => referrals.chase(now()),
});
