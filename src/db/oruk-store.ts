// Every query behind the Open Referral UK read API: filtered pages, keyset batches for streaming,
// and records assembled with a fixed handful of set-based queries per page (never one per row).
import type { Queryable } from './rows.js';

/** A JSON object as the API sends it: HSDS field names, null fields left out. */
export type OrukRecord = Record<string, unknown>;

export interface Point {
  latitude: number;
  longitude: number;
}

export interface ServiceFilter {
  text: string | null;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  /** Services near here; with a radius only those with a location inside it (or an area covering it). */
  near: (Point & { radiusMetres: number | null }) | null;
  /** ISO weekdays, Monday = 1. */
  days: number[];
  /** A time window in minutes after midnight; a session overlapping it matches. */
  fromMinute: number | null;
  toMinute: number | null;
  /** YYYY-MM-DD: the service has a session on this day. */
  date: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  modifiedAfter: Date | null;
}

export interface TextFilter {
  text: string | null;
}

export interface TaxonomyTermFilter extends TextFilter {
  taxonomyId: string | null;
  parentId: string | null;
  topOnly: boolean;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface IdPage {
  total: number;
  ids: string[];
}

/** Only these are public; inactive and defunct services are kept for history but never served. */
const LISTED = `('active', 'temporarily closed')`;

/** Builds positional parameters as a query is assembled. */
class Params {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A filtered set of rows with a text id: paged in display order, or walked in id order. */
interface Selection {
  from: string;
  id: string;
  where: string[];
  params: Params;
  /** The display order; adds its own parameters, used only by the page query. */
  order: (p: Params) => string;
}

async function pageOf(db: Queryable, selection: Selection, request: PageRequest): Promise<IdPage> {
  const { from, id, where, params } = selection;
  const condition = where.length ? `WHERE ${where.join('\n AND ')}` : '';
  // One pass: the filter is evaluated once for the page and its total (a window count over every match).
  const ordered = new Params(params.values);
  const order = selection.order(ordered);
  const rows = (await db.query(
    `SELECT ${id} AS id, count(*) OVER () AS total FROM ${from} ${condition} ORDER BY ${order}
     LIMIT ${request.perPage} OFFSET ${(request.page - 1) * request.perPage}`,
    ordered.values,
  )) as { id: string; total: number }[];
  if (rows.length > 0 || request.page === 1) {
    return { total: Number(rows[0]?.total ?? 0), ids: rows.map((row) => row.id) };
  }
  // A page past the end has no row to carry the total. Postgres rejects parameters a statement does not
  // use, so the count gets only the filter's own.
  const counted = (await db.query(`SELECT count(*) AS total FROM ${from} ${condition}`, params.values)) as {
    total: number;
  }[];
  return { total: Number(counted[0]?.total ?? 0), ids: [] };
}

async function batchAfter(
  db: Queryable,
  selection: Selection,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const { from, id } = selection;
  const params = new Params(selection.params.values);
  const where = [...selection.where];
  // Byte order ("C") on both sides, so the cursor and the sort agree whatever the database locale.
  if (afterId !== null) where.push(`${id} COLLATE "C" > ${params.add(afterId)}`);
  const rows = (await db.query(
    `SELECT ${id} AS id FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${id} COLLATE "C" LIMIT ${limit}`,
    params.values,
  )) as { id: string }[];
  return rows.map((row) => row.id);
}

const earthPoint = (p: Params, point: Point) =>
  `ll_to_earth(${p.add(point.latitude)}, ${p.add(point.longitude)})`;

/** Conditions on a service aliased `s`; `located` says the caller filters by location itself. */
function serviceConditions(filter: ServiceFilter, p: Params, located = false): string[] {
  const where = [`s.status IN ${LISTED}`];
  if (filter.text) {
    where.push(
      `s.id IN (SELECT e.service_id FROM search_entry e
        WHERE e.search_vector @@ websearch_to_tsquery('english', directory_unaccent(${p.add(filter.text)})))`,
    );
  }
  if (filter.taxonomyTermId) {
    where.push(`EXISTS (SELECT 1 FROM attribute a WHERE a.link_entity = 'service' AND a.link_id = s.id
      AND a.taxonomy_term_id = ${p.add(filter.taxonomyTermId)})`);
  }
  if (filter.taxonomyId) {
    where.push(`EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
      WHERE a.link_entity = 'service' AND a.link_id = s.id AND t.taxonomy_id = ${p.add(filter.taxonomyId)})`);
  }
  if (filter.organizationId) where.push(`s.organization_id = ${p.add(filter.organizationId)}`);
  if (filter.near) {
    const near = filter.near;
    const lngLat = () => `point(${p.add(near.longitude)}, ${p.add(near.latitude)})`;
    if (near.radiusMetres !== null && !located) {
      const centre = earthPoint(p, near);
      const radius = p.add(near.radiusMetres);
      // One set, computed once through the location index, rather than a check per candidate service.
      where.push(`s.id IN (
          SELECT sal.service_id FROM location l JOIN service_at_location sal ON sal.location_id = l.id
          WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
            AND earth_box(${centre}, ${radius}) @> ll_to_earth(l.latitude, l.longitude)
            AND earth_distance(ll_to_earth(l.latitude, l.longitude), ${centre}) <= ${radius}
          UNION ALL
          SELECT a.service_id FROM service_area a WHERE a.area @> ${lngLat()})`);
    } else if (near.radiusMetres === null) {
      // A postcode alone rules out services whose mapped service areas all lie elsewhere.
      where.push(`(NOT EXISTS (SELECT 1 FROM service_area a WHERE a.service_id = s.id AND a.area IS NOT NULL)
        OR EXISTS (SELECT 1 FROM service_area a WHERE a.service_id = s.id AND a.area @> ${lngLat()}))`);
    }
  }
  const sessions: string[] = [];
  if (filter.days.length) sessions.push(`o.iso_dow = ANY(${p.add(filter.days)}::smallint[])`);
  if (filter.fromMinute !== null || filter.toMinute !== null) {
    sessions.push(`o.start_minute < ${p.add(filter.toMinute ?? 24 * 60)}
      AND coalesce(o.end_minute, o.start_minute + 60) > ${p.add(filter.fromMinute ?? 0)}`);
  }
  if (filter.date) sessions.push(`o.local_date = ${p.add(filter.date)}::date`);
  else if (sessions.length) sessions.push(`o.local_date >= (now() AT TIME ZONE 'Europe/London')::date`);
  if (sessions.length) {
    where.push(
      `EXISTS (SELECT 1 FROM session_occurrence o WHERE o.service_id = s.id AND ${sessions.join(' AND ')})`,
    );
  }
  // Age filters describe a person (or an age band); a service matches when its eligible ages overlap it.
  if (filter.minimumAge !== null) {
    where.push(`(s.maximum_age IS NULL OR s.maximum_age >= ${p.add(filter.minimumAge)})`);
  }
  if (filter.maximumAge !== null) {
    where.push(`(s.minimum_age IS NULL OR s.minimum_age <= ${p.add(filter.maximumAge)})`);
  }
  if (filter.modifiedAfter) {
    where.push(`coalesce(s.last_modified, s.updated_at) >= ${p.add(filter.modifiedAfter.toISOString())}`);
  }
  return where;
}

function serviceSelection(filter: ServiceFilter): Selection {
  const p = new Params();
  const where = serviceConditions(filter, p);
  const near = filter.near;
  // Nearest venue first, from the venue points kept with each listed service (search_entry): one index
  // lookup per service instead of a join through its locations with the distance worked out in SQL.
  const order = (q: Params) =>
    near
      ? `(SELECT min(cube_distance(e.earth, ${earthPoint(q, near)})) FROM search_entry e
      WHERE e.service_id = s.id) NULLS LAST, s.name, s.id`
      : 's.name, s.id';
  return { from: 'service s', id: 's.id', where, order, params: p };
}

function serviceAtLocationSelection(filter: ServiceFilter): Selection {
  const p = new Params();
  const where = serviceConditions(filter, p, true);
  const near = filter.near;
  const distance = (q: Params, point: Point) =>
    `earth_distance(ll_to_earth(l.latitude, l.longitude), ${earthPoint(q, point)})`;
  if (near && near.radiusMetres !== null) {
    const radius = p.add(near.radiusMetres);
    where.push(`l.latitude IS NOT NULL AND l.longitude IS NOT NULL
      AND earth_box(${earthPoint(p, near)}, ${radius}) @> ll_to_earth(l.latitude, l.longitude)
      AND ${distance(p, near)} <= ${radius}`);
  }
  const order = (q: Params) =>
    near ? `${distance(q, near)} NULLS LAST, s.name, sal.id` : 's.name, l.name, sal.id';
  return {
    from: 'service_at_location sal JOIN service s ON s.id = sal.service_id JOIN location l ON l.id = sal.location_id',
    id: 'sal.id',
    where,
    order,
    params: p,
  };
}

const textSearch = (p: Params, text: string, document: string) =>
  `to_tsvector('english', directory_unaccent(${document})) @@ websearch_to_tsquery('english', directory_unaccent(${p.add(text)}))`;

function organizationSelection(filter: TextFilter): Selection {
  const p = new Params();
  const where = filter.text
    ? [
        textSearch(
          p,
          filter.text,
          `o.name || ' ' || coalesce(o.alternate_name, '') || ' ' || coalesce(o.description, '')`,
        ),
      ]
    : [];
  return { from: 'organization o', id: 'o.id', where, order: () => 'o.name, o.id', params: p };
}

function taxonomySelection(filter: TextFilter): Selection {
  const p = new Params();
  const where = filter.text
    ? [textSearch(p, filter.text, `x.name || ' ' || coalesce(x.description, '')`)]
    : [];
  return { from: 'taxonomy x', id: 'x.id', where, order: () => 'x.name, x.id', params: p };
}

function taxonomyTermSelection(filter: TaxonomyTermFilter): Selection {
  const p = new Params();
  const where: string[] = [];
  if (filter.text) {
    where.push(
      textSearch(
        p,
        filter.text,
        `t.name || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.code, '') || ' ' || array_to_string(t.synonyms, ' ')`,
      ),
    );
  }
  if (filter.taxonomyId) where.push(`t.taxonomy_id = ${p.add(filter.taxonomyId)}`);
  if (filter.parentId) where.push(`t.parent_id = ${p.add(filter.parentId)}`);
  if (filter.topOnly) where.push('t.parent_id IS NULL');
  return {
    from: 'taxonomy_term t',
    id: 't.id',
    where,
    order: () => 't.taxonomy_id NULLS LAST, t.name, t.id',
    params: p,
  };
}

export const servicePage = (db: Queryable, filter: ServiceFilter, request: PageRequest) =>
  pageOf(db, serviceSelection(filter), request);
export const serviceBatch = (db: Queryable, filter: ServiceFilter, afterId: string | null, limit: number) =>
  batchAfter(db, serviceSelection(filter), afterId, limit);
export const serviceAtLocationPage = (db: Queryable, filter: ServiceFilter, request: PageRequest) =>
  pageOf(db, serviceAtLocationSelection(filter), request);
export const serviceAtLocationBatch = (
  db: Queryable,
  filter: ServiceFilter,
  afterId: string | null,
  limit: number,
) => batchAfter(db, serviceAtLocationSelection(filter), afterId, limit);
export const organizationPage = (db: Queryable, filter: TextFilter, request: PageRequest) =>
  pageOf(db, organizationSelection(filter), request);
export const organizationBatch = (db: Queryable, filter: TextFilter, afterId: string | null, limit: number) =>
  batchAfter(db, organizationSelection(filter), afterId, limit);
export const taxonomyPage = (db: Queryable, filter: TextFilter, request: PageRequest) =>
  pageOf(db, taxonomySelection(filter), request);
export const taxonomyBatch = (db: Queryable, filter: TextFilter, afterId: string | null, limit: number) =>
  batchAfter(db, taxonomySelection(filter), afterId, limit);
export const taxonomyTermPage = (db: Queryable, filter: TaxonomyTermFilter, request: PageRequest) =>
  pageOf(db, taxonomyTermSelection(filter), request);
export const taxonomyTermBatch = (
  db: Queryable,
  filter: TaxonomyTermFilter,
  afterId: string | null,
  limit: number,
) => batchAfter(db, taxonomyTermSelection(filter), afterId, limit);

// ---- Records ----------------------------------------------------------------------------------

/** Drops null fields: ORUK types most fields as plain strings or numbers, never null. */
function compact(row: Record<string, unknown>): OrukRecord {
  const out: OrukRecord = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Fields typed `format: uri`; a bare "www.example.org" gains its scheme, anything unusable is left out. */
function absoluteUri(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const candidate = value.trim();
  for (const attempt of [candidate, `https://${candidate}`]) {
    try {
      const url = new URL(attempt);
      if (/^https?:$/.test(url.protocol) && !url.hostname.includes('.')) continue;
      return attempt === candidate ? candidate : url.toString();
    } catch {
      // not a URL in this form; try the next
    }
  }
  return null;
}

function withUris(row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out = { ...row };
  for (const field of fields) if (field in out) out[field] = absoluteUri(out[field]);
  return out;
}

function groupBy<T extends Record<string, unknown>>(rows: T[], key: keyof T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const value = row[key];
    if (typeof value !== 'string') continue;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return groups;
}

const inOrder = <T>(ids: string[], byId: Map<string, T>): T[] =>
  ids.map((id) => byId.get(id)).filter((record): record is T => record !== undefined);

type Row = Record<string, unknown>;
const query = (db: Queryable, sql: string, values: unknown[]) => db.query(sql, values) as Promise<Row[]>;

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
  schedule_link, attending_type, notes`;
const TERM_COLUMNS = `t.id, t.code, t.name, coalesce(t.description, '') AS description, t.parent_id, t.taxonomy,
  t.taxonomy_id, t.language, t.term_uri`;
const TAXONOMY_COLUMNS = `x.id, x.name, coalesce(x.description, '') AS description, x.uri, x.version`;

const organizationRecord = (row: Row) => compact(withUris(row, ['website', 'uri']));
const serviceRecord = (row: Row) => compact(withUris(row, ['url']));
const taxonomyRecord = (row: Row) => compact(withUris(row, ['uri']));
const termRecord = (row: Row) => compact(withUris(row, ['term_uri']));
const locationRecord = (row: Row) => compact(withUris(row, ['url']));
const scheduleRecord = (row: Row) => compact(withUris(row, ['schedule_link']));

async function organizationsById(db: Queryable, ids: string[]): Promise<Map<string, OrukRecord>> {
  if (!ids.length) return new Map();
  const rows = await query(db, `SELECT ${ORGANIZATION_COLUMNS} FROM organization o WHERE o.id = ANY($1)`, [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id as string, organizationRecord(row)]));
}

/** Services with their one-to-one fields and organization, as list pages show them. */
export async function serviceSummaries(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const rows = await query(
    db,
    `SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.id = ANY($1) AND s.status IN ${LISTED}`,
    [ids],
  );
  const organizations = await organizationsById(db, [
    ...new Set(rows.map((row) => row.organization_id).filter((id): id is string => typeof id === 'string')),
  ]);
  const byId = new Map(
    rows.map((row) => {
      const record = serviceRecord(row);
      const organization = organizations.get(row.organization_id as string);
      if (organization) record.organization = organization;
      return [row.id as string, record];
    }),
  );
  return inOrder(ids, byId);
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
  const summaries = await serviceSummaries(db, ids);
  if (!summaries.length) return [];
  const serviceIds = summaries.map((s) => s.id as string);
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
      [serviceIds],
    ),
    serviceAttributes(db, serviceIds),
  ]);
  const salIds = sals.map((row) => row.id as string);
  const [locations, contacts] = await Promise.all([
    locationsById(db, [...new Set(sals.map((row) => row.location_id as string))]),
    query(
      db,
      `SELECT id, service_id, service_at_location_id, name, title, department, email FROM contact
       WHERE service_id = ANY($1) OR service_at_location_id = ANY($2) ORDER BY id`,
      [serviceIds, salIds],
    ),
  ]);
  const phones = await query(
    db,
    `SELECT ${PHONE_COLUMNS} FROM phone WHERE service_id = ANY($1) OR service_at_location_id = ANY($2) OR contact_id = ANY($3)
     ORDER BY id`,
    [serviceIds, salIds, contacts.map((row) => row.id as string)],
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

  return summaries.map((summary) => {
    const id = summary.id as string;
    return {
      ...summary,
      phones: (phonesOfService.get(id) ?? []).map(phoneRecord),
      contacts: (contactsOfService.get(id) ?? []).map(contactRecord),
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
      cost_options: (costsOf.get(id) ?? []).map((row) => compact(row)),
      attributes: attributes.get(id) ?? [],
    };
  });
}

/** Services at locations, each with its location (and addresses) and its service's one-to-one fields. */
export async function servicesAtLocations(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const sals = await query(
    db,
    `SELECT sal.id, sal.service_id, sal.location_id, sal.description FROM service_at_location sal
     JOIN service s ON s.id = sal.service_id WHERE sal.id = ANY($1) AND s.status IN ${LISTED}`,
    [ids],
  );
  const [locations, services, schedules] = await Promise.all([
    locationsById(db, [...new Set(sals.map((row) => row.location_id as string))]),
    serviceSummaries(db, [...new Set(sals.map((row) => row.service_id as string))]),
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

/** The ids of an organization's public services, by name. */
export async function organizationServiceIds(db: Queryable, organizationId: string): Promise<string[]> {
  const rows = await query(
    db,
    `SELECT s.id FROM service s WHERE s.organization_id = $1 AND s.status IN ${LISTED} ORDER BY s.name, s.id`,
    [organizationId],
  );
  return rows.map((row) => row.id as string);
}

export async function taxonomies(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const rows = await query(db, `SELECT ${TAXONOMY_COLUMNS} FROM taxonomy x WHERE x.id = ANY($1)`, [ids]);
  return inOrder(ids, new Map(rows.map((row) => [row.id as string, taxonomyRecord(row)])));
}

/** The ids of every term in a taxonomy, parents before their children where names allow. */
export async function taxonomyTermIds(db: Queryable, taxonomyId: string): Promise<string[]> {
  const rows = await query(
    db,
    `SELECT t.id FROM taxonomy_term t WHERE t.taxonomy_id = $1 ORDER BY t.parent_id NULLS FIRST, t.name, t.id`,
    [taxonomyId],
  );
  return rows.map((row) => row.id as string);
}

export async function taxonomyTerms(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const rows = await query(
    db,
    `SELECT ${TERM_COLUMNS}, CASE WHEN x.id IS NULL THEN NULL ELSE jsonb_build_object(
         'id', x.id, 'name', x.name, 'description', coalesce(x.description, ''), 'uri', x.uri, 'version', x.version)
       END AS taxonomy_detail
     FROM taxonomy_term t LEFT JOIN taxonomy x ON x.id = t.taxonomy_id WHERE t.id = ANY($1)`,
    [ids],
  );
  const byId = new Map(
    rows.map((row) => {
      const { taxonomy_detail: detail, ...term } = row;
      const record = termRecord(term);
      if (detail) record.taxonomy_detail = taxonomyRecord(detail as Row);
      return [row.id as string, record];
    }),
  );
  return inOrder(ids, byId);
}
