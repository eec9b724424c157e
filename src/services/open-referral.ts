// Open Referral UK 3.0 reads: filtered pages in the ORUK page envelope, nested records, and whole
// result sets walked in batches for streaming.
import type {
  IdPage,
  OrukRecord,
  PageRequest,
  ServiceFilter,
  Stores,
  TaxonomyTermFilter,
  TextFilter,
} from '../db/stores.js';
import { BadRequestError } from '../domain/form-error.js';
import { locate } from '../geo/locate.js';

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

export interface ServiceQuery extends Omit<ServiceFilter, 'near'> {
  postcode: string | null;
  proximityMetres: number | null;
  full: boolean;
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

export function createOpenReferral(stores: Pick<Stores, 'searchReads'>) {
  // Reads only, from the read replica when there is one.
  const oruk = stores.searchReads.oruk;
  async function serviceFilter(query: ServiceQuery): Promise<ServiceFilter> {
    const { postcode, proximityMetres, full: _full, ...filter } = query;
    if (!postcode) return { ...filter, near: null };
    const place = await locate(stores.searchReads.places, postcode);
    if (!place.found)
      throw new BadRequestError([{ field: 'postcode', message: `postcode ${place.message}` }]);
    return {
      ...filter,
      near: { latitude: place.latitude, longitude: place.longitude, radiusMetres: proximityMetres },
    };
  }

  const serviceRecords = (full: boolean) => (ids: string[]) =>
    full ? oruk.fullServices(ids) : oruk.serviceSummaries(ids);

  return {
    async listServices(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.servicePage(await serviceFilter(query), request);
      return envelope(found, await serviceRecords(query.full)(found.ids), request);
    },

    async streamServices(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const filter = await serviceFilter(query);
      await walk(
        (after) => oruk.serviceBatch(filter, after, STREAM_BATCH_SIZE),
        serviceRecords(query.full),
        consume,
      );
    },

    async service(id: string): Promise<OrukRecord | null> {
      return (await oruk.fullServices([id]))[0] ?? null;
    },

    async listServicesAtLocations(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.serviceAtLocationPage(await serviceFilter(query), request);
      return envelope(found, await oruk.servicesAtLocations(found.ids), request);
    },

    async streamServicesAtLocations(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const filter = await serviceFilter(query);
      await walk(
        (after) => oruk.serviceAtLocationBatch(filter, after, STREAM_BATCH_SIZE),
        (ids) => oruk.servicesAtLocations(ids),
        consume,
      );
    },

    async serviceAtLocation(id: string): Promise<OrukRecord | null> {
      return (await oruk.servicesAtLocations([id]))[0] ?? null;
    },

    async listOrganizations(filter: TextFilter, request: PageRequest): Promise<OrukPage> {
      const found = await oruk.organizationPage(filter, request);
      return envelope(found, await oruk.organizations(found.ids), request);
    },

    async streamOrganizations(filter: TextFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => oruk.organizationBatch(filter, after, STREAM_BATCH_SIZE),
        (ids) => oruk.organizations(ids),
        consume,
      );
    },

    /** An organization with its public services: their one-to-one fields, or fully nested. */
    async organization(id: string, fullService: boolean): Promise<OrukRecord | null> {
      const [organization] = await oruk.organizations([id]);
      if (!organization) return null;
      const serviceIds = await oruk.organizationServiceIds(id);
      return { ...organization, services: await serviceRecords(fullService)(serviceIds) };
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
