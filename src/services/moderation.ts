// The steward's side: approve or reject proposed activities and claims, resolve problem reports.
import type { DataSource } from 'typeorm';
import {
  addMember,
  findUserById,
  organiserEmails,
  setTrusted,
  type UserAccount,
} from '../db/account-store.js';
import { auditEntries, changedFields, recordAudit } from '../db/audit-log.js';
import { decideDraft, findDraft, pendingDrafts, publishedDocument } from '../db/listing-draft-store.js';
import {
  decideProfileDraft,
  findProfileDraft,
  pendingProfileDrafts,
} from '../db/organization-draft-store.js';
import {
  claimsOfUser,
  decideClaim,
  findClaim,
  findProblemReport,
  insertClaim,
  insertProblemReport,
  managersOf,
  openProblemReports,
  pendingClaims,
  pendingClaimsOn,
  recordClaimConcern,
  resolveProblemReport,
} from '../db/moderation-store.js';
import { findManagedActivity } from '../db/activity-store.js';
import { findOrganization } from '../db/organization-store.js';
import type { FormError } from '../domain/form-error.js';
import { mustConfirmEmail } from './accounts.js';
import type { ListingsEditor } from './listings-editor.js';
import type { Mailer } from './mail.js';
import { applyProfile, profileChanges } from './organisations.js';

export function createModeration(
  dataSource: DataSource,
  editor: ListingsEditor,
  mailer: Mailer,
  settings: { baseUrl: string },
) {
  const tellAuthor = async (authorId: string | null, subject: string, body: string) => {
    const author = authorId ? await findUserById(dataSource, authorId) : null;
    if (author) await mailer.send(author.email, subject, body);
  };
  /** "Also trust this organiser": their later changes publish without review. */
  const trustAuthor = async (steward: UserAccount, authorId: string) => {
    await setTrusted(dataSource, authorId, true);
    await recordAudit(dataSource, {
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
  const tellManagersOfClaim = async (claimant: UserAccount, organizationId: string) => {
    const managers = (await managersOf(dataSource, [organizationId])).filter((m) => m.userId !== claimant.id);
    if (!managers.length) return;
    const org = (await findOrganization(dataSource, organizationId))!;
    const page = `${settings.baseUrl}/manage/organisations/${encodeURIComponent(organizationId)}`;
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

  return {
    async queue() {
      const [drafts, profileDrafts, pending, reports] = await Promise.all([
        pendingDrafts(dataSource),
        pendingProfileDrafts(dataSource),
        pendingClaims(dataSource),
        openProblemReports(dataSource),
      ]);
      // The steward sees who already manages each claimed organisation before deciding.
      const managers = await managersOf(dataSource, [...new Set(pending.map((c) => c.organizationId))]);
      const claims = pending.map((claim) => ({
        ...claim,
        managers: managers.filter((m) => m.organizationId === claim.organizationId),
      }));
      return { drafts, profileDrafts, claims, reports };
    },

    async draftForReview(id: string) {
      const draft = await findDraft(dataSource, id);
      if (!draft) return null;
      const before = await publishedDocument(dataSource, draft.serviceId);
      return { draft, before, changed: changedFields(before, draft.document) };
    },

    async approveDraft(
      steward: UserAccount,
      id: string,
      now = new Date(),
      options: { trustAuthor?: boolean } = {},
    ): Promise<boolean> {
      const draft = await findDraft(dataSource, id);
      if (!draft || draft.status !== 'pending') return false;
      const before = await publishedDocument(dataSource, draft.serviceId);
      await editor.publish(draft.document, now);
      if (!(await decideDraft(dataSource, id, { status: 'approved', reason: null, deciderId: steward.id })))
        return false;
      await recordAudit(dataSource, {
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
        `Your activity "${String(draft.document.name)}" is now in the directory: ${settings.baseUrl}/activities/${encodeURIComponent(draft.serviceId)}`,
      );
      return true;
    },

    /** Rejects with the reason the organiser is told; false when already decided or unknown. */
    async rejectDraft(steward: UserAccount, id: string, reason: string): Promise<boolean> {
      const draft = await findDraft(dataSource, id);
      if (!draft || draft.status !== 'pending') return false;
      await decideDraft(dataSource, id, { status: 'rejected', reason: reason.trim(), deciderId: steward.id });
      await recordAudit(dataSource, {
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
        `A steward could not approve "${String(draft.document.name)}" yet. They said:\n\n${reason.trim()}\n\nChange it here: ${settings.baseUrl}/manage/drafts/${draft.id}`,
      );
      return true;
    },

    /** A proposed organisation profile beside what is live now, field by labelled field. */
    async profileDraftForReview(id: string) {
      const draft = await findProfileDraft(dataSource, id);
      if (!draft) return null;
      return { draft, changes: profileChanges(draft.live, draft.proposed) };
    },

    async approveProfileDraft(
      steward: UserAccount,
      id: string,
      options: { trustAuthor?: boolean } = {},
    ): Promise<boolean> {
      const draft = await findProfileDraft(dataSource, id);
      if (!draft || draft.status !== 'pending') return false;
      const decided = await dataSource.transaction(async (db) => {
        const decision = { status: 'approved' as const, reason: null, deciderId: steward.id };
        if (!(await decideProfileDraft(db, id, decision))) return false;
        await applyProfile(db, steward, draft.live, draft.proposed, 'approve-profile');
        return true;
      });
      if (!decided) return false;
      if (options.trustAuthor && draft.authorId) await trustAuthor(steward, draft.authorId);
      await tellAuthor(
        draft.authorId,
        `Approved: changes to ${draft.proposed.name}`,
        `Your changes to the profile of ${draft.proposed.name} are now in the directory: ${settings.baseUrl}/manage/organisations/${encodeURIComponent(draft.organizationId)}`,
      );
      return true;
    },

    async rejectProfileDraft(steward: UserAccount, id: string, reason: string): Promise<boolean> {
      const draft = await findProfileDraft(dataSource, id);
      if (!draft || draft.status !== 'pending') return false;
      const decision = { status: 'rejected' as const, reason: reason.trim(), deciderId: steward.id };
      if (!(await decideProfileDraft(dataSource, id, decision))) return false;
      await recordAudit(dataSource, {
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
        `A steward could not approve your changes to the profile of ${draft.live.name}. They said:\n\n${reason.trim()}\n\nThe directory still shows the profile as it was. Change it here: ${settings.baseUrl}/manage/organisations/${encodeURIComponent(draft.organizationId)}`,
      );
      return true;
    },

    /** An organiser asks to manage an organisation that is already listed. */
    async requestClaim(
      user: UserAccount,
      organizationId: string,
      message: string | null,
    ): Promise<FormError[]> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return unconfirmed;
      const existing = await claimsOfUser(dataSource, user.id);
      if (existing.some((c) => c.organizationId === organizationId && c.status === 'pending'))
        return [{ field: 'organisation', message: 'You have already asked to manage this organisation' }];
      const id = await insertClaim(dataSource, user.id, organizationId, message?.trim() || null);
      await recordAudit(dataSource, {
        user,
        action: 'claim',
        entity: 'organization',
        entityId: organizationId,
        after: { claim: id },
      });
      await tellManagersOfClaim(user, organizationId);
      return [];
    },

    /** Requests waiting to manage an organisation, as its managers see them: when, never who. */
    async claimsOnOrganisation(organizationId: string) {
      const claims = await pendingClaimsOn(dataSource, organizationId);
      return claims.map((c) => ({ id: c.id, createdAt: c.createdAt, concernAt: c.concern?.at ?? null }));
    },

    /** A current manager tells the steward they do not know who asked to manage their organisation. */
    async raiseClaimConcern(manager: UserAccount, organizationId: string, claimId: string): Promise<boolean> {
      if (!(await recordClaimConcern(dataSource, claimId, organizationId, manager.id))) return false;
      await recordAudit(dataSource, {
        user: manager,
        action: 'claim-concern',
        entity: 'organization',
        entityId: organizationId,
        after: { claim: claimId },
      });
      return true;
    },
    claimsOf: (user: UserAccount) => claimsOfUser(dataSource, user.id),
    findClaim: (id: string) => findClaim(dataSource, id),

    async decideClaim(steward: UserAccount, id: string, approve: boolean, reason: string): Promise<boolean> {
      const claim = await findClaim(dataSource, id);
      if (!claim || claim.status !== 'pending') return false;
      await dataSource.transaction(async (db) => {
        await decideClaim(db, id, {
          status: approve ? 'approved' : 'rejected',
          reason: reason.trim() || null,
          deciderId: steward.id,
        });
        if (approve) await addMember(db, claim.userId, claim.organizationId);
        await recordAudit(db, {
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
          ? `A steward approved your request. Manage the listings here: ${settings.baseUrl}/manage`
          : `A steward could not approve your request to manage ${claim.organizationName}.${reason.trim() ? `\n\nThey said: ${reason.trim()}` : ''}`,
      );
      return true;
    },

    /** Anyone may report a problem; it goes to the stewards' queue. False when there is no such listing. */
    async reportProblem(
      serviceId: string,
      report: { problem: string; email: string | null },
    ): Promise<boolean> {
      const activity = await findManagedActivity(dataSource, serviceId);
      if (!activity) return false;
      const id = await insertProblemReport(dataSource, serviceId, report.problem, report.email);
      await recordAudit(dataSource, {
        user: null,
        actor: 'public report',
        action: 'report-problem',
        entity: 'service',
        entityId: serviceId,
        after: { report: id },
      });
      return true;
    },
    findReport: (id: string) => findProblemReport(dataSource, id),

    async resolveReport(steward: UserAccount, id: string): Promise<boolean> {
      const report = await findProblemReport(dataSource, id);
      if (!report || !(await resolveProblemReport(dataSource, id, steward.id))) return false;
      await recordAudit(dataSource, {
        user: steward,
        action: 'resolve-report',
        entity: 'service',
        entityId: report.serviceId,
        after: { report: id },
      });
      return true;
    },

    auditLog: (filter: { entity?: string; entityId?: string }) =>
      auditEntries(dataSource, { ...filter, limit: 200 }),
    organiserEmails: (organizationId: string) => organiserEmails(dataSource, organizationId),
  };
}

export type Moderation = ReturnType<typeof createModeration>;
