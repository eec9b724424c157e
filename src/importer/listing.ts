// The normalised shape every importer produces: one activity (HSDS service) with everything it owns,
// as rows ready for the listing store.

export interface OrganizationRow {
  id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  email: string | null;
  website: string | null;
  tax_status: string | null;
  tax_id: string | null;
  year_incorporated: number | null;
  legal_status: string | null;
  logo: string | null;
  uri: string | null;
  parent_organization_id: string | null;
}

export interface ServiceRow {
  id: string;
  organization_id: string | null;
  program_id: string | null;
  name: string;
  alternate_name: string | null;
  description: string | null;
  url: string | null;
  email: string | null;
  status: string;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  wait_time: string | null;
  fees: string | null;
  accreditations: string | null;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  assured_date: string | null;
  assurer_email: string | null;
  licenses: string | null;
  alert: string | null;
  last_modified: string | null;
}

export interface LocationRow {
  id: string;
  location_type: string;
  url: string | null;
  organization_id: string | null;
  name: string | null;
  alternate_name: string | null;
  description: string | null;
  transportation: string | null;
  latitude: number | null;
  longitude: number | null;
  external_identifier: string | null;
  external_identifier_type: string | null;
}

export interface AddressRow {
  id: string;
  location_id: string;
  attention: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  region: string | null;
  state_province: string | null;
  postal_code: string | null;
  country: string | null;
  address_type: string;
}

export interface AccessibilityRow {
  id: string;
  location_id: string;
  description: string | null;
  details: string | null;
  url: string | null;
}

export interface ServiceAtLocationRow {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface ScheduleRow {
  id: string;
  service_id: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  dtstart: string | null;
  timezone: string | null;
  until: string | null;
  count: number | null;
  wkst: string | null;
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  byweekno: string | null;
  bymonthday: string | null;
  byyearday: string | null;
  description: string | null;
  opens_at: string | null;
  closes_at: string | null;
  schedule_link: string | null;
  attending_type: string | null;
  notes: string | null;
}

export interface CancellationRow {
  schedule_id: string;
  date: string;
  reason: string | null;
}

export interface TaxonomyRow {
  id: string;
  name: string;
  description: string | null;
  uri: string | null;
  version: string | null;
}

export interface TaxonomyTermRow {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  parent_id: string | null;
  taxonomy: string | null;
  taxonomy_id: string | null;
  language: string | null;
  term_uri: string | null;
}

export interface AttributeRow {
  id: string;
  link_id: string;
  taxonomy_term_id: string;
  link_type: string | null;
  link_entity: string;
  value: string | null;
}

export interface ContactRow {
  id: string;
  organization_id: string | null;
  service_id: string | null;
  service_at_location_id: string | null;
  location_id: string | null;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
}

export interface PhoneRow {
  id: string;
  location_id: string | null;
  service_id: string | null;
  organization_id: string | null;
  contact_id: string | null;
  service_at_location_id: string | null;
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
}

export interface CostOptionRow {
  id: string;
  service_id: string;
  valid_from: string | null;
  valid_to: string | null;
  option: string | null;
  currency: string | null;
  amount: number | null;
  amount_description: string | null;
}

export interface ServiceAreaRow {
  id: string;
  service_id: string;
  name: string | null;
  description: string | null;
  extent: string | null;
  extent_type: string | null;
  uri: string | null;
  /** Postgres polygon literal derived from a GeoJSON extent, in (longitude, latitude) order. */
  area: string | null;
}

export interface LocationBundle {
  location: LocationRow;
  addresses: AddressRow[];
  accessibility: AccessibilityRow[];
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
}

/** Where a record came from, for messages: "seed-data/bristol.json record 12". */
export interface RecordPosition {
  file: string;
  index: number;
  /** What index counts: a JSON record (the default) or a spreadsheet row, as a spreadsheet numbers it. */
  unit?: 'record' | 'row';
}

export interface Rejection {
  position: RecordPosition;
  id: string | null;
  reasons: string[];
}

/** Something left out of a record that was still imported, e.g. a website that is not a safe link. */
export interface ImportWarning {
  position: RecordPosition;
  id: string | null;
  field: string;
  message: string;
}

export function describePosition(position: RecordPosition): string {
  return `${position.file} ${position.unit ?? 'record'} ${position.index + 1}`;
}

/** "seed-data/bristol.json record 12 (id walk-1)", for rejections and warnings alike. */
export function describeRecord(position: RecordPosition, id: string | null): string {
  return `${describePosition(position)}${id ? ` (id ${id})` : ''}`;
}
