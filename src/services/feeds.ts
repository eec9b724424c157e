// Registered feeds: live sources the directory pulls on a schedule (stewards manage them at /steward/feeds, and
// `npm run feeds`). A sync imports the feed as `npm run import` would; after a full sync (every page read) a listing
// the feed no longer lists has missed once, and after two missed syncs it is withdrawn (status inactive, with the
// reason kept and shown to stewards), never deleted; listed again, it comes back with the status it had.
import { DateTime } from 'luxon';
import type { FeedRecord, FeedSettings, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { FormError } from '../domain/form-error.js';
import { coverageArea } from '../geo/coverage-area.js';
import { DEFAULT_USER_AGENT } from '../importer/crawl/oruk-crawl.js';
import { fetchDocument } from '../importer/fetch-document.js';
import type { ImportReport } from '../importer/import-listings.js';
import { jsonRecords } from '../importer/json-records.js';
import { orukRecordConverter } from '../importer/oruk-v1.js';
import { runImport, summaryLine, type RunImportOptions } from '../importer/run-import.js';
import { logger } from '../logger.js';

export type { FeedListingState, FeedRecord, FeedSettings } from '../db/stores.js';

/** The formats a feed can have, as the form offers them. */
export const FEED_FORMATS = [
  { code: 'oruk', name: 'Open Referral UK 3.0 API', hint: 'A live API, read page by page (https://…/api)' },
  { code: 'oruk-v1', name: 'Open Referral UK v1 JSON', hint: 'One JSON document of services, fetched whole' },
] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number]['code'];

/** How often a feed can be synced, in hours. */
export const FEED_INTERVALS = [
  { hours: 6, name: 'Every 6 hours' },
  { hours: 12, name: 'Every 12 hours' },
  { hours: 24, name: 'Every day' },
  { hours: 168, name: 'Every week' },
] as const;

/** Full syncs in a row a listing must be missing from its feed before it is withdrawn. */
export const MISSES_BEFORE_WITHDRAWAL = 2;

export interface FeedRun {
  feed: string;
  outcome: 'succeeded' | 'incomplete' | 'failed';
  words: string;
  summary: string | null;
  withdrawn: number;
  back: number;
}

export interface FeedSyncOptions {
  /** How the sync names itself to the feeds it reads. */
  userAgent?: string;
}

const london = (at: Date) => DateTime.fromJSDate(at).setZone('Europe/London');
/** "3 December 2026". */
const longDate = (at: Date) => london(at).toFormat('d LLLL yyyy');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The reason a withdrawn listing carries: "No longer in Bristol Community Directory since 3 December 2026 (2 syncs)". */
export const withdrawalReason = (feedName: string, missingSince: Date, missedSyncs: number) =>
  `No longer in ${feedName} since ${longDate(missingSince)} (${plural(missedSyncs, 'sync')})`;

/** The feed faults a sync's report names ("feed fault: kind: N (…)"), added up. */
function faultCount(report: ImportReport): number {
  return (report.details ?? []).reduce((n, line) => {
    const found = /^feed fault: .*?: (\d+) \(/.exec(line);
    return n + (found ? Number(found[1]) : 0);
  }, 0);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createFeeds(stores: Stores, clock: Clock = systemClock, options: FeedSyncOptions = {}) {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  /** The settings' problems a form can show: an address taken, a place that cannot be outlined. */
  async function problems(settings: FeedSettings, id: string | null): Promise<FormError[]> {
    const errors: FormError[] = [];
    const other = await stores.feeds.findFeedByUrl(settings.url);
    if (other && other.id !== id)
      errors.push({ field: 'url', message: `This address is already registered, as ${other.name}` });
    for (const place of settings.covers) {
      try {
        await coverageArea(stores.places, place);
      } catch (error) {
        const why = errorText(error).replace(/^--covers "[^"]*": /, '');
        errors.push({ field: 'covers', message: `The area "${place}" cannot be used: ${why}` });
        break;
      }
    }
    return errors;
  }

  const audit = (user: UserAccount | null, action: string, feed: FeedRecord, after: object | null) =>
    stores.audit.recordAudit({
      user,
      actor: 'feeds command',
      action,
      entity: 'feed',
      entityId: feed.id,
      before: null,
      after: after as Record<string, unknown> | null,
    });

  /** Takes off the directory the listings missing from this many full syncs; brings back those listed again. */
  async function settleListing(
    feed: FeedRecord,
    listedIds: string[],
    changedIds: Set<string>,
  ): Promise<{ withdrawn: number; back: number }> {
    const at = clock.now();
    const { reappeared, missing } = await stores.feeds.recordFeedListing(feed.id, listedIds, at);
    let withdrawn = 0;
    for (const listing of missing) {
      if (listing.missedSyncs < MISSES_BEFORE_WITHDRAWAL) continue;
      const reason = withdrawalReason(feed.name, listing.missingSince, listing.missedSyncs);
      await stores.transaction(async (db) => {
        const before = await db.feeds.withdrawFeedListing(feed.id, listing.serviceId, reason, at);
        if (before === null) return;
        await db.services.setServiceStatus(listing.serviceId, 'inactive');
        await db.listings.refreshSessionsAndSearch([listing.serviceId], at);
        await db.searchOutbox.enqueueSearchChanges([listing.serviceId], 'upsert');
        await db.audit.recordAudit({
          user: null,
          actor: `feed sync: ${feed.name}`,
          action: 'withdrawn-from-feed',
          entity: 'service',
          entityId: listing.serviceId,
          before: { status: before },
          after: { status: 'inactive', reason },
        });
        withdrawn += 1;
      });
    }
    let back = 0;
    for (const listing of reappeared) {
      // Imported again in this sync, it already has the status the feed gives it.
      const status = changedIds.has(listing.serviceId) ? null : (listing.statusBefore ?? 'active');
      await stores.transaction(async (db) => {
        if (status) {
          await db.services.setServiceStatus(listing.serviceId, status);
          await db.listings.refreshSessionsAndSearch([listing.serviceId], at);
          await db.searchOutbox.enqueueSearchChanges([listing.serviceId], 'upsert');
        }
        await db.audit.recordAudit({
          user: null,
          actor: `feed sync: ${feed.name}`,
          action: 'back-in-feed',
          entity: 'service',
          entityId: listing.serviceId,
          before: { status: 'inactive' },
          after: { status: status ?? 'as the feed gives it', reason: null },
        });
        back += 1;
      });
    }
    return { withdrawn, back };
  }

  /** The service ids a v1 document gives, as its import reads them. */
  async function v1Ids(file: string): Promise<string[]> {
    const convert = orukRecordConverter();
    const ids: string[] = [];
    for await (const { value } of jsonRecords(file)) {
      try {
        const converted = convert(value);
        const id = 'listing' in converted ? converted.listing.service.id : converted.id;
        if (id) ids.push(id);
      } catch {
        // A record the import could not read is reported by the import.
      }
    }
    return ids;
  }

  /** One sync of a feed already marked running; its outcome is recorded whatever happens. */
  async function run(feed: FeedRecord): Promise<FeedRun> {
    let listed: string[] | null = null;
    let result: Omit<FeedRun, 'feed'>;
    try {
      const base: RunImportOptions = {
        format: feed.format,
        covers: feed.covers,
        sourceName: feed.name,
      };
      let report: ImportReport;
      if (feed.format === 'oruk') {
        report = await runImport(stores, feed.url, {
          ...base,
          crawl: { userAgent, onListing: (ids) => (listed = ids) },
        });
      } else {
        const { file, done } = await fetchDocument(feed.url, userAgent);
        try {
          report = await runImport(stores, file, { ...base, sourceAddress: feed.url });
          listed = await v1Ids(file);
        } finally {
          await done();
        }
      }
      const refused = report.rejections.filter((rejection) => rejection.wholeFile);
      if (refused.length) throw new Error(refused.flatMap((r) => r.reasons).join('; '));
      const faults = faultCount(report);
      const summary = `${summaryLine(report)}${faults ? `, feed faults ${faults}` : ''}`;
      if (listed === null) {
        result = {
          outcome: 'incomplete',
          words:
            'Partly synced: some of the feed could not be read. The rest is read at the next sync; nothing was withdrawn.',
          summary,
          withdrawn: 0,
          back: 0,
        };
      } else {
        const { withdrawn, back } = await settleListing(feed, listed, new Set(report.changedIds));
        const notes = [
          withdrawn ? `${plural(withdrawn, 'listing')} withdrawn` : '',
          back ? `${plural(back, 'listing')} back in the feed` : '',
        ].filter(Boolean);
        result = {
          outcome: 'succeeded',
          words: `Synced${notes.length ? `: ${notes.join(', ')}` : ''}`,
          summary,
          withdrawn,
          back,
        };
      }
    } catch (error) {
      logger.warn({ err: error, feed: feed.id }, 'feed sync failed');
      result = {
        outcome: 'failed',
        words: `Failed: ${errorText(error)}. Nothing was withdrawn; it is tried again at the next due time.`,
        summary: null,
        withdrawn: 0,
        back: 0,
      };
    }
    await stores.feeds.finishFeedRun(feed.id, {
      outcome: result.outcome,
      words: result.words,
      summary: result.summary,
      faults: result.summary ? Number(/feed faults (\d+)/.exec(result.summary)?.[1] ?? 0) : 0,
      finishedAt: clock.now(),
    });
    return { feed: feed.name, ...result };
  }

  return {
    list: () => stores.feeds.listFeeds(),
    find: (id: string) => stores.feeds.findFeed(id),
    /** The feed's listings missing from its last syncs or withdrawn, and how many listings it has given. */
    async listings(id: string) {
      return {
        states: await stores.feeds.feedListingStates(id),
        count: await stores.feeds.feedListingCount(id),
      };
    },

    async add(
      user: UserAccount | null,
      settings: FeedSettings,
    ): Promise<{ ok: true; feed: FeedRecord } | { ok: false; errors: FormError[] }> {
      const errors = await problems(settings, null);
      if (errors.length) return { ok: false, errors };
      const feed = await stores.feeds.insertFeed(settings);
      if (!feed)
        return { ok: false, errors: [{ field: 'url', message: 'This address is already registered' }] };
      await audit(user, 'add-feed', feed, { ...settings });
      return { ok: true, feed };
    },

    async change(
      user: UserAccount | null,
      feed: FeedRecord,
      settings: FeedSettings,
    ): Promise<{ ok: true } | { ok: false; errors: FormError[] } | { ok: false; missing: true }> {
      const errors = await problems(settings, feed.id);
      if (errors.length) return { ok: false, errors };
      const outcome = await stores.feeds.updateFeed(feed.id, settings);
      if (outcome === 'missing') return { ok: false, missing: true };
      if (outcome === 'taken')
        return { ok: false, errors: [{ field: 'url', message: 'This address is already registered' }] };
      await audit(user, 'change-feed', feed, { ...settings });
      return { ok: true };
    },

    async setEnabled(user: UserAccount | null, feed: FeedRecord, enabled: boolean): Promise<boolean> {
      if (!(await stores.feeds.setFeedEnabled(feed.id, enabled))) return false;
      await audit(user, enabled ? 'resume-feed' : 'pause-feed', feed, { enabled });
      return true;
    },

    /** "Sync now": queued for the feed-sync job, which runs within a minute. */
    async requestSync(user: UserAccount | null, feed: FeedRecord): Promise<boolean> {
      if (!(await stores.feeds.requestFeedSync(feed.id, clock.now()))) return false;
      await audit(user, 'sync-feed', feed, null);
      return true;
    },

    /** Stops syncing: the feed goes, its listings stay as they are. */
    async remove(user: UserAccount | null, feed: FeedRecord): Promise<boolean> {
      if (!(await stores.feeds.removeFeed(feed.id))) return false;
      await audit(user, 'remove-feed', feed, { name: feed.name, url: feed.url });
      return true;
    },

    /**
     * The feed-sync job: syncs the feeds that are due (and those asked for with "Sync now"), one at a time, until
     * none is left or the process stops. A failed sync is recorded as the feed's outcome and never thrown.
     */
    async syncDue(signal?: AbortSignal): Promise<{ synced: number; failed: number }> {
      let synced = 0;
      let failed = 0;
      while (!signal?.aborted) {
        const feed = await stores.feeds.claimDueFeed(clock.now());
        if (!feed) break;
        const done = await run(feed);
        synced += 1;
        if (done.outcome === 'failed') failed += 1;
      }
      return { synced, failed };
    },

    /** Syncs one feed at once (the command's `sync`); null when there is no such feed or it is already running. */
    async syncNow(id: string): Promise<FeedRun | null> {
      const feed = await stores.feeds.claimFeed(id, clock.now());
      return feed ? run(feed) : null;
    },
  };
}

export type Feeds = ReturnType<typeof createFeeds>;
