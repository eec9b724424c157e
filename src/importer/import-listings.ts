// Validate everything first, then store in atomic batches: the contract every listing importer keeps.
import type { Stores } from '../db/stores.js';
import { HeldListings, SpilledListings, type AcceptedListings } from './accepted-listings.js';
import { UnreadableFile } from './json-records.js';
import { ListingChecks } from './listing-checks.js';
import { enrichListing, tallyEnriched, type ListingEnricher } from './listing-enricher.js';
import type { ImportWarning, Listing, RecordPosition, Rejection } from './listing.js';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  /** Values left out of records that were imported (with position and field), e.g. unsafe links. */
  warnings?: ImportWarning[];
  /** Service ids written (new or changed), for search index sync. */
  changedIds: string[];
  /** Format-specific summary lines, e.g. how much opening-times text became schedules. */
  details?: string[];
}

export interface ConvertedSource {
  listings: { listing: Listing; position: RecordPosition }[];
  rejections: Rejection[];
}

export interface ImportOptions {
  source: string;
  dryRun?: boolean;
  batchSize?: number;
  /** Batches stored at the same time (default 2). */
  concurrency?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** Give listings what their feed says only in words: a venue, the area covered, times. */
  enrichers?: ListingEnricher[];
}

/** One record of a file, converted: a listing, or why it could not be one. */
export type ConvertedRecord = { listing: Listing } | { id: string | null; reasons: string[] };

export interface ListingFile {
  file: string;
  /** Its records in order; an UnreadableFile error part way refuses the whole file. */
  records: AsyncIterable<{ index: number; converted: ConvertedRecord }>;
}

/**
 * Imports files of any size in two streamed passes: every record is converted and checked as it is read
 * (the ones that pass are kept in a temporary file), then, once all are known, stored in batches.
 */
export async function importListingFiles(
  stores: Stores,
  files: AsyncIterable<ListingFile>,
  options: ImportOptions,
): Promise<ImportReport> {
  const checks = new ListingChecks(stores);
  const accepted = await SpilledListings.create();
  try {
    for await (const { file, records } of files) {
      const mark = checks.mark();
      try {
        for await (const { index, converted } of records) {
          const position = { file, index };
          if (!('listing' in converted)) checks.reject({ position, ...converted });
          else {
            const enriched = await enrichListing(options.enrichers, converted.listing);
            const record = checks.admit(converted.listing, position);
            if (record >= 0) {
              tallyEnriched(options.enrichers, enriched);
              await accepted.add(record, converted.listing);
            }
          }
          if (checks.unsettled) await checks.settle();
        }
      } catch (error) {
        if (!(error instanceof UnreadableFile)) throw error;
        checks.refuseFile(mark, file, error.message);
      }
    }
    return await storeAccepted(stores, checks, accepted, options);
  } finally {
    await accepted.close();
  }
}

/** The same contract for listings already in memory (spreadsheets, tests). */
export async function importListings(
  stores: Stores,
  converted: ConvertedSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const checks = new ListingChecks(stores);
  const accepted = new HeldListings();
  for (const rejection of converted.rejections) checks.reject(rejection);
  for (const { listing, position } of converted.listings) {
    const enriched = await enrichListing(options.enrichers, listing);
    const record = checks.admit(listing, position);
    if (record >= 0) {
      tallyEnriched(options.enrichers, enriched);
      await accepted.add(record, listing);
    }
  }
  return storeAccepted(stores, checks, accepted, options);
}

async function storeAccepted(
  stores: Stores,
  checks: ListingChecks,
  accepted: AcceptedListings,
  options: ImportOptions,
): Promise<ImportReport> {
  const checked = await checks.finish();
  const report: ImportReport = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: checked.rejections.length,
    rejections: checked.rejections,
    warnings: checked.warnings,
    changedIds: [],
  };
  const batchSize = options.batchSize ?? 2000;
  const total = checked.accepted;
  const batches = accepted.batches(batchSize, checked.leftOut);
  let done = 0;
  options.onProgress?.(0, total);
  // Two batches in flight keep the database busy while this process prepares the next one; each is still
  // its own transaction, so an interrupted import leaves only whole activities behind.
  const worker = async () => {
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      const batch = next.value;
      for (const listing of batch) checks.prepare(listing);
      const result = await storeBatch(stores, batch, options);
      report.imported += result.inserted.length;
      report.updated += result.updated.length;
      report.unchanged += result.unchanged.length;
      report.changedIds.push(...result.inserted, ...result.updated);
      done += batch.length;
      options.onProgress?.(done, total);
    }
  };
  const workers = Math.min(options.concurrency ?? 2, Math.ceil(total / batchSize) || 1);
  await Promise.all(Array.from({ length: workers }, worker));
  if (report.changedIds.length) {
    await stores.listings.mergePendingSearchEntries();
    await stores.listings.refreshWordRarity();
  }
  // The banner calling every listing fictional must go once real ones arrive (seeding marks it again after).
  if (report.changedIds.length && !options.dryRun) await stores.directory.clearSampleData();
  return report;
}

const DEADLOCK = '40P01';

/** Stores one batch; if two batches touched the same shared rows in a deadly order, the loser simply retries. */
async function storeBatch(stores: Stores, batch: Listing[], options: ImportOptions) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await stores.listings.storeListings(batch, {
        source: options.source,
        dryRun: options.dryRun,
        now: options.now,
      });
    } catch (error) {
      const failure = error as { code?: string; driverError?: { code?: string } };
      const code = failure.code ?? failure.driverError?.code;
      if (code !== DEADLOCK || attempt >= 5) throw error;
    }
  }
}
