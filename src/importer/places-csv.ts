// The project's own gazetteer format: type,name,latitude,longitude,area (see seed-data/places/).
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { toNormalised, toOutcode } from 'postcode';
import { namedPlaceKey, type Place } from '../domain/place.js';
import { shown } from './import-format.js';
import type { Rejection } from './listing.js';

export function placeFromRow(row: Record<string, string>): { place: Place } | { reasons: string[] } {
  const reasons: string[] = [];
  const type = (row.type ?? '').trim().toLowerCase();
  const name = (row.name ?? '').trim();
  const latitude = Number(row.latitude);
  const longitude = Number(row.longitude);
  const area = (row.area ?? '').trim() || null;
  if (!['postcode', 'outcode', 'place'].includes(type))
    reasons.push(`type: "${row.type}" is not postcode, outcode or place`);
  if (!name) reasons.push('name: is required');
  if (!row.latitude || !Number.isFinite(latitude) || latitude < 49 || latitude > 61)
    reasons.push('latitude: is not a UK latitude');
  if (!row.longitude || !Number.isFinite(longitude) || longitude < -9 || longitude > 2.5)
    reasons.push('longitude: is not a UK longitude');
  let key = '';
  let display = name;
  if (type === 'postcode') {
    const normalised = toNormalised(name);
    if (!normalised) reasons.push(`name: "${name}" is not a valid postcode`);
    else {
      display = normalised;
      key = normalised.replace(/\s/g, '');
    }
  } else if (type === 'outcode') {
    const outcode = name.toUpperCase().replace(/\s/g, '');
    if (!/^[A-Z]{1,2}\d[A-Z\d]?$/.test(outcode) || toOutcode(`${outcode} 1AA`) !== outcode) {
      reasons.push(`name: "${name}" is not a postcode district`);
    } else {
      display = outcode;
      key = outcode;
    }
  } else if (type === 'place') key = namedPlaceKey(name, area);
  if (reasons.length) return { reasons };
  return { place: { kind: type as Place['kind'], key, name: display, area, latitude, longitude } };
}

const PLACE_COLUMNS = ['type', 'name', 'latitude', 'longitude'];

export async function readPlacesCsv(file: string): Promise<{ places: Place[]; rejections: Rejection[] }> {
  const text = await readFile(file, 'utf8');
  // A file without the header is the wrong file, not a file of rejected rows.
  if (!text.trim())
    throw new Error(`${shown(file)}: is empty; expected a header with ${PLACE_COLUMNS.join(',')}`);
  const rows = parse(text, {
    columns: (header: string[]) => {
      const columns = header.map((name) => name.trim().toLowerCase());
      if (!PLACE_COLUMNS.every((name) => columns.includes(name)))
        throw new Error(
          `${shown(file)}: expected a header with ${PLACE_COLUMNS.join(',')}, got ${header.join(',').slice(0, 200)}`,
        );
      return columns;
    },
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
  const places: Place[] = [];
  const rejections: Rejection[] = [];
  rows.forEach((row, index) => {
    const result = placeFromRow(row);
    if ('place' in result) places.push(result.place);
    // Row numbers count the header as line 1, as a spreadsheet would show them.
    else
      rejections.push({
        position: { file, index: index + 1 },
        id: row.name ?? null,
        reasons: result.reasons,
      });
  });
  return { places, rejections };
}
