// The session summary kept on each service for search: its next session and its slot mask (which parts of
// which weekdays it meets in), so a day or time filter need not read the occurrences.
import { slotMask, slotMaskSql } from '../domain/time-rules.js';
import type { Queryable } from './queryable.js';
import { mergePendingSearchEntries } from './search-fields.js';

export interface SessionSummaries {
  ids: string[];
  nextAt: string[];
  masks: number[];
}

/** The next session and slot mask per service, from the occurrences just expanded (as refreshNextSessions would). */
export function sessionSummaries(
  starts: string[],
  owners: string[],
  weekdays: number[],
  startMinutes: number[],
  endMinutes: (number | null)[],
  now: Date,
): SessionSummaries {
  const nowIso = now.toISOString();
  const byService = new Map<string, { next: string; mask: number }>();
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] < nowIso) continue;
    const mask = slotMask(weekdays[i], startMinutes[i], endMinutes[i]);
    const summary = byService.get(owners[i]);
    if (!summary) byService.set(owners[i], { next: starts[i], mask });
    else {
      summary.mask |= mask;
      if (starts[i] < summary.next) summary.next = starts[i];
    }
  }
  const ids = [...byService.keys()];
  return {
    ids,
    nextAt: ids.map((id) => byService.get(id)!.next),
    masks: ids.map((id) => byService.get(id)!.mask),
  };
}

/** Keeps the session summary used by search on each service: the next session and the slot mask. */
export async function refreshNextSessions(db: Queryable, now: Date, serviceIds?: string[]): Promise<void> {
  await db.query(
    `UPDATE service s SET next_session_at = summary.next_at, slot_mask = summary.mask
     FROM (
       SELECT t.id,
         (SELECT min(o.starts_at) FROM session_occurrence o WHERE o.service_id = t.id AND o.starts_at >= $1) AS next_at,
         coalesce((
           SELECT bit_or(${slotMaskSql('o')})
           FROM session_occurrence o WHERE o.service_id = t.id AND o.starts_at >= $1), 0) AS mask
       FROM service t
       WHERE ${serviceIds ? 't.id = ANY($2)' : '(t.next_session_at IS NULL OR t.next_session_at < $1)'}
     ) summary
     WHERE s.id = summary.id`,
    serviceIds ? [now.toISOString(), serviceIds] : [now.toISOString()],
  );
  // The hourly run: a session a week and a day away is now within the week, whether or not it changed.
  if (!serviceIds) {
    await db.query(
      `UPDATE search_entry SET quality = search_quality(next_session_at, assured_date, $1)
       WHERE quality IS DISTINCT FROM search_quality(next_session_at, assured_date, $1)`,
      [now.toISOString()],
    );
  }
  await mergePendingSearchEntries(db);
}
