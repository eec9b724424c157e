// Maps a stored HSDS schedule row to the domain's schedule rule.
import { parseByday, parseBymonthday, type ScheduleRule } from './rule.js';

export interface ScheduleFields {
  freq?: 'WEEKLY' | 'MONTHLY' | null;
  interval?: number | null;
  byday?: string | null;
  bymonthday?: string | null;
  dtstart?: string | null;
  until?: string | null;
  count?: number | null;
  valid_from?: string | null;
  valid_to?: string | null;
  opens_at?: string | null;
  closes_at?: string | null;
}

export function scheduleRule(s: ScheduleFields, cancelledDates: string[]): ScheduleRule {
  return {
    freq: s.freq ?? null,
    interval: s.interval ?? 1,
    byday: parseByday(s.byday),
    bymonthday: parseBymonthday(s.bymonthday),
    dtstart: s.dtstart ?? null,
    until: s.until ?? null,
    count: s.count ?? null,
    validFrom: s.valid_from ?? null,
    validTo: s.valid_to ?? null,
    opensAt: s.opens_at ? s.opens_at.slice(0, 5) : null,
    closesAt: s.closes_at ? s.closes_at.slice(0, 5) : null,
    timezone: 'Europe/London',
    cancelledDates,
  };
}
