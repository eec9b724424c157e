// Reads stored listings back, a batch of services at a time, with every row they own, for export.
import type { Queryable } from './rows.js';

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
const SERVICE_SQL = `
  SELECT id, organization_id, program_id, name, alternate_name, description, url, email, status,
         interpretation_services, application_process, fees_description, wait_time, fees, accreditations,
         eligibility_description, minimum_age, maximum_age, assured_date::text AS assured_date, assurer_email,
         licenses, alert,
         to_char(last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_modified
  FROM service WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`;

const SCHEDULE_COLUMNS = `id, service_id, location_id, service_at_location_id, valid_from::text AS valid_from,
  valid_to::text AS valid_to, dtstart::text AS dtstart, timezone, until::text AS until, count, wkst, freq, interval,
  byday, byweekno, bymonthday, byyearday, description, to_char(opens_at, 'HH24:MI') AS opens_at,
  to_char(closes_at, 'HH24:MI') AS closes_at, schedule_link, attending_type, notes`;

/** The next batch of services after `afterId` in id order, or null when there are no more. */
export async function readListingBatch(
  db: Queryable,
  afterId: string | null,
  batchSize: number,
): Promise<ListingRows | null> {
  const services = (await db.query(SERVICE_SQL, [afterId, batchSize])) as Row[];
  if (services.length === 0) return null;
  const ids = services.map((s) => s.id as string);
  const orgIds = [...new Set(services.map((s) => s.organization_id).filter(Boolean))];
  const q = (sql: string, params: unknown[]) => db.query(sql, params) as Promise<Row[]>;
  const serviceAtLocations = await q(
    'SELECT id, service_id, location_id, description FROM service_at_location WHERE service_id = ANY($1) ORDER BY id',
    [ids],
  );
  const locationIds = [...new Set(serviceAtLocations.map((s) => s.location_id as string))];
  const schedules = await q(
    `SELECT ${SCHEDULE_COLUMNS} FROM schedule WHERE service_id = ANY($1) ORDER BY id`,
    [ids],
  );
  const contacts = await q(
    `SELECT c.id, c.organization_id, c.service_id, c.service_at_location_id, c.location_id, c.name, c.title,
            c.department, c.email
     FROM contact c LEFT JOIN service_at_location sal ON sal.id = c.service_at_location_id
     WHERE c.service_id = ANY($1) OR sal.service_id = ANY($1) ORDER BY c.id`,
    [ids],
  );
  const attributes = await q(
    `SELECT id, link_id, taxonomy_term_id, link_type, value FROM attribute
     WHERE link_entity = 'service' AND link_id = ANY($1) ORDER BY id`,
    [ids],
  );
  return {
    services,
    organizations: await q(
      `SELECT id, name, alternate_name, description, email, website, tax_status, tax_id, year_incorporated,
              legal_status, logo, uri, parent_organization_id FROM organization WHERE id = ANY($1)`,
      [orgIds],
    ),
    serviceAtLocations,
    locations: await q(
      `SELECT id, location_type, url, organization_id, name, alternate_name, description, transportation,
              latitude, longitude, external_identifier, external_identifier_type FROM location WHERE id = ANY($1)`,
      [locationIds],
    ),
    addresses: await q(
      `SELECT id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country,
              address_type FROM address WHERE location_id = ANY($1) ORDER BY id`,
      [locationIds],
    ),
    accessibility: await q(
      'SELECT id, location_id, description, details, url FROM accessibility WHERE location_id = ANY($1) ORDER BY id',
      [locationIds],
    ),
    schedules,
    cancellations: await q(
      `SELECT schedule_id, date::text AS date, reason FROM schedule_cancellation
       WHERE schedule_id = ANY($1) ORDER BY schedule_id, date`,
      [schedules.map((s) => s.id)],
    ),
    contacts,
    phones: await q(
      `SELECT id, location_id, service_id, organization_id, contact_id, service_at_location_id, number, extension,
              type, description FROM phone
       WHERE service_id = ANY($1) OR contact_id = ANY($2) OR service_at_location_id = ANY($3) ORDER BY id`,
      [ids, contacts.map((c) => c.id), serviceAtLocations.map((s) => s.id)],
    ),
    costOptions: await q(
      `SELECT id, service_id, valid_from::text AS valid_from, valid_to::text AS valid_to, option, currency,
              amount::float8 AS amount, amount_description FROM cost_option WHERE service_id = ANY($1) ORDER BY id`,
      [ids],
    ),
    serviceAreas: await q(
      `SELECT id, service_id, name, description, extent, extent_type, uri FROM service_area
       WHERE service_id = ANY($1) ORDER BY id`,
      [ids],
    ),
    attributes,
    terms: await q(
      `SELECT id, code, name, description, parent_id, taxonomy, taxonomy_id, language, term_uri
       FROM taxonomy_term WHERE id = ANY($1)`,
      [[...new Set(attributes.map((a) => a.taxonomy_term_id))]],
    ),
  };
}
