// The embedded default engine: PostgreSQL full text + trigram similarity + earthdistance + occurrences.
import { timesFromDescriptionSql } from '../described-times.js';
import type { DataSource } from 'typeorm';
import { townOf } from '../../domain/place.js';
import { summary } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import { matchSql, Params, type MatchOptions, type Words } from './matches.js';
import { correctSpelling, everyWordMatches, rareLexemes } from './spelling.js';
import {
  normalisedQuery,
  RESULT_WINDOW,
  roomInWindow,
  windowApplies,
  type Facets,
  type IdPage,
  type Placement,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchUnit,
} from '../engine.js';
import { coveredAreaNameSql } from '../covered-area.js';
import { farRange, farSessions } from '../far-sessions.js';
import { venueDistanceSql } from '../venue-distance.js';
import { serviceOrder, venueOrder } from './result-order.js';
import type { Far } from './sessions.js';

interface Row {
  id: string;
  name: string;
  description: string | null;
  status: string;
  organization_name: string | null;
  is_free: boolean;
  assured_date: string | null;
  lowest_price: string | null;
  cost_description: string | null;
  venue_city: string | null;
  venue_postcode: string | null;
  distance: number | null;
  location_name: string | null;
  latitude: number | null;
  longitude: number | null;
  area_name: string | null;
  placement: Placement;
  starts_at: Date | null;
  ends_at: Date | null;
  times_from_description: boolean;
  score: number;
  total: number;
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

  /**
   * The words to search: as typed, unless one of them matches no listing anywhere; then corrected against the
   * words of names and terms ("walkng group" → "walking group"), and the result says so. (A search that finds
   * nothing here but would elsewhere is not a typo.) Decided before searching, so the search runs once.
   */
  private async spelled(query: SearchQuery): Promise<Words> {
    const text = query.text?.trim() || null;
    if (text && !(await everyWordMatches(this.dataSource, text))) {
      const corrected = await correctSpelling(this.dataSource, text);
      if (corrected !== null) return { text: corrected, corrected: true };
    }
    return { text, corrected: false };
  }

  async search(given: SearchQuery): Promise<SearchResult> {
    const query = normalisedQuery(given);
    const far = await this.far(query);
    // The page, the filter counts and the count of listings without a place are three queries, sent together once
    // it is known whether the search is too broad to count (a capped count): each on its own connection.
    const { words, windowed } = await this.wordsAndWindow(query, far);
    const [found, counts, unplaced] = await Promise.all([
      this.page(query, words, far, windowed),
      // Counting every value over a windowed search would be counting every match: none are given.
      query.withFacets && !windowed ? this.facets(query, words, far) : null,
      query.near && query.radiusMetres !== null ? this.unplacedCount(query, words, far) : null,
    ]);
    return {
      hits: found.rows.map((row) => this.toHit(row, query)),
      ...(counts ? { facets: { ...counts, total: found.total } } : {}),
      total: found.total,
      ...(found.window ? { window: true as const } : {}),
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
      ...correction(words),
      ...(unplaced === null ? {} : { unplaced }),
    };
  }

  /**
   * The words to search (spelled) and whether the search is too broad to count (beyondWindow), asked together; the
   * second again only when the words were corrected. `windows` false: a search whose results are never windowed.
   */
  private async wordsAndWindow(
    query: SearchQuery,
    far: Far | null,
    windows = true,
  ): Promise<{ words: Words; windowed: boolean }> {
    const typed: Words = { text: query.text?.trim() || null, corrected: false };
    const [words, asTyped] = await Promise.all([
      this.spelled(query),
      windows ? this.beyondWindow(query, typed, far) : false,
    ]);
    const windowed = windows && words.corrected ? await this.beyondWindow(query, words, far) : asTyped;
    // A windowed search also takes every listing that has one of its rare words as a candidate (docs/ranking.md).
    if (!windowed || !words.text) return { words, windowed };
    return {
      words: { ...words, rare: await rareLexemes(this.dataSource, words.text, RESULT_WINDOW) },
      windowed,
    };
  }

  /** How many would match but have no place, so a search within a radius cannot show them. */
  private unplacedCount(query: SearchQuery, words: Words, far: Far | null): Promise<number> {
    return this.count(query, words, far, { unplaced: true });
  }

  /** How many match, unscored; with `upTo`, counted no further than that. */
  private async count(
    query: SearchQuery,
    words: Words,
    far: Far | null,
    options: Pick<MatchOptions, 'unplaced'> = {},
    upTo: number | null = null,
  ): Promise<number> {
    const p = new Params();
    const { ctes } = matchSql(query, words, p, { ...options, scored: false, inline: true, far });
    const counted = upTo === null ? 'matches' : `(SELECT 1 FROM matches LIMIT ${upTo}) x`;
    const sql = `WITH ${ctes.join(',\n')} SELECT count(*)::int AS n FROM ${counted}`;
    return ((await this.dataSource.query(sql, p.values)) as { n: number }[])[0].n;
  }

  async searchIds(given: SearchQuery, unit: SearchUnit): Promise<IdPage> {
    const query = normalisedQuery(given);
    const far = await this.far(query);
    const { words, windowed } = await this.wordsAndWindow(query, far, unit === 'service');
    return { ...(await this.idPage(query, words, unit, true, far, windowed)), ...correction(words) };
  }

  async allIds(given: SearchQuery, unit: SearchUnit): Promise<string[]> {
    const query = normalisedQuery(given);
    const far = await this.far(query);
    return (await this.idPage(query, await this.spelled(query), unit, false, far)).ids;
  }

  /**
   * Whether the search is answered from its best RESULT_WINDOW only: ordered by relevance, not bounded by a
   * place (a place bounds the matches itself), and matching more than the window, counted no further.
   */
  private async beyondWindow(query: SearchQuery, words: Words, far: Far | null): Promise<boolean> {
    if (!windowApplies(query)) return false;
    return (await this.count(query, words, far, {}, RESULT_WINDOW + 1)) > RESULT_WINDOW;
  }

  /** LIMIT and OFFSET of the asked-for page, inside the window when there is one. */
  private paging(query: SearchQuery, p: Params, windowed: boolean): string {
    const limit = windowed ? roomInWindow(query) : query.perPage;
    return `LIMIT ${p.add(limit)} OFFSET ${p.add((query.page - 1) * query.perPage)}`;
  }

  /** Sessions on the asked-for dates past the expansion horizon, expanded for this search. */
  private async far(query: SearchQuery): Promise<Far | null> {
    const range = farRange(query);
    return range ? { range, sessions: await farSessions(this.dataSource, query, range) } : null;
  }

  /** The ids of one page of matches (or of every match), in the query's order, and how many match. */
  private async idPage(
    query: SearchQuery,
    words: Words,
    unit: SearchUnit,
    paged: boolean,
    far: Far | null,
    /** Whether the search is windowed, when the caller has asked already. */
    decided?: boolean,
  ): Promise<IdPage> {
    const windowed = paged && unit === 'service' && (decided ?? (await this.beyondWindow(query, words, far)));
    const p = new Params();
    // Ordered by name or distance, nothing needs a score.
    const scored = query.sort === 'relevance' || query.sort === 'soonest';
    const { ctes } = matchSql(query, words, p, {
      scored,
      inline: true,
      far,
      candidates: windowed ? RESULT_WINDOW : null,
    });
    const paging = paged ? this.paging(query, p, windowed) : '';
    let sql: string;
    if (unit === 'service') {
      sql = `WITH ${ctes.join(',\n')}
        SELECT m.id, count(*) OVER () AS total FROM matches m ORDER BY ${serviceOrder(query.sort)} ${paging}`;
    } else {
      // Each venue is a result of its own, measured by its own distance.
      const { distance, within } = venueDistanceSql(query, (value) => p.add(value));
      sql = `WITH ${ctes.join(',\n')}
        SELECT sal.id, count(*) OVER () AS total
        FROM matches m JOIN service_at_location sal ON sal.service_id = m.id JOIN location l ON l.id = sal.location_id
        ${within}
        ORDER BY ${venueOrder(query.sort, distance)} ${paging}`;
    }
    const rows = (await this.dataSource.query(sql, p.values)) as { id: string; total: number }[];
    if (windowed) return { ids: rows.map((row) => row.id), total: RESULT_WINDOW, window: true };
    // A page past the end has no rows to carry the total; ask for the first page's count instead.
    if (rows.length === 0 && paged && query.page > 1) {
      return {
        ids: [],
        total: (await this.idPage({ ...query, page: 1, perPage: 1 }, words, unit, true, far)).total,
      };
    }
    return { ids: rows.map((row) => row.id), total: Number(rows[0]?.total ?? 0) };
  }

  /** One page of matches, best first, and the number of matches. */
  private async page(
    query: SearchQuery,
    words: Words,
    far: Far | null,
    /** Whether the search is windowed, when the caller has asked already. */
    decided?: boolean,
  ): Promise<{ rows: Row[]; total: number; window?: true }> {
    const windowed = decided ?? (await this.beyondWindow(query, words, far));
    const p = new Params();
    const { ctes, nextMatching, sessionOf } = matchSql(query, words, p, {
      far,
      candidates: windowed ? RESULT_WINDOW : null,
    });
    const session = sessionOf('page_session');

    // Only the requested page pays for display details: the exact next session, price and a map point.
    const paging = this.paging(query, p, windowed);
    const mapPoint = query.near
      ? `ORDER BY earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${p.add(query.near.latitude)}, ${p.add(query.near.longitude)}))`
      : 'ORDER BY l.id';
    const order = serviceOrder(query.sort);
    // Without a place, a listing with no venue is told apart by the area it covers.
    const areaName = query.near ? 'm.area_name' : coveredAreaNameSql('s');
    const sql = `
      WITH ${ctes.join(',\n')}
      SELECT m.id, m.name, m.distance, ${areaName} AS area_name, m.placement, m.score,
        s.description, s.status, o.name AS organization_name, s.is_free, s.assured_date::text AS assured_date,
        s.lowest_price, s.fees_description AS cost_description,
        point.location_name, point.latitude, point.longitude, point.venue_city, point.venue_postcode,
        ${session.start} AS starts_at, ${session.end} AS ends_at,
        ${timesFromDescriptionSql('s')} AS times_from_description,
        (SELECT count(*) FROM matches) AS total
      FROM (SELECT * FROM matches m ORDER BY ${order} ${paging}) m
      JOIN service s ON s.id = m.id
      LEFT JOIN organization o ON o.id = s.organization_id
      ${nextMatching('page_session', 's.id')}
      LEFT JOIN LATERAL (
        SELECT l.name AS location_name, l.latitude, l.longitude, a.city AS venue_city, a.postal_code AS venue_postcode
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        LEFT JOIN LATERAL (SELECT city, postal_code FROM address a WHERE a.location_id = l.id ORDER BY a.id LIMIT 1) a
          ON true
        WHERE sal.service_id = s.id AND l.latitude IS NOT NULL ${mapPoint} LIMIT 1) point ON true
      ORDER BY ${order}`;
    const rows = (await this.dataSource.query(sql, p.values)) as Row[];
    if (windowed) return { rows, total: RESULT_WINDOW, window: true };
    // A page past the end has no rows to carry the total; ask for the first page's count instead.
    if (rows.length === 0 && query.page > 1) {
      return { rows, total: (await this.page({ ...query, page: 1, perPage: 1 }, words, far)).total };
    }
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /**
   * Facet counts over all matches: each need, day and "free" counted as if it were the only value
   * chosen in its own filter, the other filters unchanged. One query, whatever the number of values.
   */
  private async facets(query: SearchQuery, words: Words, far: Far | null): Promise<Omit<Facets, 'total'>> {
    const p = new Params();
    const { ctes, dayFacet } = matchSql(query, words, p, { facets: true, far });
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
      town: townOf(row.venue_city, row.venue_postcode),
      nextSession: row.starts_at
        ? { start: new Date(row.starts_at), end: row.ends_at ? new Date(row.ends_at) : null }
        : null,
      timesFromDescription: row.times_from_description,
      isFree: row.is_free,
      lowestPrice: row.lowest_price === null ? null : Number(row.lowest_price),
      costDescription: row.cost_description,
      assuredDate: row.assured_date,
      score: Number(row.score),
    };
  }
}

/** Says which corrected words were searched, when the words as typed found nothing. */
function correction(words: Words): { correctedText?: string } {
  return words.corrected && words.text ? { correctedText: words.text } : {};
}
