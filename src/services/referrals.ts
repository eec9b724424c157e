// Referral counts: how many people link workers sent to each activity, by month. No one is identified.
import { DateTime } from 'luxon';
import type { Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';

const ZONE = 'Europe/London';
const MONTHS_SHOWN = 12;

export interface ActivityReferrals {
  serviceId: string;
  name: string;
  total: number;
  months: { month: string; label: string; count: number }[];
}

export const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).toFormat('MMMM yyyy');

export function createReferrals(stores: Stores, clock: Clock) {
  return {
    /** Records that a link worker referred someone today; false when the activity is not listed. */
    async record(activityId: string, now = clock.now()): Promise<boolean> {
      const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
      return stores.referrals.insertReferral(activityId, today);
    },

    /** The last twelve months of referrals to the activities of the user's organisations. */
    async forMember(userId: string, now = clock.now()): Promise<ActivityReferrals[]> {
      const since = DateTime.fromJSDate(now, { zone: ZONE })
        .startOf('month')
        .minus({ months: MONTHS_SHOWN - 1 })
        .toISODate()!;
      const rows = await stores.referrals.referralsForMember(userId, since);
      const byActivity = new Map<string, ActivityReferrals>();
      for (const row of rows) {
        const activity = byActivity.get(row.serviceId) ?? {
          serviceId: row.serviceId,
          name: row.serviceName,
          total: 0,
          months: [],
        };
        activity.total += row.count;
        activity.months.push({ month: row.month, label: monthLabel(row.month), count: row.count });
        byActivity.set(row.serviceId, activity);
      }
      return [...byActivity.values()];
    },
  };
}
