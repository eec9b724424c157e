// The directory's own spreadsheet (one row per activity; see seed-data/templates/README.md), and other lists
// read through a column mapping (--map), with opening-times text turned into schedules where it is clear.
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { isValid, toNormalised, toOutcode } from 'postcode';
import type { DataSource } from 'typeorm';
import { findPlace } from '../db/place-store.js';
import {
  parseClockTime,
  parseDays,
  parseFrequency,
  parseOpeningTimes,
  parseWeeklyHours,
  type OpeningSlot,
} from '../domain/opening-times.js';
import type { Weekday } from '../domain/schedule/index.js';
import { vocabulary, type TaxonomyCode } from '../domain/vocabulary.js';
import { convertHsdsService } from './hsds/service.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { loadMapping, TEMPLATE_FIELDS, type ColumnMapping, type TemplateField } from './column-mapping.js';
import type { RecordPosition } from './listing.js';
import { sourceFiles } from './source-files.js';
import { normalisedName, stableId } from './stable-id.js';

const HOURS_COLUMNS: [TemplateField, Weekday][] = [
  ['hours_monday', 'MO'],
  ['hours_tuesday', 'TU'],
  ['hours_wednesday', 'WE'],
  ['hours_thursday', 'TH'],
  ['hours_friday', 'FR'],
  ['hours_saturday', 'SA'],
  ['hours_sunday', 'SU'],
];

const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Resolves a mapping against a file's header row; reports columns the mapping names that the file lacks. */
function fieldReader(headers: string[], mapping: ColumnMapping | null) {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const missing: string[] = [];
  const sources = new Map<TemplateField, { fixed: string } | { columns: string[] }>();
  for (const field of TEMPLATE_FIELDS) {
    const given = mapping?.[field];
    if (given === undefined) {
      // Without a mapping entry, a column named like the field (any case or spacing) is used.
      const own = byKey.get(field);
      if (own) sources.set(field, { columns: [own] });
      continue;
    }
    if (typeof given === 'string' && given.startsWith('=')) {
      sources.set(field, { fixed: given.slice(1).trim() });
      continue;
    }
    const columns = (Array.isArray(given) ? given : [given]).map((c) => {
      const found = headers.includes(c) ? c : byKey.get(headerKey(c));
      if (!found) missing.push(`${field} → "${c}"`);
      return found ?? c;
    });
    sources.set(field, { columns });
  }
  return {
    missing,
    read(row: Record<string, string>, field: TemplateField): string | null {
      const source = sources.get(field);
      if (!source) return null;
      if ('fixed' in source) return source.fixed || null;
      // An id made of several columns becomes one stable uuid of their values (blanks count, in order).
      if (field === 'id' && source.columns.length > 1)
        return stableId('row', ...source.columns.map((c) => (row[c] ?? '').trim()));
      const parts = source.columns.map((c) => (row[c] ?? '').trim()).filter(Boolean);
      return parts.length ? parts.join(', ') : null;
    },
  };
}

type Read = (field: TemplateField) => string | null;

const BLANKS = /^(n\/?a|none|not known|unknown|-|tbc)$/i;

function vocabularyTerms(
  taxonomy: TaxonomyCode,
  text: string | null,
  field: string,
  reasons: string[],
): string[] {
  if (!text) return [];
  const v = vocabulary(taxonomy);
  const ids: string[] = [];
  for (const word of text
    .split(/[;,|]/)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const key = word.toLowerCase();
    const term = v.terms.find(
      (t) =>
        t.code === key || t.name.toLowerCase() === key || t.synonyms.some((s) => s.toLowerCase() === key),
    );
    if (term) {
      if (!ids.includes(term.id)) ids.push(term.id);
    } else reasons.push(`${field}: "${word}" is not one of ${v.terms.map((t) => t.code).join(', ')}`);
  }
  return ids;
}

/** UK spreadsheets write 31/01/2027; ISO 2027-01-31 is accepted too. */
function isoDate(text: string | null, field: string, reasons: string[]): string | null {
  if (!text) return null;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) {
    reasons.push(`${field}: "${text}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`);
    return null;
  }
  return iso;
}

function costOptions(text: string | null, activityId: string): { options: object[]; fees: string | null } {
  if (!text) return { options: [], fees: null };
  if (/^(free|£?0(\.00)?)$/i.test(text))
    return {
      options: [{ id: `${activityId}:cost`, option: 'Free', amount: 0, currency: 'GBP' }],
      fees: null,
    };
  const price = /^£?\s*(\d+(?:\.\d{1,2})?)\b\s*(.*)$/.exec(text);
  if (price)
    return {
      options: [
        {
          id: `${activityId}:cost`,
          option: price[2] || 'Per session',
          amount: Number(price[1]),
          currency: 'GBP',
          amount_description: text,
        },
      ],
      fees: null,
    };
  return { options: [], fees: text };
}

function contactFields(read: Read) {
  let name = read('contact_name');
  let email = read('contact_email');
  let phone = read('contact_phone');
  let website = read('website');
  const free = read('contact');
  if (free && !BLANKS.test(free)) {
    // One cell often holds several ways in ("0161 227 3477 / info@example.org"): take each kind found.
    const foundEmail = /[^\s/,;]+@[^\s/,;]+\.[a-z]{2,}/i.exec(free)?.[0];
    const foundPhone = /(?:\+44\s?|0)\d(?:[\s-]?\d){8,10}/.exec(free)?.[0];
    const foundUrl = /https?:\/\/[^\s,;]+/i.exec(free)?.[0];
    if (foundEmail) email ??= foundEmail;
    if (foundPhone) phone ??= foundPhone;
    if (foundUrl && !foundEmail) website ??= foundUrl;
    if (!foundEmail && !foundPhone && !foundUrl) name ??= free;
  }
  if (website && BLANKS.test(website)) website = null;
  if (email && BLANKS.test(email)) email = null;
  if (name && BLANKS.test(name)) name = null;
  return { name, email, phone: phone && !BLANKS.test(phone) ? phone : null, website };
}

export interface OpeningTimesTally {
  parsed: number;
  notes: number;
}

interface Place {
  latitude: number;
  longitude: number;
}

type Geocode = (postcode: string) => Promise<Place | null>;

/** One spreadsheet row → an HSDS service document (validated afterwards by the HSDS converter) or reasons. */
async function rowToService(
  read: Read,
  geocode: Geocode,
  tally: OpeningTimesTally,
): Promise<{ service: Record<string, unknown> } | { reasons: string[]; id: string | null }> {
  const reasons: string[] = [];
  const activity = read('activity');
  const organisation = read('organisation');
  const rawPostcode = read('postcode');
  const postcode = rawPostcode && isValid(rawPostcode) ? toNormalised(rawPostcode) : null;
  const id =
    read('id') ?? stableId('activity', organisation ?? '', activity ?? '', postcode ?? rawPostcode ?? '');
  if (!activity) reasons.push('activity: is required');
  if (rawPostcode && !postcode) reasons.push(`postcode: "${rawPostcode}" is not a UK postcode`);

  const online = /^(y|yes|true|online|1)$/i.test(read('online') ?? '');
  const latText = read('latitude');
  const lngText = read('longitude');
  let point: Place | null = null;
  if (latText || lngText) {
    const latitude = Number(latText);
    const longitude = Number(lngText);
    if (!latText || !lngText || !Number.isFinite(latitude) || !Number.isFinite(longitude))
      reasons.push('latitude/longitude: give both, as decimal degrees');
    else point = { latitude, longitude };
  } else if (postcode) {
    point = await geocode(postcode);
    if (!point)
      reasons.push(
        `postcode: "${postcode}" is not in the directory's gazetteer (load the postcode data, or give latitude and longitude)`,
      );
  } else if (!online)
    reasons.push(
      'postcode: is required for an activity at a venue (or give latitude and longitude, or online = yes)',
    );

  // Schedules: explicit day/time columns, then free opening-times text, then per-weekday hours columns.
  const schedules: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const dtstart = isoDate(read('start_date'), 'start_date', reasons);
  const until = isoDate(read('end_date'), 'end_date', reasons);
  const daysText = read('days');
  const startText = read('start_time');
  const endText = read('end_time');
  if (daysText || startText || read('frequency')) {
    const days = daysText ? parseDays(daysText) : [];
    if (days === null)
      reasons.push(`days: "${daysText}" is not a day or list of days (e.g. "Monday", "Tue, Thu")`);
    const opens = startText ? parseClockTime(startText) : null;
    if (startText && !opens) reasons.push(`start_time: "${startText}" is not a time (e.g. 10:00 or 10am)`);
    const closes = endText ? parseClockTime(endText) : null;
    if (endText && !closes) reasons.push(`end_time: "${endText}" is not a time (e.g. 12:00 or 12pm)`);
    const recurrence = parseFrequency(read('frequency'), days ?? []);
    if (typeof recurrence === 'string') reasons.push(`frequency: ${recurrence}`);
    else if (recurrence.freq === 'WEEKLY' && recurrence.interval > 1 && !dtstart)
      reasons.push('start_date: is required for an activity every few weeks, to know which weeks');
    else if (days !== null)
      schedules.push({
        id: `${id}:schedule:0`,
        freq: recurrence.freq,
        interval: recurrence.interval,
        byday: recurrence.byday.join(','),
        dtstart,
        until,
        opens_at: opens,
        closes_at: closes,
        description: [read('frequency'), daysText, startText && `${startText}${endText ? `–${endText}` : ''}`]
          .filter(Boolean)
          .join(', '),
      });
  }
  const slots: OpeningSlot[] = [];
  let openingText = false;
  const openingTimes = read('opening_times');
  if (openingTimes && !BLANKS.test(openingTimes)) {
    openingText = true;
    const parsed = parseOpeningTimes(openingTimes);
    if (parsed.slots) slots.push(...parsed.slots);
    else notes.push(`Opening times: ${parsed.note}`);
  }
  const weekly = parseWeeklyHours(
    Object.fromEntries(HOURS_COLUMNS.map(([field, day]) => [day, read(field) ?? ''])) as Record<
      Weekday,
      string
    >,
  );
  slots.push(...weekly.slots);
  if (weekly.unclear.length)
    notes.push(`Opening times: ${weekly.unclear.map((u) => `${u.day} ${u.text}`).join('; ')}`);
  if (openingText || weekly.slots.length || weekly.unclear.length) {
    if (notes.length) tally.notes += 1;
    else tally.parsed += 1;
  }
  slots.forEach((slot, i) =>
    schedules.push({
      id: `${id}:hours:${i}`,
      freq: 'WEEKLY',
      interval: 1,
      byday: slot.days.join(','),
      valid_from: dtstart,
      valid_to: until,
      opens_at: slot.opensAt,
      closes_at: slot.closesAt,
    }),
  );
  const extra = read('notes');
  if (extra) notes.push(extra);

  const contact = contactFields(read);
  const cost = costOptions(read('cost'), id);
  const attributes = [
    ...vocabularyTerms('needs', read('needs'), 'needs', reasons),
    ...vocabularyTerms('activity-types', read('activity_types'), 'activity_types', reasons),
    ...vocabularyTerms('suitability', read('suitability'), 'suitability', reasons),
  ].map((termId) => ({ id: `${id}:attribute:${termId}`, taxonomy_term_id: termId }));

  if (reasons.length) return { reasons, id };

  const organizationId = organisation ? stableId('organisation', normalisedName(organisation)) : null;
  const venue = read('venue');
  const address = read('address');
  const locations: Record<string, unknown>[] = [];
  if (point || address || venue) {
    const locationId = stableId(
      'venue',
      venue ?? '',
      address ?? '',
      postcode ?? `${point?.latitude},${point?.longitude}`,
    );
    locations.push({
      id: `${id}:at`,
      location: {
        id: locationId,
        location_type: 'physical',
        name: venue ?? activity,
        latitude: point?.latitude ?? null,
        longitude: point?.longitude ?? null,
        addresses: [
          {
            id: `${locationId}:address`,
            address_1: address,
            city: read('town'),
            postal_code: postcode,
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    });
  }
  if (online)
    locations.push({
      id: `${id}:online`,
      location: {
        id: `${id}:online-location`,
        location_type: 'virtual',
        name: 'Online',
        url: contact.website,
      },
    });

  const description = [read('description'), ...notes].filter(Boolean).join('\n\n') || null;
  return {
    service: {
      id,
      name: activity,
      description,
      url: contact.website,
      email: contact.email,
      status: read('closed') && !/^(no|n|false|0)$/i.test(read('closed')!) ? 'defunct' : 'active',
      application_process:
        read('how_to_join') && !BLANKS.test(read('how_to_join')!) ? read('how_to_join') : null,
      fees_description: cost.fees,
      minimum_age: read('age_min'),
      maximum_age: read('age_max'),
      organization: organizationId ? { id: organizationId, name: organisation } : null,
      organization_id: organizationId,
      contacts:
        contact.name || contact.phone
          ? [
              {
                id: `${id}:contact`,
                name: contact.name,
                email: contact.email,
                phones: contact.phone ? [{ id: `${id}:contact:phone`, number: contact.phone }] : [],
              },
            ]
          : [],
      schedules,
      service_at_locations: locations,
      cost_options: cost.options,
      attributes,
    },
  };
}

export interface ActivityCsvResult extends ConvertedSource {
  openingTimes: OpeningTimesTally;
}

export async function readActivityCsv(
  dataSource: DataSource,
  target: string,
  mapping: ColumnMapping | null,
): Promise<ActivityCsvResult> {
  const result: ActivityCsvResult = { listings: [], rejections: [], openingTimes: { parsed: 0, notes: 0 } };
  const places = new Map<string, Promise<Place | null>>();
  const geocode: Geocode = (postcode) => {
    let found = places.get(postcode);
    if (!found) {
      found = (async () =>
        (await findPlace(dataSource, 'postcode', postcode.replace(/\s/g, ''))) ??
        (await findPlace(dataSource, 'outcode', toOutcode(postcode) ?? '')))();
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
  async run(dataSource: DataSource, target: string, options: RunImportOptions): Promise<ImportReport> {
    const mapping = options.mapping ? await loadMapping(options.mapping) : null;
    const converted = await readActivityCsv(dataSource, target, mapping);
    const report = await importListings(dataSource, converted, {
      source: 'csv',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
    });
    const { parsed, notes } = converted.openingTimes;
    report.details = [
      `opening times: ${parsed} rows turned into schedules, ${notes} kept as notes for a person to read`,
    ];
    return report;
  },
};
