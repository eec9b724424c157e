// One entry point for every import: pick the reader for the format, then validate all and store.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { findPlace, storePlaces, type Place } from '../db/place-store.js';
import { convertHsdsDocument } from './hsds.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import { readPlacesCsv } from './places-csv.js';
import { sourceFiles } from './source-files.js';

export const IMPORT_FORMATS = ['hsds', 'places'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface RunImportOptions {
  format?: ImportFormat;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/** A file's name relative to the working directory, for messages. */
const shown = (file: string) => path.relative(process.cwd(), file) || file;

async function readHsds(target: string): Promise<ConvertedSource> {
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

export async function guessFormat(target: string): Promise<ImportFormat> {
  const files = await sourceFiles(target, ['.json', '.csv']);
  return files.every((f) => f.toLowerCase().endsWith('.csv')) ? 'places' : 'hsds';
}

export async function runImport(
  dataSource: DataSource,
  target: string,
  options: RunImportOptions = {},
): Promise<ImportReport> {
  const format = options.format ?? (await guessFormat(target));
  if (format === 'places') return importPlaces(dataSource, target, options);
  const converted = await readHsds(target);
  return importListings(dataSource, converted, {
    source: format,
    dryRun: options.dryRun,
    now: options.now,
    onProgress: options.onProgress,
  });
}

export function summaryLine(report: ImportReport): string {
  return `imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`;
}
