// The embedded default engine: PostgreSQL full text + trigram similarity + earthdistance + occurrences.
import type { DataSource } from 'typeorm';
import { SESSION_END } from '../../db/derived-data.js';
import { summary } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import {
  PARTS_OF_DAY,
  type Facets,
  type PartOfDay,
  type Placement,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '../engine.js';

interface Row {
  id: string;
  name: string;
  description: string | null;
  status: string;
  organization_name: string | null;
  is_free: boolean;
  assured_date: string | null;
  lowest_price: string | null;
  distance: number | null;
  location_name: string | null;
  latitude: number | null;
  longitude: number | null;
  area_name: string | null;
  placement: Placement;
  starts_at: Date | null;
  ends_at: Date | null;
  score: number;
  total: number;
}

/** How much text relevance counts against closeness (0–1) in the ranking; see docs/ranking.md. */
const TEXT_WEIGHT = 1;
/** Groups for one audience only rank lower unless that audience is asked for. */
const RESTRICTED_AUDIENCES = ['women-only', 'men-only', 'young-people', 'lgbtq-friendly'];
const AUDIENCE_WORDS: Record<string, RegExp> = {
  'women-only': /\b(women|woman|ladies|female)/i,
  'men-only': /\b(men|man|male|lads|mens|men's)\b/i,
  'young-people': /\b(young|youth|teen)/i,
  'lgbtq-friendly': /\b(lgbt|gay|lesbian|trans|queer|rainbow)/i,
};

const PART_INDEX: Record<PartOfDay, number> = { morning: 0, afternoon: 1, evening: 2 };

/** The slot bits (see the search-ranking migration) for these days and parts of the day. */
export function slotMask(days: number[], parts: PartOfDay[]): number {
  const dayList = days.length ? days : [1, 2, 3, 4, 5, 6, 7];
  const partList = parts.length ? parts : (['morning', 'afternoon', 'evening'] as PartOfDay[]);
  let mask = 0;
  for (const day of dayList) for (const part of partList) mask |= 1 << ((day - 1) * 3 + PART_INDEX[part]);
  return mask;
}

/** The words searched for: as typed, or corrected when they matched nothing. */
interface Words {
  text: string | null;
  corrected: boolean;
}

/** Builds positional parameters as the query is assembled. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async health() {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'UP' as const };
    } catch (error) {
      return { status: 'DOWN' as const, details: { error: (error as Error).message } };
    }
  }

  /** Whether the words match any listing exactly (after stemming); if not, the search tolerates typos. */
  private async hasExactMatches(text: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT listings_match(websearch_to_tsquery('english', directory_unaccent($1))) AS found`,
      [text],
    )) as { found: boolean }[];
    return rows[0].found;
  }

  /**
   * The words corrected against the words of listed names and terms: each unknown word becomes one of its
   * three closest known words (closest first; on a tie, nearest in length, so "walkng" is "walking" before
   * "walk"). The best guesses are tried first, then each word's next guesses in turn, and the first
   * phrasing that matches a listing wins; null when none does.
   */
  private async correctSpelling(text: string): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `SELECT t.token,
         EXISTS (SELECT 1 FROM search_word w WHERE w.word = t.token) AS known,
         ARRAY(SELECT w.word FROM search_word w WHERE w.word % t.token
               ORDER BY w.word <-> t.token, abs(length(w.word) - length(t.token)), w.word LIMIT 3) AS guesses
       FROM regexp_split_to_table(lower(directory_unaccent($1)), '[^[:alnum:]]+') WITH ORDINALITY AS t(token, n)
       WHERE t.token <> '' ORDER BY t.n`,
      [text],
    )) as { token: string; known: boolean; guesses: string[] }[];
    // Known words stay, and so do short ones (of, a, to): too few letters to correct. A word with no
    // guess is left out.
    const options = rows.map((r) => (r.known || r.token.length < 3 ? [r.token] : r.guesses));
    if (options.every((choices, i) => choices.length === 1 && choices[0] === rows[i].token)) return null;
    const best = options.map((choices) => choices[0] ?? null);
    const phrasings = [best];
    options.forEach((choices, i) => {
      for (const next of choices.slice(1)) phrasings.push(best.map((word, j) => (j === i ? next : word)));
    });
    for (const phrasing of phrasings) {
      const corrected = phrasing.filter((word): word is string => word !== null).join(' ');
      if (corrected && (await this.hasExactMatches(corrected))) return corrected;
    }
    return null;
  }

  /**
   * The SQL that decides what matches and how it scores. With `facets`, the need and day filters are
   * left out of the WHERE clause and returned as columns instead, so one pass can count every facet value.
   */
  private matches(query: SearchQuery, words: Words, p: Params, facets: boolean) {
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
    const overlaps = (from: number, to: number) => `(o.start_minute < ${to} AND ${SESSION_END} > ${from})`;
    if (query.partsOfDay.length) {
      otherSessionFilters.push(
        `(${query.partsOfDay.map((part) => overlaps(PARTS_OF_DAY[part].from, PARTS_OF_DAY[part].to)).join(' OR ')})`,
      );
    }
    if (query.timeWindow) {
      otherSessionFilters.push(overlaps(Math.round(query.timeWindow.from), Math.round(query.timeWindow.to)));
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
      const maskFor = (days: number[]) => p.add(slotMask(days, query.partsOfDay));
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

    const soon = () => `CASE WHEN ${rankSession} IS NULL THEN 0
      WHEN ${rankSession} < ${nowRef()}::timestamptz + interval '7 days' THEN 0.3
      WHEN ${rankSession} < ${nowRef()}::timestamptz + interval '31 days' THEN 0.15 ELSE 0.05 END`;
    const freshness = () => `CASE WHEN s.assured_date IS NULL THEN -0.1
      WHEN s.assured_date >= (${nowRef()}::timestamptz - interval '6 months')::date THEN 0.1
      WHEN s.assured_date >= (${nowRef()}::timestamptz - interval '12 months')::date THEN 0 ELSE -0.3 END`;
    const unasked = RESTRICTED_AUDIENCES.filter(
      (code) => !query.suitability.includes(code) && !(text && AUDIENCE_WORDS[code].test(text)),
    );
    // Added on first use only (facet counts never score).
    let audienceParam: string | null = null;
    const audience = () =>
      unasked.length
        ? `CASE WHEN s.audiences && ${(audienceParam ??= p.add(unasked))}::text[] THEN 0.3 ELSE 0 END`
        : '0';

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

  /**
   * The words as typed first. Only when they find nothing, and match no listing anywhere, are they
   * corrected against the words of names and terms ("walkng" → "walking") and searched again; the result
   * says so. (A search that finds nothing here but would elsewhere is not a typo.)
   */
  async search(query: SearchQuery): Promise<SearchResult> {
    let words: Words = { text: query.text?.trim() || null, corrected: false };
    let found = await this.page(query, words);
    if (words.text && found.total === 0 && !(await this.hasExactMatches(words.text))) {
      const corrected = await this.correctSpelling(words.text);
      if (corrected !== null) {
        words = { text: corrected, corrected: true };
        found = await this.page(query, words);
      }
    }
    return {
      hits: found.rows.map((row) => this.toHit(row, query)),
      ...(query.withFacets ? { facets: await this.facets(query, words, found.total) } : {}),
      total: found.total,
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
      ...(words.corrected && words.text ? { correctedText: words.text } : {}),
    };
  }

  /** One page of matches, best first, and the number of matches. */
  private async page(query: SearchQuery, words: Words): Promise<{ rows: Row[]; total: number }> {
    const p = new Params();
    const { ctes, nextMatching } = this.matches(query, words, p, false);

    // Only the requested page pays for display details: the exact next session, price and a map point.
    const limit = p.add(query.perPage);
    const offset = p.add((query.page - 1) * query.perPage);
    const mapPoint = query.near
      ? `ORDER BY earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${p.add(query.near.latitude)}, ${p.add(query.near.longitude)}))`
      : 'ORDER BY l.id';
    const order = 'm.score DESC, m.distance ASC NULLS LAST, m.rank_session ASC NULLS LAST, m.name, m.id';
    const sql = `
      WITH ${ctes.join(',\n')}
      SELECT m.id, m.name, m.distance, m.area_name, m.placement, m.score,
        s.description, s.status, o.name AS organization_name, s.is_free, s.assured_date::text AS assured_date,
        s.lowest_price, point.location_name, point.latitude, point.longitude,
        page_session.starts_at, page_session.ends_at,
        (SELECT count(*) FROM matches) AS total
      FROM (SELECT * FROM matches m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) m
      JOIN service s ON s.id = m.id
      LEFT JOIN organization o ON o.id = s.organization_id
      ${nextMatching('page_session', 's.id')}
      LEFT JOIN LATERAL (
        SELECT l.name AS location_name, l.latitude, l.longitude
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE sal.service_id = s.id AND l.latitude IS NOT NULL ${mapPoint} LIMIT 1) point ON true
      ORDER BY ${order}`;
    const rows = (await this.dataSource.query(sql, p.values)) as Row[];
    // A page past the end has no rows to carry the total; ask for the first page's count instead.
    if (rows.length === 0 && query.page > 1) {
      return { rows, total: (await this.page({ ...query, page: 1, perPage: 1 }, words)).total };
    }
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /**
   * Facet counts over all matches: each need, day and "free" counted as if it were the only value
   * chosen in its own filter, the other filters unchanged. One query, whatever the number of values.
   */
  private async facets(query: SearchQuery, words: Words, total: number): Promise<Facets> {
    const p = new Params();
    const { ctes, dayFacet } = this.matches(query, words, p, true);
    const days = [1, 2, 3, 4, 5, 6, 7];
    const sql = `
      WITH ${ctes.join(',\n')}
      SELECT
        (SELECT coalesce(json_object_agg(x.term_id, x.n), '{}'::json) FROM (
           SELECT t.term_id, count(*) AS n
           FROM matches m CROSS JOIN unnest(m.term_ids) AS t(term_id)
           WHERE m.day_ok AND t.term_id = ANY(${p.add(vocabulary('needs').terms.map((t) => t.id))}::text[])
           GROUP BY t.term_id) x) AS needs,
        ${days.map((day) => `count(*) FILTER (WHERE m.need_ok AND ${dayFacet[day]}) AS day_${day}`).join(',\n        ')},
        count(*) FILTER (WHERE m.need_ok AND m.day_ok AND m.is_free) AS free
      FROM matches m`;
    const [row] = (await this.dataSource.query(sql, p.values)) as Record<string, unknown>[];
    const needs = row.needs as Record<string, number>;
    return {
      needs: Object.fromEntries(vocabulary('needs').terms.map((t) => [t.code, Number(needs[t.id] ?? 0)])),
      days: Object.fromEntries(days.map((day) => [day, Number(row[`day_${day}`])])),
      free: Number(row.free),
      total,
    };
  }

  private toHit(row: Row, query: SearchQuery): SearchHit {
    const placement = !query.near && row.latitude !== null ? 'local' : row.placement;
    return {
      id: row.id,
      name: row.name,
      organizationName: row.organization_name,
      summary: summary(row.description),
      status: row.status,
      placement,
      distanceMetres: row.distance === null ? null : Math.round(row.distance),
      locationName: row.location_name,
      latitude: row.latitude,
      longitude: row.longitude,
      areaName: row.area_name,
      nextSession: row.starts_at
        ? { start: new Date(row.starts_at), end: row.ends_at ? new Date(row.ends_at) : null }
        : null,
      isFree: row.is_free,
      lowestPrice: row.lowest_price === null ? null : Number(row.lowest_price),
      assuredDate: row.assured_date,
      score: Number(row.score),
    };
  }
}
