// Organisation profiles, and claiming an imported listing's organisation (a steward approves the claim).
import type { DataSource } from 'typeorm';
import type { UserAccount } from '../db/account-store.js';
import { recordAudit } from '../db/audit-log.js';
import { refreshSearchFields } from '../db/derived-data.js';
import {
  findOrganization,
  searchOrganizations,
  servicesOfOrganization,
  updateOrganization,
  type OrganizationProfile,
} from '../db/organization-store.js';
import type { FormError } from '../web/form-state.js';
import { LINK_RULE, safeLink } from '../domain/links.js';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function createOrganisations(dataSource: DataSource) {
  return {
    find: (id: string) => (id ? findOrganization(dataSource, id) : Promise.resolve(null)),
    search: (text: string) => searchOrganizations(dataSource, text),

    async updateProfile(
      user: UserAccount,
      org: OrganizationProfile,
      typed: { name: string; description: string; email: string; website: string },
    ): Promise<FormError[]> {
      const errors: FormError[] = [];
      if (!typed.name.trim()) errors.push({ field: 'name', message: 'Enter the name of your organisation' });
      else if (typed.name.length > 200)
        errors.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
      if (typed.description.length > 3000)
        errors.push({ field: 'description', message: 'Description must be 3,000 characters or fewer' });
      if (typed.email.trim() && !EMAIL.test(typed.email.trim()))
        errors.push({
          field: 'email',
          message: 'Enter an email address in the correct format, like name@example.com',
        });
      if (typed.website.trim() && !safeLink(typed.website))
        errors.push({ field: 'website', message: `Website must be ${LINK_RULE}` });
      if (errors.length) return errors;
      const after = {
        name: typed.name.trim(),
        description: typed.description.trim() || null,
        email: typed.email.trim() || null,
        website: safeLink(typed.website),
      };
      await dataSource.transaction(async (db) => {
        await updateOrganization(db, org.id, after);
        // The organisation's name is part of every one of its activities' search text.
        const ids = (await servicesOfOrganization(db, org.id)).map((s) => s.id);
        if (ids.length) await refreshSearchFields(db, ids);
        const { id: _id, ...before } = org;
        void _id;
        await recordAudit(db, {
          user,
          action: 'update-profile',
          entity: 'organization',
          entityId: org.id,
          before,
          after,
        });
      });
      return [];
    },
  };
}
