// The JSON files of an import path, parsed. Listing folders often hold other things too (seed-data/ keeps the
// spreadsheet's column mappings beside the listings): in a folder those are skipped and named, never read as
// listings; a file named on its own is always read.
import { readFile, stat } from 'node:fs/promises';
import { isColumnMapping } from './column-mapping.js';
import { shown } from './import-format.js';
import type { Rejection } from './listing.js';
import { sourceFiles } from './source-files.js';

export interface JsonDocuments {
  documents: { file: string; document: unknown }[];
  /** Files that could not be parsed, as rejections of the whole file. */
  rejections: Rejection[];
  /** Report lines for files left out. */
  notes: string[];
}

export async function jsonDocuments(target: string): Promise<JsonDocuments> {
  const folder = (await stat(target).catch(() => null))?.isDirectory() ?? false;
  const result: JsonDocuments = { documents: [], rejections: [], notes: [] };
  const skipped: string[] = [];
  for (const file of await sourceFiles(target, ['.json'])) {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      result.rejections.push({
        position: { file: shown(file), index: 0 },
        id: null,
        reasons: [`the file is not valid JSON (${(error as Error).message})`],
      });
      continue;
    }
    if (folder && isColumnMapping(document)) skipped.push(shown(file));
    else result.documents.push({ file: shown(file), document });
  }
  if (skipped.length)
    result.notes.push(
      `skipped ${skipped.length} column mapping file(s) for --format csv, not listings: ${skipped.join(', ')}`,
    );
  return result;
}
