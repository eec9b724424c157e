// HSDS 3.0 JSON (a service, an array of services, or a paged list envelope) → listings.
import { z } from 'zod';
import { parseByday, parseBymonthday, validateRule, scheduleRule } from '../domain/schedule/index.js';
import { sanitiseDescription } from '../domain/text.js';
import {
  date,
  dateTime,
  decimal,
  describeIssues,
  id,
  integer,
  latitude,
  list,
  longitude,
  optionalId,
  text,
  time,
} from './fields.js';
import type { Listing, Rejection, RecordPosition, ServiceAreaRow } from './listing.js';

const phone = z.object({
  id: optionalId,
  number: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string({ error: 'is required' }).trim().min(1, 'is required'),
  ),
  extension: integer.optional(),
  type: text.optional(),
  description: text.optional(),
});

const contact = z.object({
  id: optionalId,
  name: text.optional(),
  title: text.optional(),
  department: text.optional(),
  email: text.optional(),
  phones: list(phone).optional(),
});

const address = z.object({
  id: optionalId,
  attention: text.optional(),
  address_1: text.optional(),
  address_2: text.optional(),
  city: text.optional(),
  region: text.optional(),
  state_province: text.optional(),
  postal_code: text.optional(),
  country: text.optional(),
  address_type: text.optional(),
});

const accessibility = z.object({
  id: optionalId,
  description: text.optional(),
  details: text.optional(),
  url: text.optional(),
});

const cancellation = z.object({
  date: date.refine((v) => v !== null, 'is required'),
  reason: text.optional(),
});

const schedule = z.object({
  id: optionalId,
  valid_from: date.optional(),
  valid_to: date.optional(),
  dtstart: date.optional(),
  timezone: z.unknown().optional(),
  until: date.optional(),
  count: integer.optional(),
  wkst: text.optional(),
  freq: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() || null : (v ?? null)),
      z.enum(['WEEKLY', 'MONTHLY'], { error: 'must be WEEKLY or MONTHLY' }).nullable(),
    )
    .optional(),
  interval: integer.optional(),
  byday: text.optional(),
  byweekno: text.optional(),
  bymonthday: text.optional(),
  byyearday: text.optional(),
  description: text.optional(),
  opens_at: time.optional(),
  closes_at: time.optional(),
  schedule_link: text.optional(),
  attending_type: text.optional(),
  notes: text.optional(),
  cancellations: list(cancellation).optional(),
});

const taxonomyDetail = z.object({
  id: id,
  name: text,
  description: text.optional(),
  uri: text.optional(),
  version: text.optional(),
});

const taxonomyTerm = z.object({
  id: id,
  code: text.optional(),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  description: text.optional(),
  parent_id: optionalId.optional(),
  taxonomy: text.optional(),
  taxonomy_detail: taxonomyDetail.nullable().optional(),
  taxonomy_id: optionalId.optional(),
  language: text.optional(),
  term_uri: text.optional(),
});

const attribute = z
  .object({
    id: optionalId,
    taxonomy_term_id: optionalId.optional(),
    taxonomy_term: taxonomyTerm.nullable().optional(),
    link_type: text.optional(),
    value: text.optional(),
  })
  .refine((a) => a.taxonomy_term_id || a.taxonomy_term, 'needs a taxonomy_term or taxonomy_term_id');

const location = z.object({
  id: id,
  location_type: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : 'physical'),
    z.enum(['physical', 'postal', 'virtual'], { error: 'must be physical, postal or virtual' }),
  ),
  url: text.optional(),
  organization_id: optionalId.optional(),
  name: text.optional(),
  alternate_name: text.optional(),
  description: text.optional(),
  transportation: text.optional(),
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  external_identifier: text.optional(),
  external_identifier_type: text.optional(),
  addresses: list(address).optional(),
  accessibility: list(accessibility).optional(),
  phones: list(phone).optional(),
});

const serviceAtLocation = z.object({
  id: optionalId,
  description: text.optional(),
  location: location,
  schedules: list(schedule).optional(),
  contacts: list(contact).optional(),
  phones: list(phone).optional(),
});

const organization = z.object({
  id: id,
  name: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  alternate_name: text.optional(),
  description: text.optional(),
  email: text.optional(),
  website: text.optional(),
  tax_status: text.optional(),
  tax_id: text.optional(),
  year_incorporated: integer.optional(),
  legal_status: text.optional(),
  logo: text.optional(),
  uri: text.optional(),
  parent_organization_id: optionalId.optional(),
  phones: list(phone).optional(),
});

const costOption = z.object({
  id: optionalId,
  valid_from: date.optional(),
  valid_to: date.optional(),
  option: text.optional(),
  currency: text.optional(),
  amount: decimal.optional(),
  amount_description: text.optional(),
});

const serviceArea = z.object({
  id: optionalId,
  name: text.optional(),
  description: text.optional(),
  extent: z.preprocess((v) => (v && typeof v === 'object' ? JSON.stringify(v) : v), text).optional(),
  extent_type: text.optional(),
  uri: text.optional(),
});

export const hsdsService = z.object({
  id: id,
  organization_id: optionalId.optional(),
  organization: organization.nullable().optional(),
  program_id: optionalId.optional(),
  name: z.preprocess(
    (v) => (v === null ? undefined : v),
    z.string({ error: 'is required' }).trim().min(1, 'is required').max(500),
  ),
  alternate_name: text.optional(),
  description: text.optional(),
  url: text.optional(),
  email: text.optional(),
  status: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : 'active'),
    z.enum(['active', 'inactive', 'defunct', 'temporarily closed'], {
      error: 'must be active, inactive, defunct or temporarily closed',
    }),
  ),
  interpretation_services: text.optional(),
  application_process: text.optional(),
  fees_description: text.optional(),
  wait_time: text.optional(),
  fees: text.optional(),
  accreditations: text.optional(),
  eligibility_description: text.optional(),
  minimum_age: integer.optional(),
  maximum_age: integer.optional(),
  assured_date: date.optional(),
  assurer_email: text.optional(),
  licenses: text.optional(),
  alert: text.optional(),
  last_modified: dateTime.optional(),
  phones: list(phone).optional(),
  contacts: list(contact).optional(),
  schedules: list(schedule).optional(),
  service_areas: list(serviceArea).optional(),
  service_at_locations: list(serviceAtLocation).optional(),
  cost_options: list(costOption).optional(),
  attributes: list(attribute).optional(),
});

export type HsdsService = z.infer<typeof hsdsService>;
type HsdsSchedule = z.infer<typeof schedule>;

const nul = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Converts a GeoJSON Polygon or MultiPolygon extent to a Postgres polygon literal (outer ring only). */
export function extentToPolygon(
  extent: string | null | undefined,
  extentType: string | null | undefined,
): string | null {
  if (!extent || (extentType && extentType.toLowerCase() !== 'geojson')) return null;
  let geometry: unknown;
  try {
    geometry = JSON.parse(extent);
  } catch {
    return null;
  }
  const g = geometry as { type?: string; coordinates?: unknown; geometry?: unknown };
  const shape = (g.type === 'Feature' ? g.geometry : g) as { type?: string; coordinates?: unknown };
  let ring: unknown;
  if (shape?.type === 'Polygon') ring = (shape.coordinates as unknown[])?.[0];
  if (shape?.type === 'MultiPolygon') {
    const rings = ((shape.coordinates as unknown[][]) ?? []).map((polygon) => polygon?.[0] as unknown[]);
    ring = rings.sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))[0];
  }
  if (!Array.isArray(ring) || ring.length < 4) return null;
  const points = ring.filter(
    (p): p is [number, number] => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]),
  );
  if (points.length < 4) return null;
  return `(${points.map(([lng, lat]) => `(${lng},${lat})`).join(',')})`;
}

function scheduleProblems(s: HsdsSchedule, where: string): string[] {
  const problems: string[] = [];
  try {
    parseByday(s.byday);
    parseBymonthday(s.bymonthday);
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  for (const problem of validateRule(scheduleRule(s, []))) problems.push(`${where}: ${problem}`);
  return problems;
}

/** Validates and converts one HSDS service. Returns the listing or the reasons it was rejected. */
export function convertHsdsService(
  raw: unknown,
): { listing: Listing } | { reasons: string[]; id: string | null } {
  const rawId =
    raw && typeof raw === 'object' && 'id' in raw && (raw as { id: unknown }).id != null
      ? String((raw as { id: unknown }).id)
      : null;
  const parsed = hsdsService.safeParse(raw);
  if (!parsed.success) return { reasons: describeIssues(parsed.error), id: rawId };
  const s = parsed.data;
  const serviceId = s.id;
  const reasons: string[] = [];
  const childId = (given: string | null | undefined, kind: string, index: number) =>
    given ?? `${serviceId}:${kind}:${index}`;

  const organization = s.organization
    ? {
        id: s.organization.id,
        name: s.organization.name,
        alternate_name: nul(s.organization.alternate_name),
        description: sanitiseDescription(nul(s.organization.description)),
        email: nul(s.organization.email),
        website: nul(s.organization.website),
        tax_status: nul(s.organization.tax_status),
        tax_id: nul(s.organization.tax_id),
        year_incorporated: nul(s.organization.year_incorporated),
        legal_status: nul(s.organization.legal_status),
        logo: nul(s.organization.logo),
        uri: nul(s.organization.uri),
        parent_organization_id: nul(s.organization.parent_organization_id),
      }
    : null;
  const organizationId = organization?.id ?? nul(s.organization_id);

  const listing: Listing = {
    organization,
    service: {
      id: serviceId,
      organization_id: organizationId,
      program_id: nul(s.program_id),
      name: s.name,
      alternate_name: nul(s.alternate_name),
      description: sanitiseDescription(nul(s.description)),
      url: nul(s.url),
      email: nul(s.email),
      status: s.status,
      interpretation_services: nul(s.interpretation_services),
      application_process: nul(s.application_process),
      fees_description: nul(s.fees_description),
      wait_time: nul(s.wait_time),
      fees: nul(s.fees),
      accreditations: nul(s.accreditations),
      eligibility_description: nul(s.eligibility_description),
      minimum_age: nul(s.minimum_age),
      maximum_age: nul(s.maximum_age),
      assured_date: nul(s.assured_date),
      assurer_email: nul(s.assurer_email),
      licenses: nul(s.licenses),
      alert: nul(s.alert),
      last_modified: nul(s.last_modified),
    },
    locations: [],
    serviceAtLocations: [],
    schedules: [],
    cancellations: [],
    taxonomies: [],
    terms: [],
    attributes: [],
    contacts: [],
    phones: [],
    costOptions: [],
    serviceAreas: [],
  };

  if (s.minimum_age != null && s.maximum_age != null && s.minimum_age > s.maximum_age) {
    reasons.push('minimum_age: is greater than maximum_age');
  }

  const addSchedule = (
    sch: HsdsSchedule,
    index: number,
    where: string,
    salId: string | null,
    locationId: string | null,
  ) => {
    const problems = scheduleProblems(sch, where);
    if (problems.length) {
      reasons.push(...problems);
      return;
    }
    const scheduleId = childId(sch.id, salId ? `sal-schedule-${salId}` : 'schedule', index);
    listing.schedules.push({
      id: scheduleId,
      service_id: serviceId,
      location_id: locationId,
      service_at_location_id: salId,
      valid_from: nul(sch.valid_from),
      valid_to: nul(sch.valid_to),
      dtstart: nul(sch.dtstart),
      timezone: 'Europe/London',
      until: nul(sch.until),
      count: nul(sch.count),
      wkst: nul(sch.wkst),
      freq: nul(sch.freq),
      interval: nul(sch.interval),
      byday: sch.byday ? parseByday(sch.byday).join(',') : null,
      byweekno: nul(sch.byweekno),
      bymonthday: sch.bymonthday ? parseBymonthday(sch.bymonthday).join(',') : null,
      byyearday: nul(sch.byyearday),
      description: nul(sch.description),
      opens_at: nul(sch.opens_at),
      closes_at: nul(sch.closes_at),
      schedule_link: nul(sch.schedule_link),
      attending_type: nul(sch.attending_type),
      notes: nul(sch.notes),
    });
    const seen = new Set<string>();
    for (const c of sch.cancellations ?? []) {
      if (!c.date || seen.has(c.date)) continue;
      seen.add(c.date);
      listing.cancellations.push({ schedule_id: scheduleId, date: c.date, reason: nul(c.reason) });
    }
  };

  const addPhones = (
    phones: z.infer<typeof phone>[] | undefined,
    owner: {
      service_id?: string;
      location_id?: string;
      organization_id?: string;
      contact_id?: string;
      service_at_location_id?: string;
    },
    prefix: string,
  ) => {
    (phones ?? []).forEach((p, i) =>
      listing.phones.push({
        id: p.id ?? `${serviceId}:${prefix}:phone:${i}`,
        location_id: owner.location_id ?? null,
        service_id: owner.service_id ?? null,
        organization_id: owner.organization_id ?? null,
        contact_id: owner.contact_id ?? null,
        service_at_location_id: owner.service_at_location_id ?? null,
        number: p.number,
        extension: nul(p.extension),
        type: nul(p.type),
        description: nul(p.description),
      }),
    );
  };

  const addContacts = (
    contacts: z.infer<typeof contact>[] | undefined,
    salId: string | null,
    prefix: string,
  ) => {
    (contacts ?? []).forEach((c, i) => {
      const contactId = c.id ?? `${serviceId}:${prefix}:contact:${i}`;
      listing.contacts.push({
        id: contactId,
        organization_id: null,
        service_id: salId ? null : serviceId,
        service_at_location_id: salId,
        location_id: null,
        name: nul(c.name),
        title: nul(c.title),
        department: nul(c.department),
        email: nul(c.email),
      });
      addPhones(c.phones, { contact_id: contactId }, `${prefix}:contact:${i}`);
    });
  };

  addPhones(s.phones, { service_id: serviceId }, 'service');
  addContacts(s.contacts, null, 'service');
  s.schedules?.forEach((sch, i) => addSchedule(sch, i, `schedules[${i}]`, null, null));

  const seenLocations = new Set<string>();
  s.service_at_locations?.forEach((sal, i) => {
    const loc = sal.location;
    const salId = childId(sal.id, 'sal', i);
    if (loc.location_type === 'physical' && (loc.latitude == null) !== (loc.longitude == null)) {
      reasons.push(`service_at_locations[${i}].location: has only one of latitude and longitude`);
    }
    if (!seenLocations.has(loc.id)) {
      seenLocations.add(loc.id);
      listing.locations.push({
        location: {
          id: loc.id,
          location_type: loc.location_type,
          url: nul(loc.url),
          // A venue is often shared by several organisations' services: it belongs to one only if the feed says so.
          organization_id: nul(loc.organization_id),
          name: nul(loc.name),
          alternate_name: nul(loc.alternate_name),
          description: nul(loc.description),
          transportation: nul(loc.transportation),
          latitude: nul(loc.latitude),
          longitude: nul(loc.longitude),
          external_identifier: nul(loc.external_identifier),
          external_identifier_type: nul(loc.external_identifier_type),
        },
        addresses: (loc.addresses ?? []).map((a, j) => ({
          id: a.id ?? `${loc.id}:address:${j}`,
          location_id: loc.id,
          attention: nul(a.attention),
          address_1: nul(a.address_1),
          address_2: nul(a.address_2),
          city: nul(a.city),
          region: nul(a.region),
          state_province: nul(a.state_province),
          postal_code: nul(a.postal_code),
          country: nul(a.country),
          address_type: a.address_type ?? 'physical',
        })),
        accessibility: (loc.accessibility ?? []).map((a, j) => ({
          id: a.id ?? `${loc.id}:accessibility:${j}`,
          location_id: loc.id,
          description: nul(a.description),
          details: nul(a.details),
          url: nul(a.url),
        })),
      });
    }
    listing.serviceAtLocations.push({
      id: salId,
      service_id: serviceId,
      location_id: loc.id,
      description: nul(sal.description),
    });
    sal.schedules?.forEach((sch, j) =>
      addSchedule(sch, j, `service_at_locations[${i}].schedules[${j}]`, salId, loc.id),
    );
    addContacts(sal.contacts, salId, `sal:${i}`);
    addPhones(sal.phones, { service_at_location_id: salId }, `sal:${i}`);
  });

  s.cost_options?.forEach((c, i) =>
    listing.costOptions.push({
      id: childId(c.id, 'cost', i),
      service_id: serviceId,
      valid_from: nul(c.valid_from),
      valid_to: nul(c.valid_to),
      option: nul(c.option),
      currency: nul(c.currency),
      amount: nul(c.amount),
      amount_description: nul(c.amount_description),
    }),
  );

  s.service_areas?.forEach((a, i) => {
    const row: ServiceAreaRow = {
      id: childId(a.id, 'area', i),
      service_id: serviceId,
      name: nul(a.name),
      description: nul(a.description),
      extent: nul(a.extent),
      extent_type: nul(a.extent_type),
      uri: nul(a.uri),
      area: extentToPolygon(a.extent, a.extent_type),
    };
    if (a.extent && (a.extent_type ?? 'geojson').toLowerCase() === 'geojson' && !row.area) {
      reasons.push(`service_areas[${i}].extent: is not a GeoJSON Polygon or MultiPolygon`);
    }
    listing.serviceAreas.push(row);
  });

  const taxonomyIds = new Set<string>();
  const termIds = new Set<string>();
  s.attributes?.forEach((a, i) => {
    const term = a.taxonomy_term;
    const termId = term?.id ?? a.taxonomy_term_id!;
    if (term && !termIds.has(term.id)) {
      termIds.add(term.id);
      const taxonomyId = term.taxonomy_detail?.id ?? nul(term.taxonomy_id);
      if (term.taxonomy_detail && !taxonomyIds.has(term.taxonomy_detail.id)) {
        taxonomyIds.add(term.taxonomy_detail.id);
        listing.taxonomies.push({
          id: term.taxonomy_detail.id,
          name: term.taxonomy_detail.name ?? term.taxonomy ?? term.taxonomy_detail.id,
          description: nul(term.taxonomy_detail.description),
          uri: nul(term.taxonomy_detail.uri),
          version: nul(term.taxonomy_detail.version),
        });
      } else if (taxonomyId && !term.taxonomy_detail && !taxonomyIds.has(taxonomyId)) {
        taxonomyIds.add(taxonomyId);
        listing.taxonomies.push({
          id: taxonomyId,
          name: term.taxonomy ?? taxonomyId,
          description: null,
          uri: null,
          version: null,
        });
      }
      listing.terms.push({
        id: term.id,
        code: nul(term.code),
        name: term.name,
        description: nul(term.description),
        parent_id: nul(term.parent_id),
        taxonomy: nul(term.taxonomy),
        taxonomy_id: taxonomyId,
        language: nul(term.language),
        term_uri: nul(term.term_uri),
      });
    }
    listing.attributes.push({
      id: childId(a.id, 'attribute', i),
      link_id: serviceId,
      taxonomy_term_id: termId,
      link_type: nul(a.link_type),
      link_entity: 'service',
      value: nul(a.value),
    });
  });

  if (reasons.length > 0) return { reasons, id: serviceId };
  return { listing };
}

/** Finds the records in a parsed HSDS JSON document: one service, an array, or a page envelope. */
export function hsdsRecords(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (document && typeof document === 'object') {
    const d = document as Record<string, unknown>;
    if (Array.isArray(d.contents)) return d.contents;
    if (Array.isArray(d.content)) return d.content;
    if (Array.isArray(d.services)) return d.services;
    return [document];
  }
  throw new Error('is not an HSDS service, an array of services or a page of services');
}

export function convertHsdsDocument(
  document: unknown,
  file: string,
): { listings: { listing: Listing; position: RecordPosition }[]; rejections: Rejection[] } {
  const listings: { listing: Listing; position: RecordPosition }[] = [];
  const rejections: Rejection[] = [];
  hsdsRecords(document).forEach((record, index) => {
    const position = { file, index };
    const result = convertHsdsService(record);
    if ('listing' in result) listings.push({ listing: result.listing, position });
    else rejections.push({ position, id: result.id, reasons: result.reasons });
  });
  return { listings, rejections };
}
