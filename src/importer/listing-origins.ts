// Records where each listing of an import came from: the source's name, kind and address, the listing's id there,
// when it was read, a hash of the record as received and the publisher's own last-reviewed date. It runs first of
// the steps every import format passes its listings through, so the hash is of the record before anything is added.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ListingOrigin } from '../db/listing.js';
import type { ListingEnricher } from './listing-enricher.js';
import type { Listing, ServiceRow } from './listing.js';
import { isFeedAddress } from './crawl/oruk-format.js';

export type ImportSource = Pick<ListingOrigin, 'kind' | 'name' | 'address' | 'fetchedAt'>;

/**
 * The source of an import: a feed (an http(s) address, named by its host) or a file or folder (named by its file
 * name), unless `sourceName` names it as people know it.
 */
export function importSource(target: string, sourceName: string | undefined, at: Date): ImportSource {
  const feed = isFeedAddress(target);
  const address = feed ? target.trim().replace(/\/+$/, '') : target;
  const given = sourceName?.trim();
  const name = given || (feed ? new URL(address).host : path.basename(path.resolve(target)));
  return { kind: feed ? 'feed' : 'file', name, address, fetchedAt: at.toISOString() };
}

/** The publisher's own last-reviewed date: assured_date, else the day of last_modified. */
export function reviewedOn(service: Pick<ServiceRow, 'assured_date' | 'last_modified'>): string | null {
  if (service.assured_date) return String(service.assured_date).slice(0, 10);
  const modified = service.last_modified as Date | string | null | undefined;
  if (modified instanceof Date)
    return Number.isNaN(modified.getTime()) ? null : modified.toISOString().slice(0, 10);
  return typeof modified === 'string' && /^\d{4}-\d{2}-\d{2}/.test(modified) ? modified.slice(0, 10) : null;
}

export class ListingOrigins implements ListingEnricher {
  constructor(private readonly source: ImportSource) {}

  async enrich(listing: Listing): Promise<string[]> {
    const { origin: _earlier, ...received } = listing;
    listing.origin = {
      ...this.source,
      sourceId: listing.service.id,
      contentHash: createHash('sha256').update(JSON.stringify(received)).digest('hex'),
      reviewedOn: reviewedOn(listing.service),
    };
    return [];
  }

  tally(): void {}

  lines(): string[] {
    return [];
  }
}
