// Stewards' pages: the review queue (new and changed activities, new organisations, claims, problem reports, stale
// listings), the audit log and the development mailbox.
import { Router, type Request, type Response } from 'express';
import type { UserAccount } from '../../domain/account.js';
import type { BuiltSchedule } from '../../domain/schedule/builder.js';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { choiceItems, formState, readForm, type FormState } from '../forms/form-state.js';
import { auditFilter, decisionForm, QUEUE_PARTS, queueFilter, rejectionForm } from '../forms/steward.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

/** What the audit log records changes to, as the filter offers them and each entry names them. */
const AUDIT_KINDS = [
  { code: 'service', name: 'Activities', one: 'activity' },
  { code: 'organization', name: 'Organisations', one: 'organisation' },
  { code: 'user_account', name: 'Accounts', one: 'account' },
  {
    code: 'organization_request',
    name: 'Requests for new organisations',
    one: 'request for a new organisation',
  },
];

/** What each recorded action did, in words ("propose-edit" is "Change proposed"). */
const ACTION_WORDS: Record<string, string> = {
  register: 'Account registered',
  'confirm-email': 'Email address confirmed',
  'reset-password': 'Password reset',
  create: 'Created',
  trust: 'Organiser trusted',
  approve: 'Approved',
  reject: 'Rejected',
  'propose-new': 'New activity proposed',
  'propose-edit': 'Change proposed',
  'publish (trusted organiser)': 'Published at once (trusted organiser)',
  'still-accurate': 'Confirmed still accurate',
  'still-accurate-undone': 'Still accurate undone',
  'restore-date': 'Cancelled date restored',
  'update-profile': 'Profile changed',
  'propose-profile': 'Profile change proposed',
  'approve-profile': 'Profile change approved',
  'reject-profile': 'Profile change rejected',
  'propose-organisation': 'New organisation asked for',
  'approve-organisation': 'New organisation approved',
  'reject-organisation': 'New organisation rejected',
  claim: 'Asked to manage',
  'claim-concern': 'A manager does not know who asked',
  'approve-claim': 'Request to manage approved',
  'reject-claim': 'Request to manage rejected',
  'report-problem': 'Problem reported',
  'resolve-report': 'Problem report resolved',
  'send-feedback': 'Feedback sent',
  'handle-feedback': 'Feedback marked as handled',
  'cancel-date': 'Date cancelled',
  'set-status': 'Status changed',
};

/** An action in words: its own, or else its code with the hyphens as spaces ("sign-in" is "Sign in"). */
const actionWords = (action: string) => {
  const words = ACTION_WORDS[action] ?? action.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value's lines, so a description's paragraphs and lists read as typed ("" for none). */
const lines = (value: string | null | undefined) => (value ?? '').split(/\n+/).filter((line) => line.trim());

/** Compared fields with their values' lines, for the comparison partial. */
const comparedLines = (rows: { before: string | null; after: string | null }[]) =>
  rows.map((row) => ({ ...row, beforeLines: lines(row.before), afterLines: lines(row.after) }));
const valueLines = (rows: { value: string | null }[]) =>
  rows.map((row) => ({ ...row, lines: lines(row.value) }));

/**
 * A steward's decision on something waiting (an activity, a profile change, a new organisation): approve it, or
 * reject it with a reason, which is required; either way back to the queue, and a 404 when it was already decided.
 */
function decisionRoute(o: {
  param: string;
  view: string;
  gone: string;
  render: (id: string, form: FormState<{ reason: string }>) => Promise<object>;
  approve: (user: UserAccount, id: string, trustAuthor: boolean) => Promise<boolean>;
  approved: string;
  reject: (user: UserAccount, id: string, reason: string) => Promise<boolean>;
}) {
  return async (req: Request, res: Response) => {
    const id = String(req.params[o.param]);
    const { decision, trustAuthor, reason } = decisionForm.parse(req.body ?? {});
    if (decision === 'approve') {
      if (!(await o.approve(req.user!, id, trustAuthor))) throw new NotFoundError(o.gone);
      req.session.flash = o.approved;
      res.redirect(paths.steward);
      return;
    }
    const rejection = readForm(rejectionForm, { reason });
    if (!rejection.ok) {
      res.status(400).render(o.view, await o.render(id, formState({ reason }, rejection.errors)));
      return;
    }
    if (!(await o.reject(req.user!, id, rejection.value.reason))) throw new NotFoundError(o.gone);
    req.session.flash = 'Rejected. The organiser has been told why.';
    res.redirect(paths.steward);
  };
}

export function stewardRoutes(services: Services): Router {
  const router = Router();
  const { moderation } = services;
  router.use(paths.steward, requireRole('steward'));

  router.get(paths.steward, async (req, res) => {
    const { show } = queueFilter.parse(req.query);
    const queue = await moderation.queue();
    const stale = await services.freshness.flagged();
    const shown = (part: string) => show.length === 0 || show.includes(part);
    res.render('pages/steward/queue', {
      title: 'Review queue',
      ...queue,
      organisationRequests: queue.organisationRequests.map((request) => ({
        ...request,
        href: paths.stewardOrganisationRequest(request.id),
      })),
      stale,
      show: Object.fromEntries(QUEUE_PARTS.map((part) => [part.code, shown(part.code)])),
      showOptions: choiceItems('show', QUEUE_PARTS, show),
    });
  });

  const renderDraft = async (id: string, status: number, form = formState({ reason: '' })) => {
    const review = await moderation.draftForReview(id);
    if (!review) throw new NotFoundError('There is no such proposed change.');
    const doc = review.draft.document;
    return {
      status,
      view: {
        title: `${status === 400 ? 'Error: ' : ''}Review ${String(doc.name)}`,
        ...review,
        fields: valueLines(review.fields),
        comparison: review.comparison && {
          changed: comparedLines(review.comparison.changed),
          unchanged: valueLines(review.comparison.unchanged),
        },
        when: services.listingsEditor.previewSchedules((doc.schedules ?? []) as BuiltSchedule[], new Date()),
        form,
      },
    };
  };

  router.get(paths.stewardDraftPattern, async (req, res) => {
    const { status, view } = await renderDraft(String(req.params.draftId), 200);
    res.status(status).render('pages/steward/draft', view);
  });

  router.post(
    paths.stewardDraftPattern,
    decisionRoute({
      param: 'draftId',
      view: 'pages/steward/draft',
      gone: 'That change has already been decided, or does not exist.',
      render: async (id, form) => (await renderDraft(id, 400, form)).view,
      approve: (user, id, trustAuthor) => moderation.approveDraft(user, id, new Date(), { trustAuthor }),
      approved: 'Approved and published.',
      reject: (user, id, reason) => moderation.rejectDraft(user, id, reason),
    }),
  );

  const renderProfileDraft = async (id: string, status: number, form = formState({ reason: '' })) => {
    const review = await moderation.profileDraftForReview(id);
    if (!review) throw new NotFoundError('There is no such proposed change.');
    const title = `${status === 400 ? 'Error: ' : ''}Review changes to ${review.draft.live.name}`;
    const auditPath = `${paths.stewardAudit}?entity=organization&id=${encodeURIComponent(review.draft.organizationId)}`;
    return {
      title,
      ...review,
      changes: comparedLines(review.changes),
      unchanged: valueLines(review.unchanged),
      form,
      auditPath,
    };
  };

  router.get(paths.stewardProfileDraftPattern, async (req, res) => {
    res.render('pages/steward/profile-draft', await renderProfileDraft(String(req.params.draftId), 200));
  });

  router.post(
    paths.stewardProfileDraftPattern,
    decisionRoute({
      param: 'draftId',
      view: 'pages/steward/profile-draft',
      gone: 'That change has already been decided, or does not exist.',
      render: (id, form) => renderProfileDraft(id, 400, form),
      approve: (user, id, trustAuthor) => moderation.approveProfileDraft(user, id, { trustAuthor }),
      approved: 'Approved. The new profile is in the directory.',
      reject: (user, id, reason) => moderation.rejectProfileDraft(user, id, reason),
    }),
  );

  const renderOrganisationRequest = async (id: string, status: number, form = formState({ reason: '' })) => {
    const review = await moderation.organisationRequestForReview(id);
    if (!review) throw new NotFoundError('There is no such request.');
    return {
      title: `${status === 400 ? 'Error: ' : ''}Review new organisation ${review.request.proposed.name}`,
      ...review,
      fields: valueLines(review.fields),
      action: paths.stewardOrganisationRequest(review.request.id),
      similar: review.similar.map((org) => ({
        ...org,
        auditHref: `${paths.stewardAudit}?entity=organization&id=${encodeURIComponent(org.id)}`,
      })),
      form,
    };
  };

  router.get(paths.stewardOrganisationRequestPattern, async (req, res) => {
    res.render(
      'pages/steward/organisation-request',
      await renderOrganisationRequest(String(req.params.requestId), 200),
    );
  });

  router.post(
    paths.stewardOrganisationRequestPattern,
    decisionRoute({
      param: 'requestId',
      view: 'pages/steward/organisation-request',
      gone: 'That request has already been decided, or does not exist.',
      render: (id, form) => renderOrganisationRequest(id, 400, form),
      approve: (user, id) => moderation.approveOrganisationRequest(user, id),
      approved: 'Approved. The organisation is in the directory, and the organiser manages it.',
      reject: (user, id, reason) => moderation.rejectOrganisationRequest(user, id, reason),
    }),
  );

  router.post(paths.stewardClaimPattern, async (req, res) => {
    const { decision, reason } = decisionForm.parse(req.body ?? {});
    const approve = decision === 'approve';
    if (!(await moderation.decideClaim(req.user!, String(req.params.claimId), approve, reason)))
      throw new NotFoundError('That claim has already been decided, or does not exist.');
    req.session.flash = approve ? 'Claim approved.' : 'Claim rejected.';
    res.redirect(paths.steward);
  });

  router.post(paths.stewardReportPattern, async (req, res) => {
    if (!(await moderation.resolveReport(req.user!, String(req.params.reportId))))
      throw new NotFoundError('That report has already been resolved, or does not exist.');
    req.session.flash = 'Report marked as resolved.';
    res.redirect(paths.steward);
  });

  router.post(paths.stewardFeedbackPattern, async (req, res) => {
    if (!(await services.feedback.markHandled(req.user!, String(req.params.feedbackId))))
      throw new NotFoundError('That feedback has already been handled, or does not exist.');
    req.session.flash = 'Feedback marked as handled.';
    res.redirect(`${paths.steward}#feedback`);
  });

  router.post(paths.stewardTimesPattern, async (req, res) => {
    const { decision } = decisionForm.parse(req.body ?? {});
    const confirm = decision === 'approve';
    if (!(await moderation.decideDescribedTimes(req.user!, String(req.params.serviceId), confirm)))
      throw new NotFoundError('Those times have already been decided, or there are none.');
    req.session.flash = confirm
      ? 'Times confirmed: they are shown without the label now.'
      : 'Times rejected: they are gone, and the next import will not propose them again.';
    res.redirect(`${paths.steward}#times`);
  });

  router.get(paths.stewardAudit, async (req, res) => {
    const { entity, id: entityId } = auditFilter.parse(req.query);
    res.render('pages/steward/audit', {
      title: 'Audit log',
      entries: (await moderation.auditLog({ entity, entityId })).map((entry) => ({
        ...entry,
        title: `${actionWords(entry.action)} · ${AUDIT_KINDS.find((kind) => kind.code === entry.entity)?.one ?? entry.entity} ${entry.entityId}`,
        byline: entry.actor,
        at: entry.createdAt,
      })),
      kindOptions: AUDIT_KINDS.map((kind) => ({ ...kind, checked: kind.code === entity })),
      entityId,
    });
  });

  router.get(paths.stewardMailbox, async (_req, res) => {
    res.render('pages/steward/mailbox', {
      title: 'Mailbox',
      mail: await services.mailer.mailbox(50),
      smtp: services.mailer.smtpConfigured,
      textMessages: await services.handoutMessages.textMessages(50),
      notify: services.handoutMessages.notifyConfigured,
    });
  });

  return router;
}
