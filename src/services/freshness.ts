// Keeping listings current: flag those not reviewed for six months, remind their organisers with a
// signed "still accurate" link, and record the review when it is confirmed.
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { organiserEmails, useToken, type UserAccount } from '../db/account-store.js';
import { findManagedActivity, setAssuredDate } from '../db/activity-store.js';
import { recordAudit } from '../db/audit-log.js';
import {
  clearFlag,
  flaggedListings,
  flagListing,
  unflaggedListingsReviewedBefore,
} from '../db/freshness-store.js';
import { signToken, verifyToken } from '../domain/signed-token.js';
import type { Mailer } from './mail.js';

export const REVIEW_AFTER_MONTHS = 6;
const LINK_LIFETIME_MS = 60 * 24 * 60 * 60 * 1000;
const ZONE = 'Europe/London';

export function createFreshness(
  dataSource: DataSource,
  mailer: Mailer,
  settings: { sessionSecret: string; baseUrl: string },
) {
  async function markReviewed(
    serviceId: string,
    who: { user: UserAccount | null; actor: string },
    now: Date,
  ): Promise<string> {
    const activity = await findManagedActivity(dataSource, serviceId);
    const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
    await dataSource.transaction(async (db) => {
      await setAssuredDate(db, serviceId, today, who.user?.email ?? null);
      await clearFlag(db, serviceId);
      await recordAudit(db, {
        user: who.user,
        actor: who.actor,
        action: 'still-accurate',
        entity: 'service',
        entityId: serviceId,
        before: { assured_date: activity?.assuredDate ?? null },
        after: { assured_date: today },
      });
    });
    return today;
  }

  return {
    /** The daily job: returns how many listings were flagged and how many reminders were sent. */
    async run(now = new Date()): Promise<{ flagged: number; reminders: number }> {
      const cutOff = DateTime.fromJSDate(now, { zone: ZONE })
        .minus({ months: REVIEW_AFTER_MONTHS })
        .toISODate()!;
      const due = await unflaggedListingsReviewedBefore(dataSource, cutOff);
      let reminders = 0;
      for (const listing of due) {
        const emails = listing.organization_id
          ? await organiserEmails(dataSource, listing.organization_id)
          : [];
        for (const email of emails) {
          const token = signToken(
            'still-accurate',
            listing.id,
            settings.sessionSecret,
            LINK_LIFETIME_MS,
            now,
          );
          await mailer.send(
            email,
            `Is "${listing.name}" still right?`,
            [
              `Your listing "${listing.name}" was last checked ${listing.assured_date ? `on ${listing.assured_date}` : 'a long time ago'}.`,
              'People use the directory to decide where to go, so please check it is still right.',
              '',
              `If nothing has changed, confirm it with one click: ${settings.baseUrl}/still-accurate/${token}`,
              `If something has changed, update it here: ${settings.baseUrl}/manage/activities/${encodeURIComponent(listing.id)}`,
              '',
              'Listings not checked for a year are shown as possibly out of date and lower in search results.',
            ].join('\n'),
          );
          reminders++;
        }
        await flagListing(dataSource, listing.id, emails.length > 0);
      }
      return { flagged: due.length, reminders };
    },

    flagged: () => flaggedListings(dataSource),

    /** What a "still accurate" link points at, if it is valid. */
    async checkLink(
      token: string,
    ): Promise<{ ok: true; serviceId: string; name: string } | { ok: false; reason: string }> {
      const check = verifyToken(token, 'still-accurate', settings.sessionSecret);
      if (!check.valid) return { ok: false, reason: check.reason };
      const activity = await findManagedActivity(dataSource, check.payload.subject);
      if (!activity) return { ok: false, reason: 'invalid' };
      return { ok: true, serviceId: activity.id, name: activity.name };
    },

    async confirmByLink(
      token: string,
      now = new Date(),
    ): Promise<{ ok: true; serviceId: string; date: string } | { ok: false; reason: string }> {
      const check = verifyToken(token, 'still-accurate', settings.sessionSecret, now);
      if (!check.valid) return { ok: false, reason: check.reason };
      if (!(await findManagedActivity(dataSource, check.payload.subject)))
        return { ok: false, reason: 'invalid' };
      if (!(await useToken(dataSource, check.payload.id))) return { ok: false, reason: 'used' };
      const date = await markReviewed(
        check.payload.subject,
        { user: null, actor: 'still-accurate link' },
        now,
      );
      return { ok: true, serviceId: check.payload.subject, date };
    },

    confirmByOrganiser: (user: UserAccount, serviceId: string, now = new Date()) =>
      markReviewed(serviceId, { user, actor: user.email }, now),
  };
}

export type Freshness = ReturnType<typeof createFreshness>;
