// Place names from the GeoNames GB postal-code file (tab-separated, no header): one row per place and
// postcode district it lies in, so "Bristol" appears under BS1, BS2… and "Clifton" in ten counties.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { Stores } from '../db/stores.js';
import { namedPlaceKey, type Place } from '../domain/place.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { PlaceBatchWriter } from './place-batches.js';
import { RejectionTally } from './rejection-tally.js';
import { sourceFiles } from './source-files.js';

// Columns: country, postal code, place name, admin1 name, admin1 code, admin2 name, admin2 code,
// admin3 name, admin3 code, latitude, longitude, accuracy.
const OUTCODE = 1;
const PLACE_NAME = 2;
const ADMIN1_NAME = 3;
const ADMIN2_NAME = 5;
const LATITUDE = 9;
const LONGITUDE = 10;

/** "County of Bristol" → "Bristol", "City of Edinburgh" → "Edinburgh": the names people type and read. */
export function areaName(admin: string): string {
  return admin.replace(/^(county|city) of\s+/i, '').trim();
}

export interface GeonamesRow {
  place: Place;
  outcode: string;
}

export function geonamesRow(record: string[]): GeonamesRow | { reason: string } {
  const name = (record[PLACE_NAME] ?? '').trim();
  if (!name) return { reason: 'no place name' };
  const latitude = Number(record[LATITUDE]);
  const longitude = Number(record[LONGITUDE]);
  if (!record[LATITUDE] || !record[LONGITUDE] || !Number.isFinite(latitude) || !Number.isFinite(longitude))
    return { reason: 'no coordinates' };
  // The file covers GB plus the Channel Islands and the Isle of Man.
  if (latitude < 49 || latitude > 61 || longitude < -9 || longitude > 2.5)
    return { reason: 'latitude/longitude: not in the UK' };
  const admin = (record[ADMIN2_NAME] ?? '').trim() || (record[ADMIN1_NAME] ?? '').trim();
  const area = admin ? areaName(admin) : null;
  return {
    place: { kind: 'place', key: namedPlaceKey(name, area), name, area, latitude, longitude },
    outcode: (record[OUTCODE] ?? '').trim().toUpperCase(),
  };
}

/**
 * One place per (name, area). The first row wins rather than an average: most repeats share one point,
 * but some are different villages of the same name in one county (two Skeltons in North Yorkshire, 100 km
 * apart) whose average would be a field between them. The number of districts ranks same-named places.
 */
export function mergeGeonamesRows(rows: GeonamesRow[]): Place[] {
  const places = new Map<string, { place: Place; outcodes: Set<string> }>();
  for (const { place, outcode } of rows) {
    const seen = places.get(place.key) ?? { place, outcodes: new Set<string>() };
    seen.outcodes.add(outcode);
    places.set(place.key, seen);
  }
  return [...places.values()].map(({ place, outcodes }) => ({ ...place, postcodeDistricts: outcodes.size }));
}

async function importGeonames(
  stores: Stores,
  target: string,
  options: RunImportOptions,
): Promise<ImportReport> {
  const tally = new RejectionTally();
  const rows: GeonamesRow[] = [];
  for (const file of await sourceFiles(target, ['.txt', '.tsv'])) {
    // GeoNames does not quote fields; a stray quote in a name is part of the name.
    const parser = createReadStream(file).pipe(
      parse({ delimiter: '\t', quote: false, relax_column_count: true, skip_empty_lines: true }),
    );
    let index = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = record.length > LONGITUDE ? geonamesRow(record) : { reason: 'fewer than 11 columns' };
      if ('reason' in row) tally.add(row.reason, { file: shown(file), index });
      else rows.push(row);
      index += 1;
    }
  }
  const places = mergeGeonamesRows(rows);
  const counts = await stores.transaction(async (db) => {
    const writer = new PlaceBatchWriter(db.places, { dryRun: options.dryRun });
    for (const place of places) await writer.add(place);
    return writer.finish();
  });
  return { ...counts, rejected: tally.total, rejections: tally.toRejections(), changedIds: [] };
}

export const geonamesFormat: ImportFormatHandler = {
  name: 'geonames',
  description: 'place names from the GeoNames postal-code file (GB.txt, tab-separated)',
  extensions: ['.txt', '.tsv'],
  run: importGeonames,
};
