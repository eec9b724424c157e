// The referral loop: a link worker tells a group that takes referrals "someone would like to come"; the group
// answers in its inbox; the timed job reminds and closes what goes unanswered. The person's details are sealed
// before they are stored and every look at them is written to the audit log.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ReferralRequestRecord, ReferralTarget, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import type { PublicLinks } from '../domain/public-links.js';
import {
  CONTACT_METHODS,
  CURRENT_CONSENT_VERSION,
  NEEDS_REASON,
  REFERRAL_STATUSES,
  REMINDER_WORKING_DAYS,
  SOCIAL_PRESCRIBING_REFERRAL,
  closeCutoff,
  consentWording,
  isAnswer,
  reminderDue,
  type ContactMethod,
  type ReferralStatus,
} from '../domain/referral-request.js';
import { seal, unseal } from '../domain/sealed-text.js';
import { vocabulary } from '../domain/vocabulary.js';
import { referralKey } from '../referral-key.js';
import type { Mailer } from './mail.js';

const ZONE = 'Europe/London';
const REPORT_MONTHS = 12;

export interface Referrer {
  id: string;
  email: string;
}

export interface ReferralInput {
  firstName: string;
  contactMethod: ContactMethod;
  contactDetail: string;
  support: string | null;
}

export interface ReferralSettings {
  /** REFERRAL_KEY, or null for the key kept in dataDir. */
  referralKey: string | null;
  dataDir: string;
  links: PublicLinks;
}

/** A request as lists show it: no personal details, so showing it reads nothing sealed. */
export interface ReferralSummary {
  id: string;
  serviceId: string;
  serviceName: string;
  organizationName: string;
  status: ReferralStatus;
  statusLabel: string;
  statusColour: string;
  sentOn: Date;
  statusChangedAt: Date;
  erased: boolean;
}

export interface ReferralDetail extends ReferralSummary {
  firstName: string | null;
  contactMethod: string;
  contactDetail: string | null;
  support: string | null;
  statusReason: string | null;
  consent: { version: string; wording: string; recordedBy: string | null; recordedAt: Date };
  linkWorkerEmail: string | null;
  code: typeof SOCIAL_PRESCRIBING_REFERRAL;
}

export type StatusChange = { ok: true } | { ok: false; message: string };

const methodName = (code: string) => CONTACT_METHODS.find((m) => m.code === code)?.name ?? code;
const day = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat('d MMMM yyyy');

function summary(record: ReferralRequestRecord): ReferralSummary {
  const status = record.status as ReferralStatus;
  return {
    id: record.id,
    serviceId: record.serviceId,
    serviceName: record.serviceName,
    organizationName: record.organizationName,
    status,
    statusLabel: REFERRAL_STATUSES[status].label,
    statusColour: REFERRAL_STATUSES[status].colour,
    sentOn: record.createdAt,
    statusChangedAt: record.statusChangedAt,
    erased: record.erasedAt !== null,
  };
}

export function createReferralRequests(
  stores: Pick<Stores, 'referralRequests' | 'accounts' | 'audit' | 'transaction'>,
  mailer: Pick<Mailer, 'send'>,
  settings: ReferralSettings,
  clock: Clock,
) {
  const requests = stores.referralRequests;
  let key: Promise<Buffer> | null = null;
  const sealingKey = () => (key ??= referralKey(settings.referralKey, settings.dataDir));
  const opened = async (id: string, sealed: string | null) =>
    sealed === null ? null : unseal(await sealingKey(), id, sealed);

  /** The request, when this user may see it: a member of the group's organisation, or the link worker who sent it. */
  async function visibleTo(id: string, user: Referrer, as: 'group' | 'sender') {
    const record = await requests.findReferralRequest(id);
    if (!record) return null;
    const allowed =
      as === 'sender'
        ? record.linkWorkerId === user.id
        : await stores.accounts.isMember(user.id, record.organizationId);
    return allowed ? record : null;
  }

  return {
    code: SOCIAL_PRESCRIBING_REFERRAL,

    /** The activity, when its group takes referrals. */
    target: (serviceId: string) => requests.referralTarget(serviceId),

    /** Of these activities, those whose groups take referrals. */
    referable: (serviceIds: string[]) => requests.referableServiceIds(serviceIds),

    /** The words the person agrees to, as they stand today. */
    consent: (target: ReferralTarget) => ({
      version: CURRENT_CONSENT_VERSION,
      wording: consentWording(CURRENT_CONSENT_VERSION, target.organizationName),
    }),

    /** Seals and stores the request, audits it and tells the group (the mail holds no personal details). */
    async send(
      target: ReferralTarget,
      user: Referrer,
      input: ReferralInput,
      now = clock.now(),
    ): Promise<string> {
      const id = randomUUID();
      const sealWith = await sealingKey();
      await stores.transaction(async (tx) => {
        await tx.referralRequests.insertReferralRequest({
          id,
          serviceId: target.serviceId,
          linkWorkerId: user.id,
          contactMethod: input.contactMethod,
          firstNameSealed: seal(sealWith, id, input.firstName),
          contactSealed: seal(sealWith, id, input.contactDetail),
          supportSealed: input.support ? seal(sealWith, id, input.support) : null,
          consentWordingVersion: CURRENT_CONSENT_VERSION,
          consentRecordedAt: now,
          createdAt: now,
        });
        await tx.audit.recordAudit({
          user,
          action: 'send referral',
          entity: 'referral_request',
          entityId: id,
          after: {
            activity: target.serviceId,
            status: 'new',
            consentWordingVersion: CURRENT_CONSENT_VERSION,
          },
        });
      });
      await mailer.send(
        target.notifyEmail,
        `Someone would like to come to ${target.serviceName}`,
        [
          `A link worker has asked whether someone can come to ${target.serviceName}.`,
          'Sign in to see how to contact them and any support they need to attend:',
          settings.links.referralInboxRequest(id),
          `Please answer within ${REMINDER_WORKING_DAYS} working days: mark it contacted, joined, not suitable or could not reach.`,
        ].join('\n\n'),
      );
      return id;
    },

    /** An organisation's setting, for a member: the address told of new requests, or null when it takes none. */
    async settingsFor(
      organizationId: string,
      user: Referrer,
    ): Promise<{ notifyEmail: string | null } | null> {
      if (!(await stores.accounts.isMember(user.id, organizationId))) return null;
      return { notifyEmail: await requests.referralSettingOf(organizationId) };
    },

    /** Takes referrals (notifying `notifyEmail`) or stops (null); false when the user is not a member. */
    async saveSettings(organizationId: string, user: Referrer, notifyEmail: string | null): Promise<boolean> {
      if (!(await stores.accounts.isMember(user.id, organizationId))) return false;
      const before = await requests.referralSettingOf(organizationId);
      if (notifyEmail === null) await requests.removeReferralSetting(organizationId);
      else await requests.saveReferralSetting(organizationId, notifyEmail, user.id);
      await stores.audit.recordAudit({
        user,
        action: 'change referral settings',
        entity: 'organization',
        entityId: organizationId,
        before: { takesReferrals: before !== null, notifyEmail: before },
        after: { takesReferrals: notifyEmail !== null, notifyEmail },
      });
      return true;
    },

    /** Requests to the user's organisations' activities. */
    inbox: async (user: Referrer) => (await requests.referralRequestsForMember(user.id)).map(summary),

    /** Requests the link worker sent. */
    sent: async (user: Referrer) => (await requests.referralRequestsSentBy(user.id)).map(summary),

    /** The latest status of this link worker's requests to each of these activities. */
    async latestStatuses(user: Referrer, serviceIds: string[]) {
      const rows = await requests.latestReferralStatuses(user.id, serviceIds);
      return new Map(rows.map((r) => [r.serviceId, REFERRAL_STATUSES[r.status as ReferralStatus].label]));
    },

    /** One request with the person's details opened; the look is written to the audit log. Null: not theirs. */
    async open(id: string, user: Referrer, as: 'group' | 'sender'): Promise<ReferralDetail | null> {
      const record = await visibleTo(id, user, as);
      if (!record) return null;
      if (record.erasedAt === null)
        await stores.audit.recordAudit({
          user,
          action: as === 'group' ? 'view referral details (group)' : 'view referral details (link worker)',
          entity: 'referral_request',
          entityId: id,
        });
      return {
        ...summary(record),
        firstName: await opened(id, record.firstNameSealed),
        contactMethod: methodName(record.contactMethod),
        contactDetail: await opened(id, record.contactSealed),
        support: await opened(id, record.supportSealed),
        statusReason: await opened(id, record.statusReasonSealed),
        consent: {
          version: record.consentWordingVersion,
          wording: consentWording(record.consentWordingVersion, record.organizationName),
          recordedBy: record.consentRecordedByEmail,
          recordedAt: record.consentRecordedAt,
        },
        linkWorkerEmail: record.linkWorkerEmail,
        code: SOCIAL_PRESCRIBING_REFERRAL,
      };
    },

    /** The group moves a request on; "not suitable" and "could not reach" need a reason. */
    async setStatus(
      id: string,
      user: Referrer,
      status: ReferralStatus,
      reason: string | null,
      now = clock.now(),
    ): Promise<StatusChange | null> {
      const record = await visibleTo(id, user, 'group');
      if (!record) return null;
      if (record.erasedAt)
        return { ok: false, message: 'This request’s details have been erased; it cannot change.' };
      if (!isAnswer(status)) return { ok: false, message: 'Choose what has happened' };
      if (NEEDS_REASON.includes(status) && !reason)
        return { ok: false, message: 'Give the reason, so the link worker can help the person another way' };
      const keep = NEEDS_REASON.includes(status) && reason ? seal(await sealingKey(), id, reason) : null;
      await requests.setReferralRequestStatus(id, status, keep, now);
      await stores.audit.recordAudit({
        user,
        action: 'change referral status',
        entity: 'referral_request',
        entityId: id,
        before: { status: record.status },
        after: { status },
      });
      return { ok: true };
    },

    /**
     * The timed job: requests still new five working days after they came remind the group and tell the link
     * worker (once); those still new after four weeks close as "closed: no answer" and the link worker is told.
     */
    async chase(now = clock.now()) {
      let reminded = 0;
      for (const record of await requests.unremindedNewRequests(
        new Date(now.getTime() - REMINDER_WORKING_DAYS * 24 * 60 * 60 * 1000),
      )) {
        if (!reminderDue(record.createdAt, now)) continue;
        if (record.notifyEmail)
          await mailer.send(
            record.notifyEmail,
            `Reminder: someone would like to come to ${record.serviceName}`,
            [
              `A link worker asked on ${day(record.createdAt)} whether someone can come to ${record.serviceName}, and it has no answer yet.`,
              'Please sign in, contact the person and mark what happened:',
              settings.links.referralInboxRequest(record.id),
              'Requests with no answer after four weeks close themselves.',
            ].join('\n\n'),
          );
        if (record.linkWorkerEmail)
          await mailer.send(
            record.linkWorkerEmail,
            `No answer yet from ${record.organizationName}`,
            [
              `Your referral to ${record.serviceName} sent on ${day(record.createdAt)} has had no answer in ${REMINDER_WORKING_DAYS} working days. We have reminded the group.`,
              settings.links.yourReferral(record.id),
            ].join('\n\n'),
          );
        await requests.markReferralRequestReminded(record.id, now);
        reminded += 1;
      }
      const closedIds = await requests.closeUnansweredRequests(closeCutoff(now), now);
      for (const id of closedIds) {
        const record = await requests.findReferralRequest(id);
        await stores.audit.recordAudit({
          user: null,
          actor: 'referral reminders job',
          action: 'close referral: no answer',
          entity: 'referral_request',
          entityId: id,
          before: { status: 'new' },
          after: { status: 'closed_no_answer' },
        });
        if (record?.linkWorkerEmail)
          await mailer.send(
            record.linkWorkerEmail,
            `Referral closed: no answer from ${record.organizationName}`,
            [
              `Your referral to ${record.serviceName} sent on ${day(record.createdAt)} had no answer in four weeks, so it has been closed. You may want to find the person another activity.`,
              settings.links.yourReferral(id),
            ].join('\n\n'),
          );
      }
      return { reminded, closed: closedIds.length };
    },

    /** Counts for commissioners: by status, need and month, and "joined" as a share of those answered. */
    async report(now = clock.now()) {
      const since = DateTime.fromJSDate(now, { zone: ZONE })
        .startOf('month')
        .minus({ months: REPORT_MONTHS - 1 })
        .toJSDate();
      const counts = await requests.referralRequestCounts(vocabulary('needs').id, since);
      const statuses = Object.keys(REFERRAL_STATUSES) as ReferralStatus[];
      const rowsBy = (need: string | null) => {
        const byMonth = new Map<string, Record<ReferralStatus, number>>();
        for (const c of counts.filter((c) => c.need === need)) {
          const row =
            byMonth.get(c.month) ??
            (Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ReferralStatus, number>);
          row[c.status as ReferralStatus] += c.count;
          byMonth.set(c.month, row);
        }
        return byMonth;
      };
      const total = (row: Record<ReferralStatus, number>) => statuses.reduce((sum, s) => sum + row[s], 0);
      const answered = (row: Record<ReferralStatus, number>) =>
        statuses.filter((s) => isAnswer(s)).reduce((sum, s) => sum + row[s], 0);
      const share = (row: Record<ReferralStatus, number>) =>
        answered(row) ? `${Math.round((100 * row.joined) / answered(row))}%` : '–';
      const months = [...rowsBy(null)].map(([month, row]) => ({
        month,
        label: DateTime.fromISO(`${month}-01`).toFormat('MMMM yyyy'),
        counts: statuses.map((s) => row[s]),
        total: total(row),
        joinedShare: share(row),
      }));
      const needNames = new Map(counts.filter((c) => c.need).map((c) => [c.need!, c.needName!]));
      const needs = [...needNames].map(([need, name]) => {
        const all = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ReferralStatus, number>;
        for (const row of rowsBy(need).values()) for (const s of statuses) all[s] += row[s];
        return {
          need,
          name,
          counts: statuses.map((s) => all[s]),
          total: total(all),
          joinedShare: share(all),
        };
      });
      const overall = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ReferralStatus, number>;
      for (const row of rowsBy(null).values()) for (const s of statuses) overall[s] += row[s];
      return {
        statuses: statuses.map((s) => REFERRAL_STATUSES[s].label),
        months,
        needs: needs.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
        total: total(overall),
        answered: answered(overall),
        joined: overall.joined,
        joinedShare: share(overall),
      };
    },
  };
}

export type ReferralRequests = ReturnType<typeof createReferralRequests>;
