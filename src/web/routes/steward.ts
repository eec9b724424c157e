// Stewards' pages: the review queue (new and changed activities, claims, problem reports, stale listings),
// the audit log and the development mailbox.
import { Router } from 'express';
import type { BuiltSchedule } from '../../domain/schedule/builder.js';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { choiceItems, formState, readForm } from '../forms/form-state.js';
import { auditFilter, decisionForm, QUEUE_PARTS, queueFilter, rejectionForm } from '../forms/steward.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

/** What the audit log records changes to, as the filter offers them and each entry names them. */
const AUDIT_KINDS = [
  { code: 'service', name: 'Activities', one: 'activity' },
  { code: 'organization', name: 'Organisations', one: 'organisation' },
  { code: 'user_account', name: 'Accounts', one: 'account' },
];

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
        when: services.listingsEditor.previewSchedules((doc.schedules ?? []) as BuiltSchedule[], new Date()),
        form,
        rows: review.changed.map((name) => ({
          name,
          before: review.before ? review.before[name] : null,
          after: doc[name],
        })),
      },
    };
  };

  router.get(paths.stewardDraftPattern, async (req, res) => {
    const { status, view } = await renderDraft(String(req.params.draftId), 200);
    res.status(status).render('pages/steward/draft', view);
  });

  router.post(paths.stewardDraftPattern, async (req, res) => {
    const id = String(req.params.draftId);
    const gone = 'That change has already been decided, or does not exist.';
    const { decision, trustAuthor, reason } = decisionForm.parse(req.body ?? {});
    if (decision === 'approve') {
      if (!(await moderation.approveDraft(req.user!, id, new Date(), { trustAuthor })))
        throw new NotFoundError(gone);
      req.session.flash = 'Approved and published.';
      res.redirect(paths.steward);
      return;
    }
    const rejection = readForm(rejectionForm, { reason });
    if (!rejection.ok) {
      const { view } = await renderDraft(id, 400, formState({ reason }, rejection.errors));
      res.status(400).render('pages/steward/draft', view);
      return;
    }
    if (!(await moderation.rejectDraft(req.user!, id, rejection.value.reason))) throw new NotFoundError(gone);
    req.session.flash = 'Rejected. The organiser has been told why.';
    res.redirect(paths.steward);
  });

  const renderProfileDraft = async (id: string, status: number, form = formState({ reason: '' })) => {
    const review = await moderation.profileDraftForReview(id);
    if (!review) throw new NotFoundError('There is no such proposed change.');
    const title = `${status === 400 ? 'Error: ' : ''}Review changes to ${review.draft.live.name}`;
    const auditPath = `${paths.stewardAudit}?entity=organization&id=${encodeURIComponent(review.draft.organizationId)}`;
    return { title, ...review, form, auditPath };
  };

  router.get(paths.stewardProfileDraftPattern, async (req, res) => {
    res.render('pages/steward/profile-draft', await renderProfileDraft(String(req.params.draftId), 200));
  });

  router.post(paths.stewardProfileDraftPattern, async (req, res) => {
    const id = String(req.params.draftId);
    const gone = 'That change has already been decided, or does not exist.';
    const { decision, trustAuthor, reason } = decisionForm.parse(req.body ?? {});
    if (decision === 'approve') {
      if (!(await moderation.approveProfileDraft(req.user!, id, { trustAuthor })))
        throw new NotFoundError(gone);
      req.session.flash = 'Approved. The new profile is in the directory.';
      res.redirect(paths.steward);
      return;
    }
    const rejection = readForm(rejectionForm, { reason });
    if (!rejection.ok) {
      res
        .status(400)
        .render(
          'pages/steward/profile-draft',
          await renderProfileDraft(id, 400, formState({ reason }, rejection.errors)),
        );
      return;
    }
    if (!(await moderation.rejectProfileDraft(req.user!, id, rejection.value.reason)))
      throw new NotFoundError(gone);
    req.session.flash = 'Rejected. The organiser has been told why.';
    res.redirect(paths.steward);
  });

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
        title: `${entry.action} · ${AUDIT_KINDS.find((kind) => kind.code === entry.entity)?.one ?? entry.entity} ${entry.entityId}`,
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
    });
  });

  return router;
}
