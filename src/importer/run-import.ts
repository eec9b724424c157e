// One entry point for every import: pick the format, then validate all and store.
import type { Stores } from '../db/stores.js';
import type { ImportReport } from './import-listings.js';
import type { RunImportOptions } from './import-format.js';
import { coverageArea, type CoverageArea } from '../geo/coverage-area.js';
import { importFormats } from './formats.js';
import { TimesFromDescriptions } from './described-times.js';
import { ListingPlacer } from './listing-places.js';
import { sourceFiles } from './source-files.js';
import { DEFAULT_USER_AGENT } from './crawl/oruk-crawl.js';
import { isFeedAddress } from './crawl/oruk-format.js';
import { fetchDocument } from './fetch-document.js';
import { importSource, ListingOrigins } from './listing-origins.js';
import { mergeImportedListings, mergeSummary } from './merge-listings.js';

export type { RunImportOptions } from './import-format.js';

/** Without --format: an http(s) address is a live ORUK 3.0 API, CSV files a gazetteer, anything else HSDS JSON. */
export async function guessFormat(target: string): Promise<string> {
  if (isFeedAddress(target)) return 'oruk';
  const files = await sourceFiles(target, ['.json', '.csv']);
  return files.every((f) => f.toLowerCase().endsWith('.csv')) ? 'places' : 'hsds';
}

export async function runImport(
  stores: Stores,
  target: string,
  options: RunImportOptions = {},
): Promise<ImportReport> {
  // An Open Referral UK v1 document at an address is fetched whole and imported as the file it is.
  if (options.format === 'oruk-v1' && isFeedAddress(target) && !options.sourceAddress) {
    const { file, done } = await fetchDocument(target, options.crawl?.userAgent ?? DEFAULT_USER_AGENT);
    try {
      return await runImport(stores, file, { ...options, sourceAddress: target });
    } finally {
      await done();
    }
  }
  const name = options.format ?? (await guessFormat(target));
  const format = importFormats[name];
  if (!format)
    throw new Error(`unknown format "${name}"; known formats: ${Object.keys(importFormats).join(', ')}`);
  // The areas are found before a record is read: a --covers that cannot be outlined refuses the import.
  const coverage: CoverageArea[] = [];
  for (const place of [options.covers ?? []].flat()) {
    const area = await coverageArea(stores.places, place);
    if (!coverage.some((a) => a.district === area.district)) coverage.push(area);
  }
  // Where the listings came from is taken first, so its hash is of each record as received.
  const source = importSource(options.sourceAddress ?? target, options.sourceName, options.now ?? new Date());
  const origins = new ListingOrigins(source);
  const enrichers = [
    origins,
    new ListingPlacer(stores.places, coverage),
    await TimesFromDescriptions.create(stores),
  ];
  const report = await format.run(stores, target, { ...options, enrichers });
  const lines = enrichers.flatMap((enricher) => enricher.lines());
  if (lines.length) report.details = [...(report.details ?? []), ...lines];
  // The listings written, matched against those of other sources: the same activity becomes one listing.
  if (!options.dryRun && report.changedIds.length) {
    const merges = await mergeImportedListings(stores, report.changedIds, {
      actor: `import: ${source.name}`,
      now: options.now ?? new Date(),
      source: { kind: source.kind, address: source.address },
    });
    report.details = [...(report.details ?? []), mergeSummary(merges)];
  }
  return report;
}

export function summaryLine(report: ImportReport): string {
  return `imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`;
}
