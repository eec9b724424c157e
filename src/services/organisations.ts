// Organisation profiles: trusted organisers' and stewards' changes go live at once, anyone else's wait for a
// steward like activity edits do; the organisation search used to claim an imported listing; and asking for an
// organisation not yet listed to be added.
import type { OrganizationProfile, ProfileFields, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
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
  db: Stores,
  user: UserAccount,
  live: OrganizationProfile,
  profile: ProfileFields,
  action: string,
): Promise<void> {
  await db.organizations.updateOrganization(live.id, profile);
  const ids = (await db.organizations.servicesOfOrganization(live.id)).map((s) => s.id);
  if (ids.length) await db.listings.refreshSearchFields(ids);
  await db.audit.recordAudit({
    user,
    action,
    entity: 'organization',
    entityId: live.id,
    before: profileFields(live),
    after: profile,
  });
}

export function createOrganisations(stores: Stores) {
  return {
    find: (id: string) => (id ? stores.organizations.findOrganization(id) : Promise.resolve(null)),
    /** Organisations by their own name or their activities' names, typos tolerated, the closest first. */
    search: (text: string) => stores.organizations.searchOrganizations(text),

    /** What this organiser has asked to add, newest first, each with its state. */
    requestsOf: (user: UserAccount) => stores.organizationDrafts.organizationRequestsOf(user.id),

    /**
     * Asks for an organisation not yet in the directory: it waits for a steward, who creates it with the asker as
     * its manager. Refused while the same organiser's request for the same name still waits.
     */
    async requestOrganisation(
      user: UserAccount,
      profile: ProfileFields,
    ): Promise<{ errors: FormError[]; requestId?: string }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed };
      const sameName = (name: string) => name.trim().toLowerCase() === profile.name.trim().toLowerCase();
      const waiting = await stores.organizationDrafts.organizationRequestsOf(user.id);
      if (waiting.some((r) => r.status === 'pending' && sameName(r.proposed.name)))
        return {
          errors: [
            {
              field: 'name',
              message: `You have already asked to add ${profile.name}: it is waiting for a steward`,
            },
          ],
        };
      const requestId = await stores.transaction(async (db) => {
        const id = await db.organizationDrafts.insertOrganizationRequest({
          authorId: user.id,
          proposed: profile,
        });
        await db.audit.recordAudit({
          user,
          action: 'propose-organisation',
          entity: 'organization_request',
          entityId: id,
          before: null,
          after: profile,
        });
        return id;
      });
      return { errors: [], requestId };
    },

    /** A profile change still waiting, or just rejected, for the organiser's page. */
    profileDraftForOrganiser: (organisationId: string) =>
      stores.organizationDrafts.profileDraftForOrganiser(organisationId),

    async updateProfile(
      user: UserAccount,
      org: OrganizationProfile,
      profile: ProfileFields,
    ): Promise<{ errors: FormError[]; published: boolean }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed, published: false };
      if (changesPublishAtOnce(user)) {
        // A change that goes live makes anything still waiting out of date.
        await stores.transaction(async (db) => {
          await applyProfile(db, user, org, profile, 'update-profile');
          await db.organizationDrafts.replacePendingProfileDrafts(org.id);
        });
        return { errors: [], published: true };
      }
      await stores.transaction(async (db) => {
        await db.organizationDrafts.insertProfileDraft({
          organizationId: org.id,
          authorId: user.id,
          proposed: profile,
        });
        await db.audit.recordAudit({
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
