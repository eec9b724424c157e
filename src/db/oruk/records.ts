// Open Referral UK records assembled from the tables: services (summaries, or fully nested with their places,
// schedules, contacts, costs, areas and attributes), services at locations and organizations. A fixed handful of
// set-based queries per page, never one per row.
import { DESCRIBED_TIMES_NOTE } from '../../domain/description-times.js';
import { fieldsFromMergedListings, type FieldsFromMerged } from '../merged-listing.js';
import type { Queryable } from '../queryable.js';
import { compact, groupBy, inOrder, query, withUris, type OrukRecord, type Row } from './rows-to-records.js';
import { LISTED } from './selection.js';
import { provenanceOf } from './provenance.js';
import { taxonomyRecord, termRecord } from './taxonomies.js';

const SERVICE_COLUMNS = `s.id, s.organization_id, s.program_id, s.name, s.alternate_name, s.description, s.url,
  s.email, s.status, s.interpretation_services, s.application_process, s.fees_description, s.wait_time, s.fees,
  s.accreditations, s.eligibility_description, s.minimum_age, s.maximum_age, s.assured_date, s.assurer_email,
  s.licenses, s.alert, coalesce(s.last_modified, s.updated_at) AS last_modified`;
const ORGANIZATION_COLUMNS = `o.id, o.name, o.alternate_name, coalesce(o.description, '') AS description, o.email,
  o.website, o.tax_status, o.tax_id, o.year_incorporated, o.legal_status, o.logo, o.uri, o.parent_organization_id`;
const LOCATION_COLUMNS = `l.id, l.location_type, l.url, l.organization_id, l.name, l.alternate_name, l.description,
  l.transportation, l.latitude, l.longitude, l.external_identifier, l.external_identifier_type`;
const SCHEDULE_COLUMNS = `id, service_id, location_id, service_at_location_id, valid_from, valid_to, dtstart,
  until, count, wkst, freq, interval, byday, byweekno, bymonthday, byyearday, description, opens_at, closes_at,
  schedule_link, attending_type,
  CASE WHEN from_description IS NULL THEN notes
    ELSE concat_ws(' ', notes, '${DESCRIBED_TIMES_NOTE}"' || from_description || '"') END AS notes`; // = describedTimesNote

const organizationRecord = (row: Row) => compact(withUris(row, ['website', 'uri']));
const serviceRecord = (row: Row) => compact(withUris(row, ['url']));
const locationRecord = (row: Row) => compact(withUris(row, ['url']));
const scheduleRecord = (row: Row) => compact(withUris(row, ['schedule_link']));

async function organizationsById(db: Queryable, ids: string[]): Promise<Map<string, OrukRecord>> {
  if (!ids.length) return new Map();
  const rows = await query(db, `SELECT ${ORGANIZATION_COLUMNS} FROM organization o WHERE o.id = ANY($1)`, [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id as string, organizationRecord(row)]));
}

/** The service columns each composed field takes from the listing that gives it (merged-listing.ts). */
const COMPOSED_COLUMNS: Partial<Record<keyof FieldsFromMerged, string[]>> = {
  description: ['description'],
  email: ['email'],
  url: ['url'],
  cost: ['fees_description', 'fees'],
  application_process: ['application_process'],
  eligibility: ['eligibility_description'],
  ages: ['minimum_age', 'maximum_age'],
};

/** Services with their one-to-one fields and organization, and the fields each takes from merged listings. */
async function composedSummaries(
  db: Queryable,
  ids: string[],
): Promise<{ records: OrukRecord[]; composed: Map<string, FieldsFromMerged> }> {
  if (!ids.length) return { records: [], composed: new Map() };
  const rows = await query(
    db,
    `SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.id = ANY($1) AND s.status IN ${LISTED}`,
    [ids],
  );
  const composed = await fieldsFromMergedListings(
    db,
    rows.map((row) => row.id as string),
  );
  const donorIds = [...composed.values()].flatMap((fields) => Object.values(fields).map((d) => d.serviceId));
  const donors = new Map(
    (donorIds.length
      ? await query(db, `SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.id = ANY($1)`, [
          [...new Set(donorIds)],
        ])
      : []
    ).map((row) => [row.id as string, row]),
  );
  const organizations = await organizationsById(db, [
    ...new Set(rows.map((row) => row.organization_id).filter((id): id is string => typeof id === 'string')),
  ]);
  const byId = new Map(
    rows.map((own) => {
      const row = { ...own };
      for (const [field, donor] of Object.entries(composed.get(own.id as string) ?? {})) {
        const from = donors.get(donor.serviceId);
        for (const column of COMPOSED_COLUMNS[field as keyof FieldsFromMerged] ?? [])
          if (from) row[column] = from[column];
      }
      const record = serviceRecord(row);
      const organization = organizations.get(row.organization_id as string);
      if (organization) record.organization = organization;
      return [row.id as string, record];
    }),
  );
  return { records: inOrder(ids, byId), composed };
}

/** Services with their one-to-one fields and organization, as list pages show them. */
export async function serviceSummaries(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  return (await composedSummaries(db, ids)).records;
}

/** Locations with their addresses and accessibility. */
async function locationsById(db: Queryable, ids: string[]): Promise<Map<string, OrukRecord>> {
  if (!ids.length) return new Map();
  const [locations, addresses, accessibility] = await Promise.all([
    query(db, `SELECT ${LOCATION_COLUMNS} FROM location l WHERE l.id = ANY($1)`, [ids]),
    query(
      db,
      `SELECT id, location_id, attention, coalesce(address_1, '') AS address_1, address_2, coalesce(city, '') AS city,
         region, coalesce(state_province, '') AS state_province, coalesce(postal_code, '') AS postal_code,
         coalesce(country, '') AS country, address_type
       FROM address WHERE location_id = ANY($1) ORDER BY location_id, id`,
      [ids],
    ),
    query(
      db,
      `SELECT id, location_id, description, details, url FROM accessibility WHERE location_id = ANY($1) ORDER BY id`,
      [ids],
    ),
  ]);
  const addressesOf = groupBy(addresses, 'location_id');
  const accessibilityOf = groupBy(accessibility, 'location_id');
  return new Map(
    locations.map((row) => {
      const id = row.id as string;
      const record = locationRecord(row);
      record.addresses = (addressesOf.get(id) ?? []).map((a) => compact(a));
      record.accessibility = (accessibilityOf.get(id) ?? []).map((a) => compact(withUris(a, ['url'])));
      return [id, record];
    }),
  );
}

/** Attributes linking services to taxonomy terms, each with its term and the term's taxonomy. */
async function serviceAttributes(db: Queryable, serviceIds: string[]): Promise<Map<string, OrukRecord[]>> {
  const rows = await query(
    db,
    `SELECT a.id, a.link_id, a.taxonomy_term_id, a.link_type, a.link_entity, a.value,
       to_jsonb(t) - 'synonyms' AS term, to_jsonb(x) AS taxonomy
     FROM attribute a
     JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
     LEFT JOIN taxonomy x ON x.id = t.taxonomy_id
     WHERE a.link_entity = 'service' AND a.link_id = ANY($1)
     ORDER BY a.link_id, x.name NULLS LAST, t.name, a.id`,
    [serviceIds],
  );
  const grouped = new Map<string, OrukRecord[]>();
  for (const row of rows) {
    const { term, taxonomy, ...attribute } = row as Row & { term: Row; taxonomy: Row | null };
    const termRow = termRecord({ ...term, description: term.description ?? '' });
    if (taxonomy)
      termRow.taxonomy_detail = taxonomyRecord({ ...taxonomy, description: taxonomy.description ?? '' });
    const record = compact(attribute);
    record.taxonomy_term = termRow;
    const list = grouped.get(row.link_id as string);
    if (list) list.push(record);
    else grouped.set(row.link_id as string, [record]);
  }
  return grouped;
}

const PHONE_COLUMNS = `id, service_id, contact_id, service_at_location_id, location_id, organization_id, number,
  extension, type, description`;

/** Fully nested services: everything the directory holds about each, in HSDS 3.0 shape. */
export async function fullServices(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  const { records: summaries, composed } = await composedSummaries(db, ids);
  if (!summaries.length) return [];
  const serviceIds = summaries.map((s) => s.id as string);
  // Phones, contacts and costs a service takes from a listing merged into it are read with its own.
  const giverOf = (id: string, field: 'phones' | 'contacts' | 'cost') =>
    composed.get(id)?.[field]?.serviceId ?? id;
  const readIds = [
    ...new Set(
      serviceIds.flatMap((id) => [id, giverOf(id, 'phones'), giverOf(id, 'contacts'), giverOf(id, 'cost')]),
    ),
  ];
  const [sals, schedules, areas, costs, attributes] = await Promise.all([
    query(
      db,
      `SELECT id, service_id, location_id, description FROM service_at_location WHERE service_id = ANY($1) ORDER BY service_id, id`,
      [serviceIds],
    ),
    query(db, `SELECT ${SCHEDULE_COLUMNS} FROM schedule WHERE service_id = ANY($1) ORDER BY service_id, id`, [
      serviceIds,
    ]),
    query(
      db,
      `SELECT id, service_id, name, description, extent, extent_type, uri FROM service_area WHERE service_id = ANY($1) ORDER BY service_id, id`,
      [serviceIds],
    ),
    query(
      db,
      `SELECT id, service_id, valid_from, valid_to, option, currency, amount::float8 AS amount, amount_description
       FROM cost_option WHERE service_id = ANY($1) ORDER BY service_id, id`,
      [readIds],
    ),
    serviceAttributes(db, serviceIds),
  ]);
  const metadata = await provenanceOf(db, serviceIds);
  const salIds = sals.map((row) => row.id as string);
  const [locations, contacts] = await Promise.all([
    locationsById(db, [...new Set(sals.map((row) => row.location_id as string))]),
    query(
      db,
      `SELECT id, service_id, service_at_location_id, name, title, department, email FROM contact
       WHERE service_id = ANY($1) OR service_at_location_id = ANY($2) ORDER BY id`,
      [readIds, salIds],
    ),
  ]);
  const phones = await query(
    db,
    `SELECT ${PHONE_COLUMNS} FROM phone WHERE service_id = ANY($1) OR service_at_location_id = ANY($2) OR contact_id = ANY($3)
     ORDER BY id`,
    [readIds, salIds, contacts.map((row) => row.id as string)],
  );

  const phoneRecord = (row: Row) => {
    const record = compact(row);
    delete record.location_id;
    delete record.organization_id;
    return record;
  };
  const phonesOfService = groupBy(phones, 'service_id');
  const phonesOfContact = groupBy(phones, 'contact_id');
  const phonesOfSal = groupBy(phones, 'service_at_location_id');
  const contactRecord = (row: Row) => {
    const record = compact(row);
    record.phones = (phonesOfContact.get(row.id as string) ?? []).map(phoneRecord);
    return record;
  };
  const contactsOfService = groupBy(contacts, 'service_id');
  const contactsOfSal = groupBy(contacts, 'service_at_location_id');
  const serviceSchedules = groupBy(
    schedules.filter((row) => row.service_at_location_id === null),
    'service_id',
  );
  const salSchedules = groupBy(schedules, 'service_at_location_id');
  const salsOfService = groupBy(sals, 'service_id');
  const areasOf = groupBy(areas, 'service_id');
  const costsOf = groupBy(costs, 'service_id');

  // Rows taken from a merged listing are shown as this service's own.
  const asOwn = (id: string, records: OrukRecord[]) =>
    records.map((record) => ('service_id' in record ? { ...record, service_id: id } : record));

  return summaries.map((summary) => {
    const id = summary.id as string;
    return {
      ...summary,
      phones: asOwn(id, (phonesOfService.get(giverOf(id, 'phones')) ?? []).map(phoneRecord)),
      contacts: asOwn(id, (contactsOfService.get(giverOf(id, 'contacts')) ?? []).map(contactRecord)),
      schedules: (serviceSchedules.get(id) ?? []).map(scheduleRecord),
      service_areas: (areasOf.get(id) ?? []).map((row) => compact(row)),
      service_at_locations: (salsOfService.get(id) ?? []).map((sal) => {
        const record = compact(sal);
        const location = locations.get(sal.location_id as string);
        if (location) record.location = location;
        record.schedules = (salSchedules.get(sal.id as string) ?? []).map(scheduleRecord);
        record.contacts = (contactsOfSal.get(sal.id as string) ?? []).map(contactRecord);
        record.phones = (phonesOfSal.get(sal.id as string) ?? []).map(phoneRecord);
        return record;
      }),
      cost_options: asOwn(
        id,
        (costsOf.get(giverOf(id, 'cost')) ?? []).map((row) => compact(row)),
      ),
      attributes: attributes.get(id) ?? [],
      metadata: metadata.get(id) ?? [],
    };
  });
}

/** Services at locations, each with its location (and addresses) and its service: the one-to-one fields, or
 * with `full` the fully nested service. */
export async function servicesAtLocations(db: Queryable, ids: string[], full = false): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const sals = await query(
    db,
    `SELECT sal.id, sal.service_id, sal.location_id, sal.description FROM service_at_location sal
     JOIN service s ON s.id = sal.service_id WHERE sal.id = ANY($1) AND s.status IN ${LISTED}`,
    [ids],
  );
  const [locations, services, schedules] = await Promise.all([
    locationsById(db, [...new Set(sals.map((row) => row.location_id as string))]),
    (full ? fullServices : serviceSummaries)(db, [...new Set(sals.map((row) => row.service_id as string))]),
    query(db, `SELECT ${SCHEDULE_COLUMNS} FROM schedule WHERE service_at_location_id = ANY($1) ORDER BY id`, [
      ids,
    ]),
  ]);
  const servicesById = new Map(services.map((s) => [s.id as string, s]));
  const schedulesOf = groupBy(schedules, 'service_at_location_id');
  const byId = new Map(
    sals.map((row) => {
      const record = compact(row);
      const location = locations.get(row.location_id as string);
      if (location) record.location = location;
      const service = servicesById.get(row.service_id as string);
      if (service) record.service = service;
      record.schedules = (schedulesOf.get(row.id as string) ?? []).map(scheduleRecord);
      return [row.id as string, record];
    }),
  );
  return inOrder(ids, byId);
}

export async function organizations(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  return inOrder(ids, await organizationsById(db, ids));
}

/** The ids of each organization's public services, by name: one query for a page of organizations. */
export async function organizationServiceIds(
  db: Queryable,
  organizationIds: string[],
): Promise<Map<string, string[]>> {
  const rows = await query(
    db,
    `SELECT s.organization_id, s.id FROM service s WHERE s.organization_id = ANY($1) AND s.status IN ${LISTED}
     ORDER BY s.name, s.id`,
    [organizationIds],
  );
  const grouped = new Map<string, string[]>(organizationIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(row.organization_id as string)?.push(row.id as string);
  return grouped;
}
