// Where each listing came from (the listing_source table): written with every import batch, read by the
// activity page. The Open Referral API reads it in oruk/records.ts.
import type { ListingOrigin } from './listing.js';
import type { Queryable } from './queryable.js';

/** The editor's name for itself: a listing the group published. */
export const EDITOR_SOURCE_NAME = 'the group itself';

/**
 * Records each listing's origin in one statement. An origin whose content hash is the one stored keeps its
 * fetched time (the content is the same as when it arrived) and moves only its last-seen time to `seenAt`.
 */
export async function recordListingSources(
  db: Queryable,
  origins: { serviceId: string; origin: ListingOrigin }[],
  seenAt: Date,
): Promise<void> {
  if (origins.length === 0) return;
  const rows = origins.map(({ serviceId, origin }) => ({
    service_id: serviceId,
    kind: origin.kind,
    address: origin.address,
    name: origin.name,
    source_id: origin.sourceId,
    fetched_at: origin.fetchedAt,
    content_hash: origin.contentHash,
    reviewed_on: origin.reviewedOn,
  }));
  await db.query(
    `INSERT INTO listing_source AS s
       (service_id, kind, address, name, source_id, fetched_at, last_seen_at, content_hash, reviewed_on)
     SELECT service_id, kind, address, name, source_id, fetched_at, $2, content_hash, reviewed_on
     FROM jsonb_to_recordset($1::jsonb) AS x(service_id text, kind text, address text, name text, source_id text,
       fetched_at timestamptz, content_hash text, reviewed_on date)
     ORDER BY service_id, kind, address
     ON CONFLICT (service_id, kind, address) DO UPDATE SET
       name = EXCLUDED.name,
       source_id = EXCLUDED.source_id,
       fetched_at = CASE WHEN s.content_hash = EXCLUDED.content_hash THEN s.fetched_at ELSE EXCLUDED.fetched_at END,
       last_seen_at = EXCLUDED.last_seen_at,
       content_hash = EXCLUDED.content_hash,
       reviewed_on = EXCLUDED.reviewed_on`,
    [JSON.stringify(rows), seenAt.toISOString()],
  );
}

export interface ListingSourceRecord {
  kind: 'feed' | 'file' | 'editor';
  name: string;
  address: string;
  sourceId: string;
  fetchedAt: Date;
  lastSeenAt: Date;
  contentHash: string;
  /** YYYY-MM-DD */
  reviewedOn: string | null;
}

/**
 * A listing's sources, the one seen most recently first: its own and those of the listings merged into it
 * (listing_merge), each source once.
 */
export async function sourcesOf(db: Queryable, serviceId: string): Promise<ListingSourceRecord[]> {
  const rows = (await db.query(
    `WITH RECURSIVE listing(id, depth) AS (
       SELECT $1::text, 0
       UNION ALL
       SELECT lm.merged_service_id, listing.depth + 1 FROM listing_merge lm JOIN listing ON lm.kept_service_id = listing.id
       WHERE lm.status = 'merged' AND listing.depth < 20
     )
     SELECT * FROM (
       SELECT DISTINCT ON (kind, address)
         kind, name, address, source_id, fetched_at, last_seen_at, content_hash, reviewed_on::text AS reviewed_on
       FROM listing_source WHERE service_id IN (SELECT id FROM listing)
       ORDER BY kind, address, last_seen_at DESC
     ) sources ORDER BY last_seen_at DESC, kind, address`,
    [serviceId],
  )) as {
    kind: ListingSourceRecord['kind'];
    name: string;
    address: string;
    source_id: string;
    fetched_at: Date;
    last_seen_at: Date;
    content_hash: string;
    reviewed_on: string | null;
  }[];
  return rows.map((row) => ({
    kind: row.kind,
    name: row.name,
    address: row.address,
    sourceId: row.source_id,
    fetchedAt: row.fetched_at,
    lastSeenAt: row.last_seen_at,
    contentHash: row.content_hash,
    reviewedOn: row.reviewed_on,
  }));
}
