// What an import says about its records: where each came from, what was rejected or left out. The listing
// every importer produces is the listing store's input, described there from the entities.
export type {
  AccessibilityRow,
  AddressRow,
  AttributeRow,
  CancellationRow,
  ContactRow,
  CostOptionRow,
  Listing,
  LocationBundle,
  LocationRow,
  OrganizationRow,
  PhoneRow,
  ScheduleRow,
  ServiceAreaRow,
  ServiceAtLocationRow,
  ServiceRow,
  TaxonomyRow,
  TaxonomyTermRow,
} from '../db/listing.js';

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
  /** The whole file was refused (not JSON, not records, no usable header): nothing in it was read. */
  wholeFile?: boolean;
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
