// The two library lists the matcher is measured on, read by path through the activities template's column
// mappings (the importer's own reading), and the Code-Point Open positions of the postcodes the matcher needs.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { toArea } from 'postcode';
import type { ActivityRecord } from '../../src/domain/matching/index.js';
import { archiveEntries } from '../../src/importer/archive-entries.js';
import { codepointPlace } from '../../src/importer/codepoint-format.js';
import { rowActivityId } from '../../src/importer/activity-csv-row.js';
import { fieldReader, loadMapping } from '../../src/importer/column-mapping.js';

export interface LibraryFiles {
  gm: string;
  national: string;
  codepoint: string;
}

export function libraryFiles(sharedDataDir: string): LibraryFiles {
  return {
    gm: path.join(sharedDataDir, 'activities/trafford-libraries_gm_libraries.csv'),
    national: path.join(sharedDataDir, 'activities/librarieshacked-libraries.csv'),
    codepoint: path.join(sharedDataDir, 'geo/codepo_gb-2025-10.tar.gz'),
  };
}

// The import mappings of the two files, so a record's id here is the id `npm run import` gives its listing.
const MAPPINGS = path.resolve(import.meta.dirname, '../../seed-data/templates/mappings');
export const GM_MAPPING = path.join(MAPPINGS, 'trafford-gm-libraries.json');
export const NATIONAL_MAPPING = path.join(MAPPINGS, 'librarieshacked-libraries.json');

/** One list's rows as matcher records, in file order, each with the id the importer gives its listing. */
export async function readLibraryRecords(
  file: string,
  mappingFile: string,
  source: string,
): Promise<ActivityRecord[]> {
  const rows = parseSync(await readFile(file, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  const reader = fieldReader(rows.length ? Object.keys(rows[0]) : [], await loadMapping(mappingFile));
  if (reader.missing.length) throw new Error(`${file}: the header row lacks ${reader.missing.join(', ')}`);
  return rows.map((row) => {
    const read = (field: Parameters<typeof reader.read>[1]) => reader.read(row, field);
    const coordinate = (field: 'latitude' | 'longitude') => {
      const value = Number(read(field) ?? NaN);
      return Number.isFinite(value) ? value : null;
    };
    return {
      id: rowActivityId(read),
      source,
      name: read('activity') ?? '',
      organisation: read('organisation'),
      address: [read('venue'), read('address'), read('town')].filter(Boolean).join(', ') || null,
      postcode: read('postcode'),
      latitude: coordinate('latitude'),
      longitude: coordinate('longitude'),
      phone: read('contact_phone'),
      email: read('contact_email'),
      website: read('website'),
    };
  });
}

/**
 * Latitude and longitude of the given postcodes ("M4 5JD"), from the Code-Point Open area files that hold them
 * only (the whole country takes about 17 s; the areas a run needs, a second or two).
 */
export async function postcodePositions(
  codepoint: string,
  postcodes: Iterable<string>,
): Promise<Map<string, { latitude: number; longitude: number }>> {
  const wanted = new Set([...postcodes].map((p) => p.replace(/\s/g, '')));
  const areas = new Set([...wanted].map((p) => toArea(p)?.toLowerCase()).filter(Boolean));
  const found = new Map<string, { latitude: number; longitude: number }>();
  if (!areas.size) return found;
  const files = new RegExp(`(^|/)Data/CSV/(${[...areas].join('|')})\\.csv$`, 'i');
  for await (const entry of archiveEntries(codepoint, files)) {
    const parser = parse({ relax_column_count: true, skip_empty_lines: true });
    entry.stream.on('error', (error) => parser.destroy(error));
    entry.stream.pipe(parser);
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!wanted.has((record[0] ?? '').replace(/\s/g, ''))) continue;
      const place = codepointPlace(record);
      if (!('reason' in place))
        found.set(place.key, { latitude: place.latitude, longitude: place.longitude });
    }
  }
  return found;
}
