// The SQL that decides what matches a query and how it scores, over search_entry.
import { vocabulary } from '../../domain/vocabulary.js';
import type { SearchQuery } from '../engine.js';
import { homeWaysSql } from '../from-home.js';
import {
  FULL_BOOST_RELEVANCE,
  PLACE_WEIGHT,
  rankingTerms,
  textTerms,
  TEXT_WEIGHT,
  UNBOUNDED_HALF_METRES,
} from './ranking.js';
import { sessionSql, type Far } from './sessions.js';

/** The words searched for: as typed, or corrected when they matched nothing. */
export interface Words {
  text: string | null;
  corrected: boolean;
  /** Of a search too broad to score in full: its words found in few listings (quoted lexemes; see rareLexemes). */
  rare?: string[];
}

/** Builds positional parameters as the query is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface MatchOptions {
  /** Leave the need and day filters out of the WHERE clause and return them as columns instead, so one pass
   * can count every facet value. */
  facets?: boolean;
  /** Work out the score and the session it ranks by (not needed to order by name or distance). */
  scored?: boolean;
  /** Let the planner fold the matches into the statement that reads them once (an index can then give the
   * order), rather than computing them all first. */
  inline?: boolean;
  /** Sessions on dates past the expansion horizon, expanded for this search. */
  far?: Far | null;
  /**
   * Score only this many of the matches, and this many of the name matches, each taken in order of
   * quality from its index (a search too broad to score every match; see docs/ranking.md).
   */
  candidates?: number | null;
  /** Instead of what is found near the place: the matches that have no place at all (no venue, online place or
   * mapped area), which a search near a place with a radius leaves out. */
  unplaced?: boolean;
}

/** The SQL that decides what matches and how it scores. */
export function matchSql(
  query: SearchQuery,
  words: Words,
  p: Params,
  {
    facets = false,
    scored = true,
    inline = false,
    far = null,
    candidates = null,
    unplaced = false,
  }: MatchOptions = {},
) {
  const ctes: string[] = [];
  // search_entry holds listed services only (active or temporarily closed).
  const where: string[] = [];
  const joins: string[] = [];
  const columns: string[] = [];
  const text = words.text;
  const materialized = inline ? 'NOT MATERIALIZED' : 'MATERIALIZED';

  // Text: any of the meaningful words, scored by how many match and where (see textTerms); corrected words
  // (see search) count for half.
  let textScore: string | null = null;
  let textJoin = '';
  // The text condition as written into the statement (any of the words), and the same over another vector.
  let anyWord: string | null = null;
  let anyWordIn: ((vector: string) => string) | null = null;
  let allWordsIn: ((vector: string) => string) | null = null;
  if (text) {
    const terms = textTerms(text, (value) => p.add(value));
    ctes.push(terms.cte);
    // Worked out once per row, as it is read twice (the text term, and how far closeness and soonness count):
    // OFFSET 0 keeps the planner from copying the expression into both places.
    textJoin = `CROSS JOIN tsq CROSS JOIN LATERAL (SELECT ${words.corrected ? 0.5 : 1} * ${terms.score} AS relevance OFFSET 0) t`;
    where.push(terms.where);
    anyWord = terms.where;
    anyWordIn = terms.anyWordIn;
    allWordsIn = terms.allWordsIn;
    textScore = 't.relevance';
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
  if (query.termIds.length) where.push(`s.term_ids @> ${p.add(query.termIds)}::text[]`);
  for (const taxonomyId of query.taxonomyIds) {
    where.push(
      `s.term_ids && ARRAY(SELECT t.id FROM taxonomy_term t WHERE t.taxonomy_id = ${p.add(taxonomyId)})`,
    );
  }
  if (query.freeOnly) where.push('s.is_free');
  where.push(...recordFilters(query, p));
  // Added on first use only: Postgres rejects a parameter that the statement never mentions.
  let nowParam: string | null = null;
  const nowRef = () => (nowParam ??= p.add(query.now));
  const time = sessionSql(query, p, nowRef, { facets, scored, far });
  ctes.push(...time.ctes);
  where.push(...time.where);
  joins.push(...time.joins);
  columns.push(...time.columns);
  // Filters on the sessions joined to a row, kept apart from the row's own filters.
  const joinedWhere = time.joinedWhere;
  const { rankSession, nextMatching, sessionOf, dayFacet } = time;

  const { quality, audience } = rankingTerms({
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
        ${place.placement} AS placement, ${rankSession} AS rank_session, ${
          scored
            ? `(${textScore ? `${TEXT_WEIGHT} * ${textScore} + least(1, ${textScore} / ${FULL_BOOST_RELEVANCE}) * ` : ''}(${PLACE_WEIGHT} * (${place.proximity}) + ${quality()})
          - ${audience()} - CASE WHEN s.status = 'active' THEN 0 ELSE 1 END)::double precision`
            : '0::double precision'
        } AS score`;
  const branch = (
    source: string,
    conditions: string[],
    place: Placing,
    distinctOn = '',
    without: string | null = null,
    idsOnly = false,
  ) =>
    `SELECT ${distinctOn} ${idsOnly ? 's.service_id' : select(place)}
     FROM ${source} ${idsOnly ? '' : textJoin}
     ${joins.join('\n')}
     WHERE ${['true', ...conditions, ...where.filter((w) => w !== without), ...joinedWhere].join('\n AND ')}`;

  if (unplaced) {
    const nowhere: Placing = {
      placement: `'unplaced'`,
      proximity: '0',
      distance: 'NULL::double precision',
      areaName: 'NULL::text',
    };
    const placeless = ['s.primary_row', 's.earth IS NULL', 'NOT s.is_online', `NOT ${hasMappedArea}`];
    ctes.push(`matches AS ${materialized} (${branch('search_entry s', placeless, nowhere)})`);
    return { ctes, nextMatching, sessionOf, dayFacet };
  }

  if (!query.near) {
    const unplaced: Placing = {
      placement: `CASE WHEN s.is_online THEN 'online' ELSE 'unplaced' END`,
      proximity: '0',
      distance: 'NULL::double precision',
      areaName: 'NULL::text',
    };
    if (candidates) {
      // The best by quality from the quality index; the best name matches by quality (a name match scores
      // highest whatever its quality); and the best with every word, in the name and anywhere (a listing with all
      // the words outscores one with some, however many share one: "Stretford Library" among 4,000 libraries).
      // Each read in index order and stopped at the limit, ids only (nothing scored, no text term joined): only
      // the candidates chosen are scored.
      const best = (conditions: string[], without: string | null) =>
        `(${branch('search_entry s', conditions, unplaced, '', without, true)}
          ORDER BY s.quality DESC, s.service_id LIMIT ${p.add(candidates)})`;
      const tiers = [best(['s.primary_row'], null)];
      if (anyWord && anyWordIn && allWordsIn) {
        tiers.push(
          best(['s.primary_row', anyWordIn('s.name_vector')], anyWord),
          best(['s.primary_row', allWordsIn('s.name_vector')], anyWord),
          best(['s.primary_row', allWordsIn('s.search_vector')], anyWord),
        );
      }
      // Every listing with a rare word of the search ("Stretford" in "Stretford Library"): few enough to read all.
      if (anyWord && words.rare?.length) {
        tiers.push(
          best(['s.primary_row', `s.search_vector @@ ${p.add(words.rare.join(' | '))}::tsquery`], anyWord),
        );
      }
      ctes.push(
        `candidates AS MATERIALIZED (${tiers.join('\n UNION \n')})`,
        `matches AS MATERIALIZED (${branch(
          'candidates c JOIN search_entry s ON s.service_id = c.service_id AND s.primary_row',
          [],
          unplaced,
          '',
          // Every candidate matched the words already: reading them by id is enough.
          anyWord,
        )})`,
      );
    } else {
      ctes.push(`matches AS ${materialized} (${branch('search_entry s', ['s.primary_row'], unplaced)})`);
    }
    return { ctes, nextMatching, sessionOf, dayFacet };
  }

  // Place: each service's nearest venue within the radius, else a service area covering the point, else
  // online. The venue index, the text index and the term index are all on search_entry, so the database
  // reads only the rows that meet every filter, never every service.
  const lat = p.add(query.near.latitude);
  const lng = p.add(query.near.longitude);
  const radius = query.radiusMetres === null ? null : p.add(query.radiusMetres);
  const centre = `ll_to_earth(${lat}, ${lng})`;
  // The straight line through the earth rather than the great circle: over a search radius they differ
  // by millimetres, and cube_distance is one C call where earth_distance is an SQL function per row.
  const distance = `cube_distance(s.earth, ${centre})`;
  const local: Placing = {
    placement: `'local'`,
    // Without a radius, closeness halves at five miles.
    proximity: radius
      ? `1 - ${distance} / ${radius}`
      : `${UNBOUNDED_HALF_METRES} / (${UNBOUNDED_HALF_METRES} + ${distance})`,
    distance,
    areaName: 'NULL::text',
  };
  const area: Placing = {
    placement: `'area'`,
    proximity: '0.5',
    distance: 'NULL::double precision',
    areaName: 'covering.name',
  };
  const rest: Placing = {
    ...area,
    placement: `CASE WHEN s.is_online THEN 'online' ELSE 'unplaced' END`,
    proximity: `CASE WHEN s.is_online THEN 0.25 ELSE 0 END`,
    areaName: 'NULL::text',
  };
  const notNearby = 'NOT EXISTS (SELECT 1 FROM nearby WHERE nearby.id = s.service_id)';
  const notCovering = 'NOT EXISTS (SELECT 1 FROM covering WHERE covering.service_id = s.service_id)';
  // Without a radius every listing stays, but one whose mapped service areas all lie elsewhere does not serve
  // this place (Open Referral UK's reading of a postcode).
  const servesHere = `(NOT ${hasMappedArea} OR NOT ${notCovering})`;
  const venues = radius
    ? [`earth_box(${centre}, ${radius}) @> s.earth`, `${distance} <= ${radius}`]
    : ['s.earth IS NOT NULL', servesHere];
  // With a radius only online listings join those near the place (when asked for); without one, every other.
  const others = radius
    ? query.includeOnline
      ? ['s.is_online', 's.primary_row', notNearby, notCovering]
      : null
    : ['s.primary_row', notNearby, notCovering, servesHere];
  ctes.push(
    `covering AS MATERIALIZED (
      SELECT service_id, min(name) AS name FROM service_area
      WHERE area @> point(${lng}, ${lat}) GROUP BY service_id)`,
    `nearby AS MATERIALIZED (
      ${branch('search_entry s', venues, local, 'DISTINCT ON (s.service_id)')}
      ORDER BY s.service_id, ${distance})`,
    `matches AS ${materialized} (
      SELECT * FROM nearby
      UNION ALL
      ${branch('covering JOIN search_entry s ON s.service_id = covering.service_id AND s.primary_row', [notNearby], area)}
      ${others ? `UNION ALL ${branch('search_entry s', others, rest)}` : ''})`,
  );
  return { ctes, nextMatching, sessionOf, dayFacet };
}

/** Whether the service (search_entry s) has a service area with a shape a point can be tested against. */
const hasMappedArea =
  'EXISTS (SELECT 1 FROM service_area a WHERE a.service_id = s.service_id AND a.area IS NOT NULL)';

/** Conditions on the listing's own record (its organisation, ages, last change), asked of the service row. */
function recordFilters(query: SearchQuery, p: Params): string[] {
  const record: string[] = [];
  if (query.organizationId) record.push(`r.organization_id = ${p.add(query.organizationId)}`);
  // Ages describe a person or a band: a listing matches when its eligible ages overlap them.
  if (query.minimumAge !== null) {
    record.push(`(r.maximum_age IS NULL OR r.maximum_age >= ${p.add(query.minimumAge)})`);
  }
  if (query.maximumAge !== null) {
    record.push(`(r.minimum_age IS NULL OR r.minimum_age <= ${p.add(query.maximumAge)})`);
  }
  if (query.modifiedAfter) {
    record.push(`coalesce(r.last_modified, r.updated_at) >= ${p.add(query.modifiedAfter.toISOString())}`);
  }
  if (query.fromHome.length) record.push(`${homeWaysSql('r')} && ${p.add(query.fromHome)}::text[]`);
  return record.length
    ? [`EXISTS (SELECT 1 FROM service r WHERE r.id = s.service_id AND ${record.join(' AND ')})`]
    : [];
}
