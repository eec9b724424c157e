// OS Code-Point Open: every GB postcode with its National Grid position, as distributed (tar.gz, zip or
// folder with codepo_gb/Data/CSV/<area>.csv, no header). Streamed: memory stays flat for 1.7 million rows.
import { parse } from 'csv-parse';
import path from 'node:path';
import type { Stores } from '../db/stores.js';
import { toNormalised } from 'postcode';
import type { Place } from '../domain/place.js';
import { isOnNationalGrid, osgbToWgs84 } from '../geo/osgb.js';
import { logger } from '../logger.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { archiveEntries, archiveKind } from './archive-entries.js';
import { PlaceBatchWriter } from './place-batches.js';
import { RejectionTally } from './rejection-tally.js';

/** The area files of the distribution; Doc/ also holds CSVs (column headers, codes) that are not data. */
export const CODEPOINT_DATA_FILE = /(^|\/)Data\/CSV\/[^/]+\.csv$/i;

// Columns per Doc/Code-Point_Open_Column_Headers.csv: Postcode, Positional_quality_indicator, Eastings, Northings, …
const POSTCODE = 0;
const EASTINGS = 2;
const NORTHINGS = 3;
/** The local authority district (ONS code), kept as the postcode's area: a feed's coverage is outlined from it. */
const ADMIN_DISTRICT = 8;

/** One Code-Point row as a postcode place, or why it cannot be one. */
export function codepointPlace(record: string[]): Place | { reason: string } {
  if (record.length <= NORTHINGS) return { reason: 'fewer than 4 columns' };
  const postcode = toNormalised(record[POSTCODE]);
  if (!postcode) return { reason: 'not a valid postcode' };
  const easting = Number(record[EASTINGS]);
  const northing = Number(record[NORTHINGS]);
  // Code-Point gives 0,0 (quality 90) for postcodes it has no position for.
  if (!record[EASTINGS] || !record[NORTHINGS] || (easting === 0 && northing === 0))
    return { reason: 'no coordinates' };
  if (!Number.isFinite(easting) || !Number.isFinite(northing) || !isOnNationalGrid(easting, northing))
    return { reason: 'eastings/northings not on the National Grid' };
  const { latitude, longitude } = osgbToWgs84(easting, northing);
  return {
    kind: 'postcode',
    key: postcode.replace(' ', ''),
    name: postcode,
    area: record[ADMIN_DISTRICT]?.trim() || null,
    latitude,
    longitude,
  };
}

export interface CodepointRun {
  report: ImportReport;
  files: number;
  rows: number;
}

/**
 * Reads every area file and hands each row to `onPlace`; `onPlace` may wait (backpressure) and reading
 * waits with it. Without a database this is the parse-and-convert baseline the benchmark compares with.
 */
export async function readCodepoint(
  target: string,
  onPlace: (place: Place) => Promise<void> | void,
  tally: RejectionTally,
): Promise<{ files: number; rows: number }> {
  const kind = await archiveKind(target);
  let files = 0;
  let rows = 0;
  for await (const entry of archiveEntries(target, CODEPOINT_DATA_FILE)) {
    files += 1;
    const file = kind === 'folder' ? shown(path.join(target, entry.name)) : `${shown(target)}:${entry.name}`;
    const parser = parse({ relax_column_count: true, skip_empty_lines: true });
    entry.stream.on('error', (error) => parser.destroy(error));
    entry.stream.pipe(parser);
    let index = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rows += 1;
        const place = codepointPlace(record);
        if ('reason' in place) tally.add(place.reason, { file, index });
        else await onPlace(place);
        index += 1;
      }
    } catch (error) {
      throw new Error(
        `${file} record ${index + 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (files === 0) throw new Error(`no codepo_gb/Data/CSV/*.csv files found in ${target}`);
  return { files, rows };
}

/**
 * Every district and sector of the postcodes stored, at the mean of their postcodes, written in the import's own
 * transaction: a district or sector is known as soon as its postcodes are, with no separate outcode file.
 */
async function deriveDistrictsAndSectors(
  places: Pick<Stores['places'], 'mergePlaces' | 'postcodeCentres'>,
): Promise<string> {
  const centres = await places.postcodeCentres();
  const writer = new PlaceBatchWriter(places);
  for (const centre of centres) await writer.add(centre);
  const { imported, updated, unchanged } = await writer.finish();
  const districts = centres.filter((centre) => centre.kind === 'outcode').length;
  return (
    `postcode districts ${districts} and sectors ${centres.length - districts}, from the postcodes: ` +
    `imported ${imported}, updated ${updated}, unchanged ${unchanged}`
  );
}

export async function importCodepoint(
  places: Pick<Stores['places'], 'mergePlaces' | 'postcodeCentres'>,
  target: string,
  options: Pick<RunImportOptions, 'dryRun'> = {},
): Promise<CodepointRun> {
  const tally = new RejectionTally();
  const writer = new PlaceBatchWriter(places, { dryRun: options.dryRun });
  const { files, rows } = await readCodepoint(target, (place) => writer.add(place), tally);
  const counts = await writer.finish();
  // A dry run stores no postcodes, so there is nothing new to derive from.
  const derived = options.dryRun ? [] : [await deriveDistrictsAndSectors(places)];
  return {
    files,
    rows,
    report: {
      ...counts,
      rejected: tally.total,
      rejections: tally.toRejections(),
      changedIds: [],
      details: derived,
    },
  };
}

export const codepointFormat: ImportFormatHandler = {
  name: 'codepoint',
  description: 'OS Code-Point Open postcodes: the .tar.gz or .zip as downloaded, or its unpacked folder',
  extensions: ['.tar.gz', '.tgz', '.zip'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const started = performance.now();
    // One transaction: a failure part-way leaves the gazetteer as it was.
    const run = await stores.transaction((db) => importCodepoint(db.places, target, options));
    logger.info(
      {
        files: run.files,
        rows: run.rows,
        seconds: Math.round(performance.now() - started) / 1000,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      'Code-Point Open imported',
    );
    return run.report;
  },
};
