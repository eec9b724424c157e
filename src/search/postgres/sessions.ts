// The time filters of a search as SQL over a search_entry row s. Days and parts of the day alone are answered
// from the row's slot mask; time windows and dates read the sessions themselves: session_occurrence, and for
// dates past its horizon the sessions expanded when asked (far-sessions.ts), given to the statement as
// far_next, one row per activity.
import { overlapsWindowSql, partsOfDaySql, slotMaskFor } from '../../domain/time-rules.js';
import { isTimeFiltered, type SearchQuery } from '../engine.js';
import { weekdayBits, type FarRange, type FarSessions } from '../far-sessions.js';
import type { Params } from './matches.js';

export interface Far {
  range: FarRange;
  sessions: FarSessions;
}

const WEEK = [1, 2, 3, 4, 5, 6, 7];

/** Runs once, on first use: Postgres rejects a parameter that the statement never mentions. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

export function sessionSql(
  query: SearchQuery,
  p: Params,
  now: () => string,
  { facets, scored, far }: { facets: boolean; scored: boolean; far: Far | null },
) {
  const ctes: string[] = [];
  const where: string[] = [];
  const joins: string[] = [];
  const joinedWhere: string[] = [];
  const columns: string[] = [];
  const dayFacet: Record<number, string> = {};
  let rankSession = 's.next_session_at';
  // A listing closed for now has no session to go to, whatever its schedule says.
  if (isTimeFiltered(query)) where.push(`s.status = 'active'`);

  // A session on a chosen day, overlapping a chosen part of the day or time window (a 09:00–17:00 drop-in
  // suits someone free in the afternoon), within the chosen dates.
  const dayFilter = once(() => (query.days.length ? [`o.iso_dow = ANY(${p.add(query.days)})`] : []));
  const otherFilters = once(() => [
    ...(query.partsOfDay.length ? [partsOfDaySql(query.partsOfDay)] : []),
    ...(query.timeWindow
      ? [overlapsWindowSql(Math.round(query.timeWindow.from), Math.round(query.timeWindow.to))]
      : []),
    ...(query.dateFrom ? [`o.local_date >= ${p.add(query.dateFrom)}::date`] : []),
    ...(query.dateTo ? [`o.local_date <= ${p.add(query.dateTo)}::date`] : []),
  ]);
  const conditions = (filters: string[], owner = 's.service_id') =>
    `o.service_id = ${owner} AND o.starts_at >= ${now()}${filters.map((f) => ` AND ${f}`).join('')}`;
  // Nearer dates are read from session_occurrence unless every date asked for lies past it.
  const near = !far?.range.only;
  if (far) {
    const ids: string[] = [];
    const starts: (Date | null)[] = [];
    const ends: (Date | null)[] = [];
    const masks: number[] = [];
    for (const [id, session] of far.sessions) {
      ids.push(id);
      starts.push(session.start);
      ends.push(session.end);
      masks.push(session.dayMask);
    }
    ctes.push(`far_next AS MATERIALIZED (
      SELECT * FROM unnest(${p.add(ids)}::text[], ${p.add(starts)}::timestamptz[], ${p.add(ends)}::timestamptz[],
        ${p.add(masks)}::integer[]) AS f(service_id, starts_at, ends_at, day_mask))`);
  }

  /** The next session meeting every time filter, joined as `alias`; sessionOf gives its start and end. */
  const nextMatching = (alias: string, owner: string) =>
    [
      near
        ? `LEFT JOIN LATERAL (
          SELECT o.starts_at, o.ends_at FROM session_occurrence o
          WHERE ${conditions([...dayFilter(), ...otherFilters()], owner)}
          ORDER BY o.starts_at LIMIT 1) ${alias} ON true`
        : '',
      far ? `LEFT JOIN far_next ${alias}_far ON ${alias}_far.service_id = ${owner}` : '',
    ].join('\n');
  const sessionOf = (alias: string) => {
    if (!far) return { start: `${alias}.starts_at`, end: `${alias}.ends_at` };
    if (!near) return { start: `${alias}_far.starts_at`, end: `${alias}_far.ends_at` };
    return {
      start: `LEAST(${alias}.starts_at, ${alias}_far.starts_at)`,
      end: `CASE WHEN ${alias}.starts_at IS NULL OR ${alias}_far.starts_at < ${alias}.starts_at
        THEN ${alias}_far.ends_at ELSE ${alias}.ends_at END`,
    };
  };

  const sessionsNeeded = query.timeWindow !== null || query.dateFrom !== null || query.dateTo !== null;
  if (!sessionsNeeded) {
    const maskFor = (days: number[]) => p.add(slotMaskFor(days, query.partsOfDay));
    if (facets) {
      if (query.partsOfDay.length) where.push(`(s.slot_mask & ${maskFor([])}) <> 0`);
      columns.push(
        query.days.length ? `(s.slot_mask & ${maskFor(query.days)}) <> 0 AS day_ok` : 'true AS day_ok',
      );
      for (const day of WEEK) dayFacet[day] = `(m.slot_mask & ${maskFor([day])}) <> 0`;
      // Counted as a day only while open: choosing that day leaves out a listing closed for now.
      columns.push(`CASE WHEN s.status = 'active' THEN s.slot_mask ELSE 0 END AS slot_mask`);
    } else if (query.days.length || query.partsOfDay.length) {
      where.push(`(s.slot_mask & ${maskFor(query.days)}) <> 0`);
    }
  } else if (facets) {
    // Every weekday with a session that meets the other time filters, as a mask, for the day counts.
    const masks: string[] = [];
    if (near) {
      joins.push(`LEFT JOIN LATERAL (
        SELECT bit_or(1 << (o.iso_dow - 1)) AS day_mask FROM session_occurrence o
        WHERE ${conditions(otherFilters())}) session_days ON true`);
      masks.push('session_days.day_mask');
    }
    if (far) {
      joins.push('LEFT JOIN far_next far_days ON far_days.service_id = s.service_id');
      masks.push('far_days.day_mask');
    }
    const mask = masks.length > 1 ? `(coalesce(${masks[0]}, 0) | coalesce(${masks[1]}, 0))` : masks[0];
    joinedWhere.push(`coalesce(${mask}, 0) <> 0`);
    columns.push(`coalesce(${mask}, 0) AS session_days`);
    columns.push(
      query.days.length
        ? `(coalesce(${mask}, 0) & ${p.add(weekdayBits(query.days))}) <> 0 AS day_ok`
        : 'true AS day_ok',
    );
    for (const day of WEEK) dayFacet[day] = `(m.session_days & ${1 << (day - 1)}) <> 0`;
  } else if (scored) {
    joins.push(nextMatching('matching', 's.service_id'));
    rankSession = sessionOf('matching').start;
    joinedWhere.push(`${rankSession} IS NOT NULL`);
  } else {
    // Unranked, only whether a session fits matters: semi-joins the planner can answer from the weekday index.
    const exists = [
      near
        ? `EXISTS (SELECT 1 FROM session_occurrence o WHERE ${conditions([...dayFilter(), ...otherFilters()])})`
        : '',
      far ? 's.service_id IN (SELECT service_id FROM far_next WHERE starts_at IS NOT NULL)' : '',
    ].filter(Boolean);
    where.push(exists.length > 1 ? `(${exists.join(' OR ')})` : exists[0]);
  }
  return { ctes, where, joins, joinedWhere, columns, dayFacet, rankSession, nextMatching, sessionOf };
}
