// Stored listings → HSDS 3.0 services, nested exactly as the HSDS importer reads them (with our
// `cancellations` extension on schedules), streamed a batch at a time so a large directory never sits in memory.
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { ListingRows, Stores } from '../db/stores.js';

type Row = Record<string, unknown>;
export type ExportFormat = 'hsds-json' | 'ndjson';

function groupBy(rows: Row[], key: string): Map<unknown, Row[]> {
  const groups = new Map<unknown, Row[]>();
  for (const row of rows) {
    const list = groups.get(row[key]);
    if (list) list.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}

const without = (row: Row, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** Nests one batch of stored rows into HSDS service documents. */
export function servicesFromRows(rows: ListingRows): Row[] {
  const organizations = new Map(rows.organizations.map((o) => [o.id, o]));
  const locations = new Map(rows.locations.map((l) => [l.id, l]));
  const addresses = groupBy(rows.addresses, 'location_id');
  const accessibility = groupBy(rows.accessibility, 'location_id');
  const cancellations = groupBy(rows.cancellations, 'schedule_id');
  const terms = new Map(rows.terms.map((t) => [t.id, t]));
  const salsByService = groupBy(rows.serviceAtLocations, 'service_id');
  const schedulesByService = groupBy(
    rows.schedules.filter((s) => s.service_at_location_id === null),
    'service_id',
  );
  const schedulesBySal = groupBy(
    rows.schedules.filter((s) => s.service_at_location_id !== null),
    'service_at_location_id',
  );
  const contactsByService = groupBy(
    rows.contacts.filter((c) => c.service_id !== null),
    'service_id',
  );
  const contactsBySal = groupBy(
    rows.contacts.filter((c) => c.service_at_location_id !== null && c.service_id === null),
    'service_at_location_id',
  );
  const phonesByService = groupBy(
    rows.phones.filter((p) => p.service_id !== null),
    'service_id',
  );
  const phonesByContact = groupBy(
    rows.phones.filter((p) => p.contact_id !== null),
    'contact_id',
  );
  const phonesBySal = groupBy(
    rows.phones.filter(
      (p) => p.service_at_location_id !== null && p.service_id === null && p.contact_id === null,
    ),
    'service_at_location_id',
  );
  const costs = groupBy(rows.costOptions, 'service_id');
  const areas = groupBy(rows.serviceAreas, 'service_id');
  const attributes = groupBy(rows.attributes, 'link_id');

  const phone = (p: Row) => ({
    id: p.id,
    number: p.number,
    extension: p.extension,
    type: p.type,
    description: p.description,
  });
  const contact = (c: Row) => ({
    id: c.id,
    name: c.name,
    title: c.title,
    department: c.department,
    email: c.email,
    phones: (phonesByContact.get(c.id) ?? []).map(phone),
  });
  const schedule = (s: Row) => ({
    ...without(s, 'service_id', 'location_id', 'service_at_location_id'),
    cancellations: (cancellations.get(s.id) ?? []).map((c) => ({ date: c.date, reason: c.reason })),
  });

  return rows.services.map((s) => {
    const organization = s.organization_id ? (organizations.get(s.organization_id) ?? null) : null;
    return {
      ...s,
      organization,
      phones: (phonesByService.get(s.id) ?? []).map(phone),
      contacts: (contactsByService.get(s.id) ?? []).map(contact),
      schedules: (schedulesByService.get(s.id) ?? []).map(schedule),
      service_areas: (areas.get(s.id) ?? []).map((a) => without(a, 'service_id')),
      service_at_locations: (salsByService.get(s.id) ?? []).map((sal) => {
        const location = locations.get(sal.location_id)!;
        return {
          id: sal.id,
          description: sal.description,
          location: {
            ...location,
            addresses: (addresses.get(location.id) ?? []).map((a) => without(a, 'location_id')),
            accessibility: (accessibility.get(location.id) ?? []).map((a) => without(a, 'location_id')),
          },
          schedules: (schedulesBySal.get(sal.id) ?? []).map(schedule),
          contacts: (contactsBySal.get(sal.id) ?? []).map(contact),
          phones: (phonesBySal.get(sal.id) ?? []).map(phone),
        };
      }),
      cost_options: (costs.get(s.id) ?? []).map((c) => without(c, 'service_id')),
      attributes: (attributes.get(s.id) ?? []).map((a) => ({
        id: a.id,
        taxonomy_term_id: a.taxonomy_term_id,
        taxonomy_term: terms.get(a.taxonomy_term_id) ?? null,
        link_type: a.link_type,
        value: a.value,
      })),
    };
  });
}

/** Every stored service in id order, a batch at a time. */
export async function* exportServices(stores: Stores, batchSize = 1000): AsyncGenerator<Row[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await stores.listings.readListingBatch(after, batchSize);
    if (!rows) return;
    yield servicesFromRows(rows);
    after = rows.services[rows.services.length - 1].id as string;
  }
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes the directory as one HSDS JSON array or as one service per line; returns how many services. */
export async function writeExport(
  stores: Stores,
  out: Writable,
  format: ExportFormat,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  let count = 0;
  if (format === 'hsds-json') await write(out, '[');
  for await (const services of exportServices(stores, options.batchSize)) {
    const text =
      format === 'ndjson'
        ? services.map((s) => `${JSON.stringify(s)}\n`).join('')
        : services.map((s, i) => `${count + i === 0 ? '\n' : ',\n'}${JSON.stringify(s)}`).join('');
    await write(out, text);
    count += services.length;
    options.onProgress?.(count);
  }
  if (format === 'hsds-json') await write(out, count ? '\n]\n' : ']\n');
  return count;
}
