// Builds every use case once from the stores, the search engine, the configuration and a clock; routes receive
// this one object. Nothing here reaches the database but through the stores.
import type { KeyedConfig } from '../config.js';
import type { Stores } from '../db/stores.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { publicLinks } from '../domain/public-links.js';
import type { SearchEngine } from '../search/engine.js';
import { createAccounts } from './accounts.js';
import { createActivityDetails } from './activity-details.js';
import { createCalendars } from './calendars.js';
import { createDuplicates } from './duplicates.js';
import { createFeedback } from './feedback.js';
import { createFeeds } from './feeds.js';
import { createFreshness } from './freshness.js';
import { createHandoutMessages } from './handout-messages.js';
import { createHandouts } from './handouts.js';
import { createHealth } from './health.js';
import { createListingsEditor } from './listings-editor.js';
import { createMailer } from './mail.js';
import { createModeration } from './moderation.js';
import { createNotifySender } from './notify.js';
import { createOpenReferral } from './open-referral.js';
import { createOrganisations } from './organisations.js';
import { createRateLimits } from './rate-limits.js';
import { createReferralRequests } from './referral-requests.js';
import { createReferrals } from './referrals.js';
import { createReports } from './reports.js';
import { createSavedLists } from './saved-lists.js';
import { createSearchDirectory } from './search-directory.js';
import { createWhatsOn } from './whats-on.js';

export interface ServiceDependencies {
  stores: Stores;
  /** The engine to use for this request: the configured one, or the fallback when it is down. */
  searchEngine: () => SearchEngine;
  engines: SearchEngine[];
  /** The configuration with its session secret (see secret-key.ts); tests pass their own. */
  config: KeyedConfig;
  /** The time use cases work from when not given one; the system's unless a test sets it. */
  clock?: Clock;
}

export function createServices(deps: ServiceDependencies) {
  const { stores, config } = deps;
  const clock = deps.clock ?? systemClock;
  // Every link that leaves the site (mails, calendars, QR codes, share links) is built on BASE_URL.
  const links = publicLinks(config.baseUrl);
  const settings = {
    sessionSecret: config.sessionSecret,
    production: config.production,
    baseUrl: config.baseUrl,
    trustProxy: config.trustProxy,
    links,
    operator: config.operator,
    defaultPlace: config.defaultPlace,
    embedAllowedOrigins: config.embedAllowedOrigins,
    referralRetentionDays: config.referralRetentionDays,
  };
  const mailer = createMailer(stores, config);
  const rateLimits = createRateLimits(stores, config.sessionSecret);
  const activityDetails = createActivityDetails(stores, clock);
  const listingsEditor = createListingsEditor(stores, clock);
  const searchDirectory = createSearchDirectory(stores, deps.searchEngine, clock);
  const handouts = createHandouts(stores, activityDetails, settings, clock);
  return {
    settings,
    searchDirectory,
    whatsOn: createWhatsOn(stores, searchDirectory, clock),
    activityDetails,
    openReferral: createOpenReferral(stores, deps.searchEngine, clock),
    health: createHealth(stores, deps.engines),
    isSampleData: sampleDataFlag(stores),
    /** The pool the session store shares with the stores, so sessions live in the same database. */
    sessionPool: stores.sessionPool,
    // Community groups and stewards: accounts, the editor, moderation, organisation profiles, freshness.
    mailer,
    rateLimits,
    accounts: createAccounts(stores, mailer, settings, { rateLimits, clock }),
    listingsEditor,
    moderation: createModeration(stores, listingsEditor, mailer, links, clock),
    feedback: createFeedback(stores),
    organisations: createOrganisations(stores),
    freshness: createFreshness(stores, mailer, settings, clock),
    // Link workers: calendars, shortlist handouts and their share links, referral counts and reports.
    calendars: createCalendars(stores, links, clock),
    handouts,
    // Sending the handout to the person by email (mail outbox) or text message (GOV.UK Notify).
    handoutMessages: createHandoutMessages(
      stores,
      handouts,
      mailer,
      createNotifySender(config.notify),
      clock,
    ),
    referrals: createReferrals(stores, clock),
    // The referral loop: "someone would like to come", sealed details, the group's inbox and the reminders.
    referralRequests: createReferralRequests(
      stores,
      mailer,
      { referralKey: config.referralKey, dataDir: config.dataDir, links },
      clock,
    ),
    reports: createReports(stores, clock),
    savedLists: createSavedLists(stores, clock),
    // Registered feeds, synced on schedule by the feed-sync job.
    feeds: createFeeds(stores, clock),
    // The same activity from two sources: possible duplicates for stewards, merged pairs to split.
    duplicates: createDuplicates(stores, clock),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Whether the directory holds the sample listings: asked on every page, so read at most once a minute. */
function sampleDataFlag(stores: Pick<Stores, 'directory'>): () => Promise<boolean> {
  let known: { value: boolean; at: number } | null = null;
  return async () => {
    if (known && Date.now() - known.at < 60_000) return known.value;
    known = { value: await stores.directory.holdsSampleData(), at: Date.now() };
    return known.value;
  };
}
