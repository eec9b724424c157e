// The gazetteer: postcodes, postcode districts and place names with a centre point.
import type { Place, PlaceKind } from '../domain/place.js';
import type { Queryable } from './queryable.js';
import { insertRows } from './batch-insert.js';

export interface PlaceMergeCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

type Db = Queryable;

const PLACE_COLUMNS = [
  ['kind', 'text'],
  ['key', 'text'],
  ['name', 'text'],
  ['area', 'text'],
  ['latitude', 'double precision'],
  ['longitude', 'double precision'],
] as const;

export async function storePlaces(db: Db, places: Place[]): Promise<void> {
  const unique = [...new Map(places.map((p) => [`${p.kind}|${p.key}`, p])).values()];
  for (let i = 0; i < unique.length; i += 10000) {
    await insertRows(db, 'place', PLACE_COLUMNS, unique.slice(i, i + 10000), {
      key: ['kind', 'key'],
      update: true,
    });
  }
}

export async function findPlace(db: Db, kind: PlaceKind, key: string): Promise<Place | null> {
  const rows = (await db.query(
    'SELECT kind, key, name, area, latitude, longitude FROM place WHERE kind = $1 AND key = $2',
    [kind, key],
  )) as Place[];
  return rows[0] ?? null;
}

/** How far from a place's point (each way, a square) its postcodes are counted, and how far away a sector holding
 * them may be centred. */
const TOWN_RADIUS_METRES = 1500;
const SECTOR_REACH_METRES = 4000;

/**
 * Places whose name matches; "Clifton, Bristol" narrows by area (any word of it: "Clifton, Yorkshire" finds
 * North Yorkshire). Several places share most names, so the best-known comes first: the one that names the
 * most postcode districts, then, among those named by as many, the one with the most postcodes around its point
 * (a town of 45,000 before a village of the same name: Morley in Leeds before Morley in Derbyshire), then by area
 * alphabetically, so the same words always find the same place. The postcodes are counted from Code-Point Open,
 * through the sectors centred near the point (the sector's postcodes are a key range); without it they tie.
 */
export async function findPlacesByName(db: Db, name: string, area: string | null): Promise<Place[]> {
  return (await db.query(
    `WITH named AS (
       SELECT kind, key, name, area, latitude, longitude, postcode_districts, key = $1 AS exact FROM place
       WHERE kind = 'place' AND (key = $1 OR key LIKE $1 || ' | %')
         AND ($2::text IS NULL OR split_part(key, ' | ', 2) ~ ('(^| )' || $2))
     ),
     -- Only places tied with the first are counted, and only when there are several: the count breaks ties.
     tied AS (
       SELECT n.key FROM named n
       JOIN (SELECT exact, postcode_districts FROM named
             ORDER BY exact DESC, postcode_districts DESC NULLS LAST LIMIT 1) first
         ON n.exact = first.exact AND n.postcode_districts IS NOT DISTINCT FROM first.postcode_districts
       LIMIT 20
     ),
     contested AS (SELECT key FROM tied WHERE (SELECT count(*) FROM tied) > 1)
     SELECT n.kind, n.key, n.name, n.area, n.latitude, n.longitude, n.postcode_districts AS "postcodeDistricts"
     FROM named n
     LEFT JOIN LATERAL (
       SELECT sum(inside.postcodes) AS postcodes FROM place sector
       CROSS JOIN LATERAL (
         SELECT count(*) AS postcodes FROM place pc
         WHERE pc.kind = 'postcode'
           AND pc.key BETWEEN replace(sector.key, ' ', '') || 'AA' AND replace(sector.key, ' ', '') || 'ZZ'
           -- A square around the point: plain arithmetic, many times cheaper per postcode than a great circle.
           AND abs(pc.latitude - n.latitude) <= $4::float8 / 111320
           AND abs(pc.longitude - n.longitude) <= $4::float8 / (111320 * cos(radians(n.latitude)))
       ) inside
       WHERE n.key IN (SELECT key FROM contested) AND sector.kind = 'sector' AND sector.kind <> 'postcode'
         AND earth_box(ll_to_earth(n.latitude, n.longitude), $3) @> ll_to_earth(sector.latitude, sector.longitude)
     ) around ON true
     ORDER BY n.exact DESC, n.postcode_districts DESC NULLS LAST, around.postcodes DESC NULLS LAST, n.area, n.name
     LIMIT 10`,
    [name, area, SECTOR_REACH_METRES, TOWN_RADIUS_METRES],
  )) as Place[];
}

/** Near misses for a mistyped district or place, best first (postcodes are not in the trigram index). */
export async function similarPlaces(db: Db, kinds: PlaceKind[], key: string, limit = 3): Promise<Place[]> {
  return (await db.query(
    `SELECT kind, key, name, area, latitude, longitude FROM place
     WHERE kind = ANY($1) AND kind <> 'postcode' AND $2 <% key
     ORDER BY word_similarity($2, key) DESC, similarity($2, key) DESC, kind = 'outcode' DESC, name LIMIT $3`,
    [kinds, key, limit],
  )) as Place[];
}

/**
 * Upserts one batch and says what it did, set-based (no per-row SELECT): new rows, rows that differ, rows
 * already stored as given. With dryRun nothing is written but the counts are the same.
 */
export async function mergePlaces(
  db: Db,
  places: readonly Place[],
  options: { dryRun?: boolean } = {},
): Promise<PlaceMergeCounts> {
  const unique = [...new Map(places.map((p) => [`${p.kind}|${p.key}`, p])).values()];
  if (unique.length === 0) return { imported: 0, updated: 0, unchanged: 0 };
  const rows = (await db.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(kind text, key text, name text, area text,
         latitude float8, longitude float8, postcode_districts int)
     ),
     compared AS (
       SELECT i.*, p.key IS NULL AS is_new,
         p.key IS NOT NULL AND (p.name, p.area, p.latitude, p.longitude, p.postcode_districts)
           IS DISTINCT FROM (i.name, i.area, i.latitude, i.longitude, i.postcode_districts) AS is_changed
       FROM incoming i LEFT JOIN place p ON p.kind = i.kind AND p.key = i.key
     ),
     -- A data-modifying CTE runs to completion even though the SELECT below does not read it.
     written AS (
       INSERT INTO place (kind, key, name, area, latitude, longitude, postcode_districts)
       SELECT kind, key, name, area, latitude, longitude, postcode_districts FROM compared
       WHERE (is_new OR is_changed) AND NOT $2::boolean
       ON CONFLICT (kind, key) DO UPDATE SET name = EXCLUDED.name, area = EXCLUDED.area,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
         postcode_districts = EXCLUDED.postcode_districts
     )
     SELECT count(*) FILTER (WHERE is_new) AS imported, count(*) FILTER (WHERE is_changed) AS updated,
       count(*) FILTER (WHERE NOT is_new AND NOT is_changed) AS unchanged
     FROM compared`,
    [
      // JSON.stringify is native and several times faster than pg's per-element array encoding.
      JSON.stringify(
        unique.map((p) => ({
          kind: p.kind,
          key: p.key,
          name: p.name,
          area: p.area,
          latitude: p.latitude,
          longitude: p.longitude,
          postcode_districts: p.postcodeDistricts ?? null,
        })),
      ),
      options.dryRun ?? false,
    ],
  )) as PlaceMergeCounts[];
  const { imported, updated, unchanged } = rows[0];
  return { imported, updated, unchanged };
}

/**
 * Every postcode district ("BS5") and sector ("BS5 6") with its centre, the mean position of its postcodes,
 * from the postcodes stored. Rounded as postcodes are, so the same postcodes always give the same centres.
 */
export async function postcodeCentres(db: Db): Promise<Place[]> {
  return (await db.query(
    `SELECT DISTINCT ON (kind, key) kind, key, key AS name, NULL AS area,
       round(avg(latitude)::numeric, 6)::float8 AS latitude, round(avg(longitude)::numeric, 6)::float8 AS longitude
     FROM (
       -- A postcode's name is normalised "BS5 6XX": its district drops the last four characters, its sector two.
       SELECT 1 AS rank, 'outcode' AS kind, left(name, -4) AS key, latitude, longitude
       FROM place WHERE kind = 'postcode'
       UNION ALL
       SELECT 1, 'sector', left(name, -2), latitude, longitude FROM place WHERE kind = 'postcode'
       UNION ALL
       -- Central London's W1, SW1, EC1… are split into W1A…W1W (a district ending in a letter); people still
       -- say "W1", meaning all of them. E1 is a district of its own beside E1W, so a district comes first.
       SELECT 2, 'outcode', left(name, -5), latitude, longitude
       FROM place WHERE kind = 'postcode' AND right(left(name, -4), 1) BETWEEN 'A' AND 'Z'
     ) postcodes
     GROUP BY kind, key, rank
     ORDER BY kind, key, rank`,
  )) as Place[];
}

/** The places version of the database read: it moves when a gazetteer change commits (by trigger). */
export async function placesVersion(db: Db): Promise<string> {
  const rows = (await db.query('SELECT version FROM places_version')) as { version: number }[];
  return String(rows[0].version);
}

export async function countPlaces(db: Db): Promise<number> {
  const rows = (await db.query('SELECT count(*) AS n FROM place')) as { n: number }[];
  return rows[0].n;
}

export interface DistrictPostcodes {
  /** The local authority district's ONS code, as Code-Point gives it. */
  district: string;
  /** Every postcode position in it, [longitude, latitude], in postcode order. */
  points: [number, number][];
}

/**
 * The postcodes of the local authority district that holds the postcode nearest a point (a Code-Point postcode's
 * area is its district's ONS code; other gazetteers' town names are not districts), or null when no postcode
 * carries one. Read once per import: two scans are fine.
 */
export async function districtPostcodesAt(
  db: Db,
  latitude: number,
  longitude: number,
): Promise<DistrictPostcodes | null> {
  const rows = (await db.query(
    `WITH nearest AS (
       SELECT area FROM place WHERE kind = 'postcode' AND area ~ '^[EWSN][0-9]{8}$'
       ORDER BY (latitude - $1) ^ 2 + ((longitude - $2) * cos(radians($1))) ^ 2 LIMIT 1)
     SELECT p.area AS district, p.longitude, p.latitude FROM place p
     WHERE p.kind = 'postcode' AND p.area = (SELECT area FROM nearest) ORDER BY p.key`,
    [latitude, longitude],
  )) as { district: string; longitude: number; latitude: number }[];
  if (!rows.length) return null;
  return { district: rows[0].district, points: rows.map((r) => [r.longitude, r.latitude]) };
}
