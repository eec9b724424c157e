// The embedded default engine: PostgreSQL full text + trigram similarity + earthdistance + occurrences.
import type { DataSource } from 'typeorm';
import { summary } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import {
  PARTS_OF_DAY,
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
  is_online: boolean;
  assured_date: string | null;
  lowest_price: string | null;
  distance: number | null;
  location_name: string | null;
  latitude: number | null;
  longitude: number | null;
  area_name: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  score: number;
  total: number;
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

  async search(query: SearchQuery): Promise<SearchResult> {
    const p = new Params();
    const ctes: string[] = [];
    const where: string[] = [`s.status IN ('active', 'temporarily closed')`];
    const joins: string[] = [];
    const text = query.text?.trim() || null;

    // Text: weighted full text (name > tags > description) or, for typos, trigram word similarity.
    let textRank = '0';
    if (text) {
      const q = p.add(text);
      ctes.push(`tsq AS (SELECT websearch_to_tsquery('english', directory_unaccent(${q})) AS query)`);
      joins.push('CROSS JOIN tsq');
      // Trigram matching only steps in when the words match nothing exactly, or "walking" would also
      // find "talking" (0.62 similar).
      where.push(
        `((numnode(tsq.query) > 0 AND s.search_vector @@ tsq.query) OR (
          NOT EXISTS (SELECT 1 FROM service x, tsq WHERE numnode(tsq.query) > 0 AND x.search_vector @@ tsq.query
            AND x.status IN ('active', 'temporarily closed'))
          AND lower(directory_unaccent(${q})) <% s.search_words))`,
      );
      textRank = `(ts_rank_cd(s.search_vector, tsq.query, 32) + 0.5 * word_similarity(lower(directory_unaccent(${q})), s.search_words))`;
    }

    if (query.needs.length) {
      where.push(`EXISTS (
        SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
        WHERE a.link_entity = 'service' AND a.link_id = s.id AND t.taxonomy_id = ${p.add(vocabulary('needs').id)}
          AND t.code = ANY(${p.add(query.needs)}))`);
    }
    // Within a filter any value will do (OR); suitability needs are all required (AND).
    const termFilter = (taxonomy: 'activity-types' | 'suitability', codes: string[]) => `EXISTS (
        SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
        WHERE a.link_entity = 'service' AND a.link_id = s.id AND t.taxonomy_id = ${p.add(vocabulary(taxonomy).id)}
          AND t.code = ANY(${p.add(codes)}))`;
    if (query.activityTypes.length) where.push(termFilter('activity-types', query.activityTypes));
    for (const code of query.suitability) where.push(termFilter('suitability', [code]));
    if (query.freeOnly) where.push('s.is_free');

    // Place: nearest physical location within the radius, or a service area covering the point, or online.
    let placement = `'unplaced'`;
    let proximity = '0';
    if (query.near) {
      const lat = p.add(query.near.latitude);
      const lng = p.add(query.near.longitude);
      const radius = p.add(query.radiusMetres);
      ctes.push(`nearby AS (
        SELECT DISTINCT ON (sal.service_id) sal.service_id,
          earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${lat}, ${lng})) AS distance,
          l.name AS location_name, l.latitude, l.longitude
        FROM location l JOIN service_at_location sal ON sal.location_id = l.id
        WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
          AND earth_box(ll_to_earth(${lat}, ${lng}), ${radius}) @> ll_to_earth(l.latitude, l.longitude)
          AND earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${lat}, ${lng})) <= ${radius}
        ORDER BY sal.service_id, distance)`);
      ctes.push(`covering AS (
        SELECT DISTINCT ON (service_id) service_id, name FROM service_area
        WHERE area @> point(${lng}, ${lat}) ORDER BY service_id, name)`);
      joins.push(
        'LEFT JOIN nearby ON nearby.service_id = s.id',
        'LEFT JOIN covering ON covering.service_id = s.id',
      );
      where.push('(nearby.service_id IS NOT NULL OR covering.service_id IS NOT NULL OR s.is_online)');
      placement = `CASE WHEN nearby.service_id IS NOT NULL THEN 'local' WHEN covering.service_id IS NOT NULL THEN 'area' ELSE 'online' END`;
      // Local results score by closeness; a service covering the area sits mid-way; online ones after.
      proximity = `CASE WHEN nearby.service_id IS NOT NULL THEN 1 - nearby.distance / ${radius}
        WHEN covering.service_id IS NOT NULL THEN 0.5 ELSE 0.25 END`;
    } else {
      joins.push(`LEFT JOIN LATERAL (
        SELECT NULL::double precision AS distance, l.name AS location_name, l.latitude, l.longitude
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE sal.service_id = s.id AND l.latitude IS NOT NULL ORDER BY l.id LIMIT 1) nearby ON true`);
      joins.push('LEFT JOIN (SELECT NULL::text AS name) covering ON true');
      placement = `CASE WHEN nearby.latitude IS NOT NULL THEN 'local' WHEN s.is_online THEN 'online' ELSE 'unplaced' END`;
    }

    // Time: the next session on a chosen day that runs during a chosen part of the day (any overlap counts:
    // a 09:00–17:00 drop-in suits someone free in the afternoon).
    const sessionFilters = [`o.starts_at >= ${p.add(query.now)}`];
    if (query.days.length) sessionFilters.push(`o.iso_dow = ANY(${p.add(query.days)})`);
    if (query.partsOfDay.length) {
      sessionFilters.push(
        `(${query.partsOfDay
          .map(
            (part) =>
              `(o.start_minute < ${PARTS_OF_DAY[part].to} AND coalesce(o.end_minute, o.start_minute + 60) > ${PARTS_OF_DAY[part].from})`,
          )
          .join(' OR ')})`,
      );
    }
    joins.push(`LEFT JOIN LATERAL (
      SELECT o.starts_at, o.ends_at FROM session_occurrence o
      WHERE o.service_id = s.id AND ${sessionFilters.join(' AND ')}
      ORDER BY o.starts_at LIMIT 1) next_session ON true`);
    if (query.timeWindow) {
      sessionFilters.push(
        `(o.start_minute < ${p.add(query.timeWindow.to)} AND coalesce(o.end_minute, o.start_minute + 60) > ${p.add(query.timeWindow.from)})`,
      );
    }
    if (query.dateFrom) sessionFilters.push(`o.local_date >= ${p.add(query.dateFrom)}::date`);
    if (query.dateTo) sessionFilters.push(`o.local_date <= ${p.add(query.dateTo)}::date`);
    const timeFiltered =
      query.days.length > 0 ||
      query.partsOfDay.length > 0 ||
      query.timeWindow !== null ||
      query.dateFrom !== null ||
      query.dateTo !== null;
    if (timeFiltered) where.push('next_session.starts_at IS NOT NULL');

    const now = p.add(query.now);
    const soon = `CASE WHEN next_session.starts_at IS NULL THEN 0
      WHEN next_session.starts_at < ${now}::timestamptz + interval '7 days' THEN 0.3
      WHEN next_session.starts_at < ${now}::timestamptz + interval '31 days' THEN 0.15 ELSE 0.05 END`;
    const freshness = `CASE WHEN s.assured_date IS NULL THEN -0.1
      WHEN s.assured_date >= (${now}::timestamptz - interval '6 months')::date THEN 0.1
      WHEN s.assured_date >= (${now}::timestamptz - interval '12 months')::date THEN 0 ELSE -0.3 END`;
    const score = `(3 * ${textRank} + ${proximity} + ${soon} + ${freshness}
      - CASE WHEN s.status = 'active' THEN 0 ELSE 1 END)`;

    const limit = p.add(query.perPage);
    const offset = p.add((query.page - 1) * query.perPage);
    const sql = `
      ${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}
      SELECT s.id, s.name, s.description, s.status, o.name AS organization_name, s.is_free, s.is_online,
        s.assured_date::text AS assured_date,
        (SELECT min(c.amount) FROM cost_option c WHERE c.service_id = s.id AND c.amount > 0) AS lowest_price,
        nearby.distance, nearby.location_name, nearby.latitude, nearby.longitude,
        covering.name AS area_name, ${placement} AS placement,
        next_session.starts_at, next_session.ends_at,
        ${score} AS score,
        count(*) OVER () AS total
      FROM service s
      LEFT JOIN organization o ON o.id = s.organization_id
      ${joins.join('\n')}
      WHERE ${where.join('\n AND ')}
      ORDER BY score DESC, nearby.distance ASC NULLS LAST, next_session.starts_at ASC NULLS LAST, s.name, s.id
      LIMIT ${limit} OFFSET ${offset}`;
    const rows = (await this.dataSource.query(sql, p.values)) as (Row & { placement: Placement })[];
    return {
      hits: rows.map((row) => this.toHit(row)),
      total: rows[0]?.total ?? (query.page > 1 ? await this.countOnly(query) : 0),
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
    };
  }

  /** A page past the end has no rows to carry the total; ask for the first page's count instead. */
  private async countOnly(query: SearchQuery): Promise<number> {
    const first = await this.search({ ...query, page: 1, perPage: 1 });
    return first.total;
  }

  private toHit(row: Row & { placement: Placement }): SearchHit {
    return {
      id: row.id,
      name: row.name,
      organizationName: row.organization_name,
      summary: summary(row.description),
      status: row.status,
      placement: row.placement,
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
