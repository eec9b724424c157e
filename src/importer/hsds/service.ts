// One HSDS 3.0 service, with everything nested in it, → a listing, or every reason it was refused.
import { z } from 'zod';
import { sanitiseDescription } from '../../domain/text.js';
import { date, dateTime, describeIssues, id, integer, list, optionalId, text } from '../fields.js';
import type { Listing, ServiceRow } from '../listing.js';
import { attributeParts, hsdsAttribute } from './attribute.js';
import { contactParts, hsdsContact, hsdsPhone, phoneRows } from './contact.js';
import { costOptionRows, hsdsCostOption } from './cost-option.js';
import { hsdsOrganization, organizationRow } from './organization.js';
import { hsdsSchedule, scheduleParts } from './schedule.js';
import { hsdsServiceArea, serviceAreaParts } from './service-area.js';
import { hsdsServiceAtLocation, serviceAtLocationParts } from './service-at-location.js';
import { addParts, orNull, type ListingParts } from './service-parts.js';

export const hsdsService = z.object({
  id: id,
  organization_id: optionalId.optional(),
  organization: hsdsOrganization.nullable().optional(),
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
  phones: list(hsdsPhone).optional(),
  contacts: list(hsdsContact).optional(),
  schedules: list(hsdsSchedule).optional(),
  service_areas: list(hsdsServiceArea).optional(),
  service_at_locations: list(hsdsServiceAtLocation).optional(),
  cost_options: list(hsdsCostOption).optional(),
  attributes: list(hsdsAttribute).optional(),
});

export type HsdsService = z.infer<typeof hsdsService>;

function serviceRow(s: HsdsService, organizationId: string | null): ServiceRow {
  return {
    id: s.id,
    organization_id: organizationId,
    program_id: orNull(s.program_id),
    name: s.name,
    alternate_name: orNull(s.alternate_name),
    description: sanitiseDescription(orNull(s.description)),
    url: orNull(s.url),
    email: orNull(s.email),
    status: s.status,
    interpretation_services: orNull(s.interpretation_services),
    application_process: orNull(s.application_process),
    fees_description: orNull(s.fees_description),
    wait_time: orNull(s.wait_time),
    fees: orNull(s.fees),
    accreditations: orNull(s.accreditations),
    eligibility_description: orNull(s.eligibility_description),
    minimum_age: orNull(s.minimum_age),
    maximum_age: orNull(s.maximum_age),
    assured_date: orNull(s.assured_date),
    assurer_email: orNull(s.assurer_email),
    licenses: orNull(s.licenses),
    alert: orNull(s.alert),
    last_modified: orNull(s.last_modified),
  };
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
  const organization = s.organization ? organizationRow(s.organization) : null;
  const listing: Listing = {
    organization,
    service: serviceRow(s, organization?.id ?? orNull(s.organization_id)),
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
  const reasons: string[] = [];
  if (s.minimum_age != null && s.maximum_age != null && s.minimum_age > s.maximum_age) {
    reasons.push('minimum_age: is greater than maximum_age');
  }
  // In document order, so reasons (and rows) come out in the order a reader of the record meets them.
  const parts: ListingParts[] = [
    { phones: phoneRows(s.phones, { service_id: serviceId }, `${serviceId}:service`) },
    contactParts(s.contacts, serviceId, null, `${serviceId}:service`),
    scheduleParts(s.schedules, { serviceId, salId: null, locationId: null, where: 'schedules' }),
    ...serviceAtLocationParts(s.service_at_locations, serviceId),
    { costOptions: costOptionRows(s.cost_options, serviceId) },
    serviceAreaParts(s.service_areas, serviceId),
    attributeParts(s.attributes, serviceId),
  ];
  for (const part of parts) addParts(listing, reasons, part);
  if (reasons.length > 0) return { reasons, id: serviceId };
  return { listing };
}
