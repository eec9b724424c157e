// Merging stored listings (the listing_merge table): candidates for the matcher found in SQL, the pairs it found,
// and what a merge does to the merged listing's row. What the matcher weighs is in domain/matching; the order of
// a merge (status, pair, search, audit) is in importer/merge-listings.ts.
import { returnedRows, type Queryable, type Transactional } from './queryable.js';
import { LISTED } from './oruk/selection.js';

export type MergeStatus = 'merged' | 'waiting' | 'kept-apart' | 'split';

/** A listing as the matcher compares it, with what decides which of two is kept. */
export interface MergeCandidate {
  id: string;
  name: string;
  organisation: string | null;
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  /** One of its sources, "kind address" ("feed https://…"); null when none is recorded. */
  sourceKey: string | null;
  /** Every source, as above. */
  sourceKeys: string[];
  /** Published by the group itself in the editor. */
  byGroup: boolean;
  /** The latest review date any source gives (YYYY-MM-DD), else the day it was last modified. */
  reviewedOn: string | null;
  createdAt: Date;
}

export interface ListingMergeRecord {
  id: string;
  keptServiceId: string;
  keptName: string;
  mergedServiceId: string;
  mergedName: string;
  score: number;
  verdict: 'certain' | 'uncertain';
  reasons: { field: string; outcome: string; weight: number; detail: string }[];
  held: string | null;
  status: MergeStatus;
  sourceStatus: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

// A postcode as letters and digits only; its district is all but the last three (the inward code).
const COMPACT = (column: string) => `upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g'))`;
const DISTRICT = (column: string) =>
  `CASE WHEN length(${COMPACT(column)}) >= 5 THEN left(${COMPACT(column)}, length(${COMPACT(column)}) - 3) ELSE ${COMPACT(column)} END`;

/**
 * How alike two names must be by trigrams (pg_trgm similarity) to be compared without sharing a district. At the
 * extension's default of 0.3 every "… Library" is alike every other: on the relevance bench's 4,274 library listings
 * the first 1,000 gave 45,898 pairs in 32 s; at 0.6, 472 pairs in 1.5 s, with the same pairs the matcher merged
 * among them (pairs of one district are compared whatever their names).
 */
export const NAME_ALIKE = 0.6;

/**
 * Blocking: for each of these listings (listed, not merged), the listed listings of other sources that share its
 * postcode district or whose name is alike by trigrams (NAME_ALIKE), and that no earlier decision already pairs with
 * it. Two listings are of other sources when no source of one is a source of the other.
 */
export async function mergeCandidatePairs(
  db: Transactional,
  serviceIds: string[],
  source: { kind: string; address: string } | null = null,
): Promise<{ a: string; b: string }[]> {
  if (serviceIds.length === 0) return [];
  // The `%` operator (and its index) reads the threshold from this setting: set for this transaction only.
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(NAME_ALIKE)]);
    return candidatePairsIn(tx, serviceIds, source);
  });
}

/**
 * `source`, when given, is the one every listing of the batch came from (the import's, or the editor's): the listings
 * it also gave are left out before any pair is formed, so a large import of one source compares its listings only
 * with other sources' (a single-source import of 20,000 listings in few districts formed millions of pairs first).
 */
async function candidatePairsIn(
  db: Queryable,
  serviceIds: string[],
  source: { kind: string; address: string } | null,
): Promise<{ a: string; b: string }[]> {
  const rows = (await db.query(
    `WITH mine AS (
       SELECT s.id, s.name FROM service s
       WHERE s.id = ANY($1) AND s.status IN ${LISTED}
         AND EXISTS (SELECT 1 FROM listing_source ls WHERE ls.service_id = s.id)
     ), others AS (
       SELECT s.id FROM service s
       WHERE s.status IN ${LISTED} AND EXISTS (SELECT 1 FROM listing_source ls WHERE ls.service_id = s.id)
         AND s.id NOT IN (SELECT ls.service_id FROM listing_source ls WHERE ls.kind = $2 AND ls.address = $3)
     ), mine_districts AS (
       SELECT DISTINCT sal.service_id AS id, ${DISTRICT('a.postal_code')} AS district
       FROM service_at_location sal JOIN address a ON a.location_id = sal.location_id
       WHERE sal.service_id IN (SELECT id FROM mine) AND coalesce(a.postal_code, '') <> ''
     ), other_districts AS (
       SELECT DISTINCT sal.service_id AS id, ${DISTRICT('a.postal_code')} AS district
       FROM others o JOIN service_at_location sal ON sal.service_id = o.id
       JOIN address a ON a.location_id = sal.location_id
       WHERE coalesce(a.postal_code, '') <> ''
     ), near AS (
       SELECT md.id AS a, od.id AS b FROM mine_districts md JOIN other_districts od ON od.district = md.district
     ), alike AS (
       SELECT m.id AS a, o.id AS b FROM mine m JOIN service o ON o.name % m.name
       WHERE o.id IN (SELECT id FROM others)
     ), pairs AS (
       SELECT a, b FROM near UNION SELECT a, b FROM alike
     )
     SELECT DISTINCT least(p.a, p.b) AS a, greatest(p.a, p.b) AS b
     FROM pairs p JOIN service o ON o.id = p.b
     WHERE p.a <> p.b AND o.status IN ${LISTED}
       AND EXISTS (SELECT 1 FROM listing_source ls WHERE ls.service_id = o.id)
       AND NOT EXISTS (
         SELECT 1 FROM listing_source x JOIN listing_source y ON y.kind = x.kind AND y.address = x.address
         WHERE x.service_id = p.a AND y.service_id = p.b)
       AND NOT EXISTS (
         SELECT 1 FROM listing_merge lm
         WHERE least(lm.kept_service_id, lm.merged_service_id) = least(p.a, p.b)
           AND greatest(lm.kept_service_id, lm.merged_service_id) = greatest(p.a, p.b))
       AND NOT EXISTS (SELECT 1 FROM listing_merge lm WHERE lm.merged_service_id IN (p.a, p.b) AND lm.status = 'merged')
     ORDER BY 1, 2`,
    [serviceIds, source?.kind ?? null, source?.address ?? null],
  )) as { a: string; b: string }[];
  return rows;
}

/** The listings as the matcher reads them: name, organiser, first venue, contacts, sources, review date. */
export async function mergeCandidates(db: Queryable, serviceIds: string[]): Promise<MergeCandidate[]> {
  if (serviceIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT s.id, s.name, o.name AS organisation, s.email, s.url, s.created_at,
       venue.address, venue.postal_code, venue.latitude, venue.longitude,
       (SELECT string_agg(p.number, ' ; ' ORDER BY p.id) FROM phone p
         WHERE p.service_id = s.id OR p.contact_id IN (SELECT c.id FROM contact c WHERE c.service_id = s.id)) AS phone,
       coalesce((SELECT array_agg(ls.kind || ' ' || ls.address ORDER BY ls.kind, ls.address)
         FROM listing_source ls WHERE ls.service_id = s.id), '{}') AS source_keys,
       (s.source = 'editor' OR EXISTS (
         SELECT 1 FROM listing_source ls WHERE ls.service_id = s.id AND ls.kind = 'editor')) AS by_group,
       greatest(
         (SELECT max(ls.reviewed_on) FROM listing_source ls WHERE ls.service_id = s.id),
         s.assured_date, (s.last_modified AT TIME ZONE 'Europe/London')::date)::text AS reviewed_on
     FROM service s
     LEFT JOIN organization o ON o.id = s.organization_id
     LEFT JOIN LATERAL (
       SELECT concat_ws(', ', nullif(a.address_1, ''), nullif(a.address_2, ''), nullif(a.city, '')) AS address,
         a.postal_code, l.latitude, l.longitude
       FROM service_at_location sal JOIN location l ON l.id = sal.location_id
       LEFT JOIN address a ON a.location_id = l.id
       WHERE sal.service_id = s.id AND l.location_type <> 'virtual'
       ORDER BY sal.id, a.id LIMIT 1
     ) venue ON true
     WHERE s.id = ANY($1)`,
    [serviceIds],
  )) as {
    id: string;
    name: string;
    organisation: string | null;
    email: string | null;
    url: string | null;
    created_at: Date;
    address: string | null;
    postal_code: string | null;
    latitude: number | null;
    longitude: number | null;
    phone: string | null;
    source_keys: string[];
    by_group: boolean;
    reviewed_on: string | null;
  }[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    organisation: row.organisation,
    address: row.address || null,
    postcode: row.postal_code,
    latitude: row.latitude,
    longitude: row.longitude,
    phone: row.phone,
    email: row.email,
    website: row.url,
    sourceKey: row.source_keys[0] ?? null,
    sourceKeys: row.source_keys,
    byGroup: row.by_group,
    reviewedOn: row.reviewed_on,
    createdAt: row.created_at,
  }));
}

/**
 * Takes the merged listing off the directory: its status becomes inactive, and the status it had is returned
 * (kept with the pair, for a split). From then on the trigger keeps it inactive.
 */
export async function unlistMergedListing(db: Queryable, serviceId: string): Promise<string | null> {
  const rows = await returnedRows<{ status: string }>(
    db,
    `UPDATE service s SET status = 'inactive', updated_at = now() FROM service before
     WHERE s.id = $1 AND before.id = s.id RETURNING before.status`,
    [serviceId],
  );
  return rows[0]?.status ?? null;
}

export interface NewListingMerge {
  keptServiceId: string;
  mergedServiceId: string;
  score: number;
  verdict: 'certain' | 'uncertain';
  reasons: unknown[];
  held: string | null;
  status: 'merged' | 'waiting';
  sourceStatus: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** Records a pair; false when the two are already paired (another import found them first). */
export async function insertListingMerge(db: Queryable, merge: NewListingMerge): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO listing_merge (kept_service_id, merged_service_id, score, verdict, reasons, held, status,
       source_status, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      merge.keptServiceId,
      merge.mergedServiceId,
      merge.score,
      merge.verdict,
      JSON.stringify(merge.reasons),
      merge.held,
      merge.status,
      merge.sourceStatus,
      merge.decidedBy,
      merge.decidedAt,
    ],
  )) as { id: string }[];
  return rows.length > 0;
}

/**
 * A steward's decision on a pair, from the status it must have now; the row as it was, or null when it is no
 * longer in that status (decided meanwhile). `kept` turns a waiting pair round when the other listing is kept.
 */
export async function decideListingMerge(
  db: Queryable,
  id: string,
  from: MergeStatus,
  to: MergeStatus,
  decidedBy: string,
  kept?: { keptServiceId: string; mergedServiceId: string; sourceStatus: string | null },
): Promise<ListingMergeRecord | null> {
  const rows = await returnedRows<{ id: string }>(
    db,
    `UPDATE listing_merge SET status = $3, decided_by = $4, decided_at = now(),
       kept_service_id = coalesce($5, kept_service_id), merged_service_id = coalesce($6, merged_service_id),
       source_status = CASE WHEN $5::text IS NULL THEN source_status ELSE $7 END
     WHERE id = $1 AND status = $2 RETURNING id`,
    [
      id,
      from,
      to,
      decidedBy,
      kept?.keptServiceId ?? null,
      kept?.mergedServiceId ?? null,
      kept?.sourceStatus ?? null,
    ],
  );
  return rows.length ? findListingMerge(db, id) : null;
}

/** After a split: the merged listing listed again, with the status its source last gave. */
export async function relistSplitListing(db: Queryable, serviceId: string, status: string): Promise<void> {
  await db.query(`UPDATE service SET status = $2, updated_at = now() WHERE id = $1`, [serviceId, status]);
}

const MERGE_COLUMNS = `lm.id::text, lm.kept_service_id, k.name AS kept_name, lm.merged_service_id, m.name AS merged_name,
  lm.score, lm.verdict, lm.reasons, lm.held, lm.status, lm.source_status, lm.decided_by, lm.decided_at, lm.created_at`;
const MERGE_FROM = `listing_merge lm JOIN service k ON k.id = lm.kept_service_id JOIN service m ON m.id = lm.merged_service_id`;

type MergeRow = {
  id: string;
  kept_service_id: string;
  kept_name: string;
  merged_service_id: string;
  merged_name: string;
  score: number;
  verdict: 'certain' | 'uncertain';
  reasons: ListingMergeRecord['reasons'];
  held: string | null;
  status: MergeStatus;
  source_status: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
};

const toRecord = (row: MergeRow): ListingMergeRecord => ({
  id: row.id,
  keptServiceId: row.kept_service_id,
  keptName: row.kept_name,
  mergedServiceId: row.merged_service_id,
  mergedName: row.merged_name,
  score: Number(row.score),
  verdict: row.verdict,
  reasons: row.reasons,
  held: row.held,
  status: row.status,
  sourceStatus: row.source_status,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  createdAt: row.created_at,
});

export async function findListingMerge(db: Queryable, id: string): Promise<ListingMergeRecord | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`SELECT ${MERGE_COLUMNS} FROM ${MERGE_FROM} WHERE lm.id = $1`, [
    id,
  ])) as MergeRow[];
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Pairs in one status: waiting ones oldest first, the others decided most recently first. */
export async function listingMergesIn(
  db: Queryable,
  status: MergeStatus,
  limit = 200,
): Promise<ListingMergeRecord[]> {
  const rows = (await db.query(
    `SELECT ${MERGE_COLUMNS} FROM ${MERGE_FROM} WHERE lm.status = $1 ${status === 'waiting' ? STILL_OPEN : ''}
     ORDER BY ${status === 'waiting' ? 'lm.created_at, lm.id' : 'lm.decided_at DESC NULLS LAST, lm.id DESC'}
     LIMIT $2`,
    [status, limit],
  )) as MergeRow[];
  return rows.map(toRecord);
}

/**
 * A waiting pair stops waiting while either listing is merged into another one (a steward merged it, or an import
 * did meanwhile): what it would decide is already decided. Splitting that merge brings the pair back.
 */
const STILL_OPEN = `AND NOT EXISTS (SELECT 1 FROM listing_merge other WHERE other.status = 'merged'
  AND other.merged_service_id IN (lm.kept_service_id, lm.merged_service_id))`;

/** The pairs a listing is in, kept or merged, in any status. */
export async function listingMergesOf(db: Queryable, serviceId: string): Promise<ListingMergeRecord[]> {
  const rows = (await db.query(
    `SELECT ${MERGE_COLUMNS} FROM ${MERGE_FROM} WHERE $1 IN (lm.kept_service_id, lm.merged_service_id)
     ORDER BY lm.created_at DESC, lm.id DESC`,
    [serviceId],
  )) as MergeRow[];
  return rows.map(toRecord);
}

/** The listing a merged listing now shows as: its kept listing, or that one's, if it was merged in turn. */
export async function keptListingOf(db: Queryable, serviceId: string): Promise<string | null> {
  const rows = (await db.query(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT kept_service_id, 1 FROM listing_merge WHERE merged_service_id = $1 AND status = 'merged'
       UNION ALL
       SELECT lm.kept_service_id, up.depth + 1 FROM listing_merge lm JOIN up ON lm.merged_service_id = up.id
       WHERE lm.status = 'merged' AND up.depth < 20
     )
     SELECT id FROM up ORDER BY depth DESC LIMIT 1`,
    [serviceId],
  )) as { id: string }[];
  return rows[0]?.id ?? null;
}
