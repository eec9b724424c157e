// Reads stored listings back, a batch of services at a time, with every row they own, for export.
import type { DataSource, EntityManager } from 'typeorm';
import { listingColumns, SERVICE_STORE_COLUMNS } from './listing.js';
import type { Column } from './batch-insert.js';

type Row = Record<string, unknown>;

export interface ListingRows {
  services: Row[];
  organizations: Row[];
  serviceAtLocations: Row[];
  locations: Row[];
  addresses: Row[];
  accessibility: Row[];
  schedules: Row[];
  cancellations: Row[];
  contacts: Row[];
  phones: Row[];
  costOptions: Row[];
  serviceAreas: Row[];
  attributes: Row[];
  terms: Row[];
}

// Dates and times are read as text so they leave exactly as they were imported, whatever the client's zone.
function selected([name, type]: Column, table = ''): string {
  const column = `${table}"${name}"`;
  switch (type) {
    case 'date':
      return `${column}::text AS "${name}"`;
    case 'time without time zone':
      return `to_char(${column}, 'HH24:MI') AS "${name}"`;
    case 'timestamp with time zone':
      return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${name}"`;
    case 'numeric':
      return `${column}::float8 AS "${name}"`;
    default:
      return column;
  }
}

const list = (columns: Column[], table?: string) => columns.map((c) => selected(c, table)).join(', ');

/** What a listing holds, less what the store adds to a service and the area it derives from an extent. */
function exportedColumns(dataSource: DataSource) {
  const columns = listingColumns(dataSource);
  const except = (from: Column[], names: readonly string[]) => from.filter(([name]) => !names.includes(name));
  return {
    ...columns,
    service: except(columns.service, SERVICE_STORE_COLUMNS),
    serviceArea: except(columns.serviceArea, ['area']),
  };
}

/** The next batch of services after `afterId` in id order, or null when there are no more. */
export async function readListingBatch(
  db: EntityManager,
  afterId: string | null,
  batchSize: number,
): Promise<ListingRows | null> {
  const columns = exportedColumns(db.dataSource);
  const services = (await db.query(
    `SELECT ${list(columns.service)} FROM service WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
    [afterId, batchSize],
  )) as Row[];
  if (services.length === 0) return null;
  const ids = services.map((s) => s.id as string);
  const orgIds = [...new Set(services.map((s) => s.organization_id).filter(Boolean))];
  const q = (sql: string, params: unknown[]) => db.query(sql, params) as Promise<Row[]>;
  const serviceAtLocations = await q(
    `SELECT ${list(columns.serviceAtLocation)} FROM service_at_location WHERE service_id = ANY($1) ORDER BY id`,
    [ids],
  );
  const locationIds = [...new Set(serviceAtLocations.map((s) => s.location_id as string))];
  const schedules = await q(
    `SELECT ${list(columns.schedule)} FROM schedule WHERE service_id = ANY($1) ORDER BY id`,
    [ids],
  );
  const contacts = await q(
    `SELECT ${list(columns.contact, 'c.')}
     FROM contact c LEFT JOIN service_at_location sal ON sal.id = c.service_at_location_id
     WHERE c.service_id = ANY($1) OR sal.service_id = ANY($1) ORDER BY c.id`,
    [ids],
  );
  const attributes = await q(
    `SELECT ${list(columns.attribute)} FROM attribute
     WHERE link_entity = 'service' AND link_id = ANY($1) ORDER BY id`,
    [ids],
  );
  return {
    services,
    organizations: await q(`SELECT ${list(columns.organization)} FROM organization WHERE id = ANY($1)`, [
      orgIds,
    ]),
    serviceAtLocations,
    locations: await q(`SELECT ${list(columns.location)} FROM location WHERE id = ANY($1)`, [locationIds]),
    addresses: await q(
      `SELECT ${list(columns.address)} FROM address WHERE location_id = ANY($1) ORDER BY id`,
      [locationIds],
    ),
    accessibility: await q(
      `SELECT ${list(columns.accessibility)} FROM accessibility WHERE location_id = ANY($1) ORDER BY id`,
      [locationIds],
    ),
    schedules,
    cancellations: await q(
      `SELECT ${list(columns.cancellation)} FROM schedule_cancellation
       WHERE schedule_id = ANY($1) ORDER BY schedule_id, date`,
      [schedules.map((s) => s.id)],
    ),
    contacts,
    phones: await q(
      `SELECT ${list(columns.phone)} FROM phone
       WHERE service_id = ANY($1) OR contact_id = ANY($2) OR service_at_location_id = ANY($3) ORDER BY id`,
      [ids, contacts.map((c) => c.id), serviceAtLocations.map((s) => s.id)],
    ),
    costOptions: await q(
      `SELECT ${list(columns.costOption)} FROM cost_option WHERE service_id = ANY($1) ORDER BY id`,
      [ids],
    ),
    serviceAreas: await q(
      `SELECT ${list(columns.serviceArea)} FROM service_area
       WHERE service_id = ANY($1) ORDER BY id`,
      [ids],
    ),
    attributes,
    terms: await q(`SELECT ${list(columns.taxonomyTerm)} FROM taxonomy_term WHERE id = ANY($1)`, [
      [...new Set(attributes.map((a) => a.taxonomy_term_id))],
    ]),
  };
}
