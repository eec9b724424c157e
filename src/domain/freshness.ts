// How recently a listing was checked, in the terms a link worker cares about.
import { DateTime } from 'luxon';

export type Freshness = 'fresh' | 'due' | 'stale' | 'unknown';

/** Reviewed within 6 months is fresh; 6 to 12 months is due a review; over 12 months may be out of date. */
export function freshness(assuredDate: string | null, now: Date): Freshness {
  if (!assuredDate) return 'unknown';
  const reviewed = DateTime.fromISO(assuredDate, { zone: 'Europe/London' });
  if (!reviewed.isValid) return 'unknown';
  const at = DateTime.fromJSDate(now, { zone: 'Europe/London' });
  if (reviewed >= at.minus({ months: 6 })) return 'fresh';
  if (reviewed >= at.minus({ months: 12 })) return 'due';
  return 'stale';
}
