// Registered feeds (feed) and the listings each gave (feed_listing): what to read, when, the last run's outcome,
// and which listings a feed has stopped listing, for how many full syncs, and why they were withdrawn.
import type { Queryable } from './queryable.js';
import { returnedRows } from './queryable.js';

export interface FeedSettings {
  name: string;
  url: string;
  format: string;
  covers: string[];
  everyHours: number;
}

export interface FeedRecord extends FeedSettings {
  id: string;
  enabled: boolean;
  createdAt: Date;
  nextDueAt: Date;
  syncRequestedAt: Date | null;
  runningSince: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: 'succeeded' | 'incomplete' | 'failed' | null;
  lastOutcomeWords: string | null;
  lastSummary: string | null;
  lastFaults: number | null;
}

export interface FeedRunResult {
  outcome: 'succeeded' | 'incomplete' | 'failed';
  words: string;
  summary: string | null;
  faults: number;
  finishedAt: Date;
}

/** A listing of a feed that the feed has not listed lately, or that was withdrawn for it. */
export interface FeedListingState {
  serviceId: string;
  name: string | null;
  status: string | null;
  missedSyncs: number;
  missingSince: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

/** A sync left running this long counts as abandoned (its process died), so the feed can be synced again. */
const ABANDONED_AFTER = '3 hours';

const COLUMNS = `id::text, name, url, format, covers, every_hours, enabled, created_at, next_due_at,
  sync_requested_at, running_since, last_started_at, last_finished_at, last_outcome, last_outcome_words,
  last_summary, last_faults`;

interface FeedRow {
  id: string;
  name: string;
  url: string;
  format: string;
  covers: string[];
  every_hours: number;
  enabled: boolean;
  created_at: Date;
  next_due_at: Date;
  sync_requested_at: Date | null;
  running_since: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_outcome: FeedRecord['lastOutcome'];
  last_outcome_words: string | null;
  last_summary: string | null;
  last_faults: number | null;
}

const feedRecord = (row: FeedRow): FeedRecord => ({
  id: row.id,
  name: row.name,
  url: row.url,
  format: row.format,
  covers: row.covers,
  everyHours: row.every_hours,
  enabled: row.enabled,
  createdAt: row.created_at,
  nextDueAt: row.next_due_at,
  syncRequestedAt: row.sync_requested_at,
  runningSince: row.running_since,
  lastStartedAt: row.last_started_at,
  lastFinishedAt: row.last_finished_at,
  lastOutcome: row.last_outcome,
  lastOutcomeWords: row.last_outcome_words,
  lastSummary: row.last_summary,
  lastFaults: row.last_faults,
});

const isFeedId = (id: string) => /^\d{1,18}$/.test(id);

/** A new feed, due at once; null when a feed with this address is already registered. */
export async function insertFeed(db: Queryable, feed: FeedSettings): Promise<FeedRecord | null> {
  const rows = (await db.query(
    `INSERT INTO feed (name, url, format, covers, every_hours) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (url) DO NOTHING RETURNING ${COLUMNS}`,
    [feed.name, feed.url, feed.format, feed.covers, feed.everyHours],
  )) as FeedRow[];
  return rows[0] ? feedRecord(rows[0]) : null;
}

/**
 * Changes a feed's settings; a new interval counts from the last run. 'taken' when another feed has the address.
 */
export async function updateFeed(
  db: Queryable,
  id: string,
  feed: FeedSettings,
): Promise<'updated' | 'missing' | 'taken'> {
  if (!isFeedId(id)) return 'missing';
  const other = (await db.query(`SELECT id::text FROM feed WHERE url = $1 AND id <> $2`, [feed.url, id])) as {
    id: string;
  }[];
  if (other.length) return 'taken';
  const rows = await returnedRows(
    db,
    `UPDATE feed SET name = $2, url = $3, format = $4, covers = $5, every_hours = $6,
            next_due_at = coalesce(last_started_at + make_interval(hours => $6), now())
      WHERE id = $1 RETURNING id`,
    [id, feed.name, feed.url, feed.format, feed.covers, feed.everyHours],
  );
  return rows.length ? 'updated' : 'missing';
}

export async function findFeed(db: Queryable, id: string): Promise<FeedRecord | null> {
  if (!isFeedId(id)) return null;
  const rows = (await db.query(`SELECT ${COLUMNS} FROM feed WHERE id = $1`, [id])) as FeedRow[];
  return rows[0] ? feedRecord(rows[0]) : null;
}

export async function findFeedByUrl(db: Queryable, url: string): Promise<FeedRecord | null> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM feed WHERE url = $1`, [url])) as FeedRow[];
  return rows[0] ? feedRecord(rows[0]) : null;
}

export async function listFeeds(db: Queryable): Promise<FeedRecord[]> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM feed ORDER BY lower(name), id`)) as FeedRow[];
  return rows.map(feedRecord);
}

/** Pauses or resumes a feed; resumed, it is due at once if its time passed while paused. */
export async function setFeedEnabled(db: Queryable, id: string, enabled: boolean): Promise<boolean> {
  if (!isFeedId(id)) return false;
  const rows = await returnedRows(db, `UPDATE feed SET enabled = $2 WHERE id = $1 RETURNING id`, [
    id,
    enabled,
  ]);
  return rows.length > 0;
}

/** "Sync now": the next run of the feed-sync job takes this feed first, whatever its due time. */
export async function requestFeedSync(db: Queryable, id: string, at: Date): Promise<boolean> {
  if (!isFeedId(id)) return false;
  const rows = await returnedRows(
    db,
    `UPDATE feed SET sync_requested_at = coalesce(sync_requested_at, $2) WHERE id = $1 RETURNING id`,
    [id, at],
  );
  return rows.length > 0;
}

/** Stops syncing a feed: the feed and its record of listings go, the listings stay in the directory. */
export async function removeFeed(db: Queryable, id: string): Promise<boolean> {
  if (!isFeedId(id)) return false;
  const rows = await returnedRows(db, `DELETE FROM feed WHERE id = $1 RETURNING id`, [id]);
  return rows.length > 0;
}

/**
 * Takes the feed to sync next, marking it running: one asked for with "Sync now", else the enabled feed longest
 * overdue; null when none is. A feed already running (here or on another instance) is left alone.
 */
export async function claimDueFeed(db: Queryable, now: Date): Promise<FeedRecord | null> {
  const rows = await returnedRows<FeedRow>(
    db,
    `UPDATE feed SET running_since = $1, last_started_at = $1, sync_requested_at = NULL
      WHERE id = (
        SELECT id FROM feed
         WHERE (sync_requested_at IS NOT NULL OR (enabled AND next_due_at <= $1))
           AND (running_since IS NULL OR running_since < $1::timestamptz - interval '${ABANDONED_AFTER}')
         ORDER BY sync_requested_at NULLS LAST, next_due_at
         LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now],
  );
  return rows[0] ? feedRecord(rows[0]) : null;
}

/** Takes one feed to sync now (the command's `sync`); null when there is no such feed or it is running. */
export async function claimFeed(db: Queryable, id: string, now: Date): Promise<FeedRecord | null> {
  if (!isFeedId(id)) return null;
  const rows = await returnedRows<FeedRow>(
    db,
    `UPDATE feed SET running_since = $2, last_started_at = $2, sync_requested_at = NULL
      WHERE id = $1
        AND (running_since IS NULL OR running_since < $2::timestamptz - interval '${ABANDONED_AFTER}')
      RETURNING ${COLUMNS}`,
    [id, now],
  );
  return rows[0] ? feedRecord(rows[0]) : null;
}

/** Records a run's outcome; the feed is next due its interval after the run started, whatever the outcome. */
export async function finishFeedRun(db: Queryable, id: string, result: FeedRunResult): Promise<void> {
  await db.query(
    `UPDATE feed SET running_since = NULL, last_finished_at = $2, last_outcome = $3, last_outcome_words = $4,
            last_summary = $5, last_faults = $6,
            next_due_at = coalesce(last_started_at, $2) + make_interval(hours => every_hours)
      WHERE id = $1`,
    [id, result.finishedAt, result.outcome, result.words, result.summary, result.faults],
  );
}

/**
 * After a full sync, which listings the feed lists: those it lists (and that are in the directory) are its listings,
 * their missed syncs cleared; each of its other listings not yet withdrawn has missed one more. Gives back the
 * withdrawn listings it lists again (with the status each had), and those missing, with their count so far.
 */
export async function recordFeedListing(
  db: Queryable,
  feedId: string,
  listedIds: string[],
  at: Date,
): Promise<{
  reappeared: { serviceId: string; statusBefore: string | null }[];
  missing: { serviceId: string; missedSyncs: number; missingSince: Date }[];
}> {
  await db.query(
    `INSERT INTO feed_listing (feed_id, service_id)
     SELECT $1, s.id FROM service s WHERE s.id = ANY($2::text[]) ON CONFLICT DO NOTHING`,
    [feedId, listedIds],
  );
  const reappeared = await returnedRows<{ service_id: string; status_before: string | null }>(
    db,
    `UPDATE feed_listing f SET missed_syncs = 0, missing_since = NULL, withdrawn_at = NULL, withdrawn_reason = NULL,
            status_before = NULL
       FROM feed_listing old
      WHERE f.feed_id = $1 AND f.service_id = ANY($2::text[]) AND (f.missed_syncs > 0 OR f.withdrawn_at IS NOT NULL)
        AND old.feed_id = f.feed_id AND old.service_id = f.service_id
      RETURNING f.service_id, CASE WHEN old.withdrawn_at IS NOT NULL THEN coalesce(old.status_before, 'active') END
        AS status_before`,
    [feedId, listedIds],
  );
  const missing = await returnedRows<{ service_id: string; missed_syncs: number; missing_since: Date }>(
    db,
    `UPDATE feed_listing SET missed_syncs = missed_syncs + 1, missing_since = coalesce(missing_since, $3)
      WHERE feed_id = $1 AND NOT (service_id = ANY($2::text[])) AND withdrawn_at IS NULL
        AND EXISTS (SELECT 1 FROM service s WHERE s.id = service_id)
      RETURNING service_id, missed_syncs, missing_since`,
    [feedId, listedIds, at],
  );
  return {
    reappeared: reappeared
      .filter((row) => row.status_before !== null)
      .map((row) => ({ serviceId: row.service_id, statusBefore: row.status_before })),
    missing: missing.map((row) => ({
      serviceId: row.service_id,
      missedSyncs: row.missed_syncs,
      missingSince: row.missing_since,
    })),
  };
}

/** Marks a listing withdrawn for the feed, with its reason; gives back the status it had (null: no such listing). */
export async function withdrawFeedListing(
  db: Queryable,
  feedId: string,
  serviceId: string,
  reason: string,
  at: Date,
): Promise<string | null> {
  const rows = await returnedRows<{ status_before: string }>(
    db,
    `UPDATE feed_listing f SET withdrawn_at = $4, withdrawn_reason = $3, status_before = s.status
       FROM service s
      WHERE f.feed_id = $1 AND f.service_id = $2 AND s.id = f.service_id AND f.withdrawn_at IS NULL
      RETURNING f.status_before`,
    [feedId, serviceId, reason, at],
  );
  return rows[0]?.status_before ?? null;
}

/** The feed's listings it has missed at least once or withdrew, withdrawn first, each with its name and status. */
export async function feedListingStates(db: Queryable, feedId: string): Promise<FeedListingState[]> {
  if (!isFeedId(feedId)) return [];
  const rows = (await db.query(
    `SELECT f.service_id, s.name, s.status, f.missed_syncs, f.missing_since, f.withdrawn_at, f.withdrawn_reason
       FROM feed_listing f LEFT JOIN service s ON s.id = f.service_id
      WHERE f.feed_id = $1 AND (f.missed_syncs > 0 OR f.withdrawn_at IS NOT NULL)
      ORDER BY f.withdrawn_at DESC NULLS LAST, s.name, f.service_id LIMIT 500`,
    [feedId],
  )) as {
    service_id: string;
    name: string | null;
    status: string | null;
    missed_syncs: number;
    missing_since: Date | null;
    withdrawn_at: Date | null;
    withdrawn_reason: string | null;
  }[];
  return rows.map((row) => ({
    serviceId: row.service_id,
    name: row.name,
    status: row.status,
    missedSyncs: row.missed_syncs,
    missingSince: row.missing_since,
    withdrawnAt: row.withdrawn_at,
    withdrawnReason: row.withdrawn_reason,
  }));
}

/** How many listings the feed has given the directory. */
export async function feedListingCount(db: Queryable, feedId: string): Promise<number> {
  if (!isFeedId(feedId)) return 0;
  const rows = (await db.query(`SELECT count(*)::int AS n FROM feed_listing WHERE feed_id = $1`, [
    feedId,
  ])) as {
    n: number;
  }[];
  return rows[0].n;
}
