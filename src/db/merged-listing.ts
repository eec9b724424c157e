// A kept listing read together with the listings merged into it (listing_merge), field by field: for each field a
// link worker relies on, which listing gives the value. Worked out when a listing is read, for the activity page
// and the Open Referral API alike, so both show the same values; neither listing's row is written.
import type { Queryable } from './queryable.js';

/**
 * The fields composed from merged listings. `cost` is the cost options with the free-text fees together, `ages`
 * the minimum and maximum age together, `phones` the listing's own numbers (not its contacts'), `contacts` its
 * contacts with their numbers. Schedules, venues, areas and categories stay the kept listing's.
 */
export const MERGED_FIELDS = [
  'description',
  'email',
  'url',
  'phones',
  'cost',
  'application_process',
  'eligibility',
  'ages',
  'contacts',
] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

/** A listing merged into the kept one that gives it a field, and the name of that listing's source. */
export interface FieldDonor {
  serviceId: string;
  sourceName: string;
}

/** The fields a kept listing takes from listings merged into it; a field it gives itself is absent. */
export type FieldsFromMerged = Partial<Record<MergedField, FieldDonor>>;

/** One listing of a kept listing's group, as the rule compares them. */
export interface FieldCandidate {
  serviceId: string;
  /** 0 for the kept listing, 1 for a listing merged into it, 2 for one merged into that, and so on. */
  depth: number;
  sourceName: string;
  /** When its content last changed (see `fieldsFromMergedListings`). */
  asOf: Date;
  has: Record<MergedField, boolean>;
}

/**
 * The rule, for one field: the value comes from the listing whose content changed most recently among those that
 * have one; on the same time the kept listing's (then the nearer merge, then the lower id). So the kept listing's
 * value stands unless a merged listing's is newer, and a field the kept listing lacks comes from the newest merged
 * listing that has it.
 */
export function donorOf(field: MergedField, candidates: FieldCandidate[]): FieldCandidate | null {
  const having = candidates.filter((c) => c.has[field]);
  having.sort(
    (a, b) =>
      b.asOf.getTime() - a.asOf.getTime() || a.depth - b.depth || a.serviceId.localeCompare(b.serviceId),
  );
  return having[0] ?? null;
}

type CandidateRow = {
  kept_id: string;
  id: string;
  depth: number;
  source_name: string | null;
  as_of: Date;
} & Record<MergedField, boolean>;

/**
 * For each of these listings that others are merged into, the fields it takes from them. A listing's content last
 * changed, for the rule in `donorOf`:
 * - the group's own listing (published in the editor): when the group last published it, the latest `fetched_at`
 *   of its sources (a source's `fetched_at` moves only when what it gives changes);
 * - a feed's or file's listing: the record's own `last_modified` when the publisher gave one, never later than
 *   when the directory received that content (`fetched_at`), else that receipt time.
 * A listing with no recorded source counts from its row's last update. Review dates are not used: a review says
 * the record was checked, not which fields changed.
 */
export async function fieldsFromMergedListings(
  db: Queryable,
  serviceIds: string[],
): Promise<Map<string, FieldsFromMerged>> {
  const composed = new Map<string, FieldsFromMerged>();
  if (!serviceIds.length) return composed;
  const rows = (await db.query(
    `WITH RECURSIVE listing(kept_id, id, depth) AS (
       SELECT id, id, 0 FROM unnest($1::text[]) AS id
       UNION ALL
       SELECT listing.kept_id, lm.merged_service_id, listing.depth + 1
       FROM listing_merge lm JOIN listing ON lm.kept_service_id = listing.id
       WHERE lm.status = 'merged' AND listing.depth < 20
     )
     SELECT l.kept_id, l.id, l.depth, src.name AS source_name,
       CASE WHEN s.source = 'editor' OR src.by_group THEN coalesce(src.fetched_at, s.updated_at)
         ELSE coalesce(least(s.last_modified, src.fetched_at), s.updated_at) END AS as_of,
       nullif(btrim(s.description), '') IS NOT NULL AS description,
       nullif(btrim(s.email), '') IS NOT NULL AS email,
       nullif(btrim(s.url), '') IS NOT NULL AS url,
       EXISTS (SELECT 1 FROM phone p WHERE p.service_id = s.id) AS phones,
       (nullif(btrim(s.fees_description), '') IS NOT NULL
         OR EXISTS (SELECT 1 FROM cost_option c WHERE c.service_id = s.id)) AS cost,
       nullif(btrim(s.application_process), '') IS NOT NULL AS application_process,
       nullif(btrim(s.eligibility_description), '') IS NOT NULL AS eligibility,
       (s.minimum_age IS NOT NULL OR s.maximum_age IS NOT NULL) AS ages,
       EXISTS (SELECT 1 FROM contact c WHERE c.service_id = s.id) AS contacts
     FROM listing l
     JOIN service s ON s.id = l.id
     LEFT JOIN LATERAL (
       SELECT (array_agg(ls.name ORDER BY ls.last_seen_at DESC, ls.kind, ls.address))[1] AS name,
         max(ls.fetched_at) AS fetched_at, bool_or(ls.kind = 'editor') AS by_group
       FROM listing_source ls WHERE ls.service_id = s.id
     ) src ON true
     WHERE l.kept_id IN (SELECT kept_id FROM listing WHERE depth > 0)
     ORDER BY l.kept_id, l.depth, l.id`,
    [serviceIds],
  )) as CandidateRow[];
  const groups = new Map<string, FieldCandidate[]>();
  for (const row of rows) {
    const candidate: FieldCandidate = {
      serviceId: row.id,
      depth: row.depth,
      sourceName: row.source_name ?? 'another listing',
      asOf: new Date(row.as_of),
      has: Object.fromEntries(MERGED_FIELDS.map((field) => [field, row[field]])) as Record<
        MergedField,
        boolean
      >,
    };
    const group = groups.get(row.kept_id);
    if (group) group.push(candidate);
    else groups.set(row.kept_id, [candidate]);
  }
  for (const [keptId, candidates] of groups) {
    const fields: FieldsFromMerged = {};
    for (const field of MERGED_FIELDS) {
      const donor = donorOf(field, candidates);
      if (donor && donor.depth > 0)
        fields[field] = { serviceId: donor.serviceId, sourceName: donor.sourceName };
    }
    composed.set(keptId, fields);
  }
  return composed;
}
