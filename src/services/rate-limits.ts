// Limits on what one connection, account, e-mail address or listing may do in a while. Counted in Postgres
// (the rate_limit table, see db/rate-limit-counters.ts), so every web process shares one count.
import { createHmac } from 'node:crypto';
import type { Stores } from '../db/stores.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface RateLimit {
  /** Attempts allowed in one window; the next one is refused until the window ends. */
  points: number;
  /** The window in seconds, from the first attempt counted. */
  seconds: number;
  /** What is counted, per what (the README's table of limits says the same). */
  counts: string;
  /** What the refused person is told, before when to try again. */
  refusal: string;
}

/**
 * Every limit, by name. The per-account sign-in limit is four times the per-account-and-connection one, so a
 * stranger guessing from many places slows right down while the owner, who can always reset the password
 * (which lifts the lock), is shut out for at most an hour.
 */
export const RATE_LIMITS = {
  signInAccountFromAddress: {
    points: 5,
    seconds: 15 * MINUTE,
    counts: 'wrong passwords for one account from one IP address',
    refusal: 'There have been too many wrong passwords for this account from here.',
  },
  signInAccount: {
    points: 20,
    seconds: HOUR,
    counts: 'wrong passwords for one account, from any IP address',
    refusal:
      'There have been too many wrong passwords for this account, from more than one place, so signing in to it is paused to keep it safe.',
  },
  signInAddress: {
    points: 50,
    seconds: HOUR,
    counts: 'wrong passwords from one IP address, for any accounts',
    refusal: 'There have been too many wrong passwords from this connection.',
  },
  registerAddress: {
    points: 20,
    seconds: HOUR,
    counts: 'registrations from one IP address',
    refusal: 'Too many accounts have been asked for from this connection.',
  },
  registerEmail: {
    points: 3,
    seconds: HOUR,
    counts: 'registrations with one e-mail address (each one mails that address)',
    refusal: 'We have already sent several emails to this address.',
  },
  passwordResetAddress: {
    points: 10,
    seconds: HOUR,
    counts: 'password reset requests from one IP address',
    refusal: 'Too many password resets have been asked for from this connection.',
  },
  passwordResetEmail: {
    points: 3,
    seconds: HOUR,
    counts: 'password reset requests for one e-mail address',
    refusal: 'We have already sent several reset links for this address.',
  },
  confirmEmailAccount: {
    points: 3,
    seconds: HOUR,
    counts: 'confirmation links sent again for one account',
    refusal: 'We have already sent you several confirmation links.',
  },
  problemReportAddress: {
    points: 10,
    seconds: HOUR,
    counts: 'problem reports from one IP address',
    refusal: 'Too many problem reports have been sent from this connection.',
  },
  problemReportListing: {
    points: 10,
    seconds: DAY,
    counts: 'problem reports about one listing',
    refusal: 'This listing has had many reports today, and the directory team will look at them.',
  },
  feedbackAddress: {
    points: 5,
    seconds: HOUR,
    counts: 'feedback sent from the contact page from one IP address',
    refusal: 'Several messages have been sent from this connection in the last hour.',
  },
  claimAccount: {
    points: 5,
    seconds: DAY,
    counts: 'requests to manage an organisation from one account',
    refusal: 'You have sent several requests to manage organisations today.',
  },
  organisationRequestAccount: {
    points: 3,
    seconds: DAY,
    counts: 'requests to add a new organisation from one account',
    refusal: 'You have asked to add several organisations today.',
  },
  referralAccount: {
    points: 100,
    seconds: DAY,
    counts: '"I referred someone here" presses by one account',
    refusal: 'You have recorded a great many referrals today.',
  },
  referralAccountListing: {
    points: 10,
    seconds: DAY,
    counts: '"I referred someone here" presses by one account for one activity',
    refusal: 'You have recorded many referrals to this activity today.',
  },
  handoutMessageAccount: {
    points: 30,
    seconds: DAY,
    counts: 'handouts sent by email or text message by one account',
    refusal: 'You have sent a great many handouts by email or text message today.',
  },
  handoutMessageRecipient: {
    points: 3,
    seconds: DAY,
    counts: 'handouts sent by email or text message to one address or number, by any account',
    refusal: 'Several handouts have already been sent to this address or number today.',
  },
  referralRequestAccount: {
    points: 30,
    seconds: DAY,
    counts: 'referral requests ("someone would like to come") sent by one account',
    refusal: 'You have sent a great many referral requests today.',
  },
  referralRequestAccountListing: {
    points: 5,
    seconds: DAY,
    counts: 'referral requests sent by one account to one activity',
    refusal: 'You have sent several referral requests to this activity today.',
  },
} as const satisfies Record<string, RateLimit>;

export type LimitName = keyof typeof RATE_LIMITS;

/** What to count against: the IP address, account id, e-mail address or listing id, per limit. */
export type LimitKeys = Partial<Record<LimitName, string>>;

export type LimitCheck = { ok: true } | { ok: false; limit: LimitName; retryAfterMs: number };

const OK: LimitCheck = { ok: true };

/** The refusal that lasts longest, when several limits refuse at once. */
function longest(refusals: { limit: LimitName; retryAfterMs: number }[]): LimitCheck {
  if (refusals.length === 0) return OK;
  const worst = refusals.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
  return { ok: false, ...worst };
}

export function createRateLimits(stores: Pick<Stores, 'rateCounter'>, secret: string) {
  const names = Object.keys(RATE_LIMITS) as LimitName[];
  const counters = Object.fromEntries(
    names.map((name, index) => [
      name,
      stores.rateCounter({
        name,
        points: RATE_LIMITS[name].points,
        seconds: RATE_LIMITS[name].seconds,
        clearExpired: index === 0,
      }),
    ]),
  ) as Record<LimitName, ReturnType<Stores['rateCounter']>>;

  // Addresses are stored only as keyed hashes: short enough for the key column, and no list of who asked.
  const hashed = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  const each = (keys: LimitKeys) =>
    (Object.entries(keys) as [LimitName, string | undefined][]).flatMap(([limit, value]) =>
      value === undefined ? [] : [{ limit, key: hashed(value), counter: counters[limit] }],
    );

  return {
    /**
     * Counts one attempt against every limit given; refused when any of them is used up, and then the attempt
     * is given back to the others (a press refused for one activity does not use up the day's allowance).
     */
    async consume(keys: LimitKeys): Promise<LimitCheck> {
      const counted = each(keys);
      const outcomes = await Promise.all(
        counted.map(async ({ limit, key, counter }) => {
          const outcome = await counter.consume(key);
          return outcome.ok ? null : { limit, retryAfterMs: outcome.retryAfterMs };
        }),
      );
      const refusals = outcomes.filter((o) => o !== null);
      if (refusals.length)
        await Promise.all(
          counted.filter((_, i) => outcomes[i] === null).map(({ key, counter }) => counter.reward(key)),
        );
      return longest(refusals);
    },

    /** Gives an attempt back: a sign-in that turned out right was not a guess. */
    async giveBack(keys: LimitKeys): Promise<void> {
      await Promise.all(each(keys).map(({ key, counter }) => counter.reward(key)));
    },

    /** Forgets the count: after a successful sign-in, or a password reset that proved who the owner is. */
    async reset(keys: LimitKeys): Promise<void> {
      await Promise.all(each(keys).map(({ key, counter }) => counter.forget(key)));
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
