// Listings as a judge reads them when pooling: what it is, who runs it, where, when, cost and its words.
import type { DataSource } from 'typeorm';

export interface JudgedListing {
  id: string;
  source: string;
  status: string;
  name: string;
  organisation: string | null;
  /** Postcode and town of the first venue, or the area it covers, or null. */
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  online: boolean;
  /** Weekday and times of each schedule, e.g. "TU 14:00-16:00". */
  times: string[];
  cost: string;
  ages: string | null;
  terms: string[];
  /** Description as plain text, tags removed, spaces collapsed. */
  text: string;
}

const LISTING_SQL = `
  SELECT s.id, s.source, s.status, s.name, o.name AS organisation, s.is_online AS online,
         s.is_free, s.fees_description, s.lowest_price, s.minimum_age, s.maximum_age,
         ARRAY(SELECT coalesce(t.code, t.name) FROM taxonomy_term t WHERE t.id = ANY(s.term_ids) ORDER BY 1) AS terms,
         regexp_replace(regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g'), '\\s+', ' ', 'g') AS text,
         loc.latitude, loc.longitude,
         coalesce(loc.place, (SELECT string_agg(a.name, '; ') FROM service_area a WHERE a.service_id = s.id)) AS place,
         coalesce((SELECT array_agg(concat_ws(' ', coalesce(h.byday, h.freq), to_char(h.opens_at, 'HH24:MI') || '-' ||
                    to_char(h.closes_at, 'HH24:MI'))) FROM schedule h WHERE h.service_id = s.id), '{}') AS times
    FROM service s
    LEFT JOIN organization o ON o.id = s.organization_id
    LEFT JOIN LATERAL (
      SELECT l.latitude, l.longitude, concat_ws(', ', nullif(a.postal_code, ''), nullif(a.city, '')) AS place
        FROM service_at_location sl JOIN location l ON l.id = sl.location_id
        LEFT JOIN address a ON a.location_id = l.id
       WHERE sl.service_id = s.id ORDER BY sl.id LIMIT 1) loc ON true`;

interface ListingRow {
  id: string;
  source: string;
  status: string;
  name: string;
  organisation: string | null;
  online: boolean;
  is_free: boolean;
  fees_description: string | null;
  lowest_price: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  terms: string[];
  text: string;
  latitude: number | null;
  longitude: number | null;
  place: string | null;
  times: string[];
}

const toListing = (row: ListingRow): JudgedListing => ({
  id: row.id,
  source: row.source,
  status: row.status,
  name: row.name,
  organisation: row.organisation,
  place: row.place || null,
  latitude: row.latitude,
  longitude: row.longitude,
  online: row.online,
  times: row.times,
  cost: row.is_free
    ? 'free'
    : (row.fees_description ?? (row.lowest_price ? `from £${row.lowest_price}` : 'not stated')),
  ages:
    row.minimum_age !== null || row.maximum_age !== null
      ? `${row.minimum_age ?? ''}-${row.maximum_age ?? ''}`
      : null,
  terms: row.terms,
  text: row.text.trim(),
});

export async function readListings(db: DataSource, ids: string[]): Promise<Map<string, JudgedListing>> {
  const rows = (await db.query(`${LISTING_SQL} WHERE s.id = ANY($1)`, [ids])) as ListingRow[];
  return new Map(rows.map((row) => [row.id, toListing(row)]));
}

/**
 * Listings whose name, organisation or description holds any of the patterns (case-insensitive PostgreSQL
 * regular expressions). Near a point, only those within `metres` or without a venue (area-wide, online, and
 * unplaced records except those of the sources named in `farSources`).
 */
export async function grepListings(
  db: DataSource,
  patterns: string[],
  near: { latitude: number; longitude: number; metres: number } | null,
  farSources: string[],
  limit = 250,
): Promise<JudgedListing[]> {
  if (patterns.length === 0) return [];
  const rows = (await db.query(
    `SELECT * FROM (${LISTING_SQL}) x
      WHERE concat_ws(' ', x.name, x.organisation, x.text) ~* $1
        AND ($2::float8 IS NULL
             OR (x.latitude IS NULL AND (x.online OR x.place IS NOT NULL OR x.source <> ALL($5)))
             OR earth_distance(ll_to_earth(x.latitude, x.longitude), ll_to_earth($2, $3)) <= $4)
      ORDER BY x.name, x.id LIMIT $6`,
    [
      patterns.join('|'),
      near?.latitude ?? null,
      near?.longitude ?? null,
      near?.metres ?? null,
      farSources,
      limit,
    ],
  )) as ListingRow[];
  return rows.map(toListing);
}

/** The ids among those given that the directory does not hold (a judged listing gone from a feed). */
export async function missingListings(db: DataSource, ids: string[]): Promise<string[]> {
  const rows = (await db.query(`SELECT id FROM service WHERE id = ANY($1)`, [ids])) as { id: string }[];
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}
