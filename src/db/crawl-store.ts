// What a crawl of a live Open Referral UK 3.0 API keeps between runs (crawl_feed, crawl_page, crawl_service): the
// run in progress, so a crawl stopped part-way resumes where it was, and each service's content hash as last
// imported, so an unchanged record is neither fetched into the import nor stored again.
import type { Queryable } from './queryable.js';
import { returnedRows } from './queryable.js';

export interface CrawlFeedState {
  url: string;
  /** The run in progress, or null when the last one finished. */
  runStartedAt: Date | null;
  runSince: Date | null;
  lastRunStartedAt: Date | null;
  lastFinishedAt: Date | null;
  honoursModifiedAfter: boolean | null;
}

export interface CrawlRunCounts {
  /** Services listed in this run. */
  seen: number;
  /** Listed in this run, and the record fetched is the one last imported. */
  unchangedSeen: number;
  /** Imported by an earlier run and not listed in this one. */
  notSeen: number;
}

export async function crawlFeedState(db: Queryable, url: string): Promise<CrawlFeedState | null> {
  const rows = (await db.query(
    `SELECT url, run_started_at, run_since, last_run_started_at, last_finished_at, honours_modified_after
       FROM crawl_feed WHERE url = $1`,
    [url],
  )) as {
    url: string;
    run_started_at: Date | null;
    run_since: Date | null;
    last_run_started_at: Date | null;
    last_finished_at: Date | null;
    honours_modified_after: boolean | null;
  }[];
  const row = rows[0];
  return row
    ? {
        url: row.url,
        runStartedAt: row.run_started_at,
        runSince: row.run_since,
        lastRunStartedAt: row.last_run_started_at,
        lastFinishedAt: row.last_finished_at,
        honoursModifiedAfter: row.honours_modified_after,
      }
    : null;
}

/** Starts a new run: no page read yet, no service listed yet, nothing waiting to be imported. */
export async function startCrawlRun(
  db: Queryable,
  url: string,
  run: { startedAt: Date; since: Date | null; honoursModifiedAfter: boolean | null },
): Promise<void> {
  await db.query(
    `INSERT INTO crawl_feed (url, run_started_at, run_since, honours_modified_after) VALUES ($1, $2, $3, $4)
     ON CONFLICT (url) DO UPDATE SET run_started_at = EXCLUDED.run_started_at, run_since = EXCLUDED.run_since,
       honours_modified_after = EXCLUDED.honours_modified_after`,
    [url, run.startedAt, run.since, run.honoursModifiedAfter],
  );
  await db.query(`DELETE FROM crawl_page WHERE url = $1`, [url]);
  await db.query(
    `UPDATE crawl_service SET seen_in_run = false, fetched_hash = NULL, fetched_body = NULL
      WHERE url = $1 AND (seen_in_run OR fetched_body IS NOT NULL)`,
    [url],
  );
}

export async function crawledPages(db: Queryable, url: string): Promise<number[]> {
  const rows = (await db.query(`SELECT page FROM crawl_page WHERE url = $1`, [url])) as { page: number }[];
  return rows.map((row) => row.page);
}

export async function markPageCrawled(db: Queryable, url: string, page: number): Promise<void> {
  await db.query(`INSERT INTO crawl_page (url, page) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [url, page]);
}

/** The services already fetched in the run in progress. */
export async function servicesSeenInRun(db: Queryable, url: string): Promise<string[]> {
  const rows = (await db.query(`SELECT service_id FROM crawl_service WHERE url = $1 AND seen_in_run`, [
    url,
  ])) as { service_id: string }[];
  return rows.map((row) => row.service_id);
}

/**
 * Keeps a fetched record for the import, unless its hash is the one last imported; true when it is (unchanged).
 * The body is JSON text, stored as jsonb.
 */
export async function recordFetchedService(
  db: Queryable,
  url: string,
  serviceId: string,
  hash: string,
  body: string,
): Promise<boolean> {
  const rows = await returnedRows<{ unchanged: boolean }>(
    db,
    `INSERT INTO crawl_service AS c (url, service_id, fetched_hash, fetched_body, seen_in_run)
     VALUES ($1, $2, $3, $4::jsonb, true)
     ON CONFLICT (url, service_id) DO UPDATE SET fetched_hash = EXCLUDED.fetched_hash, seen_in_run = true,
       fetched_body = CASE WHEN c.stored_hash = EXCLUDED.fetched_hash THEN NULL ELSE EXCLUDED.fetched_body END
     RETURNING (c.stored_hash IS NOT DISTINCT FROM c.fetched_hash) AS unchanged`,
    [url, serviceId, hash, body],
  );
  return rows[0]?.unchanged ?? false;
}

/** The records fetched in this run and waiting to be imported, in id order, a batch at a time after `afterId`. */
export async function fetchedServiceBatch(
  db: Queryable,
  url: string,
  afterId: string | null,
  limit: number,
): Promise<{ serviceId: string; body: unknown }[]> {
  const rows = (await db.query(
    `SELECT service_id, fetched_body FROM crawl_service
      WHERE url = $1 AND fetched_body IS NOT NULL AND ($2::text IS NULL OR service_id > $2)
      ORDER BY service_id LIMIT $3`,
    [url, afterId, limit],
  )) as { service_id: string; fetched_body: unknown }[];
  return rows.map((row) => ({ serviceId: row.service_id, body: row.fetched_body }));
}

export async function crawlRunCounts(db: Queryable, url: string): Promise<CrawlRunCounts> {
  const rows = (await db.query(
    `SELECT count(*) FILTER (WHERE seen_in_run)::int AS seen,
            count(*) FILTER (WHERE seen_in_run AND fetched_body IS NULL AND fetched_hash = stored_hash)::int
              AS unchanged_seen,
            count(*) FILTER (WHERE NOT seen_in_run AND stored_hash IS NOT NULL)::int AS not_seen
       FROM crawl_service WHERE url = $1`,
    [url],
  )) as { seen: number; unchanged_seen: number; not_seen: number }[];
  const row = rows[0];
  return { seen: row.seen, unchangedSeen: row.unchanged_seen, notSeen: row.not_seen };
}

/**
 * After the import: the records imported become the ones last imported; a rejected record keeps no hash, so the
 * next run fetches it again (and reports it again).
 */
export async function settleImportedServices(
  db: Queryable,
  url: string,
  rejectedIds: string[],
): Promise<void> {
  await db.query(
    `UPDATE crawl_service
        SET stored_hash = CASE WHEN service_id = ANY($2::text[]) THEN NULL ELSE fetched_hash END,
            fetched_body = NULL
      WHERE url = $1 AND fetched_body IS NOT NULL`,
    [url, rejectedIds],
  );
}

/** The run read every page: the next one asks for what changed since this one started. */
export async function finishCrawlRun(db: Queryable, url: string): Promise<void> {
  await db.query(
    `UPDATE crawl_feed SET last_run_started_at = run_started_at, last_finished_at = now(),
            run_started_at = NULL, run_since = NULL
      WHERE url = $1 AND run_started_at IS NOT NULL`,
    [url],
  );
  await db.query(`DELETE FROM crawl_page WHERE url = $1`, [url]);
}
