// Keeping listings current: flag those not reviewed for six months, remind their organisers with a
// signed "still accurate" link, and record the review when it is confirmed.
import { DateTime } from 'luxon';
import type { ReviewConfirmation, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import type { Clock } from '../domain/clock.js';
import type { PublicLinks } from '../domain/public-links.js';
import { signToken, verifyToken, type TokenPayload } from '../domain/signed-token.js';
import type { ManagedActivity } from './activity-changes.js';
import type { Mailer } from './mail.js';

export const REVIEW_AFTER_MONTHS = 6;
const LINK_LIFETIME_MS = 60 * 24 * 60 * 60 * 1000;
const ZONE = 'Europe/London';

type LinkFailure = { ok: false; reason: 'invalid' | 'expired' | 'undone' | 'changed' };
/** The listing a link acted on, and its review date afterwards. */
type LinkResult = { ok: true; serviceId: string; name: string; date: string | null };

export function createFreshness(
  stores: Stores,
  mailer: Mailer,
  settings: { sessionSecret: string; links: PublicLinks },
  clock: Clock,
) {
  const { links } = settings;
  const todayIn = (now: Date) => DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;

  async function recordReview(
    db: Stores,
    activity: ManagedActivity,
    who: { user: UserAccount | null; actor: string },
    today: string,
  ): Promise<void> {
    await db.services.setAssuredDate(activity.id, today, who.user?.email ?? null);
    await db.freshness.clearFlag(activity.id);
    await db.audit.recordAudit({
      user: who.user,
      actor: who.actor,
      action: 'still-accurate',
      entity: 'service',
      entityId: activity.id,
      before: { assured_date: activity.assuredDate },
      after: { assured_date: today },
    });
  }

  async function remind(
    email: string,
    listing: { id: string; name: string; assured_date: string | null },
    now: Date,
  ): Promise<void> {
    const token = signToken('still-accurate', listing.id, settings.sessionSecret, LINK_LIFETIME_MS, now);
    await mailer.send(
      email,
      `Is "${listing.name}" still right?`,
      [
        `Your listing "${listing.name}" was last checked ${listing.assured_date ? `on ${listing.assured_date}` : 'a long time ago'}.`,
        'People use the directory to decide where to go, so please check it is still right.',
        '',
        `If nothing has changed, confirm it with one click: ${links.stillAccurate(token)}`,
        `If something has changed, update it here: ${links.manageActivity(listing.id)}`,
        '',
        'Listings not checked for a year are shown as possibly out of date and lower in search results.',
      ].join('\n'),
    );
  }

  /** Runs `act` in a transaction on the listing a valid link names, with the link's confirmation locked. */
  async function withLink<T>(
    token: string,
    now: Date,
    act: (
      db: Stores,
      link: TokenPayload,
      activity: ManagedActivity,
      confirmation: ReviewConfirmation | null,
    ) => Promise<T | LinkFailure>,
  ): Promise<T | LinkFailure> {
    const check = verifyToken(token, 'still-accurate', settings.sessionSecret, now);
    if (!check.valid) return { ok: false, reason: check.reason };
    return stores.transaction(async (db) => {
      const activity = await db.services.findManagedService(check.payload.subject);
      if (!activity) return { ok: false as const, reason: 'invalid' as const };
      return act(db, check.payload, activity, await db.freshness.lockReviewConfirmation(check.payload.id));
    });
  }

  return {
    /**
     * The daily job: returns how many listings were flagged and how many reminders were sent. A listing flagged
     * while nobody managed it is reminded on the first run after its organisation gets a manager, once.
     */
    async run(now = clock.now()): Promise<{ flagged: number; reminders: number }> {
      const cutOff = DateTime.fromJSDate(now, { zone: ZONE })
        .minus({ months: REVIEW_AFTER_MONTHS })
        .toISODate()!;
      const due = await stores.freshness.unflaggedListingsReviewedBefore(cutOff);
      const claimedSince = await stores.freshness.unremindedListingsWithOrganisers(cutOff);
      let reminders = 0;
      for (const listing of [...due, ...claimedSince]) {
        const emails = listing.organization_id
          ? await stores.accounts.organiserEmails(listing.organization_id)
          : [];
        for (const email of emails) {
          await remind(email, listing, now);
          reminders++;
        }
        await stores.freshness.flagListing(listing.id, emails.length > 0);
      }
      return { flagged: due.length, reminders };
    },

    flagged: () => stores.freshness.flaggedListings(),

    /**
     * What a "still accurate" link points at and, once used, what it did: when it confirmed the listing, the date
     * it recorded, whether that was undone, and whether it can still be (nothing has changed the date since).
     * Reads only: opening a link never changes anything by itself.
     */
    checkLink: (token: string, now = clock.now()) =>
      withLink(token, now, async (_db, _link, activity, confirmation) => ({
        ok: true as const,
        serviceId: activity.id,
        name: activity.name,
        assuredDate: activity.assuredDate,
        used: confirmation && {
          confirmedAt: confirmation.confirmedAt,
          reviewedOn: confirmation.reviewedOn,
          undoneAt: confirmation.undoneAt,
          undoable: !confirmation.undone && activity.assuredDate === confirmation.reviewedOn,
        },
      })),

    /**
     * Records today as the listing's review date. Using the link again shows the same result; once undone,
     * only `again` (a button pressed, not a link opened) confirms anew.
     */
    confirmByLink: (token: string, options: { again: boolean }, now = clock.now()) =>
      withLink(token, now, async (db, link, activity, confirmation): Promise<LinkResult | LinkFailure> => {
        const result = { ok: true as const, serviceId: activity.id, name: activity.name };
        if (confirmation && !confirmation.undone) return { ...result, date: confirmation.reviewedOn };
        if (confirmation?.undone && !options.again) return { ok: false, reason: 'undone' };
        const today = todayIn(now);
        await db.freshness.saveReviewConfirmation(link.id, {
          serviceId: activity.id,
          reviewedOn: today,
          previousAssuredDate: activity.assuredDate,
        });
        await recordReview(db, activity, { user: null, actor: 'still-accurate link' }, today);
        return { ...result, date: today };
      }),

    /** Puts back the review date the link replaced, and the listing back in the stewards' queue. */
    undoByLink: (token: string, now = clock.now()) =>
      withLink(token, now, async (db, link, activity, confirmation): Promise<LinkResult | LinkFailure> => {
        const result = { ok: true as const, serviceId: activity.id, name: activity.name };
        if (!confirmation) return { ok: false, reason: 'invalid' };
        if (confirmation.undone) return { ...result, date: activity.assuredDate };
        // Reviewed or edited again since: that later change stands.
        if (activity.assuredDate !== confirmation.reviewedOn) return { ok: false, reason: 'changed' };
        await db.services.setAssuredDate(activity.id, confirmation.previousAssuredDate, null);
        await db.freshness.flagListing(activity.id, true);
        await db.freshness.markReviewUndone(link.id);
        await db.audit.recordAudit({
          user: null,
          actor: 'still-accurate link',
          action: 'still-accurate-undone',
          entity: 'service',
          entityId: activity.id,
          before: { assured_date: confirmation.reviewedOn },
          after: { assured_date: confirmation.previousAssuredDate },
        });
        return { ...result, date: confirmation.previousAssuredDate };
      }),

    async confirmByOrganiser(user: UserAccount, activityId: string, now = clock.now()): Promise<string> {
      const today = todayIn(now);
      await stores.transaction(async (db) => {
        const activity = await db.services.findManagedService(activityId);
        if (activity) await recordReview(db, activity, { user, actor: user.email }, today);
      });
      return today;
    },
  };
}

export type Freshness = ReturnType<typeof createFreshness>;
