// SQL for referral counts: link workers record "referred someone here"; groups and stewards see monthly totals.
import type { Queryable } from './queryable.js';

export interface MonthlyReferrals {
  serviceId: string;
  serviceName: string;
  /** 'YYYY-MM'. */
  month: string;
  count: number;
}

/** Records one referral to a listed activity; false when there is no such listed activity. */
export async function insertReferral(db: Queryable, serviceId: string, referredOn: string): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO referral (service_id, referred_on)
     SELECT id, $2 FROM service WHERE id = $1 AND status NOT IN ('inactive', 'defunct')
     RETURNING id`,
    [serviceId, referredOn],
  )) as unknown[];
  return rows.length === 1;
}

/** Monthly counts since the given date for the activities of every organisation the user belongs to. */
export async function referralsForMember(
  db: Queryable,
  userId: string,
  since: string,
): Promise<MonthlyReferrals[]> {
  const rows = (await db.query(
    `SELECT s.id AS service_id, s.name AS service_name,
            to_char(date_trunc('month', r.referred_on), 'YYYY-MM') AS month, count(*)::int AS count
     FROM referral r
     JOIN service s ON s.id = r.service_id
     JOIN organization_member m ON m.organization_id = s.organization_id AND m.user_id = $1
     WHERE r.referred_on >= $2
     GROUP BY s.id, s.name, date_trunc('month', r.referred_on)
     ORDER BY s.name, s.id, month DESC`,
    [userId, since],
  )) as { service_id: string; service_name: string; month: string; count: number }[];
  return rows.map((r) => ({
    serviceId: r.service_id,
    serviceName: r.service_name,
    month: r.month,
    count: r.count,
  }));
}
