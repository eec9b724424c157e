// The HSDS 3.0 JSON import format: files or folders of services, arrays or page envelopes, of any size.
import type { Stores } from '../db/stores.js';
import { convertHsdsService } from './hsds/service.js';
import { importListingFiles, type ImportReport } from './import-listings.js';
import type { ImportFormatHandler, RunImportOptions } from './import-format.js';
import { jsonListingFiles } from './json-files.js';

export const hsdsFormat: ImportFormatHandler = {
  name: 'hsds',
  description: 'Open Referral HSDS 3.0 JSON: one service, an array of services, or a paged list',
  extensions: ['.json'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const notes: string[] = [];
    const report = await importListingFiles(stores, jsonListingFiles(target, convertHsdsService, notes), {
      source: 'hsds',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
      enrichers: options.enrichers,
    });
    if (notes.length) report.details = notes;
    return report;
  },
};
