// HSDS 3.0 JSON (a service, an array of services, or a paged list envelope) → listings and rejections.
import type { Listing, RecordPosition, Rejection } from '../listing.js';
import { convertHsdsService } from './service.js';

/** The keys of a page envelope whose array holds the records (HSDS 3.0, ORUK v1 paged lists, plain lists). */
export const ENVELOPE_KEYS = ['contents', 'content', 'services'];

export const NOT_RECORDS = 'is not an HSDS service, an array of services or a page of services';

/** Finds the records in a parsed HSDS JSON document: one service, an array, or a page envelope. */
export function hsdsRecords(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (document && typeof document === 'object') {
    const d = document as Record<string, unknown>;
    const records = ENVELOPE_KEYS.map((key) => d[key]).find(Array.isArray);
    return records ?? [document];
  }
  throw new Error(NOT_RECORDS);
}

export function convertHsdsDocument(
  document: unknown,
  file: string,
): { listings: { listing: Listing; position: RecordPosition }[]; rejections: Rejection[] } {
  const listings: { listing: Listing; position: RecordPosition }[] = [];
  const rejections: Rejection[] = [];
  hsdsRecords(document).forEach((record, index) => {
    const position = { file, index };
    const result = convertHsdsService(record);
    if ('listing' in result) listings.push({ listing: result.listing, position });
    else rejections.push({ position, id: result.id, reasons: result.reasons });
  });
  return { listings, rejections };
}
