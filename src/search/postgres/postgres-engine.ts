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
      `SELECT EXISTS (
         SELECT 1 FROM service, websearch_to_tsquery('english', directory_unaccent($1)) q
         WHERE numnode(q) > 0 AND search_vector @@ q AND status IN ('active', 'temporarily closed')) AS found`,
      [text],
    )) as { found: boolean }[];
    return rows[0].found;
  }

  /**
   * The SQL that decides what matches and how it scores. With `facets`, the need and day filters are
   * left out of the WHERE clause and returned as columns instead, so one pass can count every facet value.
   */
  private async matches(query: SearchQuery, p: Params, facets: boolean) {
    const ctes: string[] = [];
    const where: string[] = [`s.status IN ('active', 'temporarily closed')`];
    const joins: string[] = [];
    const columns: string[] = [];
    const text = query.text?.trim() || null;

    // Text: weighted full text (name > tags and synonyms > organisation and description). Trigram
    // similarity is only used when the words match nothing exactly, or "walking" would find "talking".
    let textScore = '0';
    if (text) {
      const q = p.add(text);
      if (await this.hasExactMatches(text)) {
        ctes.push(`tsq AS (SELECT websearch_to_tsquery('english', directory_unaccent(${q})) AS query)`);
        joins.push('CROSS JOIN tsq');
        where.push('s.search_vector @@ tsq.query');
        textScore = 'ts_rank_cd(s.search_vector, tsq.query, 32)';
      } else {
        where.push(`lower(directory_unaccent(${q})) <% s.search_words`);
        textScore = `0.5 * word_similarity(lower(directory_unaccent(${q})), s.search_words)`;
      }
    }

    const termFilter = (taxonomy: 'needs' | 'activity-types' | 'suitability', codes: string[]) => `EXISTS (
        SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
        WHERE a.link_entity = 'service' AND a.link_id = s.id AND t.taxonomy_id = ${p.add(vocabulary(taxonomy).id)}
          AND t.code = ANY(${p.add(codes)}))`;
    // Any chosen need or activity type will do; every chosen suitability tag is required.
    const needFilter = query.needs.length ? termFilter('needs', query.needs) : 'true';
    if (facets) columns.push(`${needFilter} AS need_ok`);
    else if (query.needs.length) where.push(needFilter);
    if (query.activityTypes.length) where.push(termFilter('activity-types', query.activityTypes));
    for (const code of query.suitability) where.push(termFilter('suitability', [code]));
    if (query.freeOnly) where.push('s.is_free');

    // Place: nearest physical location within the radius, or a service area covering the point, or online.
    let placement = `CASE WHEN s.is_online THEN 'online' ELSE 'unplaced' END`;
    let proximity = '0';
    let distance = 'NULL::double precision';
    let areaName = 'NULL::text';
    if (query.near) {
      const lat = p.add(query.near.latitude);
      const lng = p.add(query.near.longitude);
      const radius = p.add(query.radiusMetres);
      ctes.push(`nearby AS (
        SELECT sal.service_id,
          min(earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${lat}, ${lng}))) AS distance
        FROM location l JOIN service_at_location sal ON sal.location_id = l.id
        WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
          AND earth_box(ll_to_earth(${lat}, ${lng}), ${radius}) @> ll_to_earth(l.latitude, l.longitude)
          AND earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${lat}, ${lng})) <= ${radius}
        GROUP BY sal.service_id)`);
      ctes.push(`covering AS (
        SELECT service_id, min(name) AS name FROM service_area
        WHERE area @> point(${lng}, ${lat}) GROUP BY service_id)`);
      // Candidates come from the spatial indexes (plus online services), never from a scan of every service.
      ctes.push(`placed AS (
        SELECT service_id AS id FROM nearby UNION SELECT service_id FROM covering
        UNION SELECT id FROM service WHERE is_online)`);
      joins.push(
        'JOIN placed ON placed.id = s.id',
        'LEFT JOIN nearby ON nearby.service_id = s.id',
        'LEFT JOIN covering ON covering.service_id = s.id',
      );
      placement = `CASE WHEN nearby.service_id IS NOT NULL THEN 'local' WHEN covering.service_id IS NOT NULL THEN 'area' ELSE 'online' END`;
      // Local results score by closeness; a service covering the area sits mid-way; online ones after.
      proximity = `CASE WHEN nearby.service_id IS NOT NULL THEN 1 - nearby.distance / ${radius}
        WHEN covering.service_id IS NOT NULL THEN 0.5 ELSE 0.25 END`;
      distance = 'nearby.distance';
      areaName = 'covering.name';
    }

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
    const nextMatching = (alias: string) => `LEFT JOIN LATERAL (
      SELECT o.starts_at, o.ends_at FROM session_occurrence o
      WHERE o.service_id = s.id AND o.starts_at >= ${nowRef()}${sessionFilters()
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
        WHERE o.service_id = s.id AND o.starts_at >= ${nowRef()}${otherSessionFilters.map((f) => ` AND ${f}`).join('')}
        ) session_days ON true`);
      where.push('session_days.days IS NOT NULL');
      columns.push('session_days.days AS session_days');
      columns.push(
        query.days.length
          ? `session_days.days && ${p.add(query.days)}::smallint[] AS day_ok`
          : 'true AS day_ok',
      );
      for (const day of [1, 2, 3, 4, 5, 6, 7]) dayFacet[day] = `${day} = ANY(m.session_days)`;
    } else {
      joins.push(nextMatching('matching'));
      where.push('matching.starts_at IS NOT NULL');
      rankSession = 'matching.starts_at';
    }

    if (facets) {
      ctes.push(`matches AS MATERIALIZED (
        SELECT s.id, s.is_free, ${columns.join(', ')}
        FROM service s
        ${joins.join('\n')}
        WHERE ${where.join('\n AND ')})`);
      return { ctes, nextMatching, dayFacet };
    }

    const soon = `CASE WHEN ${rankSession} IS NULL THEN 0
      WHEN ${rankSession} < ${nowRef()}::timestamptz + interval '7 days' THEN 0.3
      WHEN ${rankSession} < ${nowRef()}::timestamptz + interval '31 days' THEN 0.15 ELSE 0.05 END`;
    const freshness = `CASE WHEN s.assured_date IS NULL THEN -0.1
      WHEN s.assured_date >= (${nowRef()}::timestamptz - interval '6 months')::date THEN 0.1
      WHEN s.assured_date >= (${nowRef()}::timestamptz - interval '12 months')::date THEN 0 ELSE -0.3 END`;
    const unasked = RESTRICTED_AUDIENCES.filter(
      (code) => !query.suitability.includes(code) && !(text && AUDIENCE_WORDS[code].test(text)),
    );
    const audience = unasked.length
      ? `CASE WHEN s.audiences && ${p.add(unasked)}::text[] THEN 0.3 ELSE 0 END`
      : '0';
    const score = `(${TEXT_WEIGHT} * ${textScore} + ${proximity} + ${soon} + ${freshness} - ${audience}
      - CASE WHEN s.status = 'active' THEN 0 ELSE 1 END)`;
    ctes.push(`matches AS MATERIALIZED (
      SELECT s.id, s.name, ${distance} AS distance, ${areaName} AS area_name, ${placement} AS placement,
        ${rankSession} AS rank_session, ${score}::double precision AS score
      FROM service s
      ${joins.join('\n')}
      WHERE ${where.join('\n AND ')})`);
    return { ctes, nextMatching, dayFacet };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const p = new Params();
    const { ctes, nextMatching } = await this.matches(query, p, false);

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
      ${nextMatching('page_session')}
      LEFT JOIN LATERAL (
        SELECT l.name AS location_name, l.latitude, l.longitude
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE sal.service_id = s.id AND l.latitude IS NOT NULL ${mapPoint} LIMIT 1) point ON true
      ORDER BY ${order}`;
    const rows = (await this.dataSource.query(sql, p.values)) as Row[];
    const total = rows[0]?.total ?? (query.page > 1 ? await this.countOnly(query) : 0);
    return {
      hits: rows.map((row) => this.toHit(row, query)),
      ...(query.withFacets ? { facets: await this.facets(query, total) } : {}),
      total,
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
    };
  }

  /**
   * Facet counts over all matches: each need, day and "free" counted as if it were the only value
   * chosen in its own filter, the other filters unchanged. One query, whatever the number of values.
   */
  private async facets(query: SearchQuery, total: number): Promise<Facets> {
    const p = new Params();
    const { ctes, dayFacet } = await this.matches(query, p, true);
    const days = [1, 2, 3, 4, 5, 6, 7];
    const sql = `
      WITH ${ctes.join(',\n')}
      SELECT
        (SELECT coalesce(json_object_agg(x.code, x.n), '{}'::json) FROM (
           SELECT t.code, count(DISTINCT m.id) AS n
           FROM matches m
           JOIN attribute a ON a.link_entity = 'service' AND a.link_id = m.id
           JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
           WHERE m.day_ok AND t.taxonomy_id = ${p.add(vocabulary('needs').id)}
           GROUP BY t.code) x) AS needs,
        ${days.map((day) => `count(*) FILTER (WHERE m.need_ok AND ${dayFacet[day]}) AS day_${day}`).join(',\n        ')},
        count(*) FILTER (WHERE m.need_ok AND m.day_ok AND m.is_free) AS free
      FROM matches m`;
    const [row] = (await this.dataSource.query(sql, p.values)) as Record<string, unknown>[];
    const needs = row.needs as Record<string, number>;
    return {
      needs: Object.fromEntries(vocabulary('needs').terms.map((t) => [t.code, Number(needs[t.code] ?? 0)])),
      days: Object.fromEntries(days.map((day) => [day, Number(row[`day_${day}`])])),
      free: Number(row.free),
      total,
    };
  }

  /** A page past the end has no rows to carry the total; ask for the first page's count instead. */
  private async countOnly(query: SearchQuery): Promise<number> {
    const first = await this.search({ ...query, page: 1, perPage: 1 });
    return first.total;
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
