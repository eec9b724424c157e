// HSDS schedule (with its cancelled dates) → schedule and cancellation rows, or the rule's problems.
import { z } from 'zod';
import { parseByday, parseBymonthday, scheduleRule, validateRule } from '../../domain/schedule/index.js';
import { date, integer, list, optionalId, text, time } from '../fields.js';
import type { CancellationRow, ScheduleRow } from '../listing.js';
import { orNull, partId, type ListingParts } from './service-parts.js';
import { describedTimesInNote } from '../../domain/description-times.js';

const hsdsCancellation = z.object({
  date: date.refine((v) => v !== null, 'is required'),
  reason: text.optional(),
});

export const hsdsSchedule = z.object({
  id: optionalId,
  valid_from: date.optional(),
  valid_to: date.optional(),
  dtstart: date.optional(),
  timezone: z.unknown().optional(),
  until: date.optional(),
  count: integer.optional(),
  wkst: text.optional(),
  freq: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() || null : (v ?? null)),
      z.enum(['WEEKLY', 'MONTHLY'], { error: 'must be WEEKLY or MONTHLY' }).nullable(),
    )
    .optional(),
  interval: integer.optional(),
  byday: text.optional(),
  byweekno: text.optional(),
  bymonthday: text.optional(),
  byyearday: text.optional(),
  description: text.optional(),
  opens_at: time.optional(),
  closes_at: time.optional(),
  schedule_link: text.optional(),
  attending_type: text.optional(),
  notes: text.optional(),
  cancellations: list(hsdsCancellation).optional(),
});

type HsdsSchedule = z.infer<typeof hsdsSchedule>;

function scheduleProblems(s: HsdsSchedule, where: string): string[] {
  const problems: string[] = [];
  try {
    parseByday(s.byday);
    parseBymonthday(s.bymonthday);
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  for (const problem of validateRule(scheduleRule(s, []))) problems.push(`${where}: ${problem}`);
  return problems;
}

/** Where the schedules hang: on the service itself, or on one of its services at a location. */
export interface ScheduleOwner {
  serviceId: string;
  salId: string | null;
  locationId: string | null;
  /** The schedules' place in the document, for messages: `schedules` or `service_at_locations[0].schedules`. */
  where: string;
}

/** Each valid schedule with its cancelled dates (each date once); each invalid one gives its problems. */
export function scheduleParts(schedules: HsdsSchedule[] | undefined, owner: ScheduleOwner): ListingParts {
  const parts: { schedules: ScheduleRow[]; cancellations: CancellationRow[]; reasons: string[] } = {
    schedules: [],
    cancellations: [],
    reasons: [],
  };
  const { serviceId, salId, locationId } = owner;
  (schedules ?? []).forEach((sch, index) => {
    const problems = scheduleProblems(sch, `${owner.where}[${index}]`);
    if (problems.length) {
      parts.reasons.push(...problems);
      return;
    }
    const scheduleId = partId(serviceId, sch.id, salId ? `sal-schedule-${salId}` : 'schedule', index);
    const proposal = describedTimesInNote(orNull(sch.notes));
    parts.schedules.push({
      id: scheduleId,
      service_id: serviceId,
      location_id: locationId,
      service_at_location_id: salId,
      valid_from: orNull(sch.valid_from),
      valid_to: orNull(sch.valid_to),
      dtstart: orNull(sch.dtstart),
      timezone: 'Europe/London',
      until: orNull(sch.until),
      count: orNull(sch.count),
      wkst: orNull(sch.wkst),
      freq: orNull(sch.freq),
      interval: orNull(sch.interval),
      byday: sch.byday ? parseByday(sch.byday).join(',') : null,
      byweekno: orNull(sch.byweekno),
      bymonthday: sch.bymonthday ? parseBymonthday(sch.bymonthday).join(',') : null,
      byyearday: orNull(sch.byyearday),
      description: orNull(sch.description),
      opens_at: orNull(sch.opens_at),
      closes_at: orNull(sch.closes_at),
      schedule_link: orNull(sch.schedule_link),
      attending_type: orNull(sch.attending_type),
      // A proposal published as such (times taken from a description) is read back as one, not as confirmed times.
      notes: proposal ? proposal.notes : orNull(sch.notes),
      from_description: proposal?.evidence ?? null,
    });
    const seen = new Set<string>();
    for (const c of sch.cancellations ?? []) {
      if (!c.date || seen.has(c.date)) continue;
      seen.add(c.date);
      parts.cancellations.push({ schedule_id: scheduleId, date: c.date, reason: orNull(c.reason) });
    }
  });
  return parts;
}
