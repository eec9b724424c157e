// The JSON files of an import path, each with its records streamed, converted one at a time. Listing folders
// often hold other things too (seed-data/ keeps the spreadsheet's column mappings beside the listings): in a
// folder those are skipped and named, never read as listings; a file named on its own is always read.
import { stat } from 'node:fs/promises';
import { isColumnMapping } from './column-mapping.js';
import type { ConvertedRecord, ListingFile } from './import-listings.js';
import { shown } from './import-format.js';
import { jsonRecords } from './json-records.js';
import { sourceFiles } from './source-files.js';

/** A record that trips the converter up is that record's problem, not the import's. */
function convertSafely(convert: (record: unknown) => ConvertedRecord, record: unknown): ConvertedRecord {
  try {
    return convert(record);
  } catch (error) {
    return { id: null, reasons: [error instanceof Error ? error.message : String(error)] };
  }
}

/** Every JSON file of the path as a ListingFile; `notes` gets a line naming the files skipped, at the end. */
export async function* jsonListingFiles(
  target: string,
  convert: (record: unknown) => ConvertedRecord,
  notes: string[],
): AsyncGenerator<ListingFile> {
  const folder = (await stat(target).catch(() => null))?.isDirectory() ?? false;
  const skipped: string[] = [];
  for (const file of await sourceFiles(target, ['.json'])) {
    const name = shown(file);
    async function* records() {
      for await (const { index, value, whole } of jsonRecords(file)) {
        if (folder && whole && isColumnMapping(value)) skipped.push(name);
        else yield { index, converted: convertSafely(convert, value) };
      }
    }
    yield { file: name, records: records() };
  }
  if (skipped.length)
    notes.push(
      `skipped ${skipped.length} column mapping file(s) for --format csv, not listings: ${skipped.join(', ')}`,
    );
}
