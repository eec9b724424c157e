// Meilisearch behind the SearchEngine interface: the same filters and labels as the Postgres engine,
// with the next session of each hit taken from Postgres so it is exact to the minute.
import { Meilisearch, type Hit, type MultiSearchQuery, type MultiSearchResponse } from 'meilisearch';
import type { Queryable } from '../../db/queryable.js';
import { distanceMetres } from '../../domain/distance.js';
import { summary } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import {
  normalisedQuery,
  windowedPage,
  type EngineHealth,
  type Facets,
  type IdPage,
  type Placement,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchUnit,
} from '../engine.js';
import { farRange, farSessions, type FarSession, type FarSessions } from '../far-sessions.js';
import { nextSessions, type ActivityDocument } from './documents.js';
import { buildFilter, VISIBLE } from './filters.js';
import { ACTIVITY_INDEX, MAX_TOTAL_HITS } from './settings.js';
import { meaningfulWords } from '../../domain/query-words.js';
import { venuePage } from './venues.js';

/** Ids fetched per request when a whole result set is streamed. */
const ID_BATCH = 1000;

/** Sort only breaks ties between equally good text matches (see the ranking rules in settings). */
function sortOf(query: SearchQuery): string[] {
  const nearest = query.near ? [`_geoPoint(${query.near.latitude}, ${query.near.longitude}):asc`] : [];
  switch (query.sort) {
    case 'relevance':
      return ['status_rank:asc', ...nearest, 'next_session_at:asc', 'name:asc'];
    case 'distance':
      return [...nearest, 'name:asc'];
    case 'soonest':
      return ['next_session_at:asc', 'status_rank:asc', 'name:asc'];
    case 'name':
      return ['name:asc'];
  }
}

export interface MeilisearchOptions {
  url: string;
  masterKey: string | null;
  /** Every request gives up after this long, so a slow Meilisearch cannot hold a page up. */
  timeoutMs: number;
  indexUid?: string;
}

export function meilisearchClient(options: MeilisearchOptions): Meilisearch {
  return new Meilisearch({
    host: options.url,
    apiKey: options.masterKey ?? undefined,
    timeout: options.timeoutMs,
  });
}

const RETRIEVE = [
  'id',
  'times_from_description',
  'name',
  'organization_name',
  'description',
  'status',
  'is_free',
  'is_online',
  'lowest_price',
  'cost_description',
  '_geo',
  'location_name',
  'locations',
  'area_name',
  'area_min_lat',
  'area_max_lat',
  'area_min_lng',
  'area_max_lng',
  'assured_date',
];

type ActivityHit = Hit<Pick<ActivityDocument, (typeof RETRIEVE)[number] & keyof ActivityDocument>> & {
  _geoDistance?: number;
};

/** Words in double quotes are matched exactly (no typos, no prefixes). */
export function exactPhrase(text: string): string {
  return text
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `"${word}"`)
    .join(' ');
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch';
  readonly indexUid: string;
  private readonly client: Meilisearch;

  constructor(
    options: MeilisearchOptions,
    private readonly db: Queryable,
  ) {
    this.client = meilisearchClient(options);
    this.indexUid = options.indexUid ?? ACTIVITY_INDEX;
  }

  async health(): Promise<EngineHealth> {
    try {
      const [health, stats] = await Promise.all([
        this.client.health(),
        this.client.index(this.indexUid).getStats(),
      ]);
      return {
        status: 'UP',
        details: { server: health.status, documents: stats.numberOfDocuments, indexing: stats.isIndexing },
      };
    } catch (error) {
      return { status: 'DOWN', details: { error: (error as Error).message } };
    }
  }

  /**
   * The requests made with the words matched exactly; when they match no listing at all (filters aside)
   * they are made again tolerating typos, like the Postgres engine, or "walking" would also find
   * "talking". The probe rides in the same round trip.
   */
  private async run(
    query: SearchQuery,
    requests: (q: string | null) => MultiSearchQuery[],
  ): Promise<MultiSearchResponse['results']> {
    const text = query.text?.trim() ? meaningfulWords(query.text) : null;
    const exact = text ? exactPhrase(text) : null;
    const probe: MultiSearchQuery[] = exact
      ? [
          {
            indexUid: this.indexUid,
            q: exact,
            filter: [VISIBLE],
            matchingStrategy: 'all',
            page: 1,
            hitsPerPage: 0,
          },
        ]
      : [];
    const first = (await this.client.multiSearch({ queries: [...probe, ...requests(exact)] })).results;
    if (text && (first[0].totalHits ?? 0) === 0) {
      return (await this.client.multiSearch({ queries: requests(text) })).results;
    }
    return first.slice(probe.length);
  }

  async search(given: SearchQuery): Promise<SearchResult> {
    const query = normalisedQuery(given);
    const far = await this.far(query);
    const [result, ...facetResults] = await this.run(query, (q) => [
      this.request(query, q, far),
      ...this.facetRequests(query, q, far),
    ]);
    // Past RESULT_WINDOW matches, the best of them, as the Postgres engine answers (see engine.ts).
    const page = windowedPage(query, result.hits as ActivityHit[], result.totalHits ?? 0);
    const hits = page.items;
    const sessions = await nextSessions(
      this.db,
      hits.map((h) => h.id),
      query,
    );
    return {
      hits: hits.map((hit) => this.toHit(hit, query, sooner(sessions.get(hit.id), far?.get(hit.id)))),
      ...(query.withFacets && !page.window ? { facets: this.facets(page.total, facetResults) } : {}),
      total: page.total,
      ...(page.window ? { window: page.window } : {}),
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
    };
  }

  async searchIds(given: SearchQuery, unit: SearchUnit): Promise<IdPage> {
    const query = normalisedQuery(given);
    if (unit === 'service_at_location') {
      return venuePage(this.db, await this.allIds(query, 'service'), query, true);
    }
    const found = await this.idPage(query, await this.far(query));
    const page = windowedPage(query, found.ids, found.total);
    return { ids: page.items, total: page.total, ...(page.window ? { window: page.window } : {}) };
  }

  /** Every match, a thousand at a time; past the exact-total limit the caller's fallback answers. */
  async allIds(given: SearchQuery, unit: SearchUnit): Promise<string[]> {
    const query = normalisedQuery(given);
    const far = await this.far(query);
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const found = await this.idPage({ ...query, page, perPage: ID_BATCH }, far);
      if (found.total > MAX_TOTAL_HITS) {
        throw new Error(`${found.total} matches: more than Meilisearch counts exactly (${MAX_TOTAL_HITS})`);
      }
      ids.push(...found.ids);
      if (found.ids.length < ID_BATCH || ids.length >= found.total) break;
    }
    return unit === 'service' ? ids : (await venuePage(this.db, ids, query, false)).ids;
  }

  private async idPage(query: SearchQuery, far: FarSessions | null): Promise<IdPage> {
    const [result] = await this.run(query, (q) => [
      { ...this.request(query, q, far), attributesToRetrieve: ['id'], showRankingScore: false },
    ]);
    return { ids: (result.hits as { id: string }[]).map((hit) => hit.id), total: result.totalHits ?? 0 };
  }

  /** Sessions on the asked-for dates past the indexed ones, expanded for this search. */
  private async far(query: SearchQuery): Promise<FarSessions | null> {
    const range = farRange(query);
    return range ? farSessions(this.db, query, range) : null;
  }

  private request(query: SearchQuery, q: string | null, far: FarSessions | null): MultiSearchQuery {
    return {
      indexUid: this.indexUid,
      q,
      filter: buildFilter(query, undefined, far),
      sort: sortOf(query),
      // A sentence is not an AND of its words: the rarest words are kept, and the "words" rule ranks by how many match.
      matchingStrategy: 'frequency',
      page: query.page,
      hitsPerPage: query.perPage,
      attributesToRetrieve: RETRIEVE,
      showRankingScore: true,
    };
  }

  /** Counts that ignore the facet's own filter, computed in the same multi-search round trip. */
  private facetRequests(query: SearchQuery, q: string | null, far: FarSessions | null): MultiSearchQuery[] {
    if (!query.withFacets) return [];
    const count = (filter: string[], facets?: string[]): MultiSearchQuery => ({
      indexUid: this.indexUid,
      q,
      filter,
      matchingStrategy: 'frequency',
      page: 1,
      hitsPerPage: 0,
      ...(facets ? { facets } : {}),
    });
    return [
      count(buildFilter(query, 'needs', far), ['needs']),
      count(buildFilter(query, 'free', far), ['is_free']),
      ...[1, 2, 3, 4, 5, 6, 7].map((day) => count(buildFilter({ ...query, days: [day] }, undefined, far))),
    ];
  }

  private facets(
    total: number,
    results: { facetDistribution?: Record<string, Record<string, number>>; totalHits?: number }[],
  ): Facets {
    const [needs, free, ...days] = results;
    return {
      needs: Object.fromEntries(
        vocabulary('needs').terms.map((t) => [t.code, needs.facetDistribution?.needs?.[t.code] ?? 0]),
      ),
      days: Object.fromEntries(days.map((d, i) => [i + 1, d.totalHits ?? 0])),
      free: free.facetDistribution?.is_free?.true ?? 0,
      total,
    };
  }

  private toHit(
    hit: ActivityHit,
    query: SearchQuery,
    nextSession: { start: Date; end: Date | null } | null,
  ): SearchHit {
    let placement: Placement;
    let distance: number | null = null;
    let areaName: string | null = null;
    const point = hit._geo ?? null;
    if (query.near) {
      const { latitude: lat, longitude: lng } = query.near;
      const withinArea =
        hit.area_min_lat !== null &&
        hit.area_min_lat <= lat &&
        hit.area_max_lat! >= lat &&
        hit.area_min_lng! <= lng &&
        hit.area_max_lng! >= lng;
      const radius = query.radiusMetres ?? Infinity;
      if (point && hit._geoDistance !== undefined && hit._geoDistance <= radius) {
        placement = 'local';
        distance = Math.round(hit._geoDistance);
      } else if (withinArea) {
        placement = 'area';
        areaName = hit.area_name;
      } else placement = hit.is_online ? 'online' : 'unplaced';
    } else {
      placement = point ? 'local' : hit.is_online ? 'online' : 'unplaced';
      // Without a place, a listing with no venue is told apart by the area it covers.
      areaName = hit.area_name;
    }
    // The map point: the venue nearest the searched place, or the first venue (as the Postgres engine).
    const venue = query.near ? nearestVenue(hit.locations, query.near) : (hit.locations[0] ?? null);
    return {
      id: hit.id,
      name: hit.name,
      organizationName: hit.organization_name,
      summary: summary(hit.description),
      status: hit.status,
      placement,
      distanceMetres: distance,
      locationName: venue?.name ?? null,
      latitude: venue?.lat ?? null,
      longitude: venue?.lng ?? null,
      areaName,
      town: venue?.town ?? null,
      nextSession,
      timesFromDescription: hit.times_from_description,
      isFree: hit.is_free,
      lowestPrice: hit.lowest_price,
      costDescription: hit.cost_description,
      assuredDate: hit.assured_date,
      score: hit._rankingScore ?? 0,
    };
  }
}

/** The earlier of an indexed next session and one expanded past them. */
function sooner(
  indexed: { start: Date; end: Date | null } | undefined,
  far: FarSession | undefined,
): { start: Date; end: Date | null } | null {
  const expanded = far?.start ? { start: far.start, end: far.end } : null;
  if (!indexed) return expanded;
  return expanded && expanded.start < indexed.start ? expanded : indexed;
}

function nearestVenue(
  venues: ActivityDocument['locations'],
  near: { latitude: number; longitude: number },
): ActivityDocument['locations'][number] | null {
  const metres = (venue: { lat: number; lng: number }) =>
    distanceMetres(near, { latitude: venue.lat, longitude: venue.lng });
  let best: ActivityDocument['locations'][number] | null = null;
  for (const venue of venues) {
    if (!best || metres(venue) < metres(best)) best = venue;
  }
  return best;
}
