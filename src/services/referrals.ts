// Referral counts: how many people link workers sent to each activity, by month. No one is identified.
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { insertReferral, referralsForMember } from '../db/referral-store.js';

const ZONE = 'Europe/London';
const MONTHS_SHOWN = 12;

export interface ActivityReferrals {
  serviceId: string;
  name: string;
  total: number;
  months: { month: string; label: string; count: number }[];
}

export const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).toFormat('MMMM yyyy');

export function createReferrals(dataSource: DataSource) {
  return {
    /** Records that a link worker referred someone today; false when the activity is not listed. */
    async record(serviceId: string, now = new Date()): Promise<boolean> {
      const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
      return insertReferral(dataSource, serviceId, today);
    },

    /** The last twelve months of referrals to the activities of the user's organisations. */
    async forMember(userId: string, now = new Date()): Promise<ActivityReferrals[]> {
      const since = DateTime.fromJSDate(now, { zone: ZONE })
        .startOf('month')
        .minus({ months: MONTHS_SHOWN - 1 })
        .toISODate()!;
      const rows = await referralsForMember(dataSource, userId, since);
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
