// HSDS location with its addresses and accessibility → a location bundle.
import { z } from 'zod';
import { id, latitude, list, longitude, optionalId, text } from '../fields.js';
import type { LocationBundle } from '../listing.js';
import { hsdsPhone } from './contact.js';
import { orNull } from './service-parts.js';

const hsdsAddress = z.object({
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

const hsdsAccessibility = z.object({
  id: optionalId,
  description: text.optional(),
  details: text.optional(),
  url: text.optional(),
});

export const hsdsLocation = z.object({
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
  addresses: list(hsdsAddress).optional(),
  accessibility: list(hsdsAccessibility).optional(),
  phones: list(hsdsPhone).optional(),
});

export type HsdsLocation = z.infer<typeof hsdsLocation>;

/** A location's own phones are not kept; addresses and accessibility without an id are named after it. */
export function locationBundle(loc: HsdsLocation): LocationBundle {
  return {
    location: {
      id: loc.id,
      location_type: loc.location_type,
      url: orNull(loc.url),
      // A venue is often shared by several organisations' services: it belongs to one only if the feed says so.
      organization_id: orNull(loc.organization_id),
      name: orNull(loc.name),
      alternate_name: orNull(loc.alternate_name),
      description: orNull(loc.description),
      transportation: orNull(loc.transportation),
      latitude: orNull(loc.latitude),
      longitude: orNull(loc.longitude),
      external_identifier: orNull(loc.external_identifier),
      external_identifier_type: orNull(loc.external_identifier_type),
    },
    addresses: (loc.addresses ?? []).map((a, j) => ({
      id: a.id ?? `${loc.id}:address:${j}`,
      location_id: loc.id,
      attention: orNull(a.attention),
      address_1: orNull(a.address_1),
      address_2: orNull(a.address_2),
      city: orNull(a.city),
      region: orNull(a.region),
      state_province: orNull(a.state_province),
      postal_code: orNull(a.postal_code),
      country: orNull(a.country),
      address_type: a.address_type ?? 'physical',
    })),
    accessibility: (loc.accessibility ?? []).map((a, j) => ({
      id: a.id ?? `${loc.id}:accessibility:${j}`,
      location_id: loc.id,
      description: orNull(a.description),
      details: orNull(a.details),
      url: orNull(a.url),
    })),
  };
}
