// Open Referral UK 3.0 reads: pages in the ORUK page envelope, nested records, and whole result sets walked in
// batches for streaming. Services and services at locations are found by the search engine, from the same
// query model the search page uses; the records for the ids it gives are then read from the stores.
import type {
  IdPage,
  OrukRecord,
  PageRequest,
  Stores,
  TaxonomyTermFilter,
  TextFilter,
} from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { BadRequestError } from '../domain/form-error.js';
import { DAY_MINUTES } from '../domain/time-rules.js';
import { termById } from '../domain/vocabulary.js';
import { locate } from '../geo/locate.js';
import { searchQuery, type SearchEngine, type SearchQuery, type SearchSort } from '../search/engine.js';

/** The ORUK page envelope. */
export interface OrukPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: OrukRecord[];
}

/** What /services and /service_at_locations are asked, already checked (api/parameters.ts). */
export interface ServiceQuery {
  text: string | null;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  postcode: string | null;
  proximityMetres: number | null;
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
  freeOnly: boolean;
  sort: SearchSort | null;
  full: boolean;
}

/** /organizations: words to find, and whether to nest each organization's services (fully). */
export interface OrganizationFilter extends TextFilter {
  full: boolean;
  fullService: boolean;
}

/** Streamed results go to the database this many at a time. */
export const STREAM_BATCH_SIZE = 500;

/** Receives each batch of a streamed result set; resolves when the batch has been written. */
export type BatchConsumer = (records: OrukRecord[]) => Promise<void>;

function envelope(found: IdPage, contents: OrukRecord[], request: PageRequest): OrukPage {
  const totalPages = Math.ceil(found.total / request.perPage);
  return {
    total_items: found.total,
    total_pages: totalPages,
    page_number: request.page,
    size: contents.length,
    first_page: request.page === 1,
    last_page: request.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Walks every matching id in id order, a batch at a time, until the consumer has had them all. */
async function walk(
  nextBatch: (afterId: string | null) => Promise<string[]>,
  load: (ids: string[]) => Promise<OrukRecord[]>,
  consume: BatchConsumer,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const ids = await nextBatch(after);
    if (ids.length === 0) return;
    await consume(await load(ids));
    if (ids.length < STREAM_BATCH_SIZE) return;
    after = ids[ids.length - 1];
  }
}

/** Hands ids already in order to the consumer a batch of records at a time. */
async function inBatches(
  ids: string[],
  load: (ids: string[]) => Promise<OrukRecord[]>,
  consume: BatchConsumer,
): Promise<void> {
  for (let i = 0; i < ids.length; i += STREAM_BATCH_SIZE) {
    await consume(await load(ids.slice(i, i + STREAM_BATCH_SIZE)));
  }
}

/**
 * The API's questions in the one query model. A term of the directory's own vocabulary is asked as the page
 * asks it (a need, an activity type, a suitability), so it ranks alike. A postcode with a proximity keeps what
 * lies within it (online listings are not); a postcode alone keeps every distance. Unless a sort is asked for,
 * words rank by relevance, a postcode alone by distance, and a plain list by name, which stays put while
 * sessions come and go.
 */
function searchQueryOf(
  query: ServiceQuery,
  near: SearchQuery['near'],
  request: PageRequest,
  now: Date,
): SearchQuery {
  const term = query.taxonomyTermId ? termById(query.taxonomyTermId) : undefined;
  const code = term ? [term.term.code] : [];
  const window =
    query.fromMinute !== null || query.toMinute !== null
      ? { from: query.fromMinute ?? 0, to: query.toMinute ?? DAY_MINUTES }
      : null;
  return searchQuery({
    text: query.text,
    needs: term?.taxonomy === 'needs' ? code : [],
    activityTypes: term?.taxonomy === 'activity-types' ? code : [],
    suitability: term?.taxonomy === 'suitability' ? code : [],
    termIds: query.taxonomyTermId && !term ? [query.taxonomyTermId] : [],
    taxonomyIds: query.taxonomyId ? [query.taxonomyId] : [],
    organizationId: query.organizationId,
    near,
    radiusMetres: query.proximityMetres,
    includeOnline: false,
    days: query.days,
    timeWindow: window,
    dateFrom: query.date,
    dateTo: query.date,
    minimumAge: query.minimumAge,
    maximumAge: query.maximumAge,
    modifiedAfter: query.modifiedAfter,
    freeOnly: query.freeOnly,
    sort: query.sort ?? (query.text ? 'relevance' : near ? 'distance' : 'name'),
    page: request.page,
    perPage: request.perPage,
    now,
  });
}

export function createOpenReferral(
  stores: Pick<Stores, 'searchReads'>,
  engine: () => SearchEngine,
  clock: Clock,
) {
  // Reads only, from the read replica when there is one.
  const oruk = stores.searchReads.oruk;
  async function searchOf(query: ServiceQuery, request: PageRequest): Promise<SearchQuery> {
    if (!query.postcode) return searchQueryOf(query, null, request, clock.now());
    const place = await locate(stores.searchReads.places, query.postcode);
    if (!place.found)
      throw new BadRequestError([{ field: 'postcode', message: `postcode ${place.message}` }]);
    const near = { latitude: place.latitude, longitude: place.longitude };
    return searchQueryOf(query, near, request, clock.now());
  }
  const everything = { page: 1, perPage: STREAM_BATCH_SIZE };

  const serviceRecords = (full: boolean) => (ids: string[]) =>
    full ? oruk.fullServices(ids) : oruk.serviceSummaries(ids);

  /** Organizations, and with `full` each with its public services (fully nested with `fullService`). */
  async function organizations(
    ids: string[],
    nesting: Pick<OrganizationFilter, 'full' | 'fullService'>,
  ): Promise<OrukRecord[]> {
    const records = await oruk.organizations(ids);
    if (!nesting.full) return records;
    const serviceIds = await oruk.organizationServiceIds(records.map((o) => o.id as string));
    const services = new Map(
      (await serviceRecords(nesting.fullService)([...serviceIds.values()].flat())).map((s) => [s.id, s]),
    );
    return records.map((organization) => ({
      ...organization,
      services: (serviceIds.get(organization.id as string) ?? []).flatMap((id) => services.get(id) ?? []),
    }));
  }

  return {
    async listServices(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await engine().searchIds(await searchOf(query, request), 'service');
      return envelope(found, await serviceRecords(query.full)(found.ids), request);
    },

    async streamServices(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const ids = await engine().allIds(await searchOf(query, everything), 'service');
      await inBatches(ids, serviceRecords(query.full), consume);
    },

    async service(id: string): Promise<OrukRecord | null> {
      return (await oruk.fullServices([id]))[0] ?? null;
    },

    async listServicesAtLocations(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await engine().searchIds(await searchOf(query, request), 'service_at_location');
      return envelope(found, await oruk.servicesAtLocations(found.ids, query.full), request);
    },

    async streamServicesAtLocations(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const ids = await engine().allIds(await searchOf(query, everything), 'service_at_location');
      await inBatches(ids, (batch) => oruk.servicesAtLocations(batch, query.full), consume);
    },

    /** A service at a location with its service fully nested, as /services/{id} gives it. */
    async serviceAtLocation(id: string): Promise<OrukRecord | null> {
      return (await oruk.servicesAtLocations([id], true))[0] ?? null;
    },

    async listOrganizations(filter: OrganizationFilter, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.organizationPage(filter, request);
      return envelope(found, await organizations(found.ids, filter), request);
    },

    async streamOrganizations(filter: OrganizationFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => oruk.organizationBatch(filter, after, STREAM_BATCH_SIZE),
        (ids) => organizations(ids, filter),
        consume,
      );
    },

    /** An organization with its public services: their one-to-one fields, or fully nested. */
    async organization(id: string, fullService: boolean): Promise<OrukRecord | null> {
      return (await organizations([id], { full: true, fullService }))[0] ?? null;
    },

    async listTaxonomies(filter: TextFilter, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.taxonomyPage(filter, request);
      return envelope(found, await oruk.taxonomies(found.ids), request);
    },

    async streamTaxonomies(filter: TextFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => oruk.taxonomyBatch(filter, after, STREAM_BATCH_SIZE),
        (ids) => oruk.taxonomies(ids),
        consume,
      );
    },

    /** A taxonomy with all of its terms. */
    async taxonomy(id: string): Promise<OrukRecord | null> {
      const [taxonomy] = await oruk.taxonomies([id]);
      if (!taxonomy) return null;
      const terms = await oruk.taxonomyTerms(await oruk.taxonomyTermIds(id));
      return { ...taxonomy, taxonomy_terms: terms.map(({ taxonomy_detail: _detail, ...term }) => term) };
    },

    async listTaxonomyTerms(filter: TaxonomyTermFilter, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.taxonomyTermPage(filter, request);
      return envelope(found, await oruk.taxonomyTerms(found.ids), request);
    },

    async streamTaxonomyTerms(filter: TaxonomyTermFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => oruk.taxonomyTermBatch(filter, after, STREAM_BATCH_SIZE),
        (ids) => oruk.taxonomyTerms(ids),
        consume,
      );
    },

    async taxonomyTerm(id: string): Promise<OrukRecord | null> {
      return (await oruk.taxonomyTerms([id]))[0] ?? null;
    },
  };
}

export type OpenReferral = ReturnType<typeof createOpenReferral>;
