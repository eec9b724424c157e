// HSDS 3.0 JSON (a service, an array of services, or a paged list envelope) → listings and rejections.
import type { Listing, RecordPosition, Rejection } from '../listing.js';
import { convertHsdsService } from './service.js';

/** Finds the records in a parsed HSDS JSON document: one service, an array, or a page envelope. */
export function hsdsRecords(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (document && typeof document === 'object') {
    const d = document as Record<string, unknown>;
    if (Array.isArray(d.contents)) return d.contents;
    if (Array.isArray(d.content)) return d.content;
    if (Array.isArray(d.services)) return d.services;
    return [document];
  }
  throw new Error('is not an HSDS service, an array of services or a page of services');
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
