// One or more services read whole through the entities, with the rows they own: for the activity page, the
// calendar files and the editor's view of a listing that was imported rather than typed in.
import { In, type EntityManager } from 'typeorm';
import { Attribute, Service } from './entities/index.js';

export interface ServiceTerm {
  code: string | null;
  name: string;
  taxonomy_id: string | null;
  taxonomy_name: string;
}

export interface ServiceForPage {
  service: Service;
  /** Its taxonomy terms by name, with the taxonomy each belongs to. */
  terms: ServiceTerm[];
  /** The phone numbers of its contacts, in id order. */
  contactPhones: { contact_id: string; number: string }[];
}

/** Everything the activity page shows about a service, or null when there is no such service. */
export async function serviceForPage(db: EntityManager, id: string): Promise<ServiceForPage | null> {
  const service = await db.getRepository(Service).findOne({
    where: { id },
    relations: {
      organization: true,
      service_at_locations: { location: { addresses: true, accessibility: true } },
      schedules: { cancellations: true, service_at_location: { location: true } },
      cost_options: true,
      service_areas: true,
      contacts: true,
      phones: true,
    },
  });
  if (!service) return null;
  const terms = (await db.query(
    `SELECT t.code, t.name, t.taxonomy_id, coalesce(tx.name, t.taxonomy, 'Other') AS taxonomy_name
     FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id LEFT JOIN taxonomy tx ON tx.id = t.taxonomy_id
     WHERE a.link_entity = 'service' AND a.link_id = $1 ORDER BY t.name`,
    [id],
  )) as ServiceTerm[];
  const contactPhones = (await db.query(
    `SELECT p.contact_id, p.number FROM phone p JOIN contact c ON c.id = p.contact_id WHERE c.service_id = $1 ORDER BY p.id`,
    [id],
  )) as { contact_id: string; number: string }[];
  return { service, terms, contactPhones };
}

/** These services with their venues and schedules (with cancellations), for calendar files; in no set order. */
export function servicesForCalendar(db: EntityManager, ids: string[]): Promise<Service[]> {
  return db.getRepository(Service).find({
    where: { id: In(ids) },
    relations: {
      service_at_locations: { location: { addresses: true } },
      schedules: { cancellations: true, service_at_location: { location: { addresses: true } } },
    },
  });
}

/** A service as the editor fills its form from it, with its taxonomy terms; null when there is none. */
export async function serviceForEditor(
  db: EntityManager,
  id: string,
): Promise<{ service: Service; attributes: Attribute[] } | null> {
  const service = await db.getRepository(Service).findOne({
    where: { id },
    relations: {
      service_at_locations: { location: { addresses: true, accessibility: true } },
      schedules: true,
      cost_options: true,
      service_areas: true,
      contacts: true,
      phones: true,
    },
  });
  if (!service) return null;
  const attributes = await db.getRepository(Attribute).find({
    where: { link_entity: 'service', link_id: id },
    relations: { taxonomy_term: true },
  });
  return { service, attributes };
}
