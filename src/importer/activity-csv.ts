// The directory's own spreadsheet (one row per activity; see seed-data/templates/README.md), and other lists
// read through a column mapping (--map): each file's rows read, converted and checked as HSDS services.
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { toOutcode } from 'postcode';
import type { Stores } from '../db/stores.js';
import { rowToService, type Geocode, type Place } from './activity-csv-row.js';
import type { OpeningTimesTally } from './activity-csv-schedules.js';
import { fieldReader, loadMapping, type ColumnMapping } from './column-mapping.js';
import { convertHsdsService } from './hsds/service.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import type { RecordPosition } from './listing.js';
import { sourceFiles } from './source-files.js';

export interface ActivityCsvResult extends ConvertedSource {
  openingTimes: OpeningTimesTally;
}

export async function readActivityCsv(
  stores: Stores,
  target: string,
  mapping: ColumnMapping | null,
): Promise<ActivityCsvResult> {
  const result: ActivityCsvResult = { listings: [], rejections: [], openingTimes: { parsed: 0, notes: 0 } };
  const places = new Map<string, Promise<Place | null>>();
  const geocode: Geocode = (postcode) => {
    let found = places.get(postcode);
    if (!found) {
      found = (async () =>
        (await stores.places.findPlace('postcode', postcode.replace(/\s/g, ''))) ??
        (await stores.places.findPlace('outcode', toOutcode(postcode) ?? '')))();
      places.set(postcode, found);
    }
    return found;
  };
  for (const file of await sourceFiles(target, ['.csv'])) {
    const name = shown(file);
    let rows: Record<string, string>[];
    try {
      rows = parse(await readFile(file, 'utf8'), {
        columns: true,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
      }) as Record<string, string>[];
    } catch (error) {
      result.rejections.push({
        position: { file: name, index: 0, unit: 'row' },
        id: null,
        reasons: [`the file is not readable CSV (${(error as Error).message})`],
        wholeFile: true,
      });
      continue;
    }
    const headers = rows.length ? Object.keys(rows[0]) : [];
    const reader = fieldReader(headers, mapping);
    if (reader.missing.length) {
      result.rejections.push({
        position: { file: name, index: 0, unit: 'row' },
        id: null,
        reasons: [`the header row lacks columns the mapping names: ${reader.missing.join(', ')}`],
        wholeFile: true,
      });
      continue;
    }
    for (const [index, row] of rows.entries()) {
      // Spreadsheet row numbers: the header is row 1, so data row 0 is row 2 (index 1, shown + 1).
      const position: RecordPosition = { file: name, index: index + 1, unit: 'row' };
      const converted = await rowToService((field) => reader.read(row, field), geocode, result.openingTimes);
      if ('reasons' in converted) {
        result.rejections.push({ position, id: converted.id, reasons: converted.reasons });
        continue;
      }
      const checked = convertHsdsService(converted.service);
      if ('listing' in checked) result.listings.push({ listing: checked.listing, position });
      else result.rejections.push({ position, id: checked.id, reasons: checked.reasons });
    }
  }
  return result;
}

export const activityCsvFormat: ImportFormatHandler = {
  name: 'csv',
  description: 'the activities spreadsheet (seed-data/templates/), or any list with --map <mapping.json>',
  extensions: ['.csv'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const mapping = options.mapping ? await loadMapping(options.mapping) : null;
    const converted = await readActivityCsv(stores, target, mapping);
    const report = await importListings(stores, converted, {
      source: 'csv',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
      enrichers: options.enrichers,
    });
    const { parsed, notes } = converted.openingTimes;
    report.details = [
      `opening times: ${parsed} rows turned into schedules, ${notes} kept as notes for a person to read`,
    ];
    return report;
  },
};
