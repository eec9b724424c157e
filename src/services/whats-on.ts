// "What's on": the sessions near a place today, tomorrow or this week, in time order. Which activities count is
// the search's own answer (the same place lookup, radius and date rule), so the two pages never disagree.
import type { Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { dateRange } from '../domain/date-shortcuts.js';
import type { SearchHit } from '../search/engine.js';
import type { DirectoryQuery, SearchDirectory, SearchOutcome } from './search-directory.js';

/** The date choices the page offers: a subset of the search's "when", read by the same rule. */
export const WHATS_ON_WHEN = ['today', 'tomorrow', 'this-week'] as const;
export type WhatsOnWhen = (typeof WHATS_ON_WHEN)[number];

/** At most this many sessions are listed; the page says when there were more. */
export const SESSIONS_SHOWN = 100;
/** The activities whose sessions are read: the soonest this many of those near the place. */
const ACTIVITIES_READ = 200;

export interface WhatsOnQuery {
  place: string;
  radiusMiles: number;
  when: WhatsOnWhen;
}

export interface WhatsOnSession {
  start: Date;
  end: Date | null;
  activity: SearchHit;
}

export interface WhatsOnDay {
  /** YYYY-MM-DD, London. */
  date: string;
  sessions: WhatsOnSession[];
}

export interface WhatsOn {
  location: SearchOutcome['location'];
  locationProblem: SearchOutcome['locationProblem'];
  days: WhatsOnDay[];
  count: number;
  /** More sessions matched than are listed. */
  capped: boolean;
}

export function createWhatsOn(
  stores: Pick<Stores, 'searchReads'>,
  searchDirectory: SearchDirectory,
  clock: Clock,
) {
  return async function whatsOn(query: WhatsOnQuery, now: Date = clock.now()): Promise<WhatsOn> {
    const dates = { when: query.when, from: '', to: '' } as const;
    const directoryQuery: DirectoryQuery = {
      text: null,
      needs: [],
      activityTypes: [],
      suitability: [],
      place: query.place,
      radiusMiles: query.radiusMiles,
      days: [],
      partsOfDay: [],
      timeWindow: null,
      dates,
      freeOnly: false,
      fromHome: [],
      age: null,
      sort: 'soonest',
      page: 1,
    };
    const outcome = await searchDirectory(directoryQuery, {
      now,
      perPage: ACTIVITIES_READ,
      placeRequired: true,
    });
    const answer: WhatsOn = {
      location: outcome.location,
      locationProblem: outcome.locationProblem,
      days: [],
      count: 0,
      capped: false,
    };
    if (!outcome.result) return answer;
    const hits = new Map(outcome.result.hits.map((hit) => [hit.id, hit]));
    const range = dateRange(dates, now) as { from: string; to: string };
    const sessions = await stores.searchReads.whatsOn.sessionsBetween(
      [...hits.keys()],
      range,
      now,
      SESSIONS_SHOWN + 1,
    );
    answer.capped = sessions.length > SESSIONS_SHOWN || outcome.result.total > outcome.result.hits.length;
    for (const session of sessions.slice(0, SESSIONS_SHOWN)) {
      let day = answer.days.at(-1);
      if (day?.date !== session.localDate)
        answer.days.push((day = { date: session.localDate, sessions: [] }));
      day.sessions.push({ start: session.start, end: session.end, activity: hits.get(session.serviceId)! });
      answer.count += 1;
    }
    return answer;
  };
}

export type WhatsOnSearch = ReturnType<typeof createWhatsOn>;
