// The listing store's input: one activity (an HSDS service) with everything it owns, as rows of the tables
// the entities describe. Every importer (and the editor) produces it; the store fingerprints and writes it.
import type { DataSource } from 'typeorm';
import {
  Accessibility,
  Address,
  Attribute,
  Contact,
  CostOption,
  Location,
  Organization,
  Phone,
  Schedule,
  ScheduleCancellation,
  Service,
  ServiceArea,
  ServiceAtLocation,
  Taxonomy,
  TaxonomyTerm,
  type Row,
} from './entities/index.js';
import { entityColumns, type Column } from './batch-insert.js';

/** Service columns the listing store fills itself on every write: fingerprint, provenance and time. */
export const SERVICE_STORE_COLUMNS = ['content_hash', 'source', 'updated_at'] as const;

/**
 * Columns of the listing tables that no listing carries: set by their defaults, derived after every write
 * (db/listing-refresh.ts and the modules it calls), kept by the vocabulary, or changed by the editor on their own.
 */
export const NOT_IN_LISTING = {
  organization: ['created_at', 'updated_at'],
  service: [
    'is_free',
    'is_online',
    'search_terms',
    'created_at',
    'next_session_at',
    'slot_mask',
    'lowest_price',
    'audiences',
    'capacity_status',
    'term_ids',
  ],
  taxonomy_term: ['synonyms'],
} as const satisfies {
  organization: readonly (keyof Organization)[];
  service: readonly (keyof Service)[];
  taxonomy_term: readonly (keyof TaxonomyTerm)[];
};

type Without<E, Table extends keyof typeof NOT_IN_LISTING> = Omit<
  Row<E>,
  (typeof NOT_IN_LISTING)[Table][number]
>;

export type OrganizationRow = Without<Organization, 'organization'>;
export type ServiceRow = Omit<Without<Service, 'service'>, (typeof SERVICE_STORE_COLUMNS)[number]>;
export type LocationRow = Row<Location>;
export type AddressRow = Row<Address>;
export type AccessibilityRow = Row<Accessibility>;
export type ServiceAtLocationRow = Row<ServiceAtLocation>;
export type ScheduleRow = Row<Schedule>;
export type CancellationRow = Row<ScheduleCancellation>;
export type TaxonomyRow = Row<Taxonomy>;
export type TaxonomyTermRow = Without<TaxonomyTerm, 'taxonomy_term'>;
export type AttributeRow = Row<Attribute>;
export type ContactRow = Row<Contact>;
export type PhoneRow = Row<Phone>;
export type CostOptionRow = Row<CostOption>;
export type ServiceAreaRow = Row<ServiceArea>;

export interface LocationBundle {
  location: LocationRow;
  addresses: AddressRow[];
  accessibility: AccessibilityRow[];
}

/** Where a listing came from, as the import that read it says (db/listing-source-store.ts keeps it). */
export interface ListingOrigin {
  kind: 'feed' | 'file' | 'editor';
  /** The source's name as people know it. */
  name: string;
  /** The feed's address or the file's name; empty for the editor. */
  address: string;
  /** The listing's id in that source. */
  sourceId: string;
  /** When the record was fetched or imported (ISO 8601). */
  fetchedAt: string;
  /** SHA-256 (hex) of the record as received, before anything was added to it. */
  contentHash: string;
  /** The publisher's own last-reviewed date (YYYY-MM-DD), when the record has one. */
  reviewedOn: string | null;
}

export interface Listing {
  organization: OrganizationRow | null;
  service: ServiceRow;
  locations: LocationBundle[];
  serviceAtLocations: ServiceAtLocationRow[];
  schedules: ScheduleRow[];
  cancellations: CancellationRow[];
  taxonomies: TaxonomyRow[];
  terms: TaxonomyTermRow[];
  attributes: AttributeRow[];
  contacts: ContactRow[];
  phones: PhoneRow[];
  costOptions: CostOptionRow[];
  serviceAreas: ServiceAreaRow[];
  /** Where it came from: not content, so left out of the listing's fingerprint. */
  origin?: ListingOrigin;
}

/** The columns of each table a listing holds, from the entities (SERVICE_STORE_COLUMNS included). */
export interface ListingColumns {
  organization: Column[];
  service: Column[];
  location: Column[];
  address: Column[];
  accessibility: Column[];
  serviceAtLocation: Column[];
  schedule: Column[];
  cancellation: Column[];
  taxonomy: Column[];
  taxonomyTerm: Column[];
  attribute: Column[];
  contact: Column[];
  phone: Column[];
  costOption: Column[];
  serviceArea: Column[];
}

const columnsBySource = new WeakMap<DataSource, ListingColumns>();

/** Worked out once per data source. */
export function listingColumns(dataSource: DataSource): ListingColumns {
  let columns = columnsBySource.get(dataSource);
  if (!columns) {
    const of = <E extends object>(entity: new () => E, except: readonly (keyof E)[] = []) =>
      entityColumns(dataSource, entity, except);
    columns = {
      organization: of(Organization, NOT_IN_LISTING.organization),
      service: of(Service, NOT_IN_LISTING.service),
      location: of(Location),
      address: of(Address),
      accessibility: of(Accessibility),
      serviceAtLocation: of(ServiceAtLocation),
      schedule: of(Schedule),
      cancellation: of(ScheduleCancellation),
      taxonomy: of(Taxonomy),
      taxonomyTerm: of(TaxonomyTerm, NOT_IN_LISTING.taxonomy_term),
      attribute: of(Attribute),
      contact: of(Contact),
      phone: of(Phone),
      costOption: of(CostOption),
      serviceArea: of(ServiceArea),
    };
    columnsBySource.set(dataSource, columns);
  }
  return columns;
}
