// The project's gazetteer CSV format (type,name,latitude,longitude,area) as an import format.
import type { DataSource } from 'typeorm';
import { findPlace, storePlaces, type Place } from '../db/place-store.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { readPlacesCsv } from './places-csv.js';
import { sourceFiles } from './source-files.js';

async function importPlaces(
  dataSource: DataSource,
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
  const changed: Place[] = [];
  options.onProgress?.(0, places.length);
  for (const place of places) {
    const existing = await findPlace(dataSource, place.kind, place.key);
    if (!existing) report.imported += 1;
    else if (
      existing.name === place.name &&
      existing.area === place.area &&
      existing.latitude === place.latitude &&
      existing.longitude === place.longitude
    ) {
      report.unchanged += 1;
      continue;
    } else report.updated += 1;
    changed.push(place);
  }
  if (!options.dryRun) await storePlaces(dataSource, changed);
  options.onProgress?.(places.length, places.length);
  return report;
}

export const placesFormat: ImportFormatHandler = {
  name: 'places',
  description: 'gazetteer CSV with columns type,name,latitude,longitude,area (see seed-data/places)',
  extensions: ['.csv'],
  run: importPlaces,
};
