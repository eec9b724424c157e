// HSDS phone and contact → phone and contact rows.
import { z } from 'zod';
import { integer, list, optionalId, text } from '../fields.js';
import type { ContactRow, PhoneRow } from '../listing.js';
import { orNull, type ListingParts } from './service-parts.js';

export const hsdsPhone = z.object({
  id: optionalId,
  number: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string({ error: 'is required' }).trim().min(1, 'is required'),
  ),
  extension: integer.optional(),
  type: text.optional(),
  description: text.optional(),
});

export const hsdsContact = z.object({
  id: optionalId,
  name: text.optional(),
  title: text.optional(),
  department: text.optional(),
  email: text.optional(),
  phones: list(hsdsPhone).optional(),
});

type HsdsPhone = z.infer<typeof hsdsPhone>;
type HsdsContact = z.infer<typeof hsdsContact>;

/** The one thing a phone belongs to. */
type PhoneOwner = Partial<
  Pick<PhoneRow, 'service_id' | 'location_id' | 'organization_id' | 'contact_id' | 'service_at_location_id'>
>;

/** Phones without an id are named `<idPrefix>:phone:<index>`. */
export function phoneRows(phones: HsdsPhone[] | undefined, owner: PhoneOwner, idPrefix: string): PhoneRow[] {
  return (phones ?? []).map((p, i) => ({
    id: p.id ?? `${idPrefix}:phone:${i}`,
    location_id: owner.location_id ?? null,
    service_id: owner.service_id ?? null,
    organization_id: owner.organization_id ?? null,
    contact_id: owner.contact_id ?? null,
    service_at_location_id: owner.service_at_location_id ?? null,
    number: p.number,
    extension: orNull(p.extension),
    type: orNull(p.type),
    description: orNull(p.description),
  }));
}

/** A service's contacts (or, given `salId`, a service at a location's), each followed by its phones. */
export function contactParts(
  contacts: HsdsContact[] | undefined,
  serviceId: string,
  salId: string | null,
  idPrefix: string,
): ListingParts {
  const parts: { contacts: ContactRow[]; phones: PhoneRow[] } = { contacts: [], phones: [] };
  (contacts ?? []).forEach((c, i) => {
    const contactId = c.id ?? `${idPrefix}:contact:${i}`;
    parts.contacts.push({
      id: contactId,
      organization_id: null,
      service_id: salId ? null : serviceId,
      service_at_location_id: salId,
      location_id: null,
      name: orNull(c.name),
      title: orNull(c.title),
      department: orNull(c.department),
      email: orNull(c.email),
    });
    parts.phones.push(...phoneRows(c.phones, { contact_id: contactId }, `${idPrefix}:contact:${i}`));
  });
  return parts;
}
