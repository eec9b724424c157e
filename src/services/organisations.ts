// Organisation profiles: trusted organisers' and stewards' changes go live at once, anyone else's wait for a
// steward like activity edits do; and the organisation search used to claim an imported listing.
import type { DataSource, EntityManager } from 'typeorm';
import type { UserAccount } from '../db/account-store.js';
import { recordAudit } from '../db/audit-log.js';
import { refreshSearchFields } from '../db/search-fields.js';
import {
  insertProfileDraft,
  profileDraftForOrganiser,
  replacePendingProfileDrafts,
  type ProfileFields,
} from '../db/organization-draft-store.js';
import {
  findOrganization,
  searchOrganizations,
  servicesOfOrganization,
  updateOrganization,
  type OrganizationProfile,
} from '../db/organization-store.js';
import { changesPublishAtOnce } from '../domain/moderation.js';
import type { FormError } from '../domain/form-error.js';
import { mustConfirmEmail } from './accounts.js';

/** The profile's fields in the order and words the steward's comparison shows them. */
export const PROFILE_LABELS: Record<keyof ProfileFields, string> = {
  name: 'Name',
  description: 'About the organisation',
  email: 'Email address',
  website: 'Website',
};

/** Each labelled field whose value differs, as it is now and as proposed. */
export function profileChanges(live: ProfileFields, proposed: ProfileFields) {
  return (Object.keys(PROFILE_LABELS) as (keyof ProfileFields)[])
    .filter((key) => (live[key] ?? null) !== (proposed[key] ?? null))
    .map((key) => ({ field: key, label: PROFILE_LABELS[key], before: live[key], after: proposed[key] }));
}

/** The editable fields of a profile, without its id. */
export const profileFields = ({ id: _id, ...fields }: OrganizationProfile): ProfileFields => fields;

/**
 * Puts a profile live inside the caller's transaction: the organisation row, its activities' search text
 * (the organisation's name is part of it) and the audit entry.
 */
export async function applyProfile(
  db: EntityManager,
  user: UserAccount,
  live: OrganizationProfile,
  profile: ProfileFields,
  action: string,
): Promise<void> {
  await updateOrganization(db, live.id, profile);
  const ids = (await servicesOfOrganization(db, live.id)).map((s) => s.id);
  if (ids.length) await refreshSearchFields(db, ids);
  await recordAudit(db, {
    user,
    action,
    entity: 'organization',
    entityId: live.id,
    before: profileFields(live),
    after: profile,
  });
}

export function createOrganisations(dataSource: DataSource) {
  return {
    find: (id: string) => (id ? findOrganization(dataSource, id) : Promise.resolve(null)),
    search: (text: string) => searchOrganizations(dataSource, text),

    /** A profile change still waiting, or just rejected, for the organiser's page. */
    profileDraftForOrganiser: (organizationId: string) =>
      profileDraftForOrganiser(dataSource, organizationId),

    async updateProfile(
      user: UserAccount,
      org: OrganizationProfile,
      profile: ProfileFields,
    ): Promise<{ errors: FormError[]; published: boolean }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed, published: false };
      if (changesPublishAtOnce(user)) {
        // A change that goes live makes anything still waiting out of date.
        await dataSource.transaction(async (db) => {
          await applyProfile(db, user, org, profile, 'update-profile');
          await replacePendingProfileDrafts(db, org.id);
        });
        return { errors: [], published: true };
      }
      await dataSource.transaction(async (db) => {
        await insertProfileDraft(db, { organizationId: org.id, authorId: user.id, proposed: profile });
        await recordAudit(db, {
          user,
          action: 'propose-profile',
          entity: 'organization',
          entityId: org.id,
          before: profileFields(org),
          after: profile,
        });
      });
      return { errors: [], published: false };
    },
  };
}
