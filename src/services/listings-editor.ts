// The activity editor's use cases: who may manage what, sending an activity (a draft for a steward, or published
// at once for a trusted organiser's edit), the editor's view of an existing one, and the changes that act at once.
import { randomUUID } from 'node:crypto';
import type { ListingDraft, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import type { Clock } from '../domain/clock.js';
import type { FormError } from '../domain/form-error.js';
import { changesPublishAtOnce } from '../domain/moderation.js';
import { previewSchedules } from '../domain/schedule/builder.js';
import { vocabulary, type TaxonomyCode } from '../domain/vocabulary.js';
import { locate } from '../geo/locate.js';
import { mustConfirmEmail } from './accounts.js';
import { createActivityChanges, type ManagedActivity } from './activity-changes.js';
import { activityDocument, formFromListing, type CheckedActivity } from './activity-document.js';
import { publishListing } from './listing-publisher.js';

export function createListingsEditor(stores: Stores, clock: Clock) {
  /** A published listing's fields as the editor shows them, read from the HSDS tables. */
  async function formFromPublished(activityId: string) {
    const found = await stores.services.serviceForEditor(activityId);
    if (!found) return null;
    const codesIn = (taxonomy: TaxonomyCode) =>
      found.attributes
        .filter((a) => a.taxonomy_term?.taxonomy_id === vocabulary(taxonomy).id)
        .map((a) => a.taxonomy_term.code ?? '');
    return formFromListing(
      found.service,
      { needs: codesIn('needs'), suitability: codesIn('suitability') },
      found.service.capacity_status,
    );
  }

  const canManage = async (user: UserAccount, organisationId: string | null) =>
    organisationId !== null &&
    (user.role === 'steward' || (await stores.accounts.isMember(user.id, organisationId)));

  const publish = (document: Record<string, unknown>, now: Date) => publishListing(stores, document, now);

  return {
    publish,
    previewSchedules,
    ...createActivityChanges(stores, clock),

    /** Where a venue's postcode is, or null when neither it nor its district is known. */
    async findPostcode(postcode: string): Promise<{ latitude: number; longitude: number } | null> {
      const found = await locate(stores.places, postcode);
      return found.found ? { latitude: found.latitude, longitude: found.longitude } : null;
    },

    /** The organisation if this user may manage it; null hides whether it exists. */
    async organisationFor(user: UserAccount, organisationId: string) {
      if (!(await canManage(user, organisationId))) return null;
      return stores.organizations.findOrganization(organisationId);
    },

    /** The published activity if this user's organisation runs it; null otherwise. */
    async activityFor(user: UserAccount, activityId: string): Promise<ManagedActivity | null> {
      const activity = await stores.services.findManagedService(activityId);
      if (!activity || !(await canManage(user, activity.organizationId))) return null;
      return activity;
    },

    async draftFor(user: UserAccount, draftId: string): Promise<ListingDraft | null> {
      const draft = await stores.listingDrafts.findDraft(draftId);
      if (!draft || !(await canManage(user, draft.organizationId))) return null;
      return draft;
    },

    async organisationOverview(organisationId: string) {
      return {
        activities: await stores.organizations.servicesOfOrganization(organisationId),
        drafts: await stores.listingDrafts.draftsOfOrganization(organisationId),
      };
    },

    /**
     * What the editor shows for an existing activity: the fields last typed here, as stored with the draft,
     * or else the imported listing's. Null when there is neither.
     */
    async formFor(activityId: string): Promise<object | null> {
      const draft = await stores.listingDrafts.latestDraftForService(activityId);
      return draft ? draft.form : formFromPublished(activityId);
    },

    upcomingDates: (activityId: string) => stores.services.upcomingSessionDates(activityId, 26),

    /**
     * New activities always wait for a steward; edits publish at once for trusted organisers.
     * Returns the draft id and whether it was published.
     */
    async submit(
      user: UserAccount,
      organisationId: string,
      activityId: string | null,
      activity: CheckedActivity,
      now = clock.now(),
    ): Promise<{ errors: FormError[]; draftId?: string; published?: boolean; serviceId?: string }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed };
      const existing = activityId ? await stores.services.findManagedService(activityId) : null;
      const id = activityId ?? `act-${randomUUID()}`;
      const status = existing?.status ?? 'active';
      const document = activityDocument(activity, {
        serviceId: id,
        organizationId: organisationId,
        status,
        now,
      });
      const before = existing ? await stores.listingDrafts.publishedDocument(id) : null;
      const draftId = await stores.listingDrafts.insertDraft({
        serviceId: id,
        organizationId: organisationId,
        authorId: user.id,
        document,
        form: activity.form,
      });
      await stores.audit.recordAudit({
        user,
        action: existing ? 'propose-edit' : 'propose-new',
        entity: 'service',
        entityId: id,
        before,
        after: document,
      });
      const publishNow = existing !== null && changesPublishAtOnce(user);
      if (publishNow) {
        await publish(document, now);
        await stores.listingDrafts.decideDraft(draftId, {
          status: 'approved',
          reason: null,
          deciderId: user.id,
        });
        await stores.audit.recordAudit({
          user,
          action: 'publish (trusted organiser)',
          entity: 'service',
          entityId: id,
          before,
          after: document,
        });
      }
      return { errors: [], draftId, published: publishNow, serviceId: id };
    },
  };
}

export type ListingsEditor = ReturnType<typeof createListingsEditor>;
