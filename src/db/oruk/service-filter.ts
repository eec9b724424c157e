// The /services and /service_at_locations filters as SQL: text, taxonomy, organisation, place, day and time,
// age and modified date. Kept apart so that these searches can move to the search engine in one piece.
import { DAY_MINUTES, overlapsWindowSql } from '../../domain/time-rules.js';
import { LISTED, Params, type Selection } from './selection.js';

export interface Point {
  latitude: number;
  longitude: number;
}

export interface ServiceFilter {
  text: string | null;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  /** Services near here; with a radius only those with a location inside it (or an area covering it). */
  near: (Point & { radiusMetres: number | null }) | null;
  /** ISO weekdays, Monday = 1. */
  days: number[];
  /** A time window in minutes after midnight; a session overlapping it matches. */
  fromMinute: number | null;
  toMinute: number | null;
  /** YYYY-MM-DD: the service has a session on this day. */
  date: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  modifiedAfter: Date | null;
}

const earthPoint = (p: Params, point: Point) =>
  `ll_to_earth(${p.add(point.latitude)}, ${p.add(point.longitude)})`;

/** Conditions on a service aliased `s`; `located` says the caller filters by location itself. */
function serviceConditions(filter: ServiceFilter, p: Params, located = false): string[] {
  const where = [`s.status IN ${LISTED}`];
  if (filter.text) {
    where.push(
      `s.id IN (SELECT e.service_id FROM search_entry e
        WHERE e.search_vector @@ websearch_to_tsquery('english', directory_unaccent(${p.add(filter.text)})))`,
    );
  }
  if (filter.taxonomyTermId) {
    where.push(`EXISTS (SELECT 1 FROM attribute a WHERE a.link_entity = 'service' AND a.link_id = s.id
      AND a.taxonomy_term_id = ${p.add(filter.taxonomyTermId)})`);
  }
  if (filter.taxonomyId) {
    where.push(`EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
      WHERE a.link_entity = 'service' AND a.link_id = s.id AND t.taxonomy_id = ${p.add(filter.taxonomyId)})`);
  }
  if (filter.organizationId) where.push(`s.organization_id = ${p.add(filter.organizationId)}`);
  if (filter.near) {
    const near = filter.near;
    const lngLat = () => `point(${p.add(near.longitude)}, ${p.add(near.latitude)})`;
    if (near.radiusMetres !== null && !located) {
      const centre = earthPoint(p, near);
      const radius = p.add(near.radiusMetres);
      // One set, computed once through the location index, rather than a check per candidate service.
      where.push(`s.id IN (
          SELECT sal.service_id FROM location l JOIN service_at_location sal ON sal.location_id = l.id
          WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
            AND earth_box(${centre}, ${radius}) @> ll_to_earth(l.latitude, l.longitude)
            AND earth_distance(ll_to_earth(l.latitude, l.longitude), ${centre}) <= ${radius}
          UNION ALL
          SELECT a.service_id FROM service_area a WHERE a.area @> ${lngLat()})`);
    } else if (near.radiusMetres === null) {
      // A postcode alone rules out services whose mapped service areas all lie elsewhere.
      where.push(`(NOT EXISTS (SELECT 1 FROM service_area a WHERE a.service_id = s.id AND a.area IS NOT NULL)
        OR EXISTS (SELECT 1 FROM service_area a WHERE a.service_id = s.id AND a.area @> ${lngLat()}))`);
    }
  }
  const sessions: string[] = [];
  if (filter.days.length) sessions.push(`o.iso_dow = ANY(${p.add(filter.days)}::smallint[])`);
  if (filter.fromMinute !== null || filter.toMinute !== null) {
    sessions.push(overlapsWindowSql(p.add(filter.fromMinute ?? 0), p.add(filter.toMinute ?? DAY_MINUTES)));
  }
  if (filter.date) sessions.push(`o.local_date = ${p.add(filter.date)}::date`);
  else if (sessions.length) sessions.push(`o.local_date >= (now() AT TIME ZONE 'Europe/London')::date`);
  if (sessions.length) {
    where.push(
      `EXISTS (SELECT 1 FROM session_occurrence o WHERE o.service_id = s.id AND ${sessions.join(' AND ')})`,
    );
  }
  // Age filters describe a person (or an age band); a service matches when its eligible ages overlap it.
  if (filter.minimumAge !== null) {
    where.push(`(s.maximum_age IS NULL OR s.maximum_age >= ${p.add(filter.minimumAge)})`);
  }
  if (filter.maximumAge !== null) {
    where.push(`(s.minimum_age IS NULL OR s.minimum_age <= ${p.add(filter.maximumAge)})`);
  }
  if (filter.modifiedAfter) {
    where.push(`coalesce(s.last_modified, s.updated_at) >= ${p.add(filter.modifiedAfter.toISOString())}`);
  }
  return where;
}

export function serviceSelection(filter: ServiceFilter): Selection {
  const p = new Params();
  const where = serviceConditions(filter, p);
  const near = filter.near;
  // Nearest venue first, from the venue points kept with each listed service (search_entry): one index
  // lookup per service instead of a join through its locations with the distance worked out in SQL.
  const order = (q: Params) =>
    near
      ? `(SELECT min(cube_distance(e.earth, ${earthPoint(q, near)})) FROM search_entry e
      WHERE e.service_id = s.id) NULLS LAST, s.name, s.id`
      : 's.name, s.id';
  return { from: 'service s', id: 's.id', where, order, params: p };
}

export function serviceAtLocationSelection(filter: ServiceFilter): Selection {
  const p = new Params();
  const where = serviceConditions(filter, p, true);
  const near = filter.near;
  const distance = (q: Params, point: Point) =>
    `earth_distance(ll_to_earth(l.latitude, l.longitude), ${earthPoint(q, point)})`;
  if (near && near.radiusMetres !== null) {
    const radius = p.add(near.radiusMetres);
    where.push(`l.latitude IS NOT NULL AND l.longitude IS NOT NULL
      AND earth_box(${earthPoint(p, near)}, ${radius}) @> ll_to_earth(l.latitude, l.longitude)
      AND ${distance(p, near)} <= ${radius}`);
  }
  const order = (q: Params) =>
    near ? `${distance(q, near)} NULLS LAST, s.name, sal.id` : 's.name, l.name, sal.id';
  return {
    from: 'service_at_location sal JOIN service s ON s.id = sal.service_id JOIN location l ON l.id = sal.location_id',
    id: 'sal.id',
    where,
    order,
    params: p,
  };
}
