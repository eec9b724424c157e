// HSDS organization → organization row. Its phones are read but not kept.
import { z } from 'zod';
import { sanitiseDescription } from '../../domain/text.js';
import { id, integer, list, optionalId, text } from '../fields.js';
import type { OrganizationRow } from '../listing.js';
import { hsdsPhone } from './contact.js';
import { orNull } from './service-parts.js';

export const hsdsOrganization = z.object({
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
  phones: list(hsdsPhone).optional(),
});

export function organizationRow(o: z.infer<typeof hsdsOrganization>): OrganizationRow {
  return {
    id: o.id,
    name: o.name,
    alternate_name: orNull(o.alternate_name),
    description: sanitiseDescription(orNull(o.description)),
    email: orNull(o.email),
    website: orNull(o.website),
    tax_status: orNull(o.tax_status),
    tax_id: orNull(o.tax_id),
    year_incorporated: orNull(o.year_incorporated),
    legal_status: orNull(o.legal_status),
    logo: orNull(o.logo),
    uri: orNull(o.uri),
    parent_organization_id: orNull(o.parent_organization_id),
  };
}
