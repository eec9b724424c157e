// The activity editor's use cases: who may manage what, sending an activity (a draft for a steward, or published
// at once for a trusted organiser's edit), the editor's view of an existing one, and the changes that act at once.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isMember, type UserAccount } from '../db/account-store.js';
import {
  cancellationsOf,
  findManagedActivity,
  upcomingSessionDates,
  type ManagedActivity,
} from '../db/activity-store.js';
import { recordAudit } from '../db/audit-log.js';
import {
  decideDraft,
  draftsOfOrganization,
  findDraft,
  insertDraft,
  latestDraftForService,
  publishedDocument,
  type ListingDraft,
} from '../db/listing-draft-store.js';
import { findOrganization, servicesOfOrganization } from '../db/organization-store.js';
import { Attribute, Service } from '../db/entities/index.js';
import type { FormError } from '../domain/form-error.js';
import { changesPublishAtOnce } from '../domain/moderation.js';
import { previewSchedules } from '../domain/schedule/builder.js';
import { vocabulary, type TaxonomyCode } from '../domain/vocabulary.js';
import { locate } from '../geo/locate.js';
import { mustConfirmEmail } from './accounts.js';
import { createActivityChanges } from './activity-changes.js';
import { activityDocument, formFromListing, type CheckedActivity } from './activity-document.js';
import { publishListing } from './listing-publisher.js';

export function createListingsEditor(dataSource: DataSource) {
  /** A published listing's fields as the editor shows them, read from the HSDS tables. */
  async function formFromPublished(serviceId: string) {
    const service = await dataSource.getRepository(Service).findOne({
      where: { id: serviceId },
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
    const attributes = await dataSource.getRepository(Attribute).find({
      where: { link_entity: 'service', link_id: serviceId },
      relations: { taxonomy_term: true },
    });
    const codesIn = (taxonomy: TaxonomyCode) =>
      attributes
        .filter((a) => a.taxonomy_term?.taxonomy_id === vocabulary(taxonomy).id)
        .map((a) => a.taxonomy_term.code ?? '');
    const capacity = (await findManagedActivity(dataSource, serviceId))?.capacityStatus ?? null;
    return formFromListing(
      service,
      { needs: codesIn('needs'), suitability: codesIn('suitability') },
      capacity,
    );
  }

  const canManage = async (user: UserAccount, organizationId: string | null) =>
    organizationId !== null &&
    (user.role === 'steward' || (await isMember(dataSource, user.id, organizationId)));

  const publish = (document: Record<string, unknown>, now: Date) => publishListing(dataSource, document, now);

  return {
    publish,
    previewSchedules,
    ...createActivityChanges(dataSource),

    /** Where a venue's postcode is, or null when neither it nor its district is known. */
    async findPostcode(postcode: string): Promise<{ latitude: number; longitude: number } | null> {
      const found = await locate(dataSource, postcode);
      return found.found ? { latitude: found.latitude, longitude: found.longitude } : null;
    },

    /** The organisation if this user may manage it; null hides whether it exists. */
    async organizationFor(user: UserAccount, organizationId: string) {
      if (!(await canManage(user, organizationId))) return null;
      return findOrganization(dataSource, organizationId);
    },

    /** The published activity if this user's organisation runs it; null otherwise. */
    async activityFor(user: UserAccount, serviceId: string): Promise<ManagedActivity | null> {
      const activity = await findManagedActivity(dataSource, serviceId);
      if (!activity || !(await canManage(user, activity.organizationId))) return null;
      return activity;
    },

    async draftFor(user: UserAccount, draftId: string): Promise<ListingDraft | null> {
      const draft = await findDraft(dataSource, draftId);
      if (!draft || !(await canManage(user, draft.organizationId))) return null;
      return draft;
    },

    async organizationOverview(organizationId: string) {
      return {
        activities: await servicesOfOrganization(dataSource, organizationId),
        drafts: await draftsOfOrganization(dataSource, organizationId),
      };
    },

    /**
     * What the editor shows for an existing activity: the fields last typed here, as stored with the draft,
     * or else the imported listing's. Null when there is neither.
     */
    async formFor(serviceId: string): Promise<object | null> {
      const draft = await latestDraftForService(dataSource, serviceId);
      return draft ? draft.form : formFromPublished(serviceId);
    },

    upcomingDates: (serviceId: string) => upcomingSessionDates(dataSource, serviceId, 26),
    cancellations: (serviceId: string) => cancellationsOf(dataSource, serviceId),

    /**
     * New activities always wait for a steward; edits publish at once for trusted organisers.
     * Returns the draft id and whether it was published.
     */
    async submit(
      user: UserAccount,
      organizationId: string,
      serviceId: string | null,
      activity: CheckedActivity,
      now = new Date(),
    ): Promise<{ errors: FormError[]; draftId?: string; published?: boolean; serviceId?: string }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed };
      const existing = serviceId ? await findManagedActivity(dataSource, serviceId) : null;
      const id = serviceId ?? `act-${randomUUID()}`;
      const status = existing?.status ?? 'active';
      const document = activityDocument(activity, { serviceId: id, organizationId, status, now });
      const before = existing ? await publishedDocument(dataSource, id) : null;
      const draftId = await insertDraft(dataSource, {
        serviceId: id,
        organizationId,
        authorId: user.id,
        document,
        form: activity.form,
      });
      await recordAudit(dataSource, {
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
        await decideDraft(dataSource, draftId, { status: 'approved', reason: null, deciderId: user.id });
        await recordAudit(dataSource, {
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
