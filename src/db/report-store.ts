// SQL for the steward and commissioner reports: what is listed by need and area, referrals by need, how
// recently listings were checked, and where searches found nothing.
import type { Queryable } from './queryable.js';

const LISTED = `s.status IN ('active', 'temporarily closed')`;

export interface CountByKey {
  key: string;
  name: string;
  count: number;
}

/** Listed services per need term (a service meeting two needs counts under both). */
export async function servicesByNeed(db: Queryable, needsTaxonomyId: string): Promise<CountByKey[]> {
  const rows = (await db.query(
    `SELECT t.code AS key, t.name, count(DISTINCT s.id)::int AS count
     FROM service s
     JOIN attribute a ON a.link_entity = 'service' AND a.link_id = s.id
     JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = $1
     WHERE ${LISTED}
     GROUP BY t.code, t.name ORDER BY count DESC, t.name`,
    [needsTaxonomyId],
  )) as CountByKey[];
  return rows;
}

/**
 * Listed services per area: the postcode district of the venue, else the area the service covers,
 * else "Online" or "No place given". Each service counts once, under its first venue.
 */
export async function servicesByArea(db: Queryable): Promise<CountByKey[]> {
  const rows = (await db.query(
    `WITH placed AS (
       SELECT s.id,
         coalesce(
           (SELECT upper(split_part(trim(ad.postal_code), ' ', 1))
            FROM service_at_location sal
            JOIN location l ON l.id = sal.location_id AND l.location_type <> 'virtual'
            JOIN address ad ON ad.location_id = l.id AND coalesce(trim(ad.postal_code), '') <> ''
            WHERE sal.service_id = s.id ORDER BY sal.id, ad.id LIMIT 1),
           (SELECT coalesce(sa.name, sa.description) FROM service_area sa
            WHERE sa.service_id = s.id AND coalesce(sa.name, sa.description) IS NOT NULL ORDER BY sa.id LIMIT 1),
           CASE WHEN s.is_online THEN 'Online' ELSE 'No place given' END
         ) AS area
       FROM service s WHERE ${LISTED})
     SELECT area AS key, area AS name, count(*)::int AS count FROM placed GROUP BY area ORDER BY count DESC, area`,
  )) as CountByKey[];
  return rows;
}

export interface NeedMonthCount {
  need: string;
  needName: string;
  /** 'YYYY-MM'. */
  month: string;
  count: number;
}

/** Referrals since a date, by need of the service referred to and month. */
export async function referralsByNeed(
  db: Queryable,
  needsTaxonomyId: string,
  since: string,
): Promise<NeedMonthCount[]> {
  const rows = (await db.query(
    `SELECT t.code AS need, t.name AS need_name,
            to_char(date_trunc('month', r.referred_on), 'YYYY-MM') AS month, count(*)::int AS count
     FROM referral r
     JOIN attribute a ON a.link_entity = 'service' AND a.link_id = r.service_id
     JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = $1
     WHERE r.referred_on >= $2
     GROUP BY t.code, t.name, date_trunc('month', r.referred_on)
     ORDER BY month DESC, count DESC, t.name`,
    [needsTaxonomyId, since],
  )) as { need: string; need_name: string; month: string; count: number }[];
  return rows.map((r) => ({ need: r.need, needName: r.need_name, month: r.month, count: r.count }));
}

export interface ServiceReferralCount {
  serviceId: string;
  name: string;
  thisMonth: number;
  lastMonth: number;
  total: number;
}

/** The most referred-to services since a date, with this and last month's counts (local dates). */
export async function referralsByService(
  db: Queryable,
  since: string,
  today: string,
  limit: number,
): Promise<ServiceReferralCount[]> {
  const rows = (await db.query(
    `SELECT s.id AS service_id, s.name,
            count(*) FILTER (WHERE r.referred_on >= date_trunc('month', $2::date))::int AS this_month,
            count(*) FILTER (WHERE r.referred_on >= date_trunc('month', $2::date) - interval '1 month'
                               AND r.referred_on < date_trunc('month', $2::date))::int AS last_month,
            count(*)::int AS total
     FROM referral r JOIN service s ON s.id = r.service_id
     WHERE r.referred_on >= $1
     GROUP BY s.id, s.name ORDER BY total DESC, s.name LIMIT $3`,
    [since, today, limit],
  )) as { service_id: string; name: string; this_month: number; last_month: number; total: number }[];
  return rows.map((r) => ({
    serviceId: r.service_id,
    name: r.name,
    thisMonth: r.this_month,
    lastMonth: r.last_month,
    total: r.total,
  }));
}

/** Listed services grouped by the date they were last checked (null = never). */
export async function assuredDates(db: Queryable): Promise<{ assuredDate: string | null; count: number }[]> {
  const rows = (await db.query(
    `SELECT s.assured_date::text AS assured_date, count(*)::int AS count FROM service s WHERE ${LISTED}
     GROUP BY s.assured_date`,
  )) as { assured_date: string | null; count: number }[];
  return rows.map((r) => ({ assuredDate: r.assured_date, count: r.count }));
}

export interface SearchGapCell {
  /** Need code, or '' for searches that asked for no particular need. */
  need: string;
  /** Postcode district, or '' when the search gave no place. */
  outcode: string;
  area: string | null;
  latitude: number | null;
  longitude: number | null;
  searches: number;
}

/** Searches that found nothing between two local dates (inclusive), by need and postcode district. */
export async function searchGaps(db: Queryable, from: string, to: string): Promise<SearchGapCell[]> {
  const rows = (await db.query(
    `WITH gaps AS (
       SELECT coalesce(need, '') AS need, coalesce(g.outcode, '') AS outcode
       FROM search_gap g
       LEFT JOIN LATERAL unnest(CASE WHEN cardinality(g.needs) = 0 THEN ARRAY[NULL::text] ELSE g.needs END) AS need
         ON true
       WHERE g.searched_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
         AND g.searched_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'))
     SELECT gaps.need, gaps.outcode, p.area, p.latitude, p.longitude, count(*)::int AS searches
     FROM gaps
     LEFT JOIN place p ON p.kind = 'outcode' AND p.key = gaps.outcode
     GROUP BY gaps.need, gaps.outcode, p.area, p.latitude, p.longitude
     ORDER BY searches DESC, gaps.outcode, gaps.need`,
    [from, to],
  )) as SearchGapCell[];
  return rows;
}
