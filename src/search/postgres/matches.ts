// The SQL that decides what matches a query and how it scores, over search_entry.
import { overlapsWindowSql, partsOfDaySql, slotMaskFor } from '../../domain/time-rules.js';
import { vocabulary } from '../../domain/vocabulary.js';
import type { SearchQuery } from '../engine.js';
import { rankingTerms, TEXT_WEIGHT } from './ranking.js';

/** The words searched for: as typed, or corrected when they matched nothing. */
export interface Words {
  text: string | null;
  corrected: boolean;
}

/** Builds positional parameters as the query is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The SQL that decides what matches and how it scores. With `facets`, the need and day filters are
 * left out of the WHERE clause and returned as columns instead, so one pass can count every facet value.
 */
export function matchSql(query: SearchQuery, words: Words, p: Params, facets: boolean) {
  const ctes: string[] = [];
  // search_entry holds listed services only (active or temporarily closed).
  const where: string[] = [];
  const joins: string[] = [];
  const columns: string[] = [];
  const text = words.text;

  // Text: weighted full text (name > tags and synonyms > organisation and description); corrected words
  // (see search) count for half.
  let textScore = '0';
  let textJoin = '';
  if (text) {
    const tsquery = `websearch_to_tsquery('english', directory_unaccent(${p.add(text)}))`;
    ctes.push(`tsq AS (SELECT ${tsquery} AS query)`);
    textJoin = 'CROSS JOIN tsq';
    // Written out, not taken from tsq, so that the planner can use the text index and estimate from it.
    where.push(`s.search_vector @@ ${tsquery}`);
    textScore = `${words.corrected ? 0.5 : 1} * ts_rank_cd(s.search_vector, tsq.query, 32)`;
  }

  // Each service carries the ids of its terms: any chosen need or activity type will do; every chosen
  // suitability tag is required.
  const termIds = (taxonomy: 'needs' | 'activity-types' | 'suitability', codes: string[]) =>
    vocabulary(taxonomy)
      .terms.filter((t) => codes.includes(t.code))
      .map((t) => t.id);
  const needFilter = query.needs.length
    ? `s.term_ids && ${p.add(termIds('needs', query.needs))}::text[]`
    : 'true';
  if (facets) columns.push(`${needFilter} AS need_ok`, 's.term_ids');
  else if (query.needs.length) where.push(needFilter);
  if (query.activityTypes.length) {
    where.push(`s.term_ids && ${p.add(termIds('activity-types', query.activityTypes))}::text[]`);
  }
  if (query.suitability.length) {
    // An unknown tag can never be met: ask for it by an id no service has.
    const ids = query.suitability.map((code) => termIds('suitability', [code])[0] ?? `unknown:${code}`);
    where.push(`s.term_ids @> ${p.add(ids)}::text[]`);
  }
  if (query.freeOnly) where.push('s.is_free');
  // Filters on the sessions joined to a row, kept apart from the row's own filters.
  const joinedWhere: string[] = [];

  // Time: a session on a chosen day, overlapping a chosen part of the day or time window (a 09:00–17:00
  // drop-in suits someone free in the afternoon), within the chosen dates.
  // Added on first use only, like nowRef below: the slot-mask path never mentions it.
  let dayParam: string | null = null;
  const dayFilter = query.days.length ? () => `o.iso_dow = ANY(${(dayParam ??= p.add(query.days))})` : null;
  const otherSessionFilters: string[] = [];
  if (query.partsOfDay.length) {
    otherSessionFilters.push(partsOfDaySql(query.partsOfDay));
  }
  if (query.timeWindow) {
    otherSessionFilters.push(
      overlapsWindowSql(Math.round(query.timeWindow.from), Math.round(query.timeWindow.to)),
    );
  }
  if (query.dateFrom) otherSessionFilters.push(`o.local_date >= ${p.add(query.dateFrom)}::date`);
  if (query.dateTo) otherSessionFilters.push(`o.local_date <= ${p.add(query.dateTo)}::date`);
  const sessionFilters = () => (dayFilter ? [dayFilter(), ...otherSessionFilters] : otherSessionFilters);
  // Added on first use only: Postgres rejects a parameter that the statement never mentions.
  let nowParam: string | null = null;
  const nowRef = () => (nowParam ??= p.add(query.now));
  const nextMatching = (alias: string, owner: string) => `LEFT JOIN LATERAL (
    SELECT o.starts_at, o.ends_at FROM session_occurrence o
    WHERE o.service_id = ${owner} AND o.starts_at >= ${nowRef()}${sessionFilters()
      .map((f) => ` AND ${f}`)
      .join('')}
    ORDER BY o.starts_at LIMIT 1) ${alias} ON true`;

  // Days and parts of the day alone are answered from each service's slot mask; ranking then uses the
  // stored next session. Time windows and dates look at the sessions themselves.
  let rankSession = 's.next_session_at';
  const sessionsNeeded = query.timeWindow !== null || query.dateFrom !== null || query.dateTo !== null;
  const dayFacet: Record<number, string> = {};
  if (!sessionsNeeded) {
    const maskFor = (days: number[]) => p.add(slotMaskFor(days, query.partsOfDay));
    if (facets) {
      if (query.partsOfDay.length) where.push(`(s.slot_mask & ${maskFor([])}) <> 0`);
      columns.push(
        query.days.length ? `(s.slot_mask & ${maskFor(query.days)}) <> 0 AS day_ok` : 'true AS day_ok',
      );
      for (const day of [1, 2, 3, 4, 5, 6, 7]) dayFacet[day] = `(m.slot_mask & ${maskFor([day])}) <> 0`;
      columns.push('s.slot_mask');
    } else if (query.days.length || query.partsOfDay.length) {
      where.push(`(s.slot_mask & ${maskFor(query.days)}) <> 0`);
    }
  } else if (facets) {
    // Every weekday with a session that meets the other time filters, for the day counts.
    joins.push(`LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT o.iso_dow) AS days FROM session_occurrence o
      WHERE o.service_id = s.service_id AND o.starts_at >= ${nowRef()}${otherSessionFilters.map((f) => ` AND ${f}`).join('')}
      ) session_days ON true`);
    joinedWhere.push('session_days.days IS NOT NULL');
    columns.push('session_days.days AS session_days');
    columns.push(
      query.days.length
        ? `session_days.days && ${p.add(query.days)}::smallint[] AS day_ok`
        : 'true AS day_ok',
    );
    for (const day of [1, 2, 3, 4, 5, 6, 7]) dayFacet[day] = `${day} = ANY(m.session_days)`;
  } else {
    joins.push(nextMatching('matching', 's.service_id'));
    joinedWhere.push('matching.starts_at IS NOT NULL');
    rankSession = 'matching.starts_at';
  }

  const { soon, freshness, audience } = rankingTerms({
    rankSession,
    now: nowRef,
    text,
    suitability: query.suitability,
    param: (value) => p.add(value),
  });

  // One SELECT over search_entry (aliased s: a service, or one of its venues) per way of being placed.
  interface Placing {
    placement: string;
    /** Closeness, 0–1: local results by distance, a service covering the area mid-way, online after. */
    proximity: string;
    distance: string;
    areaName: string;
  }
  const select = (place: Placing) =>
    facets
      ? `s.service_id AS id, s.is_free, ${columns.join(', ')}`
      : `s.service_id AS id, s.name, ${place.distance} AS distance, ${place.areaName} AS area_name,
        ${place.placement} AS placement, ${rankSession} AS rank_session,
        (${TEXT_WEIGHT} * ${textScore} + ${place.proximity} + ${soon()} + ${freshness()} - ${audience()}
          - CASE WHEN s.status = 'active' THEN 0 ELSE 1 END)::double precision AS score`;
  const branch = (source: string, conditions: string[], place: Placing, distinctOn = '') =>
    `SELECT ${distinctOn} ${select(place)}
     FROM ${source} ${textJoin}
     ${joins.join('\n')}
     WHERE ${[...conditions, ...where, ...joinedWhere].join('\n AND ')}`;

  if (!query.near) {
    const unplaced: Placing = {
      placement: `CASE WHEN s.is_online THEN 'online' ELSE 'unplaced' END`,
      proximity: '0',
      distance: 'NULL::double precision',
      areaName: 'NULL::text',
    };
    ctes.push(`matches AS MATERIALIZED (${branch('search_entry s', ['s.primary_row'], unplaced)})`);
    return { ctes, nextMatching, dayFacet };
  }

  // Place: each service's nearest venue within the radius, else a service area covering the point, else
  // online. The venue index, the text index and the term index are all on search_entry, so the database
  // reads only the rows that meet every filter, never every service.
  const lat = p.add(query.near.latitude);
  const lng = p.add(query.near.longitude);
  const radius = p.add(query.radiusMetres);
  const centre = `ll_to_earth(${lat}, ${lng})`;
  // The straight line through the earth rather than the great circle: over a search radius they differ
  // by millimetres, and cube_distance is one C call where earth_distance is an SQL function per row.
  const distance = `cube_distance(s.earth, ${centre})`;
  const local: Placing = {
    placement: `'local'`,
    proximity: `1 - ${distance} / ${radius}`,
    distance,
    areaName: 'NULL::text',
  };
  const area: Placing = {
    placement: `'area'`,
    proximity: '0.5',
    distance: 'NULL::double precision',
    areaName: 'covering.name',
  };
  const online: Placing = { ...area, placement: `'online'`, proximity: '0.25', areaName: 'NULL::text' };
  const notNearby = 'NOT EXISTS (SELECT 1 FROM nearby WHERE nearby.id = s.service_id)';
  ctes.push(
    `nearby AS MATERIALIZED (
      ${branch(
        'search_entry s',
        [`earth_box(${centre}, ${radius}) @> s.earth`, `${distance} <= ${radius}`],
        local,
        'DISTINCT ON (s.service_id)',
      )}
      ORDER BY s.service_id, ${distance})`,
    `covering AS MATERIALIZED (
      SELECT service_id, min(name) AS name FROM service_area
      WHERE area @> point(${lng}, ${lat}) GROUP BY service_id)`,
    `matches AS MATERIALIZED (
      SELECT * FROM nearby
      UNION ALL
      ${branch('covering JOIN search_entry s ON s.service_id = covering.service_id AND s.primary_row', [notNearby], area)}
      UNION ALL
      ${branch(
        'search_entry s',
        [
          's.is_online',
          's.primary_row',
          notNearby,
          'NOT EXISTS (SELECT 1 FROM covering WHERE covering.service_id = s.service_id)',
        ],
        online,
      )})`,
  );
  return { ctes, nextMatching, dayFacet };
}
