// The project's gazetteer CSV format (type,name,latitude,longitude,area) as an import format.
import type { Stores } from '../db/stores.js';
import type { Place } from '../domain/place.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { PlaceBatchWriter } from './place-batches.js';
import { readPlacesCsv } from './places-csv.js';
import { sourceFiles } from './source-files.js';

async function importPlaces(
  stores: Stores,
  target: string,
  options: RunImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    changedIds: [],
  };
  const places: Place[] = [];
  for (const file of await sourceFiles(target, ['.csv'])) {
    const result = await readPlacesCsv(file);
    places.push(...result.places);
    report.rejections.push(
      ...result.rejections.map((r) => ({ ...r, position: { ...r.position, file: shown(file) } })),
    );
  }
  report.rejected = report.rejections.length;
  options.onProgress?.(0, places.length);
  // Set-based: one statement per batch tells new, changed and unchanged apart (no SELECT per row).
  const counts = await stores.transaction(async (db) => {
    const writer = new PlaceBatchWriter(db.places, { dryRun: options.dryRun });
    for (const place of places) await writer.add(place);
    return writer.finish();
  });
  Object.assign(report, counts);
  options.onProgress?.(places.length, places.length);
  return report;
}

export const placesFormat: ImportFormatHandler = {
  name: 'places',
  description: 'gazetteer CSV with columns type,name,latitude,longitude,area (see seed-data/places)',
  extensions: ['.csv'],
  run: importPlaces,
};
