// The referral loop's rules: statuses and who may move them, the consent wording agreed, the working days a
// group has to answer, and the clinical code practice staff record. No I/O.
import { DateTime } from 'luxon';

const ZONE = 'Europe/London';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * SNOMED CT concept practice staff record in the GP system for a referral to social prescribing. Shown to the
 * link worker beside each request; the directory itself stores no clinical data.
 */
export const SOCIAL_PRESCRIBING_REFERRAL = {
  code: '871731000000106',
  term: 'Referral to social prescribing service',
} as const;

export const CONTACT_METHODS = [
  { code: 'phone', name: 'Phone call', detail: 'Phone number' },
  { code: 'email', name: 'Email', detail: 'Email address' },
  { code: 'text', name: 'Text message', detail: 'Mobile number' },
] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number]['code'];

export const REFERRAL_STATUSES = {
  new: { label: 'New', colour: 'blue', byGroup: false },
  contacted: { label: 'Contacted', colour: 'yellow', byGroup: true },
  joined: { label: 'Joined', colour: 'green', byGroup: true },
  not_suitable: { label: 'Not suitable', colour: 'grey', byGroup: true },
  could_not_reach: { label: 'Could not reach', colour: 'orange', byGroup: true },
  closed_no_answer: { label: 'Closed: no answer', colour: 'red', byGroup: false },
} as const;
export type ReferralStatus = keyof typeof REFERRAL_STATUSES;

/** What a group can set, in the order its form offers them. */
export const GROUP_STATUSES = (Object.keys(REFERRAL_STATUSES) as ReferralStatus[]).filter(
  (status) => REFERRAL_STATUSES[status].byGroup,
);

/** These say why the person is not coming, so the group must give a reason. */
export const NEEDS_REASON: readonly ReferralStatus[] = ['not_suitable', 'could_not_reach'];

/** An answer from the group: anything it sets (not "new", and not the job's "closed: no answer"). */
export const isAnswer = (status: ReferralStatus) => REFERRAL_STATUSES[status].byGroup;

export const SUPPORT_MAX = 500;
export const FIRST_NAME_MAX = 50;
export const REASON_MAX = 300;

/**
 * The words the link worker reads to the person and records they agreed to, by version. A new wording gets a
 * new version and the old ones stay, so every request says exactly what was agreed.
 */
export const CONSENT_WORDINGS = {
  '2026-12': (group: string) =>
    `I agree that my first name, how to contact me and any support I need to attend can be sent to ${group}, ` +
    'so that they can contact me about coming along. The directory keeps these details only for a set time ' +
    '(see its privacy notice) and records each time someone looks at them.',
} as const;
export type ConsentVersion = keyof typeof CONSENT_WORDINGS;
export const CURRENT_CONSENT_VERSION: ConsentVersion = '2026-12';

export const consentWording = (version: string, group: string): string =>
  version in CONSENT_WORDINGS ? CONSENT_WORDINGS[version as ConsentVersion](group) : '';

/** The group is reminded once a request is still new this many working days (Monday to Friday) after it came. */
export const REMINDER_WORKING_DAYS = 5;
/** A request still new after this many days closes itself as "closed: no answer". */
export const CLOSE_AFTER_DAYS = 28;

/**
 * The moment `days` working days after `from`, in UK time: Saturdays and Sundays are skipped; bank holidays are
 * not (they count as working days), so a reminder in a bank-holiday week comes a day early.
 */
export function workingDaysAfter(from: Date, days: number): Date {
  let at = DateTime.fromJSDate(from, { zone: ZONE });
  let left = days;
  while (left > 0) {
    at = at.plus({ days: 1 });
    if (at.weekday <= 5) left -= 1;
  }
  return at.toJSDate();
}

export const reminderDue = (createdAt: Date, now: Date): boolean =>
  workingDaysAfter(createdAt, REMINDER_WORKING_DAYS).getTime() <= now.getTime();

/** Requests sent before this moment and still new are closed. */
export const closeCutoff = (now: Date): Date => new Date(now.getTime() - CLOSE_AFTER_DAYS * DAY_MS);
