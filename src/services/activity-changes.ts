// What an organiser does to a published activity straight away, without review: cancel one date, pause,
// reopen or close it.
import type { DataSource } from 'typeorm';
import type { UserAccount } from '../db/account-store.js';
import {
  insertCancellation,
  scheduleOnDate,
  setServiceStatus,
  type ManagedActivity,
} from '../db/activity-store.js';
import { recordAudit } from '../db/audit-log.js';
import { refreshDerivedData } from '../db/listing-refresh.js';
import type { FormError } from '../domain/form-error.js';

/** Running (active), paused (temporarily closed) or closed (inactive: off the directory). */
export const ACTIVITY_STATUSES = ['active', 'temporarily closed', 'inactive'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export function createActivityChanges(dataSource: DataSource) {
  return {
    /**
     * Cancels one session (a real date, YYYY-MM-DD; the reason as shown): it leaves that date's search results
     * and shows on the page with the reason. A date with no session is a problem with the date.
     */
    async cancelDate(
      user: UserAccount,
      serviceId: string,
      day: string,
      reason: string,
      now = new Date(),
    ): Promise<FormError[]> {
      const scheduleId = await scheduleOnDate(dataSource, serviceId, day);
      if (!scheduleId) return [{ field: 'date', message: `There is no session on ${day} to cancel` }];
      await dataSource.transaction(async (db) => {
        await insertCancellation(db, scheduleId, day, reason);
        await refreshDerivedData(db, [serviceId], now);
        await recordAudit(db, {
          user,
          action: 'cancel-date',
          entity: 'service',
          entityId: serviceId,
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
      now = new Date(),
    ): Promise<void> {
      await dataSource.transaction(async (db) => {
        await setServiceStatus(db, activity.id, status);
        await refreshDerivedData(db, [activity.id], now);
        await recordAudit(db, {
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
