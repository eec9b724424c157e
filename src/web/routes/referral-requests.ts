// The referral loop's pages: a link worker's "someone would like to come" and their referrals; a group's inbox,
// one request and its answer, and the setting to take referrals.
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { CONTACT_METHODS, FIRST_NAME_MAX, REASON_MAX, SUPPORT_MAX } from '../../domain/referral-request.js';
import type { Services } from '../../services/index.js';
import type { ReferralDetail, ReferralSummary } from '../../services/referral-requests.js';
import { NotFoundError } from '../errors.js';
import { field, formState, readForm, type FormError } from '../forms/form-state.js';
import {
  REFER_TARGETS,
  SETTINGS_TARGETS,
  STATUS_TARGETS,
  consentItems,
  contactMethodItems,
  referForm,
  settingsForm,
  statusForm,
  statusItems,
  takeReferralItems,
} from '../forms/referral-request.js';
import { requireRole, requireSignIn } from '../middleware/authorisation.js';
import { enforceLimits } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';

const ZONE = 'Europe/London';
const when = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat('d MMMM yyyy');
const whenExactly = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat("d MMMM yyyy 'at' HH:mm");

/** A list row with its link and dates in words. */
const row = (summary: ReferralSummary, href: string) => ({
  ...summary,
  href,
  sentOnText: when(summary.sentOn),
  changedText: when(summary.statusChangedAt),
});

const detailView = (detail: ReferralDetail) => ({
  ...detail,
  sentOnText: whenExactly(detail.sentOn),
  changedText: whenExactly(detail.statusChangedAt),
  consentAtText: whenExactly(detail.consent.recordedAt),
});

const NOT_FOUND = 'We could not find that referral. It may be for another group, or the link may be wrong.';

export function referralRequestRoutes(services: Services): Router {
  const router = Router();
  const referrals = services.referralRequests;

  async function targetOf(req: Request) {
    const target = await referrals.target(String(req.params.id));
    if (!target)
      throw new NotFoundError(
        'This activity does not take referrals through the directory. Use the contact details on its page instead.',
      );
    return target;
  }

  const referPage = async (
    req: Request,
    res: Response,
    typed: Record<string, string>,
    errors: FormError[] = [],
  ) => {
    const target = await targetOf(req);
    res.status(errors.length ? 400 : 200).render('pages/referrals/refer', {
      title: `${errors.length ? 'Error: ' : ''}Refer someone to ${target.serviceName}`,
      target,
      consent: referrals.consent(target),
      activityHref: paths.activity(target.serviceId),
      action: paths.referActivity(target.serviceId),
      contactMethods: contactMethodItems(typed.contactMethod ?? ''),
      consentItems: consentItems(typed.consent ?? ''),
      form: formState(typed, errors, REFER_TARGETS),
      limits: { firstName: FIRST_NAME_MAX, support: SUPPORT_MAX },
      code: referrals.code,
    });
  };

  router.get(paths.referActivityPattern, requireRole('link_worker'), async (req, res) => {
    await referPage(req, res, {});
  });

  router.post(paths.referActivityPattern, requireRole('link_worker'), async (req, res) => {
    const target = await targetOf(req);
    await enforceLimits(services, {
      referralRequestAccount: req.user!.id,
      referralRequestAccountListing: `${req.user!.id}|${target.serviceId}`,
    });
    const typed = Object.fromEntries(
      ['firstName', 'contactMethod', 'contactDetail', 'support', 'consent'].map((name) => [
        name,
        field(req.body, name),
      ]),
    );
    const read = readForm(referForm, typed);
    if (!read.ok) return referPage(req, res, typed, read.errors);
    const id = await referrals.send(target, req.user!, read.value);
    req.session.flash = `Sent: ${target.organizationName} has been told someone would like to come to ${target.serviceName}.`;
    res.redirect(303, paths.yourReferral(id));
  });

  router.get(paths.yourReferrals, requireRole('link_worker'), async (req, res) => {
    const sent = await referrals.sent(req.user!);
    res.render('pages/referrals/sent', {
      title: 'Your referrals',
      requests: sent.map((s) => row(s, paths.yourReferral(s.id))),
      code: referrals.code,
    });
  });

  router.get(paths.yourReferralPattern, requireRole('link_worker'), async (req, res) => {
    const detail = await referrals.open(String(req.params.requestId), req.user!, 'sender');
    if (!detail) throw new NotFoundError(NOT_FOUND);
    res.render('pages/referrals/request', {
      title: `Referral to ${detail.serviceName}`,
      request: detailView(detail),
      forLinkWorker: true,
      backHref: paths.yourReferrals,
      backText: 'Back to your referrals',
      activityHref: paths.activity(detail.serviceId),
    });
  });

  router.get(paths.referralInbox, requireSignIn, async (req, res) => {
    const inbox = await referrals.inbox(req.user!);
    const organisations = await services.accounts.memberships(req.user!.id);
    res.render('pages/referrals/inbox', {
      title: 'Referral requests',
      requests: inbox.map((s) => row(s, paths.referralInboxRequest(s.id))),
      waiting: inbox.filter((s) => s.status === 'new').length,
      organisations: organisations.map((o) => ({ ...o, settingsHref: paths.referralSettings(o.id) })),
    });
  });

  const requestPage = async (
    req: Request,
    res: Response,
    typed: Record<string, string> = {},
    errors: FormError[] = [],
  ) => {
    const id = String(req.params.requestId);
    const detail = await referrals.open(id, req.user!, 'group');
    if (!detail) throw new NotFoundError(NOT_FOUND);
    res.status(errors.length ? 400 : 200).render('pages/referrals/request', {
      title: `${errors.length ? 'Error: ' : ''}Referral to ${detail.serviceName}`,
      request: detailView(detail),
      forGroup: true,
      backHref: paths.referralInbox,
      backText: 'Back to referral requests',
      activityHref: paths.activity(detail.serviceId),
      action: paths.referralRequestStatus(id),
      statusItems: statusItems(typed.status ?? ''),
      form: formState(typed, errors, STATUS_TARGETS),
      reasonMax: REASON_MAX,
    });
  };

  router.get(paths.referralInboxRequestPattern, requireSignIn, (req, res) => requestPage(req, res));

  router.post(paths.referralRequestStatusPattern, requireSignIn, async (req, res) => {
    const typed = { status: field(req.body, 'status'), reason: field(req.body, 'reason') };
    const read = readForm(statusForm, typed);
    if (!read.ok) return requestPage(req, res, typed, read.errors);
    const id = String(req.params.requestId);
    const changed = await referrals.setStatus(id, req.user!, read.value.status, read.value.reason || null);
    if (!changed) throw new NotFoundError(NOT_FOUND);
    if (!changed.ok) return requestPage(req, res, typed, [{ field: 'status', message: changed.message }]);
    req.session.flash = 'Saved: the link worker can see what has happened.';
    res.redirect(303, paths.referralInboxRequest(id));
  });

  const settingsPage = async (
    req: Request,
    res: Response,
    typed: Record<string, string> | null,
    errors: FormError[] = [],
  ) => {
    const orgId = String(req.params.orgId);
    const setting = await referrals.settingsFor(orgId, req.user!);
    const organisation = (await services.accounts.memberships(req.user!.id)).find((o) => o.id === orgId);
    if (!setting || !organisation)
      throw new NotFoundError('We could not find that organisation among yours.');
    const values = typed ?? {
      takeReferrals: setting.notifyEmail ? 'yes' : 'no',
      notifyEmail: setting.notifyEmail ?? req.user!.email,
    };
    res.status(errors.length ? 400 : 200).render('pages/referrals/settings', {
      title: `${errors.length ? 'Error: ' : ''}Referrals for ${organisation.name}`,
      organisation,
      action: paths.referralSettings(orgId),
      takeItems: takeReferralItems(values.takeReferrals),
      form: formState(values, errors, SETTINGS_TARGETS),
      methods: CONTACT_METHODS,
    });
  };

  router.get(paths.referralSettingsPattern, requireSignIn, (req, res) => settingsPage(req, res, null));

  router.post(paths.referralSettingsPattern, requireSignIn, async (req, res) => {
    const typed = {
      takeReferrals: field(req.body, 'takeReferrals'),
      notifyEmail: field(req.body, 'notifyEmail'),
    };
    const read = readForm(settingsForm, typed);
    if (!read.ok) return settingsPage(req, res, typed, read.errors);
    if (!(await referrals.saveSettings(String(req.params.orgId), req.user!, read.value)))
      throw new NotFoundError('We could not find that organisation among yours.');
    req.session.flash = read.value
      ? `Saved: link workers can now send referrals, and we will email ${read.value} when one comes.`
      : 'Saved: your group does not take referrals through the directory.';
    res.redirect(303, paths.referralInbox);
  });

  return router;
}
