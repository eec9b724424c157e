// HSDS service_at_location → its location (once per service, however many times it is named), the link row,
// and the schedules, contacts and phones held at that location.
import { z } from 'zod';
import { list, optionalId, text } from '../fields.js';
import type { ServiceAtLocationRow } from '../listing.js';
import { contactParts, hsdsContact, hsdsPhone, phoneRows } from './contact.js';
import { hsdsLocation, locationBundle } from './location.js';
import { hsdsSchedule, scheduleParts } from './schedule.js';
import { orNull, partId, type ListingParts } from './service-parts.js';

export const hsdsServiceAtLocation = z.object({
  id: optionalId,
  description: text.optional(),
  location: hsdsLocation,
  schedules: list(hsdsSchedule).optional(),
  contacts: list(hsdsContact).optional(),
  phones: list(hsdsPhone).optional(),
});

type HsdsServiceAtLocation = z.infer<typeof hsdsServiceAtLocation>;

/** A service's places, in document order: each one's rows, then the next one's. */
export function serviceAtLocationParts(
  sals: HsdsServiceAtLocation[] | undefined,
  serviceId: string,
): ListingParts[] {
  const seenLocations = new Set<string>();
  return (sals ?? []).flatMap((sal, i) => {
    const loc = sal.location;
    const salId = partId(serviceId, sal.id, 'sal', i);
    const reasons: string[] = [];
    if (loc.location_type === 'physical' && (loc.latitude == null) !== (loc.longitude == null)) {
      reasons.push(`service_at_locations[${i}].location: has only one of latitude and longitude`);
    }
    const firstMention = !seenLocations.has(loc.id);
    seenLocations.add(loc.id);
    const link: ServiceAtLocationRow = {
      id: salId,
      service_id: serviceId,
      location_id: loc.id,
      description: orNull(sal.description),
    };
    return [
      { reasons, locations: firstMention ? [locationBundle(loc)] : [], serviceAtLocations: [link] },
      scheduleParts(sal.schedules, {
        serviceId,
        salId,
        locationId: loc.id,
        where: `service_at_locations[${i}].schedules`,
      }),
      contactParts(sal.contacts, serviceId, salId, `${serviceId}:sal:${i}`),
      { phones: phoneRows(sal.phones, { service_at_location_id: salId }, `${serviceId}:sal:${i}`) },
    ];
  });
}
