// How long the directory keeps each kind of record it holds about people, in one place: the privacy notice says
// these periods and the daily clean-up deletes by them, so the two cannot disagree.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A visitor's session (sign-in, shortlist and its notes, form tokens) ends after this long without a page. */
export const SESSION_IDLE_HOURS = 8;
export const SESSION_IDLE_MS = SESSION_IDLE_HOURS * HOUR_MS;

/** Something the directory keeps about people or what they did, how long, and what the clean-up deletes. */
export interface RetentionRule {
  /** The table the clean-up deletes from. */
  table: string;
  /** What is kept, in the privacy notice's words. */
  what: string;
  /** Whose it is. */
  whose: string;
  days: number;
  /** The period in words, as the notice says it. */
  period: string;
  /** When the period starts, and anything kept until then. */
  from: string;
}

/**
 * Each table the clean-up trims, by what it holds. Problem reports and feedback still waiting for a steward are
 * kept until dealt with, so nobody's message is deleted unread.
 */
export const RETENTION = {
  problemReports: {
    table: 'problem_report',
    what: 'Problem reports about listings, with the email address given for a reply',
    whose: 'anyone who reports a problem',
    days: 365,
    period: '12 months',
    from: 'after the report was sent, once a steward has dealt with it',
  },
  feedback: {
    table: 'feedback',
    what: 'Feedback sent from the contact page, with the email address given for a reply',
    whose: 'anyone who sends feedback',
    days: 365,
    period: '12 months',
    from: 'after it was sent, once a steward has dealt with it',
  },
  searchGaps: {
    table: 'search_gap',
    what: 'Searches that found nothing: the needs, postcode district and times asked for, and when (nothing else)',
    whose: 'nobody: no address, account or full postcode is kept',
    days: 730,
    period: '2 years',
    from: 'after the search',
  },
  referrals: {
    table: 'referral',
    what: 'Referral counts: the activity and the date someone pressed “I referred someone here” (no person)',
    whose: 'nobody: neither the link worker nor the patient is recorded',
    days: 730,
    period: '2 years',
    from: 'after the referral',
  },
  rateLimits: {
    table: 'rate_limit',
    what: 'Counts of attempts such as wrong passwords, against a scrambled (keyed hash) form of the IP address, account or email address',
    whose: 'anyone signing in, registering, resetting a password, reporting a problem or sending feedback',
    days: 1,
    period: '1 day',
    from: 'after the limit’s time window ends',
  },
  usedLinks: {
    table: 'used_token',
    what: 'A record that a one-time link (password reset, email confirmation, “still accurate”) has been used, by a random number in the link',
    whose: 'people who use those links',
    days: 90,
    period: '90 days',
    from: 'after the link was used (the longest-lived link works for 60 days)',
  },
  mail: {
    table: 'mail_outbox',
    what: 'Copies of the emails the directory sends (to, subject, message)',
    whose: 'organisers, link workers, stewards and people who ask for a reply',
    days: 90,
    period: '90 days',
    from: 'after the email was sent',
  },
  auditLog: {
    table: 'audit_log',
    what: 'The audit log: who changed which listing, organisation or account, when, and what changed',
    whose: 'organisers and stewards who make changes',
    days: 730,
    period: '2 years',
    from: 'after the change',
  },
  handoutMessages: {
    table: 'handout_message',
    what: 'Handouts a link worker sent to someone by email or text message: the share link, whether it was delivered, and the email address or mobile number in a shortened form such as “07*** ***982” (the full address or number is deleted as soon as the message is delivered or has failed, and at the latest after 7 days if it could not be sent; for a text message it is passed to GOV.UK Notify, which sends it)',
    whose: 'people a link worker sends a handout to',
    days: 90,
    period: '90 days',
    from: 'after it was sent (the share link in it stops working then too)',
  },
} as const satisfies Record<string, RetentionRule>;

export type RetentionKind = keyof typeof RETENTION;

/** The moment before which a kind of record is old enough to delete. */
export function retentionCutoff(kind: RetentionKind, now: Date): Date {
  return new Date(now.getTime() - RETENTION[kind].days * DAY_MS);
}

/** Six months unless REFERRAL_RETENTION_DAYS says otherwise. */
export const REFERRAL_RETENTION_DEFAULT_DAYS = 183;

/** A period in days as the notice says it: "6 months" for the default, "2 years", "90 days". */
export function periodInWords(days: number): string {
  if (days === REFERRAL_RETENTION_DEFAULT_DAYS) return '6 months';
  if (days % 365 === 0) return days === 365 ? '12 months' : `${days / 365} years`;
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * Referral requests a link worker sends a group: the one period the operator sets (REFERRAL_RETENTION_DAYS), so
 * it is made from the configured days rather than fixed in RETENTION. The row stays with its status and dates.
 */
export function referralRequestRetention(days: number): RetentionRule {
  return {
    table: 'referral_request',
    what: 'Referral requests a link worker sends to a group (“someone would like to come”): the person’s first name, how they prefer to be contacted and the phone number or email address, any support they need to attend, the group’s reason when they could not take the person, and a record of the person’s consent (the wording agreed, who recorded it and when). The details are encrypted, and each time someone looks at them is recorded',
    whose: 'people a link worker refers to a group',
    days,
    period: periodInWords(days),
    from: 'after the request was sent; the name, contact details, support needs and reason are then erased and only the activity, the status and the dates stay',
  };
}

/** Every rule the notice lists, with the referral requests' period as configured. */
export function retentionRules(referralRetentionDays: number): Record<string, RetentionRule> {
  return { ...RETENTION, referralRequests: referralRequestRetention(referralRetentionDays) };
}

/** The moment before which referral requests' personal details are erased. */
export const referralRequestCutoff = (days: number, now: Date): Date =>
  new Date(now.getTime() - days * DAY_MS);
