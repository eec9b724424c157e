// What an organiser does to a published activity straight away, without review: cancel one date or restore
// it, pause, reopen or close it. Each change is queued for an external search index in its own transaction.
import type { ManagedService, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import type { Clock } from '../domain/clock.js';
import { dateRange } from '../domain/date-shortcuts.js';
import type { FormError } from '../domain/form-error.js';

/** Running (active), paused (temporarily closed) or closed (inactive: off the directory). */
export const ACTIVITY_STATUSES = ['active', 'temporarily closed', 'inactive'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A published activity as its organiser manages it. */
export type ManagedActivity = ManagedService;

/** Today's date in London, YYYY-MM-DD. */
const londonToday = (now: Date) => dateRange({ when: 'today', from: '', to: '' }, now).from!;

export function createActivityChanges(stores: Stores, clock: Clock) {
  return {
    /**
     * Cancels one session (a real date, YYYY-MM-DD; the reason as shown): it leaves that date's search results
     * and shows on the page with the reason. A date with no session is a problem with the date.
     */
    async cancelDate(
      user: UserAccount,
      activityId: string,
      day: string,
      reason: string,
      now = clock.now(),
    ): Promise<FormError[]> {
      const scheduleId = await stores.services.scheduleOnDate(activityId, day);
      if (!scheduleId) return [{ field: 'date', message: `There is no session on ${day} to cancel` }];
      await stores.transaction(async (db) => {
        await db.services.insertCancellation(scheduleId, day, reason);
        await db.listings.refreshSessionsAndSearch([activityId], now);
        await db.searchOutbox.enqueueSearchChanges([activityId], 'upsert');
        await db.audit.recordAudit({
          user,
          action: 'cancel-date',
          entity: 'service',
          entityId: activityId,
          before: null,
          after: { cancelled_date: day, reason },
        });
      });
      return [];
    },

    /**
     * Puts a cancelled session back on: it returns to that date's search results and leaves the page's list of
     * cancellations. False when that date was not cancelled (or is already past).
     */
    async restoreDate(
      user: UserAccount,
      activityId: string,
      day: string,
      now = clock.now(),
    ): Promise<boolean> {
      if (day < londonToday(now)) return false;
      return stores.transaction(async (db) => {
        const reasons = await db.services.deleteCancellation(activityId, day);
        if (reasons.length === 0) return false;
        await db.listings.refreshSessionsAndSearch([activityId], now);
        await db.searchOutbox.enqueueSearchChanges([activityId], 'upsert');
        await db.audit.recordAudit({
          user,
          action: 'restore-date',
          entity: 'service',
          entityId: activityId,
          before: { cancelled_date: day, reason: reasons[0] },
          after: null,
        });
        return true;
      });
    },

    /** The cancelled sessions still to come, soonest first. */
    cancellations: (activityId: string, now = clock.now()) =>
      stores.services.cancellationsOf(activityId, londonToday(now)),

    async setStatus(
      user: UserAccount,
      activity: ManagedActivity,
      status: ActivityStatus,
      now = clock.now(),
    ): Promise<void> {
      await stores.transaction(async (db) => {
        await db.services.setServiceStatus(activity.id, status);
        await db.listings.refreshSessionsAndSearch([activity.id], now);
        await db.searchOutbox.enqueueSearchChanges([activity.id], 'upsert');
        await db.audit.recordAudit({
          user,
          action: 'set-status',
          entity: 'service',
          entityId: activity.id,
          before: { status: activity.status },
          after: { status },
        });
      });
    },
  };
}
