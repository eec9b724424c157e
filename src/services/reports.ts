// Reports for stewards and commissioners: coverage by need and area, referrals by need, listing freshness,
// and the gap map of searches that found nothing.
import { DateTime } from 'luxon';
import type { SearchGapCell, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { freshness, type Freshness } from '../domain/freshness.js';
import { termByCode, vocabulary } from '../domain/vocabulary.js';
import { monthLabel } from './referrals.js';

const ZONE = 'Europe/London';
const REFERRAL_MONTHS = 12;
const TOP_ACTIVITIES = 50;
export const DEFAULT_GAP_DAYS = 90;

export interface GapRow extends SearchGapCell {
  needName: string;
}

export interface GapPeriod {
  from: string;
  to: string;
}

export function defaultGapPeriod(now = new Date()): GapPeriod {
  const today = DateTime.fromJSDate(now, { zone: ZONE });
  return { from: today.minus({ days: DEFAULT_GAP_DAYS - 1 }).toISODate()!, to: today.toISODate()! };
}

export function createReports(stores: Stores, clock: Clock) {
  const needsId = vocabulary('needs').id;
  return {
    async overview(now = clock.now()) {
      const today = DateTime.fromJSDate(now, { zone: ZONE });
      const since = today
        .startOf('month')
        .minus({ months: REFERRAL_MONTHS - 1 })
        .toISODate()!;
      const [byNeed, byArea, referrals, topActivities, assured] = await Promise.all([
        stores.reports.servicesByNeed(needsId),
        stores.reports.servicesByArea(),
        stores.reports.referralsByNeed(needsId, since),
        stores.reports.referralsByService(since, today.toISODate()!, TOP_ACTIVITIES),
        stores.reports.assuredDates(),
      ]);
      const freshnessCounts: Record<Freshness, number> = { fresh: 0, due: 0, stale: 0, unknown: 0 };
      for (const row of assured) freshnessCounts[freshness(row.assuredDate, now)] += row.count;
      return {
        byNeed,
        byArea,
        referrals: referrals.map((r) => ({ ...r, monthName: monthLabel(r.month) })),
        topActivities,
        freshness: freshnessCounts,
        listed: assured.reduce((sum, row) => sum + row.count, 0),
      };
    },

    async gaps(period: GapPeriod): Promise<GapRow[]> {
      const cells = await stores.reports.searchGaps(period.from, period.to);
      return cells.map((cell) => ({
        ...cell,
        needName: cell.need ? (termByCode('needs', cell.need)?.name ?? cell.need) : 'Any need',
      }));
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
