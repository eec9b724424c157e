// The steward's side: approve or reject proposed activities and claims, resolve problem reports, read feedback.
import type { Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import type { Clock } from '../domain/clock.js';
import type { FormError } from '../domain/form-error.js';
import { describeSchedule, scheduleRule } from '../domain/schedule/index.js';
import type { PublicLinks } from '../domain/public-links.js';
import { mustConfirmEmail } from './accounts.js';
import { feedbackTopicName } from './feedback.js';
import type { ListingsEditor } from './listings-editor.js';
import type { Mailer } from './mail.js';
import { compareListings, readableListing } from './listing-comparison.js';
import { applyProfile, PROFILE_LABELS, profileChanges } from './organisations.js';

/** A decision's state in words, wherever a page shows one. */
export const DECISION_WORDS: Record<string, string> = {
  pending: 'Waiting for a steward',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** How many listings with times read from their description the queue shows at once, the longest waiting first. */
const TIMES_SHOWN = 50;

export function createModeration(
  stores: Stores,
  editor: ListingsEditor,
  mailer: Mailer,
  links: PublicLinks,
  clock: Clock,
) {
  const tellAuthor = async (authorId: string | null, subject: string, body: string) => {
    const author = authorId ? await stores.accounts.findUserById(authorId) : null;
    if (author) await mailer.send(author.email, subject, body);
  };
  /** "Also trust this organiser": their later changes publish without review. */
  const trustAuthor = async (steward: UserAccount, authorId: string) => {
    await stores.accounts.setTrusted(authorId, true);
    await stores.audit.recordAudit({
      user: steward,
      action: 'trust',
      entity: 'user_account',
      entityId: authorId,
      before: { trusted: false },
      after: { trusted: true },
    });
  };

  /**
   * Tells an organisation's current managers that someone asked to manage it, and how to object. The mail
   * names neither the person nor their message: they did not agree to share them, and the steward, who
   * sees both sides, can put people in touch.
   */
  const tellManagersOfClaim = async (claimant: UserAccount, organisationId: string) => {
    const managers = (await stores.moderation.managersOf([organisationId])).filter(
      (m) => m.userId !== claimant.id,
    );
    if (!managers.length) return;
    const org = (await stores.organizations.findOrganization(organisationId))!;
    const page = links.manageOrganisation(organisationId);
    for (const manager of managers)
      await mailer.send(
        manager.email,
        `Someone asked to manage ${org.name}`,
        `Someone with an account in the directory has asked to manage the listings of ${org.name}.\n\n` +
          `You are getting this because you manage ${org.name} in the directory. A steward checks every request ` +
          `before giving anyone access, and can see who manages the organisation now.\n\n` +
          `If you do not know who this could be, or you do not want anyone else to manage the listings, tell the ` +
          `steward before they decide, from your organisation's page:\n${page}\n\n` +
          `We do not pass on who asked: the steward can put you in touch if that helps.`,
      );
  };

  /** A published listing read from the tables, shaped as a draft's document is. */
  const liveDocument = async (serviceId: string): Promise<Record<string, unknown> | null> => {
    const found = await stores.services.serviceForEditor(serviceId);
    return found ? { ...found.service, attributes: found.attributes } : null;
  };

  return {
    async queue() {
      const [drafts, profileDrafts, organisationRequests, pending, reports, feedback] = await Promise.all([
        stores.listingDrafts.pendingDrafts(),
        stores.organizationDrafts.pendingProfileDrafts(),
        stores.organizationDrafts.pendingOrganizationRequests(),
        stores.moderation.pendingClaims(),
        stores.moderation.openProblemReports(),
        stores.feedback.openFeedback(),
      ]);
      // The steward sees who already manages each claimed organisation before deciding.
      const managers = await stores.moderation.managersOf([...new Set(pending.map((c) => c.organizationId))]);
      const claims = pending.map((claim) => ({
        ...claim,
        managers: managers.filter((m) => m.organizationId === claim.organizationId),
      }));
      const times = await stores.describedTimes.proposedTimes(TIMES_SHOWN);
      return {
        drafts,
        profileDrafts,
        organisationRequests,
        claims,
        reports,
        feedback: feedback.map((item) => ({ ...item, topicName: feedbackTopicName(item.topic) })),
        times: {
          total: times.total,
          more: times.total > times.listings.length,
          listings: times.listings.map((listing) => ({
            ...listing,
            schedules: listing.schedules.map((s) => ({
              wording: describeSchedule(scheduleRule(s, [])),
              evidence: s.from_description,
            })),
          })),
        },
      };
    },

    /**
     * A steward's word on the times read from a listing's description: confirmed, they are plain times; rejected,
     * they go. Either way the next import of the same words keeps to it. False when nothing was waiting.
     */
    async decideDescribedTimes(steward: UserAccount, serviceId: string, confirm: boolean): Promise<boolean> {
      const decision = confirm ? 'confirmed' : 'rejected';
      const now = clock.now();
      return stores.transaction(async (tx) => {
        const evidence = await tx.describedTimes.decideProposedTimes(serviceId, decision, steward.id, now);
        if (evidence === null) return false;
        await tx.listings.refreshSessionsAndSearch([serviceId], now);
        await tx.searchOutbox.enqueueSearchChanges([serviceId], 'upsert');
        await tx.audit.recordAudit({
          user: steward,
          action: confirm ? 'confirm times from the description' : 'reject times from the description',
          entity: 'service',
          entityId: serviceId,
          before: { times_from_description: evidence },
          after: { times_from_description: null, ...(confirm ? { times: evidence } : {}) },
        });
        return true;
      });
    },

    /**
     * A proposed activity as the steward reads it: each field that would change under its label, the directory's
     * value beside the proposed one (a first edit of an imported listing is compared with the listing as
     * imported), the fields that stay as they are, and for a new activity every field it gives.
     */
    async draftForReview(id: string) {
      const draft = await stores.listingDrafts.findDraft(id);
      if (!draft) return null;
      const before =
        (await stores.listingDrafts.publishedDocument(draft.serviceId)) ??
        (draft.isNew ? null : await liveDocument(draft.serviceId));
      return {
        draft,
        statusWords: DECISION_WORDS[draft.status],
        before,
        fields: readableListing(draft.document).filter((f) => f.value !== ''),
        comparison: before ? compareListings(before, draft.document) : null,
      };
    },

    async approveDraft(
      steward: UserAccount,
      id: string,
      now = clock.now(),
      options: { trustAuthor?: boolean } = {},
    ): Promise<boolean> {
      const draft = await stores.listingDrafts.findDraft(id);
      if (!draft || draft.status !== 'pending') return false;
      const before = await stores.listingDrafts.publishedDocument(draft.serviceId);
      await editor.publish(draft.document, now);
      if (
        !(await stores.listingDrafts.decideDraft(id, {
          status: 'approved',
          reason: null,
          deciderId: steward.id,
        }))
      )
        return false;
      await stores.audit.recordAudit({
        user: steward,
        action: 'approve',
        entity: 'service',
        entityId: draft.serviceId,
        before,
        after: draft.document,
      });
      if (options.trustAuthor && draft.authorId) await trustAuthor(steward, draft.authorId);
      await tellAuthor(
        draft.authorId,
        `Approved: ${String(draft.document.name)}`,
        `Your activity "${String(draft.document.name)}" is now in the directory: ${links.activity(draft.serviceId)}`,
      );
      return true;
    },

    /** Rejects with the reason the organiser is told; false when already decided or unknown. */
    async rejectDraft(steward: UserAccount, id: string, reason: string): Promise<boolean> {
      const draft = await stores.listingDrafts.findDraft(id);
      if (!draft || draft.status !== 'pending') return false;
      await stores.listingDrafts.decideDraft(id, {
        status: 'rejected',
        reason: reason.trim(),
        deciderId: steward.id,
      });
      await stores.audit.recordAudit({
        user: steward,
        action: 'reject',
        entity: 'service',
        entityId: draft.serviceId,
        before: null,
        after: { reason: reason.trim() },
      });
      await tellAuthor(
        draft.authorId,
        `Not approved: ${String(draft.document.name)}`,
        `A steward could not approve "${String(draft.document.name)}" yet. They said:\n\n${reason.trim()}\n\nChange it here: ${links.draft(draft.id)}`,
      );
      return true;
    },

    /** A proposed organisation profile beside what is live now, field by labelled field. */
    async profileDraftForReview(id: string) {
      const draft = await stores.organizationDrafts.findProfileDraft(id);
      if (!draft) return null;
      const changes = profileChanges(draft.live, draft.proposed);
      const unchanged = (Object.keys(PROFILE_LABELS) as (keyof typeof PROFILE_LABELS)[])
        .filter((key) => !changes.some((c) => c.field === key))
        .map((key) => ({ field: key, label: PROFILE_LABELS[key], value: draft.live[key] ?? '' }));
      return { draft, statusWords: DECISION_WORDS[draft.status], changes, unchanged };
    },

    async approveProfileDraft(
      steward: UserAccount,
      id: string,
      options: { trustAuthor?: boolean } = {},
    ): Promise<boolean> {
      const draft = await stores.organizationDrafts.findProfileDraft(id);
      if (!draft || draft.status !== 'pending') return false;
      const decided = await stores.transaction(async (db) => {
        const decision = { status: 'approved' as const, reason: null, deciderId: steward.id };
        if (!(await db.organizationDrafts.decideProfileDraft(id, decision))) return false;
        await applyProfile(db, steward, draft.live, draft.proposed, 'approve-profile');
        return true;
      });
      if (!decided) return false;
      if (options.trustAuthor && draft.authorId) await trustAuthor(steward, draft.authorId);
      await tellAuthor(
        draft.authorId,
        `Approved: changes to ${draft.proposed.name}`,
        `Your changes to the profile of ${draft.proposed.name} are now in the directory: ${links.manageOrganisation(draft.organizationId)}`,
      );
      return true;
    },

    async rejectProfileDraft(steward: UserAccount, id: string, reason: string): Promise<boolean> {
      const draft = await stores.organizationDrafts.findProfileDraft(id);
      if (!draft || draft.status !== 'pending') return false;
      const decision = { status: 'rejected' as const, reason: reason.trim(), deciderId: steward.id };
      if (!(await stores.organizationDrafts.decideProfileDraft(id, decision))) return false;
      await stores.audit.recordAudit({
        user: steward,
        action: 'reject-profile',
        entity: 'organization',
        entityId: draft.organizationId,
        before: null,
        after: { reason: reason.trim() },
      });
      await tellAuthor(
        draft.authorId,
        `Not approved: changes to ${draft.live.name}`,
        `A steward could not approve your changes to the profile of ${draft.live.name}. They said:\n\n${reason.trim()}\n\nThe directory still shows the profile as it was. Change it here: ${links.manageOrganisation(draft.organizationId)}`,
      );
      return true;
    },

    /**
     * An organisation someone asked to add, as the steward reads it: its fields under their labels, and the
     * organisations already listed whose names (or activities' names) are close, so a duplicate is spotted.
     */
    async organisationRequestForReview(id: string) {
      const request = await stores.organizationDrafts.findOrganizationRequest(id);
      if (!request) return null;
      const similar = await stores.organizations.searchOrganizations(request.proposed.name, 5);
      return {
        request,
        statusWords: DECISION_WORDS[request.status],
        fields: (Object.keys(PROFILE_LABELS) as (keyof typeof PROFILE_LABELS)[]).map((key) => ({
          field: key,
          label: PROFILE_LABELS[key],
          value: request.proposed[key] ?? '',
        })),
        similar: similar.filter((org) => org.id !== request.organizationId),
      };
    },

    /**
     * Creates the organisation asked for, with its asker as its manager (so they can list activities under it),
     * and tells them. False when already decided or unknown.
     */
    async approveOrganisationRequest(steward: UserAccount, id: string): Promise<boolean> {
      const request = await stores.organizationDrafts.findOrganizationRequest(id);
      if (!request || request.status !== 'pending') return false;
      const organisation = await stores.transaction(async (db) => {
        const decision = { status: 'approved' as const, reason: null, deciderId: steward.id };
        if (!(await db.organizationDrafts.decideOrganizationRequest(id, decision))) return null;
        const { name, ...profile } = request.proposed;
        const created = await db.organizations.createOrganization(name, profile);
        await db.organizationDrafts.linkOrganizationRequest(id, created.id);
        await db.accounts.addMember(request.authorId, created.id);
        await db.audit.recordAudit({
          user: steward,
          action: 'approve-organisation',
          entity: 'organization',
          entityId: created.id,
          before: null,
          after: { ...request.proposed, member: request.authorEmail },
        });
        return created;
      });
      if (!organisation) return false;
      await mailer.send(
        request.authorEmail,
        `Approved: ${organisation.name} is in the directory`,
        `A steward approved ${organisation.name}. You manage it now, and can add its activities here: ${links.manageOrganisation(organisation.id)}`,
      );
      return true;
    },

    async rejectOrganisationRequest(steward: UserAccount, id: string, reason: string): Promise<boolean> {
      const request = await stores.organizationDrafts.findOrganizationRequest(id);
      if (!request || request.status !== 'pending') return false;
      const decision = { status: 'rejected' as const, reason: reason.trim(), deciderId: steward.id };
      if (!(await stores.organizationDrafts.decideOrganizationRequest(id, decision))) return false;
      await stores.audit.recordAudit({
        user: steward,
        action: 'reject-organisation',
        entity: 'organization_request',
        entityId: id,
        before: null,
        after: { name: request.proposed.name, reason: reason.trim() },
      });
      await mailer.send(
        request.authorEmail,
        `Not approved: ${request.proposed.name}`,
        `A steward could not add ${request.proposed.name} to the directory. They said:\n\n${reason.trim()}\n\nYou can ask again, or ask to manage an organisation already listed, from your listings: ${links.manage}`,
      );
      return true;
    },

    /** An organiser asks to manage an organisation that is already listed. */
    async requestClaim(
      user: UserAccount,
      organisationId: string,
      message: string | null,
    ): Promise<FormError[]> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return unconfirmed;
      const existing = await stores.moderation.claimsOfUser(user.id);
      if (existing.some((c) => c.organizationId === organisationId && c.status === 'pending'))
        return [{ field: 'organisation', message: 'You have already asked to manage this organisation' }];
      const id = await stores.moderation.insertClaim(user.id, organisationId, message?.trim() || null);
      await stores.audit.recordAudit({
        user,
        action: 'claim',
        entity: 'organization',
        entityId: organisationId,
        after: { claim: id },
      });
      await tellManagersOfClaim(user, organisationId);
      return [];
    },

    /** Requests waiting to manage an organisation, as its managers see them: when, never who. */
    async claimsOnOrganisation(organisationId: string) {
      const claims = await stores.moderation.pendingClaimsOn(organisationId);
      return claims.map((c) => ({ id: c.id, createdAt: c.createdAt, concernAt: c.concern?.at ?? null }));
    },

    /** A current manager tells the steward they do not know who asked to manage their organisation. */
    async raiseClaimConcern(manager: UserAccount, organisationId: string, claimId: string): Promise<boolean> {
      if (!(await stores.moderation.recordClaimConcern(claimId, organisationId, manager.id))) return false;
      await stores.audit.recordAudit({
        user: manager,
        action: 'claim-concern',
        entity: 'organization',
        entityId: organisationId,
        after: { claim: claimId },
      });
      return true;
    },
    claimsOf: (user: UserAccount) => stores.moderation.claimsOfUser(user.id),
    findClaim: (id: string) => stores.moderation.findClaim(id),

    async decideClaim(steward: UserAccount, id: string, approve: boolean, reason: string): Promise<boolean> {
      const claim = await stores.moderation.findClaim(id);
      if (!claim || claim.status !== 'pending') return false;
      await stores.transaction(async (db) => {
        await db.moderation.decideClaim(id, {
          status: approve ? 'approved' : 'rejected',
          reason: reason.trim() || null,
          deciderId: steward.id,
        });
        if (approve) await db.accounts.addMember(claim.userId, claim.organizationId);
        await db.audit.recordAudit({
          user: steward,
          action: approve ? 'approve-claim' : 'reject-claim',
          entity: 'organization',
          entityId: claim.organizationId,
          after: { member: claim.userEmail, reason: reason.trim() || null },
        });
      });
      await mailer.send(
        claim.userEmail,
        approve
          ? `You can now manage ${claim.organizationName}`
          : `Your request to manage ${claim.organizationName}`,
        approve
          ? `A steward approved your request. Manage the listings here: ${links.manage}`
          : `A steward could not approve your request to manage ${claim.organizationName}.${reason.trim() ? `\n\nThey said: ${reason.trim()}` : ''}`,
      );
      return true;
    },

    /** Anyone may report a problem; it goes to the stewards' queue. False when there is no such listing. */
    async reportProblem(
      activityId: string,
      report: { problem: string; email: string | null },
    ): Promise<boolean> {
      const activity = await stores.services.findManagedService(activityId);
      if (!activity) return false;
      const id = await stores.moderation.insertProblemReport(activityId, report.problem, report.email);
      await stores.audit.recordAudit({
        user: null,
        actor: 'public report',
        action: 'report-problem',
        entity: 'service',
        entityId: activityId,
        after: { report: id },
      });
      return true;
    },
    findReport: (id: string) => stores.moderation.findProblemReport(id),

    async resolveReport(steward: UserAccount, id: string): Promise<boolean> {
      const report = await stores.moderation.findProblemReport(id);
      if (!report || !(await stores.moderation.resolveProblemReport(id, steward.id))) return false;
      await stores.audit.recordAudit({
        user: steward,
        action: 'resolve-report',
        entity: 'service',
        entityId: report.serviceId,
        after: { report: id },
      });
      return true;
    },

    auditLog: (filter: { entity?: string; entityId?: string }) =>
      stores.audit.auditEntries({ ...filter, limit: 200 }),
    organiserEmails: (organisationId: string) => stores.accounts.organiserEmails(organisationId),
  };
}

export type Moderation = ReturnType<typeof createModeration>;
