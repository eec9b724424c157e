// What an organiser does to a published activity straight away, without review: cancel one date, pause,
// reopen or close it. Each change is queued for an external search index in its own transaction.
import type { ManagedService, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import type { Clock } from '../domain/clock.js';
import type { FormError } from '../domain/form-error.js';

/** Running (active), paused (temporarily closed) or closed (inactive: off the directory). */
export const ACTIVITY_STATUSES = ['active', 'temporarily closed', 'inactive'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A published activity as its organiser manages it. */
export type ManagedActivity = ManagedService;

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
