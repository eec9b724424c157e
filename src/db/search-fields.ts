// Search fields kept on each service (flags, cost, audiences, terms and their text), from which a trigger keeps
// its search entries; and the upkeep of the search entries' indexes.
import type { EntityManager } from 'typeorm';
import type { Queryable } from './queryable.js';
import type { SessionSummaries } from './session-summaries.js';

// Set-based: each related table is read once for the whole batch, not once per service.
const SEARCH_FIELDS_SQL = `
  WITH terms AS (
    SELECT a.link_id AS id,
      string_agg(t.name || ' ' || array_to_string(t.synonyms, ' '), ' ' ORDER BY t.name) AS terms,
      array_agg(DISTINCT t.code ORDER BY t.code)
        FILTER (WHERE t.code IN ('women-only', 'men-only', 'young-people', 'lgbtq-friendly')) AS audiences,
      array_agg(DISTINCT t.id ORDER BY t.id) AS term_ids
    FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    WHERE a.link_entity = 'service' AND a.link_id = ANY($1)
    GROUP BY a.link_id
  ), costs AS (
    SELECT c.service_id AS id,
      bool_or(c.amount = 0 OR c.option ILIKE 'free%') AS any_free,
      bool_or(c.amount > 0) AS any_paid,
      min(c.amount) FILTER (WHERE c.amount > 0) AS lowest
    FROM cost_option c WHERE c.service_id = ANY($1) GROUP BY c.service_id
  ), venues AS (
    SELECT sal.service_id AS id,
      bool_or(l.location_type = 'virtual') AS virtual,
      bool_or(l.location_type = 'physical') AS physical
    FROM service_at_location sal JOIN location l ON l.id = sal.location_id
    WHERE sal.service_id = ANY($1) GROUP BY sal.service_id
  ), attending AS (
    SELECT sc.service_id AS id, bool_or(sc.attending_type ILIKE '%online%') AS online
    FROM schedule sc WHERE sc.service_id = ANY($1) GROUP BY sc.service_id
  ), derived AS (
    SELECT s.id,
      coalesce(terms.terms, '') AS terms,
      coalesce(terms.audiences, '{}') AS audiences,
      coalesce(terms.term_ids, '{}') AS term_ids,
      costs.lowest,
      CASE WHEN costs.id IS NOT NULL THEN coalesce(costs.any_free, false) AND NOT coalesce(costs.any_paid, false)
        ELSE coalesce(s.fees_description ILIKE 'free%' OR s.fees ILIKE 'free%', false) END AS is_free,
      coalesce(venues.virtual, false)
        OR (NOT coalesce(venues.physical, false) AND coalesce(attending.online, false)) AS is_online
    FROM service s
    LEFT JOIN terms ON terms.id = s.id
    LEFT JOIN costs ON costs.id = s.id
    LEFT JOIN venues ON venues.id = s.id
    LEFT JOIN attending ON attending.id = s.id
    WHERE s.id = ANY($1)
  )
  UPDATE service s SET
    is_free = d.is_free,
    is_online = d.is_online,
    lowest_price = d.lowest,
    audiences = d.audiences,
    term_ids = d.term_ids,
    search_terms = d.terms,
    next_session_at = CASE WHEN $2::boolean THEN summary.next_at ELSE s.next_session_at END,
    slot_mask = CASE WHEN $2::boolean THEN coalesce(summary.mask, 0) ELSE s.slot_mask END
  FROM derived d
  LEFT JOIN unnest($3::text[], $4::timestamptz[], $5::integer[]) AS summary(id, next_at, mask) ON summary.id = d.id
  WHERE s.id = d.id`;

// Search entries follow each service row by trigger (see the search-candidates migration); a venue that
// moved also moves for the other services held there, which this batch did not update.
const VENUE_SHARERS_SQL = `
  SELECT rebuild_search_entries(ARRAY(
    SELECT DISTINCT other.service_id
    FROM service_at_location mine JOIN service_at_location other ON other.location_id = mine.location_id
    WHERE mine.service_id = ANY($1) AND other.service_id <> ALL($1)))`;

/** Search text and flags; with session summaries, also each service's next session and slot mask. */
export async function refreshSearchFields(
  db: EntityManager,
  serviceIds: string[],
  sessions?: SessionSummaries,
): Promise<void> {
  await db.query(SEARCH_FIELDS_SQL, [
    serviceIds,
    sessions !== undefined,
    sessions?.ids ?? [],
    sessions?.nextAt ?? [],
    sessions?.masks ?? [],
  ]);
  await db.query(VENUE_SHARERS_SQL, [serviceIds]);
}

/**
 * The text and term indexes take new entries into a pending list (see the search-candidates migration),
 * quick to append to but read in full by every search that uses them; after a bulk change, merge it into
 * the index proper.
 */
export async function mergePendingSearchEntries(db: Queryable): Promise<void> {
  await db.query(
    `SELECT gin_clean_pending_list(i::regclass) FROM unnest(ARRAY['search_entry_vector_idx', 'search_entry_terms_idx', 'search_entry_name_vector_idx']) i`,
  );
}
