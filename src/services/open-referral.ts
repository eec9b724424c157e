// Open Referral UK 3.0 reads: filtered pages in the ORUK page envelope, nested records, and whole
// result sets walked in batches for streaming.
import type { DataSource } from 'typeorm';
import {
  organizationBatch,
  organizationPage,
  serviceAtLocationBatch,
  serviceAtLocationPage,
  serviceBatch,
  servicePage,
} from '../db/oruk/pages.js';
import {
  fullServices,
  organizations,
  organizationServiceIds,
  servicesAtLocations,
  serviceSummaries,
} from '../db/oruk/records.js';
import type { OrukRecord } from '../db/oruk/rows-to-records.js';
import type { IdPage, PageRequest, TextFilter } from '../db/oruk/selection.js';
import type { ServiceFilter } from '../db/oruk/service-filter.js';
import {
  taxonomies,
  taxonomyBatch,
  taxonomyPage,
  taxonomyTermBatch,
  taxonomyTermIds,
  taxonomyTermPage,
  taxonomyTerms,
  type TaxonomyTermFilter,
} from '../db/oruk/taxonomies.js';
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

export function createOpenReferral(db: DataSource) {
  async function serviceFilter(query: ServiceQuery): Promise<ServiceFilter> {
    const { postcode, proximityMetres, full: _full, ...filter } = query;
    if (!postcode) return { ...filter, near: null };
    const place = await locate(db, postcode);
    if (!place.found)
      throw new BadRequestError([{ field: 'postcode', message: `postcode ${place.message}` }]);
    return {
      ...filter,
      near: { latitude: place.latitude, longitude: place.longitude, radiusMetres: proximityMetres },
    };
  }

  const serviceRecords = (full: boolean) => (ids: string[]) =>
    full ? fullServices(db, ids) : serviceSummaries(db, ids);

  return {
    async listServices(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await servicePage(db, await serviceFilter(query), request);
      return envelope(found, await serviceRecords(query.full)(found.ids), request);
    },

    async streamServices(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const filter = await serviceFilter(query);
      await walk(
        (after) => serviceBatch(db, filter, after, STREAM_BATCH_SIZE),
        serviceRecords(query.full),
        consume,
      );
    },

    async service(id: string): Promise<OrukRecord | null> {
      return (await fullServices(db, [id]))[0] ?? null;
    },

    async listServicesAtLocations(query: ServiceQuery, request: PageRequest): Promise<OrukPage> {
      const found = await serviceAtLocationPage(db, await serviceFilter(query), request);
      return envelope(found, await servicesAtLocations(db, found.ids), request);
    },

    async streamServicesAtLocations(query: ServiceQuery, consume: BatchConsumer): Promise<void> {
      const filter = await serviceFilter(query);
      await walk(
        (after) => serviceAtLocationBatch(db, filter, after, STREAM_BATCH_SIZE),
        (ids) => servicesAtLocations(db, ids),
        consume,
      );
    },

    async serviceAtLocation(id: string): Promise<OrukRecord | null> {
      return (await servicesAtLocations(db, [id]))[0] ?? null;
    },

    async listOrganizations(filter: TextFilter, request: PageRequest): Promise<OrukPage> {
      const found = await organizationPage(db, filter, request);
      return envelope(found, await organizations(db, found.ids), request);
    },

    async streamOrganizations(filter: TextFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => organizationBatch(db, filter, after, STREAM_BATCH_SIZE),
        (ids) => organizations(db, ids),
        consume,
      );
    },

    /** An organization with its public services: their one-to-one fields, or fully nested. */
    async organization(id: string, fullService: boolean): Promise<OrukRecord | null> {
      const [organization] = await organizations(db, [id]);
      if (!organization) return null;
      const serviceIds = await organizationServiceIds(db, id);
      return { ...organization, services: await serviceRecords(fullService)(serviceIds) };
    },

    async listTaxonomies(filter: TextFilter, request: PageRequest): Promise<OrukPage> {
      const found = await taxonomyPage(db, filter, request);
      return envelope(found, await taxonomies(db, found.ids), request);
    },

    async streamTaxonomies(filter: TextFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => taxonomyBatch(db, filter, after, STREAM_BATCH_SIZE),
        (ids) => taxonomies(db, ids),
        consume,
      );
    },

    /** A taxonomy with all of its terms. */
    async taxonomy(id: string): Promise<OrukRecord | null> {
      const [taxonomy] = await taxonomies(db, [id]);
      if (!taxonomy) return null;
      const terms = await taxonomyTerms(db, await taxonomyTermIds(db, id));
      return { ...taxonomy, taxonomy_terms: terms.map(({ taxonomy_detail: _detail, ...term }) => term) };
    },

    async listTaxonomyTerms(filter: TaxonomyTermFilter, request: PageRequest): Promise<OrukPage> {
      const found = await taxonomyTermPage(db, filter, request);
      return envelope(found, await taxonomyTerms(db, found.ids), request);
    },

    async streamTaxonomyTerms(filter: TaxonomyTermFilter, consume: BatchConsumer): Promise<void> {
      await walk(
        (after) => taxonomyTermBatch(db, filter, after, STREAM_BATCH_SIZE),
        (ids) => taxonomyTerms(db, ids),
        consume,
      );
    },

    async taxonomyTerm(id: string): Promise<OrukRecord | null> {
      return (await taxonomyTerms(db, [id]))[0] ?? null;
    },
  };
}

export type OpenReferral = ReturnType<typeof createOpenReferral>;
