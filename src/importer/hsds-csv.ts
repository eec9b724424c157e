// HSDS 3.0 tabular data packages: datapackage.json plus one CSV per table, joined by ids into nested
// services and validated by the HSDS converter; problems are reported against the CSV file and row.
import { parse } from 'csv-parse/sync';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stores } from '../db/stores.js';
import { convertHsdsService } from './hsds/service.js';
import { importListings, type ConvertedSource, type ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import type { RecordPosition, Rejection } from './listing.js';

type Row = Record<string, string | null>;
interface Table {
  file: string;
  rows: Row[];
}

/** The tables this importer joins, by their HSDS resource name and conventional file name. */
const TABLES = [
  'services',
  'organizations',
  'locations',
  'addresses',
  'accessibility',
  'service_at_locations',
  'schedules',
  'phones',
  'contacts',
  'cost_options',
  'attributes',
  'taxonomy_terms',
  'taxonomies',
  'service_areas',
] as const;
type TableName = (typeof TABLES)[number];
const FILE_NAMES: Record<TableName, string[]> = {
  services: ['services.csv'],
  organizations: ['organizations.csv'],
  locations: ['locations.csv'],
  addresses: ['addresses.csv'],
  accessibility: ['accessibility.csv'],
  service_at_locations: ['service_at_locations.csv', 'service_at_location.csv'],
  schedules: ['schedules.csv'],
  phones: ['phones.csv'],
  contacts: ['contacts.csv'],
  cost_options: ['cost_options.csv'],
  attributes: ['attributes.csv'],
  taxonomy_terms: ['taxonomy_terms.csv'],
  taxonomies: ['taxonomies.csv'],
  service_areas: ['service_areas.csv'],
};

const rowPosition = (table: Table, index: number): RecordPosition => ({
  file: table.file,
  index: index + 1,
  unit: 'row',
});
const where = (table: Table, index: number) => `${path.basename(table.file)} row ${index + 2}`;

/** Resource files named by datapackage.json, or the conventional names when it is absent or unusable. */
async function resourceFiles(
  folder: string,
): Promise<{ files: Map<TableName, string>; note: string | null }> {
  const files = new Map<TableName, string>();
  let note: string | null = null;
  const packageFile = path.join(folder, 'datapackage.json');
  if (existsSync(packageFile)) {
    try {
      const description = JSON.parse(await readFile(packageFile, 'utf8')) as {
        resources?: { name?: string; path?: string }[];
      };
      for (const resource of description.resources ?? []) {
        const name = (
          resource.name === 'service_at_location' ? 'service_at_locations' : resource.name
        ) as TableName;
        if (TABLES.includes(name) && resource.path && existsSync(path.join(folder, resource.path)))
          files.set(name, path.join(folder, resource.path));
      }
    } catch (error) {
      note = `datapackage.json is not usable (${(error as Error).message}); reading the standard HSDS file names`;
    }
  }
  for (const table of TABLES) {
    if (files.has(table)) continue;
    const found = FILE_NAMES[table].map((f) => path.join(folder, f)).find((f) => existsSync(f));
    if (found) files.set(table, found);
  }
  return { files, note };
}

const blankToNull = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

async function readTable(file: string): Promise<Table> {
  const rows = parse(await readFile(file, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  return {
    file: shown(file),
    rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, blankToNull(v)]))),
  };
}

function indexBy(table: Table | undefined, key: string): Map<string, { row: Row; index: number }[]> {
  const index = new Map<string, { row: Row; index: number }[]>();
  table?.rows.forEach((row, i) => {
    const value = row[key];
    if (!value) return;
    const list = index.get(value);
    if (list) list.push({ row, index: i });
    else index.set(value, [{ row, index: i }]);
  });
  return index;
}

// HSDS CSV writes a phone number as "+44 …" with quotes doubled; JSON feeds do not.
const unquote = (value: string | null) => (value ? value.replace(/^"+|"+$/g, '') : value);

export async function readHsdsCsv(target: string): Promise<ConvertedSource & { notes: string[] }> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new Error(`${target}: no such file or folder`);
  const folder = info.isDirectory() ? target : path.dirname(target);
  const { files, note } = await resourceFiles(folder);
  const servicesFile = files.get('services');
  if (!servicesFile)
    throw new Error(`${shown(folder)}: no services.csv (or services resource in datapackage.json)`);
  const tables = new Map<TableName, Table>();
  for (const [name, file] of files) tables.set(name, await readTable(file));
  const services = tables.get('services')!;
  const rejections: Rejection[] = [];

  const organizations = indexBy(tables.get('organizations'), 'id');
  const locations = indexBy(tables.get('locations'), 'id');
  const addresses = indexBy(tables.get('addresses'), 'location_id');
  const accessibility = indexBy(tables.get('accessibility'), 'location_id');
  const salsByService = indexBy(tables.get('service_at_locations'), 'service_id');
  const schedulesBySal = indexBy(tables.get('schedules'), 'service_at_location_id');
  const schedulesByService = indexBy(tables.get('schedules'), 'service_id');
  const contactsByService = indexBy(tables.get('contacts'), 'service_id');
  const contactsBySal = indexBy(tables.get('contacts'), 'service_at_location_id');
  const phonesByContact = indexBy(tables.get('phones'), 'contact_id');
  const phonesBySal = indexBy(tables.get('phones'), 'service_at_location_id');
  const phonesByService = indexBy(tables.get('phones'), 'service_id');
  const costs = indexBy(tables.get('cost_options'), 'service_id');
  const areas = indexBy(tables.get('service_areas'), 'service_id');
  const attributes = indexBy(tables.get('attributes'), 'link_id');
  const terms = indexBy(tables.get('taxonomy_terms'), 'id');
  const taxonomies = indexBy(tables.get('taxonomies'), 'id');
  const serviceIds = new Set(services.rows.map((r) => r.id).filter(Boolean));
  const used = new Map<TableName, Set<number>>(TABLES.map((t) => [t, new Set<number>()]));

  const listings: ConvertedSource['listings'] = [];
  services.rows.forEach((service, serviceIndex) => {
    // JSON path prefix → the CSV row it came from, so reasons point at the row a person must fix.
    const sources: [string, string][] = [];
    const take = (name: TableName, found: { row: Row; index: number }, jsonPath: string) => {
      used.get(name)!.add(found.index);
      sources.push([jsonPath, where(tables.get(name)!, found.index)]);
      return found.row;
    };
    const phonesUsed = new Set<number>();
    const phoneList = (found: { row: Row; index: number }[] | undefined, jsonPath: string) =>
      (found ?? [])
        .filter((p) => !phonesUsed.has(p.index) && phonesUsed.add(p.index))
        .map((p, i) => {
          const row = take('phones', p, `${jsonPath}[${i}]`);
          return { ...row, number: unquote(row.number) };
        });
    const contactList = (found: { row: Row; index: number }[] | undefined, jsonPath: string) =>
      (found ?? []).map((c, i) => ({
        ...take('contacts', c, `${jsonPath}[${i}]`),
        phones: phoneList(phonesByContact.get(c.row.id ?? ''), `${jsonPath}[${i}].phones`),
      }));
    const scheduleList = (found: { row: Row; index: number }[], jsonPath: string) =>
      found.map((s, i) => take('schedules', s, `${jsonPath}[${i}]`));

    const id = service.id ?? '';
    const sals = (salsByService.get(id) ?? []).map((sal, i) => {
      const salPath = `service_at_locations[${i}]`;
      take('service_at_locations', sal, salPath);
      const location = locations.get(sal.row.location_id ?? '')?.[0];
      const locationId = sal.row.location_id ?? '';
      return {
        id: sal.row.id,
        description: sal.row.description,
        location: location
          ? {
              ...take('locations', location, `${salPath}.location`),
              addresses: (addresses.get(locationId) ?? []).map((a, j) =>
                take('addresses', a, `${salPath}.location.addresses[${j}]`),
              ),
              accessibility: (accessibility.get(locationId) ?? []).map((a, j) =>
                take('accessibility', a, `${salPath}.location.accessibility[${j}]`),
              ),
            }
          : { id: sal.row.location_id },
        schedules: scheduleList(schedulesBySal.get(sal.row.id ?? '') ?? [], `${salPath}.schedules`),
        contacts: contactList(
          contactsBySal.get(sal.row.id ?? '')?.filter((c) => !c.row.service_id),
          `${salPath}.contacts`,
        ),
        phones: phoneList(phonesBySal.get(sal.row.id ?? ''), `${salPath}.phones`),
      };
    });
    const salIds = new Set(sals.map((s) => s.id));
    const organization = organizations.get(service.organization_id ?? '')?.[0];
    const document = {
      ...service,
      organization: organization ? take('organizations', organization, 'organization') : null,
      contacts: contactList(contactsByService.get(id), 'contacts'),
      phones: phoneList(phonesByService.get(id), 'phones'),
      schedules: scheduleList(
        (schedulesByService.get(id) ?? []).filter((s) => !salIds.has(s.row.service_at_location_id)),
        'schedules',
      ),
      service_at_locations: sals,
      cost_options: (costs.get(id) ?? []).map((c, i) => take('cost_options', c, `cost_options[${i}]`)),
      service_areas: (areas.get(id) ?? []).map((a, i) => take('service_areas', a, `service_areas[${i}]`)),
      attributes: (attributes.get(id) ?? []).map((a, i) => {
        const attribute = take('attributes', a, `attributes[${i}]`);
        const term = terms.get(attribute.taxonomy_term_id ?? '')?.[0];
        const taxonomy = term ? taxonomies.get(term.row.taxonomy_id ?? '')?.[0] : undefined;
        return {
          ...attribute,
          taxonomy_term: term
            ? {
                ...take('taxonomy_terms', term, `attributes[${i}].taxonomy_term`),
                taxonomy_detail: taxonomy
                  ? take('taxonomies', taxonomy, `attributes[${i}].taxonomy_term.taxonomy_detail`)
                  : null,
              }
            : null,
        };
      }),
    };
    const position = rowPosition(services, serviceIndex);
    const result = convertHsdsService(document);
    if ('listing' in result) {
      listings.push({ listing: result.listing, position });
      return;
    }
    const longestFirst = [...sources].sort((a, b) => b[0].length - a[0].length);
    const reasons = result.reasons.map((reason) => {
      const match = longestFirst.find(
        ([prefix]) => reason.startsWith(`${prefix}.`) || reason.startsWith(`${prefix}:`),
      );
      return match ? `${match[1]}: ${reason.slice(match[0].length).replace(/^[.:]\s*/, '')}` : reason;
    });
    rejections.push({ position, id: result.id, reasons });
  });

  // Rows that belong to no service in services.csv would otherwise vanish without a word.
  const orphanChecks: [TableName, string][] = [
    ['service_at_locations', 'service_id'],
    ['schedules', 'service_id'],
    ['cost_options', 'service_id'],
    ['service_areas', 'service_id'],
    ['attributes', 'link_id'],
  ];
  for (const [name, key] of orphanChecks) {
    const table = tables.get(name);
    table?.rows.forEach((row, index) => {
      if (used.get(name)!.has(index) || (row[key] && serviceIds.has(row[key]))) return;
      rejections.push({
        position: rowPosition(table, index),
        id: row.id ?? null,
        reasons: [`${key}: "${row[key] ?? ''}" is not a service in ${path.basename(services.file)}`],
      });
    });
  }
  return { listings, rejections, notes: note ? [note] : [] };
}

export const hsdsCsvFormat: ImportFormatHandler = {
  name: 'hsds-csv',
  description: 'Open Referral HSDS 3.0 tabular data package: a folder with datapackage.json and CSV files',
  extensions: ['.csv'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const converted = await readHsdsCsv(target);
    const report = await importListings(stores, converted, {
      source: 'hsds-csv',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
      enrichers: options.enrichers,
    });
    if (converted.notes.length) report.details = converted.notes;
    return report;
  },
};
