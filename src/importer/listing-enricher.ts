// Steps that give a listing what its feed says only in words (a venue, the area it covers, its times) before the
// listing is checked, each counting what it did for the import's report.
import type { Listing } from './listing.js';

export interface ListingEnricher {
  /** Adds to the listing; returns what it did, counted by `tally` only if the listing is admitted. */
  enrich(listing: Listing): Promise<string[]>;
  tally(done: string[]): void;
  /** The report's lines: none when the step found nothing to do. */
  lines(): string[];
}

/** Runs every step on one listing, in order; what each did, for `tallyEnriched`. */
export async function enrichListing(
  enrichers: ListingEnricher[] | undefined,
  listing: Listing,
): Promise<string[][]> {
  const done: string[][] = [];
  for (const enricher of enrichers ?? []) done.push(await enricher.enrich(listing));
  return done;
}

export function tallyEnriched(enrichers: ListingEnricher[] | undefined, done: string[][]): void {
  (enrichers ?? []).forEach((enricher, i) => enricher.tally(done[i]));
}
