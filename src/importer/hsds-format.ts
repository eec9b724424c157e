// The HSDS 3.0 JSON import format: files or folders of services, arrays or page envelopes.
import type { Stores } from '../db/stores.js';
import { convertHsdsDocument } from './hsds/document.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import type { ImportFormatHandler, RunImportOptions } from './import-format.js';
import { jsonDocuments } from './json-documents.js';

export async function readHsds(target: string): Promise<ConvertedSource & { notes: string[] }> {
  const { documents, rejections, notes } = await jsonDocuments(target);
  const converted = { listings: [] as ConvertedSource['listings'], rejections, notes };
  for (const { file, document } of documents) {
    try {
      const result = convertHsdsDocument(document, file);
      converted.listings.push(...result.listings);
      converted.rejections.push(...result.rejections);
    } catch (error) {
      converted.rejections.push({
        position: { file, index: 0 },
        id: null,
        reasons: [(error as Error).message],
      });
    }
  }
  return converted;
}

export const hsdsFormat: ImportFormatHandler = {
  name: 'hsds',
  description: 'Open Referral HSDS 3.0 JSON: one service, an array of services, or a paged list',
  extensions: ['.json'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const converted = await readHsds(target);
    const report = await importListings(stores, converted, {
      source: 'hsds',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
    });
    if (converted.notes.length) report.details = converted.notes;
    return report;
  },
};
