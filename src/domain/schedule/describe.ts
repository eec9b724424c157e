// Plain-English descriptions of schedules for link workers and patients.
import { civil, longDate, minOf, weekdayOf } from './calendar.js';
import { compileOrThrow, DAY_NAMES, requireTime, type CompiledRule, type ScheduleRule } from './rule.js';

const ORDINAL_WORDS = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];

/** '10:00–12:00' (en dash), 'from 10:00', 'until 12:00' or ''. */
export function describeTimes(opensAt: string | null, closesAt: string | null): string {
  const opens = requireTime(opensAt, 'Opening time');
  const closes = requireTime(closesAt, 'Closing time');
  if (opens && closes) return `${opens.label}–${closes.label}`;
  if (opens) return `from ${opens.label}`;
  if (closes) return `until ${closes.label}`;
  return '';
}

// ---------------------------------------------------------------------------------------------------------

function joinList(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordinalWord(n: number): string {
  if (n > 0 && n < ORDINAL_WORDS.length) return ORDINAL_WORDS[n];
  return numericOrdinal(n);
}

function numericOrdinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** 1 -> 'first', -1 -> 'last', -2 -> 'second to last'. */
function weekOfMonthWord(ordinal: number): string {
  if (ordinal === -1) return 'last';
  return ordinal > 0 ? ordinalWord(ordinal) : `${ordinalWord(-ordinal)} to last`;
}

function byOrdinal(a: number, b: number): number {
  // Counting from the start first (1, 2, ...), then from the end (second to last before last).
  if (a > 0 !== b > 0) return a > 0 ? -1 : 1;
  return a - b;
}

function dayList(weekdays: number[]): string {
  return joinList(weekdays.map((wd) => DAY_NAMES[wd]));
}

function isWeekdaysOnly(weekdays: number[]): boolean {
  return weekdays.length === 5 && weekdays.every((wd) => wd < 5);
}

function describeWeekly(c: CompiledRule): string {
  let weekdays = [...new Set(c.byday.map((b) => b.weekday))].sort((a, b) => a - b);
  if (weekdays.length === 0 && c.dtstart !== null) weekdays = [weekdayOf(c.dtstart)];
  const everyDay = weekdays.length === 7;
  const weekdaysOnly = isWeekdaysOnly(weekdays);
  if (c.interval === 1) {
    if (weekdays.length === 0) return 'Every week';
    if (everyDay) return 'Every day';
    if (weekdaysOnly) return 'Every weekday';
    return `Every ${dayList(weekdays)}`;
  }
  const period = c.interval === 2 ? 'Every other week' : `Every ${c.interval} weeks`;
  if (weekdays.length === 0) return period;
  if (everyDay) return `${period}, every day`;
  if (weekdaysOnly) return `${period}, on weekdays`;
  return c.interval === 2 ? `Every other ${dayList(weekdays)}` : `${period} on ${dayList(weekdays)}`;
}

function monthPeriod(interval: number, single: string): string {
  if (interval === 1) return single;
  return interval === 2 ? 'every other month' : `every ${ordinalWord(interval)} month`;
}

function describeMonthlyByday(c: CompiledRule): string {
  const plain = [...new Set(c.byday.filter((b) => b.ordinal === 0).map((b) => b.weekday))].sort(
    (a, b) => a - b,
  );
  const groups: string[] = [];
  for (let wd = 0; wd < 7; wd++) {
    const ordinals = c.byday
      .filter((b) => b.weekday === wd && b.ordinal !== 0 && !plain.includes(wd))
      .map((b) => b.ordinal)
      .sort(byOrdinal);
    if (ordinals.length > 0) groups.push(`${joinList(ordinals.map(weekOfMonthWord))} ${DAY_NAMES[wd]}`);
  }
  const period = monthPeriod(c.interval, 'the month');
  const plainPhrase = plain.length > 0 ? `every ${dayList(plain)}` : '';
  if (groups.length === 0) {
    return c.interval === 1 ? capitalise(plainPhrase) : `${capitalise(plainPhrase)} of ${period}`;
  }
  const ordinalPhrase = `${joinList(groups)} of ${period}`;
  return plainPhrase === ''
    ? capitalise(ordinalPhrase)
    : `${capitalise(plainPhrase)} and the ${ordinalPhrase}`;
}

function describeMonthdays(days: number[]): string {
  const positive = days.filter((d) => d > 0).sort((a, b) => a - b);
  const negative = days.filter((d) => d < 0).sort((a, b) => a - b);
  const words = [
    ...positive.map(numericOrdinal),
    ...negative.map((d) => (d === -1 ? 'last day' : `${ordinalWord(-d)} to last day`)),
  ];
  return joinList(words);
}

function describeMonthly(c: CompiledRule): string {
  const period = monthPeriod(c.interval, 'every month');
  let days = c.bymonthday;
  if (days.length === 0 && c.byday.length > 0) return describeMonthlyByday(c);
  if (days.length === 0 && c.dtstart !== null) days = [civil(c.dtstart)[2]];
  if (days.length === 0) return capitalise(period);
  const phrase = `On the ${describeMonthdays(days)} of ${period}`;
  if (c.byday.length === 0) return phrase;
  const allowed = c.byday.map(
    (b) => (b.ordinal === 0 ? 'a ' : `the ${weekOfMonthWord(b.ordinal)} `) + DAY_NAMES[b.weekday],
  );
  return `${phrase}, when it is ${joinList(allowed, 'or')}`;
}

function describeLimits(c: CompiledRule): string {
  const parts: string[] = [];
  if (c.count !== null) parts.push(c.count === 1 ? '1 session' : `${c.count} sessions`);
  // With a count, the sessions are counted from dtstart, so that is where they begin.
  const from = c.validFrom ?? (c.count !== null ? c.dtstart : null);
  const to = minOf(c.until, c.validTo);
  if (from !== null && to !== null) parts.push(`from ${longDate(from)} to ${longDate(to)}`);
  else if (from !== null) parts.push(`from ${longDate(from)}`);
  else if (to !== null) parts.push(`until ${longDate(to)}`);
  return parts.join(' ');
}

/** Plain English, e.g. 'Every Tuesday and Thursday, 14:00–16:00, from 7 September 2026 to 16 July 2027'. */
export function describeSchedule(rule: ScheduleRule): string {
  const c = compileOrThrow(rule);
  const parts: string[] = [];
  if (c.freq === null) {
    parts.push(
      c.dtstart === null
        ? 'One-off session, date to be confirmed'
        : `${DAY_NAMES[weekdayOf(c.dtstart)]} ${longDate(c.dtstart)}`,
    );
  } else {
    parts.push(c.freq === 'WEEKLY' ? describeWeekly(c) : describeMonthly(c));
  }
  const times = describeTimes(rule.opensAt, rule.closesAt);
  if (times !== '') parts.push(times);
  if (c.freq !== null) {
    const limits = describeLimits(c);
    if (limits !== '') parts.push(limits);
  }
  return parts.join(', ');
}
