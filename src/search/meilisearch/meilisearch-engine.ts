// Meilisearch behind the SearchEngine interface: the same filters and labels as the Postgres engine,
// with the next session of each hit taken from Postgres so it is exact to the minute.
import { Meilisearch, type Hit, type MultiSearchQuery } from 'meilisearch';
import type { Queryable } from '../../db/queryable.js';
import { distanceMetres } from '../../domain/distance.js';
import { summary } from '../../domain/text.js';
import { vocabulary } from '../../domain/vocabulary.js';
import type {
  EngineHealth,
  Facets,
  Placement,
  SearchEngine,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../engine.js';
import { nextSessions, type ActivityDocument } from './documents.js';
import { buildFilter, VISIBLE } from './filters.js';
import { ACTIVITY_INDEX } from './settings.js';

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
  'name',
  'organization_name',
  'description',
  'status',
  'is_free',
  'is_online',
  'lowest_price',
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

  async search(query: SearchQuery): Promise<SearchResult> {
    const text = query.text?.trim() || null;
    const exact = text ? exactPhrase(text) : null;
    // Like the Postgres engine, typos are only tolerated when the words match no listing at all
    // (filters aside), or "walking" would also find "talking". The probe rides in the same round trip.
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
    const first = (
      await this.client.multiSearch({
        queries: [...probe, this.request(query, exact), ...this.facetRequests(query, exact)],
      })
    ).results;
    let [result, ...facetResults] = first.slice(probe.length);
    if (text && (first[0].totalHits ?? 0) === 0) {
      [result, ...facetResults] = (
        await this.client.multiSearch({
          queries: [this.request(query, text), ...this.facetRequests(query, text)],
        })
      ).results;
    }
    const hits = result.hits as ActivityHit[];
    const sessions = await nextSessions(
      this.db,
      hits.map((h) => h.id),
      query,
    );
    return {
      hits: hits.map((hit) => this.toHit(hit, query, sessions.get(hit.id) ?? null)),
      ...(query.withFacets ? { facets: this.facets(result.totalHits ?? 0, facetResults) } : {}),
      total: result.totalHits ?? 0,
      page: query.page,
      perPage: query.perPage,
      engine: this.name,
    };
  }

  private request(query: SearchQuery, q: string | null): MultiSearchQuery {
    const sort = ['status_rank:asc'];
    if (query.near) sort.push(`_geoPoint(${query.near.latitude}, ${query.near.longitude}):asc`);
    sort.push('next_session_at:asc', 'name:asc');
    return {
      indexUid: this.indexUid,
      q,
      filter: buildFilter(query),
      sort,
      matchingStrategy: 'all',
      page: query.page,
      hitsPerPage: query.perPage,
      attributesToRetrieve: RETRIEVE,
      showRankingScore: true,
    };
  }

  /** Counts that ignore the facet's own filter, computed in the same multi-search round trip. */
  private facetRequests(query: SearchQuery, q: string | null): MultiSearchQuery[] {
    if (!query.withFacets) return [];
    const count = (filter: string[], facets?: string[]): MultiSearchQuery => ({
      indexUid: this.indexUid,
      q,
      filter,
      matchingStrategy: 'all',
      page: 1,
      hitsPerPage: 0,
      ...(facets ? { facets } : {}),
    });
    return [
      count(buildFilter(query, 'needs'), ['needs']),
      count(buildFilter(query, 'free'), ['is_free']),
      ...[1, 2, 3, 4, 5, 6, 7].map((day) => count(buildFilter({ ...query, days: [day] }))),
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
      if (point && hit._geoDistance !== undefined && hit._geoDistance <= query.radiusMetres) {
        placement = 'local';
        distance = Math.round(hit._geoDistance);
      } else if (withinArea) {
        placement = 'area';
        areaName = hit.area_name;
      } else placement = 'online';
    } else placement = point ? 'local' : hit.is_online ? 'online' : 'unplaced';
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
      nextSession,
      isFree: hit.is_free,
      lowestPrice: hit.lowest_price,
      assuredDate: hit.assured_date,
      score: hit._rankingScore ?? 0,
    };
  }
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
