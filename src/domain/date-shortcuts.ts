// "Today", "this weekend", "between these dates": the dates a search's "when" covers, in London.
import { DateTime } from 'luxon';

export const WHEN_OPTIONS = [
  { code: '', name: 'Any date' },
  { code: 'today', name: 'Today' },
  { code: 'tomorrow', name: 'Tomorrow' },
  { code: 'this-week', name: 'This week (to Sunday)' },
  { code: 'weekend', name: 'This weekend' },
  { code: 'next-7-days', name: 'In the next 7 days' },
  { code: 'dates', name: 'Between these dates' },
] as const;
export type WhenOption = (typeof WHEN_OPTIONS)[number]['code'];

/** A date shortcut, or 'dates' with from/to (YYYY-MM-DD, either may be empty). */
export interface DateChoice {
  when: WhenOption;
  from: string;
  to: string;
}

/** The dates a "when" choice covers, in London, as inclusive YYYY-MM-DD bounds. */
export function dateRange(choice: DateChoice, now: Date): { from: string | null; to: string | null } {
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const iso = (d: DateTime) => d.toISODate()!;
  switch (choice.when) {
    case 'today':
      return { from: iso(today), to: iso(today) };
    case 'tomorrow':
      return { from: iso(today.plus({ days: 1 })), to: iso(today.plus({ days: 1 })) };
    case 'this-week':
      return { from: iso(today), to: iso(today.plus({ days: 7 - today.weekday })) };
    case 'weekend': {
      const saturday =
        today.weekday === 7 ? today.minus({ days: 1 }) : today.plus({ days: 6 - today.weekday });
      return { from: iso(today > saturday ? today : saturday), to: iso(saturday.plus({ days: 1 })) };
    }
    case 'next-7-days':
      return { from: iso(today), to: iso(today.plus({ days: 6 })) };
    case 'dates':
      return { from: choice.from || null, to: choice.to || null };
    default:
      return { from: null, to: null };
  }
}
