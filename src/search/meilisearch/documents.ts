// Search documents for Meilisearch, read from Postgres (the source of truth), and the exact next
// session for a page of hits.
//
// One document per activity. `_geo` is its first physical location (by location id, as the Postgres
// engine's unfiltered results show it) and `locations` lists them all; a radius search therefore
// matches a several-venue activity by its first venue only. Service areas become a bounding box
// (`area_min_lat`…), since Meilisearch filters geography by a document's `_geo` point alone.
import { timesFromDescriptionSql } from '../described-times.js';
import { DateTime } from 'luxon';
import { townOf } from '../../domain/place.js';
import { plainText } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import type { Queryable } from '../../db/queryable.js';
import { overlapsWindowSql, PARTS_OF_DAY } from '../../domain/time-rules.js';
import { coveredAreaNameSql } from '../covered-area.js';
import type { SearchQuery } from '../engine.js';
import { homeWaysSql } from '../from-home.js';
import { sessionSlots, type SessionSlots } from './session-slots.js';

const ZONE = 'Europe/London';

export interface ActivityDocument extends SessionSlots {
  /** Meilisearch ids allow only [A-Za-z0-9_-]; HSDS ids are any text, so they are encoded. */
  doc_id: string;
  id: string;
  name: string;
  organization_name: string | null;
  description: string;
  needs: string[];
  activity_types: string[];
  suitability: string[];
  term_names: string[];
  term_synonyms: string[];
  /** Every term and taxonomy the listing carries (imported ones too), for the API's taxonomy filters. */
  term_ids: string[];
  taxonomy_ids: string[];
  organization_id: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  /** Epoch milliseconds of the listing's last change. */
  modified_at: number;
  status: string;
  /** 0 active, 1 temporarily closed: sorts open activities first. */
  status_rank: number;
  is_free: boolean;
  is_online: boolean;
  lowest_price: number | null;
  cost_description: string | null;
  /** Ways to take part from home (HomeWay codes). */
  from_home: string[];
  _geo?: { lat: number; lng: number };
  location_name: string | null;
  locations: { lat: number; lng: number; name: string | null; town: string | null }[];
  area_name: string | null;
  area_min_lat: number | null;
  area_max_lat: number | null;
  area_min_lng: number | null;
  area_max_lng: number | null;
  assured_date: string | null;
  /** yyyymmdd, sortable. */
  assured_day: number | null;
  /** Epoch milliseconds of the next session when indexed, for "soonest first". */
  next_session_at: number | null;
  /** The times were read from the description and nobody has confirmed them. */
  times_from_description: boolean;
}

export function documentId(serviceId: string): string {
  return Buffer.from(serviceId, 'utf8').toString('base64url');
}

interface ServiceRow {
  id: string;
  name: string;
  organization_id: string | null;
  organization_name: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  modified_at: Date;
  description: string | null;
  status: string;
  is_free: boolean;
  is_online: boolean;
  lowest_price: string | null;
  cost_description: string | null;
  from_home: string[];
  assured_date: string | null;
  times_from_description: boolean;
  terms: { id: string; taxonomy_id: string; code: string | null; name: string; synonyms: string[] }[];
  locations: {
    lat: number;
    lng: number;
    name: string | null;
    city: string | null;
    postcode: string | null;
  }[];
  area_name: string | null;
  area_min_lat: number | null;
  area_max_lat: number | null;
  area_min_lng: number | null;
  area_max_lng: number | null;
}

interface OccurrenceRow {
  service_id: string;
  starts_at: Date;
  local_date: string;
  iso_dow: number;
  start_minute: number;
  end_minute: number | null;
}

const SERVICES_SQL = `
  SELECT s.id, s.name, s.organization_id, o.name AS organization_name, s.minimum_age, s.maximum_age,
    coalesce(s.last_modified, s.updated_at) AS modified_at, s.description, s.status, s.is_free, s.is_online,
    s.assured_date::text AS assured_date, s.fees_description AS cost_description,
    ${homeWaysSql('s')} AS from_home, ${timesFromDescriptionSql('s')} AS times_from_description,
    (SELECT min(c.amount) FROM cost_option c WHERE c.service_id = s.id AND c.amount > 0) AS lowest_price,
    coalesce((
      SELECT json_agg(json_build_object('id', t.id, 'taxonomy_id', t.taxonomy_id, 'code', t.code, 'name', t.name,
        'synonyms', t.synonyms) ORDER BY t.name)
      FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
      WHERE a.link_entity = 'service' AND a.link_id = s.id), '[]') AS terms,
    coalesce((
      SELECT json_agg(json_build_object('lat', l.latitude, 'lng', l.longitude, 'name', l.name,
        'city', a.city, 'postcode', a.postal_code) ORDER BY l.id)
      FROM service_at_location sal JOIN location l ON l.id = sal.location_id
      LEFT JOIN LATERAL (SELECT city, postal_code FROM address a WHERE a.location_id = l.id ORDER BY a.id LIMIT 1) a
        ON true
      WHERE sal.service_id = s.id AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL), '[]') AS locations,
    ${coveredAreaNameSql('s')} AS area_name,
    areas.min_lat AS area_min_lat, areas.max_lat AS area_max_lat,
    areas.min_lng AS area_min_lng, areas.max_lng AS area_max_lng
  FROM service s
  LEFT JOIN organization o ON o.id = s.organization_id
  LEFT JOIN LATERAL (
    SELECT min(least(((box(sa.area))[0])[1], ((box(sa.area))[1])[1])) AS min_lat,
      max(greatest(((box(sa.area))[0])[1], ((box(sa.area))[1])[1])) AS max_lat,
      min(least(((box(sa.area))[0])[0], ((box(sa.area))[1])[0])) AS min_lng,
      max(greatest(((box(sa.area))[0])[0], ((box(sa.area))[1])[0])) AS max_lng
    FROM service_area sa WHERE sa.service_id = s.id AND sa.area IS NOT NULL) areas ON true
  WHERE s.id = ANY($1)`;

/** Documents for these activities; ids with no row any more are returned in `missing` (delete them). */
export async function loadDocuments(
  db: Queryable,
  serviceIds: string[],
  now: Date,
): Promise<{ documents: ActivityDocument[]; missing: string[] }> {
  if (serviceIds.length === 0) return { documents: [], missing: [] };
  const rows = (await db.query(SERVICES_SQL, [serviceIds])) as ServiceRow[];
  // From the start of today: filters ask for dates from today on, so earlier sessions today still count.
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
  const occurrences = (await db.query(
    `SELECT service_id, starts_at, local_date::text AS local_date, iso_dow, start_minute, end_minute
     FROM session_occurrence WHERE service_id = ANY($1) AND starts_at >= $2 ORDER BY service_id, starts_at`,
    [serviceIds, today],
  )) as OccurrenceRow[];
  const byService = new Map<string, OccurrenceRow[]>();
  for (const o of occurrences) {
    const list = byService.get(o.service_id) ?? [];
    list.push(o);
    byService.set(o.service_id, list);
  }
  const found = new Set(rows.map((r) => r.id));
  return {
    documents: rows.map((row) => toDocument(row, byService.get(row.id) ?? [], now)),
    missing: serviceIds.filter((id) => !found.has(id)),
  };
}

const NEEDS = vocabulary('needs').id;
const ACTIVITY_TYPES = vocabulary('activity-types').id;
const SUITABILITY = vocabulary('suitability').id;

function toDocument(row: ServiceRow, occurrences: OccurrenceRow[], now: Date): ActivityDocument {
  const codes = (taxonomyId: string) =>
    row.terms.filter((t) => t.taxonomy_id === taxonomyId && t.code).map((t) => t.code!);
  const first = row.locations[0];
  const next = occurrences.find((o) => new Date(o.starts_at) >= now);
  return {
    doc_id: documentId(row.id),
    id: row.id,
    name: row.name,
    organization_name: row.organization_name,
    description: plainText(row.description),
    needs: codes(NEEDS),
    activity_types: codes(ACTIVITY_TYPES),
    suitability: codes(SUITABILITY),
    term_names: row.terms.map((t) => t.name),
    term_synonyms: [...new Set(row.terms.flatMap((t) => t.synonyms ?? []))],
    term_ids: row.terms.map((t) => t.id),
    taxonomy_ids: [...new Set(row.terms.map((t) => t.taxonomy_id).filter(Boolean))],
    organization_id: row.organization_id,
    minimum_age: row.minimum_age,
    maximum_age: row.maximum_age,
    modified_at: new Date(row.modified_at).getTime(),
    status: row.status,
    status_rank: row.status === 'active' ? 0 : 1,
    is_free: row.is_free,
    is_online: row.is_online,
    lowest_price: row.lowest_price === null ? null : Number(row.lowest_price),
    cost_description: row.cost_description,
    from_home: row.from_home,
    ...(first ? { _geo: { lat: first.lat, lng: first.lng } } : {}),
    location_name: first?.name ?? null,
    locations: row.locations.map(({ city, postcode, ...venue }) => ({
      ...venue,
      town: townOf(city, postcode),
    })),
    area_name: row.area_name,
    area_min_lat: row.area_min_lat,
    area_max_lat: row.area_max_lat,
    area_min_lng: row.area_min_lng,
    area_max_lng: row.area_max_lng,
    assured_date: row.assured_date,
    assured_day: row.assured_date ? Number(row.assured_date.replaceAll('-', '')) : null,
    next_session_at: next ? new Date(next.starts_at).getTime() : null,
    times_from_description: row.times_from_description,
    ...sessionSlots(
      occurrences.map((o) => ({
        localDate: o.local_date,
        isoDow: o.iso_dow,
        startMinute: o.start_minute,
        endMinute: o.end_minute,
      })),
    ),
  };
}

/** Every activity id, in batches, for a full reindex. */
export async function allServiceIds(db: Queryable): Promise<string[]> {
  return ((await db.query('SELECT id FROM service ORDER BY id')) as { id: string }[]).map((r) => r.id);
}

/**
 * The next session of each hit that satisfies the query's time filters, exactly as the Postgres
 * engine computes it; one small query for a page of ids.
 */
export async function nextSessions(
  db: Queryable,
  serviceIds: string[],
  query: SearchQuery,
): Promise<Map<string, { start: Date; end: Date | null }>> {
  const result = new Map<string, { start: Date; end: Date | null }>();
  if (serviceIds.length === 0) return result;
  const values: unknown[] = [serviceIds, query.now];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const filters = ['o.service_id = ANY($1)', 'o.starts_at >= $2'];
  if (query.days.length) filters.push(`o.iso_dow = ANY(${add(query.days)}::int[])`);
  const overlap = (from: number, to: number) => overlapsWindowSql(`${add(from)}::int`, `${add(to)}::int`);
  if (query.partsOfDay.length) {
    filters.push(
      `(${query.partsOfDay.map((p) => overlap(PARTS_OF_DAY[p].from, PARTS_OF_DAY[p].to)).join(' OR ')})`,
    );
  }
  if (query.timeWindow) {
    filters.push(overlap(Math.round(query.timeWindow.from), Math.round(query.timeWindow.to)));
  }
  if (query.dateFrom) filters.push(`o.local_date >= ${add(query.dateFrom)}::date`);
  if (query.dateTo) filters.push(`o.local_date <= ${add(query.dateTo)}::date`);
  const rows = (await db.query(
    `SELECT DISTINCT ON (o.service_id) o.service_id, o.starts_at, o.ends_at FROM session_occurrence o
     WHERE ${filters.join(' AND ')} ORDER BY o.service_id, o.starts_at`,
    values,
  )) as { service_id: string; starts_at: Date; ends_at: Date | null }[];
  for (const row of rows) {
    result.set(row.service_id, {
      start: new Date(row.starts_at),
      end: row.ends_at ? new Date(row.ends_at) : null,
    });
  }
  return result;
}
