// Postcode districts ("BS5") with their centre points: outcode,latitude,longitude,easting,northing,postcode_count
// as published beside Code-Point Open. Searching by district needs only this small file.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { Stores } from '../db/stores.js';
import { toOutcode } from 'postcode';
import type { Place } from '../domain/place.js';
import { isOnNationalGrid, osgbToWgs84 } from '../geo/osgb.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { PlaceBatchWriter } from './place-batches.js';
import { RejectionTally } from './rejection-tally.js';
import { sourceFiles } from './source-files.js';

const OUTCODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

const isUkLatitude = (value: number) => Number.isFinite(value) && value >= 49 && value <= 61;
const isUkLongitude = (value: number) => Number.isFinite(value) && value >= -9 && value <= 2.5;

export function outcodePlace(row: Record<string, string>): Place | { reason: string } {
  const outcode = (row.outcode ?? '').toUpperCase().replace(/\s/g, '');
  if (!OUTCODE.test(outcode) || toOutcode(`${outcode} 1AA`) !== outcode)
    return { reason: 'outcode: not a postcode district' };
  let latitude = Number(row.latitude);
  let longitude = Number(row.longitude);
  if (!row.latitude || !row.longitude) {
    // Some publications give only the grid position; it converts the same way the postcodes do.
    const easting = Number(row.easting);
    const northing = Number(row.northing);
    if (!isOnNationalGrid(easting, northing)) return { reason: 'no coordinates' };
    ({ latitude, longitude } = osgbToWgs84(easting, northing));
  }
  if (!isUkLatitude(latitude) || !isUkLongitude(longitude))
    return { reason: 'latitude/longitude: not in the UK' };
  return { kind: 'outcode', key: outcode, name: outcode, area: null, latitude, longitude };
}

const outcodeColumns = (file: string) => (header: string[]) => {
  const columns = header.map((name) => name.toLowerCase());
  if (!columns.includes('outcode') || !columns.includes('latitude') || !columns.includes('longitude'))
    throw new Error(
      `${shown(file)}: expected a header with outcode,latitude,longitude, got ${header.join(',')}`,
    );
  return columns;
};

async function importOutcodes(
  stores: Stores,
  target: string,
  options: RunImportOptions,
): Promise<ImportReport> {
  const tally = new RejectionTally();
  const counts = await stores.transaction(async (db) => {
    const writer = new PlaceBatchWriter(db.places, { dryRun: options.dryRun });
    for (const file of await sourceFiles(target, ['.csv'])) {
      const parser = createReadStream(file).pipe(
        parse({ columns: outcodeColumns(file), skip_empty_lines: true, trim: true, bom: true }),
      );
      // Line 1 is the header, so the first row is record 2, as a spreadsheet shows it.
      let index = 1;
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        const place = outcodePlace(row);
        if ('reason' in place) tally.add(place.reason, { file: shown(file), index });
        else await writer.add(place);
        index += 1;
      }
    }
    return writer.finish();
  });
  return { ...counts, rejected: tally.total, rejections: tally.toRejections(), changedIds: [] };
}

export const outcodesFormat: ImportFormatHandler = {
  name: 'outcodes',
  description: 'postcode districts CSV: outcode,latitude,longitude[,easting,northing,postcode_count]',
  extensions: ['.csv'],
  run: importOutcodes,
};
