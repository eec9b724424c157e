// Builds Meilisearch filter expressions from a SearchQuery. Values are always quoted and escaped:
// codes and text come from URLs and imported feeds.
import { isTimeFiltered, type SearchQuery } from '../engine.js';
import { weekdayBits, type FarSessions } from '../far-sessions.js';
import { bucketToken, candidateDates, partToken, windowBuckets } from './session-slots.js';

/** A filter value in double quotes, with `\` and `"` escaped as the filter syntax requires. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function finite(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}`);
  return String(value);
}

export function anyOf(attribute: string, values: readonly (string | number)[]): string {
  return `${attribute} IN [${values.map((v) => (typeof v === 'number' ? finite(v, attribute) : quote(v))).join(', ')}]`;
}

/** Listings people can still go to; withdrawn ones stay in the index but are never shown. */
export const VISIBLE = anyOf('status', ['active', 'temporarily closed']);

/** The bounding box of the listing's service areas holds the point. */
function areaHolds(lat: string, lng: string): string {
  return `(area_min_lat <= ${lat} AND area_max_lat >= ${lat} AND area_min_lng <= ${lng} AND area_max_lng >= ${lng})`;
}

/**
 * Near a point: a location within the radius, an area whose bounding box holds the point, or (when asked
 * for) online. Without a radius every listing is kept but one whose service areas lie elsewhere.
 */
export function nearFilter(
  point: { latitude: number; longitude: number },
  radiusMetres: number | null,
  includeOnline = true,
): string {
  const lat = finite(point.latitude, 'latitude');
  const lng = finite(point.longitude, 'longitude');
  if (radiusMetres === null) return `(area_min_lat IS NULL OR ${areaHolds(lat, lng)})`;
  const radius = finite(Math.round(radiusMetres), 'radius');
  const online = includeOnline ? ' OR is_online = true' : '';
  return `(_geoRadius(${lat}, ${lng}, ${radius})${online} OR ${areaHolds(lat, lng)})`;
}

/**
 * Sessions on a candidate date, in a chosen part of the day and / or overlapping the time window; or, on
 * dates past the indexed sessions, one of the activities whose sessions were expanded for this search.
 */
export function timeFilters(query: SearchQuery, far: FarSessions | null = null): string[] {
  if (!isTimeFiltered(query)) return [];
  // A listing closed for now has no session to go to, whatever its schedule says.
  const near = [`status = 'active'`, ...indexedTimeFilters(query)];
  if (!far) return near;
  const bits = weekdayBits(query.days);
  const ids = [...far].filter(([, session]) => (session.dayMask & bits) !== 0).map(([id]) => id);
  if (ids.length === 0) return near;
  return [`((${near.join(' AND ')}) OR ${anyOf('id', ids)})`];
}

function indexedTimeFilters(query: SearchQuery): string[] {
  const dates = candidateDates(query);
  // No date can match (e.g. a range in the past): a filter nothing satisfies.
  if (dates.length === 0) return ['session_dates = 0'];
  const filters: string[] = [];
  if (query.partsOfDay.length) {
    filters.push(
      anyOf(
        'session_parts',
        dates.flatMap((d) => query.partsOfDay.map((p) => partToken(d, p))),
      ),
    );
  }
  if (query.timeWindow) {
    const buckets = windowBuckets(query.timeWindow);
    filters.push(
      anyOf(
        'session_buckets',
        dates.flatMap((d) => buckets.map((b) => bucketToken(d, b))),
      ),
    );
  }
  if (filters.length === 0) filters.push(anyOf('session_dates', dates));
  return filters;
}

export type FacetName = 'needs' | 'free';

/** Every condition of the query, ANDed; `without` leaves one facet's own filter out. */
export function buildFilter(
  query: SearchQuery,
  without?: FacetName,
  far: FarSessions | null = null,
): string[] {
  const filters = [VISIBLE];
  if (query.needs.length && without !== 'needs') filters.push(anyOf('needs', query.needs));
  if (query.activityTypes.length) filters.push(anyOf('activity_types', query.activityTypes));
  for (const code of query.suitability) filters.push(`suitability = ${quote(code)}`);
  for (const id of query.termIds) filters.push(`term_ids = ${quote(id)}`);
  for (const id of query.taxonomyIds) filters.push(`taxonomy_ids = ${quote(id)}`);
  if (query.organizationId) filters.push(`organization_id = ${quote(query.organizationId)}`);
  // Ages describe a person or a band: a listing matches when its eligible ages overlap them.
  if (query.minimumAge !== null) {
    filters.push(`(maximum_age IS NULL OR maximum_age >= ${finite(query.minimumAge, 'minimum age')})`);
  }
  if (query.maximumAge !== null) {
    filters.push(`(minimum_age IS NULL OR minimum_age <= ${finite(query.maximumAge, 'maximum age')})`);
  }
  if (query.modifiedAfter) {
    filters.push(`modified_at >= ${finite(query.modifiedAfter.getTime(), 'modified after')}`);
  }
  if (query.freeOnly && without !== 'free') filters.push('is_free = true');
  if (query.fromHome.length) filters.push(anyOf('from_home', query.fromHome));
  if (query.near) filters.push(nearFilter(query.near, query.radiusMetres, query.includeOnline));
  filters.push(...timeFilters(query, far));
  return filters;
}
