// The HSDS 3.0 JSON import format: files or folders of services, arrays or page envelopes.
import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from './hsds.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { sourceFiles } from './source-files.js';

export async function readHsds(target: string): Promise<ConvertedSource> {
  const converted: ConvertedSource = { listings: [], rejections: [] };
  for (const file of await sourceFiles(target, ['.json'])) {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      converted.rejections.push({
        position: { file: shown(file), index: 0 },
        id: null,
        reasons: [`the file is not valid JSON (${(error as Error).message})`],
      });
      continue;
    }
    try {
      const result = convertHsdsDocument(document, shown(file));
      converted.listings.push(...result.listings);
      converted.rejections.push(...result.rejections);
    } catch (error) {
      converted.rejections.push({
        position: { file: shown(file), index: 0 },
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
  async run(dataSource: DataSource, target: string, options: RunImportOptions): Promise<ImportReport> {
    const converted = await readHsds(target);
    return importListings(dataSource, converted, {
      source: 'hsds',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
    });
  },
};
