// The time rules every search path shares: what a part of the day is, when a session ends, and when a
// session counts as falling in a time window. Times are local wall-clock minutes after midnight, so a
// clock change moves the instant a session starts, never which part of the day it is in.
//
// Both the JS functions and the SQL fragments come from here, so the page's engine, the map, the API and
// the Meilisearch documents cannot drift apart; test/integration/time-rules.test.ts runs a table of
// awkward sessions through both and proves they agree.

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

export const DAY_MINUTES = 24 * 60;
/** A session with no end time is taken to last an hour. */
export const UNTIMED_SESSION_MINUTES = 60;

/** Morning is before 12:00, afternoon 12:00–17:00, evening from 17:00. */
export const PARTS_OF_DAY: Record<PartOfDay, { from: number; to: number; label: string }> = {
  morning: { from: 0, to: 12 * 60, label: 'Morning (before 12:00)' },
  afternoon: { from: 12 * 60, to: 17 * 60, label: 'Afternoon (12:00 to 17:00)' },
  evening: { from: 17 * 60, to: DAY_MINUTES, label: 'Evening (from 17:00)' },
};

/** The order of the parts in a slot mask: bit (isoDow - 1) * 3 + part index. */
export const PART_ORDER: readonly PartOfDay[] = ['morning', 'afternoon', 'evening'];

/** A session's end in minutes: no end means an hour; an end at or before the start (past midnight)
 * means the end of the day, since the evening is the part it runs into. */
export function sessionEndMinute(startMinute: number, endMinute: number | null): number {
  if (endMinute === null) return startMinute + UNTIMED_SESSION_MINUTES;
  return endMinute <= startMinute ? DAY_MINUTES : endMinute;
}

/** A session falls in a window when it overlaps it: a 09:00–17:00 drop-in suits someone free at 14:00. */
export function overlapsWindow(
  startMinute: number,
  endMinute: number | null,
  from: number,
  to: number,
): boolean {
  return startMinute < to && sessionEndMinute(startMinute, endMinute) > from;
}

/**
 * The parts of the day a time window is made of exactly (12:00–17:00 is the afternoon, 00:00–17:00 the
 * morning and afternoon), or null. A session overlaps such a window exactly when it overlaps one of those
 * parts, so a search may ask either way and be answered alike.
 */
export function partsOfWindow(from: number, to: number): PartOfDay[] | null {
  const first = PART_ORDER.findIndex((part) => PARTS_OF_DAY[part].from === from);
  const last = PART_ORDER.findIndex((part) => PARTS_OF_DAY[part].to === to);
  return first >= 0 && last >= first ? PART_ORDER.slice(first, last + 1) : null;
}

/** The slot-mask bits of one session: the parts of its weekday it overlaps. */
export function slotMask(isoDow: number, startMinute: number, endMinute: number | null): number {
  let mask = 0;
  PART_ORDER.forEach((part, index) => {
    const { from, to } = PARTS_OF_DAY[part];
    if (overlapsWindow(startMinute, endMinute, from, to)) mask |= 1 << ((isoDow - 1) * 3 + index);
  });
  return mask;
}

/** The bits of a slot mask meaning "on one of these days, in one of these parts" (all days or parts if none). */
export function slotMaskFor(days: number[], parts: PartOfDay[]): number {
  let mask = 0;
  for (const day of days.length ? days : [1, 2, 3, 4, 5, 6, 7]) {
    for (const part of parts.length ? parts : PART_ORDER) {
      mask |= 1 << ((day - 1) * 3 + PART_ORDER.indexOf(part));
    }
  }
  return mask;
}

// SQL over a session_occurrence row (columns start_minute, end_minute, iso_dow). `from` and `to` are SQL
// expressions (a number or a bind parameter), so callers keep their own parameter numbering.

/** sessionEndMinute as SQL. */
export function sessionEndSql(alias = 'o'): string {
  const start = `${alias}.start_minute`;
  const end = `${alias}.end_minute`;
  return `(CASE WHEN ${end} IS NULL THEN ${start} + ${UNTIMED_SESSION_MINUTES}
    WHEN ${end} <= ${start} THEN ${DAY_MINUTES} ELSE ${end} END)`;
}

/** When a session (a session_occurrence row) is over, as an instant: with no end, an hour after it starts. */
export function sessionEndsAtSql(alias = 'o'): string {
  return `coalesce(${alias}.ends_at, ${alias}.starts_at + make_interval(mins => ${UNTIMED_SESSION_MINUTES}))`;
}

/** overlapsWindow as SQL. */
export function overlapsWindowSql(from: string | number, to: string | number, alias = 'o'): string {
  return `(${alias}.start_minute < ${to} AND ${sessionEndSql(alias)} > ${from})`;
}

/** Overlaps any of the parts, as SQL. */
export function partsOfDaySql(parts: PartOfDay[], alias = 'o'): string {
  return `(${parts.map((part) => overlapsWindowSql(PARTS_OF_DAY[part].from, PARTS_OF_DAY[part].to, alias)).join(' OR ')})`;
}

/** slotMask as SQL (an integer expression). */
export function slotMaskSql(alias = 'o'): string {
  return PART_ORDER.map((part, index) => {
    const { from, to } = PARTS_OF_DAY[part];
    return `CASE WHEN ${overlapsWindowSql(from, to, alias)} THEN 1 << ((${alias}.iso_dow - 1) * 3 + ${index}) ELSE 0 END`;
  }).join('\n  | ');
}
