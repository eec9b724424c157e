// The search use case: find the place, ask the engine, and say plainly what happened.
import type { Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { dateRange, type DateChoice } from '../domain/date-shortcuts.js';
import { WEEKDAY_LIST, type Weekday } from '../domain/schedule/index.js';
import { locate, type Located, type NotLocated, type PlaceLookups } from '../geo/locate.js';
import { logger } from '../logger.js';
import { keepRecent } from '../search/cached-engine.js';
import {
  searchQuery,
  type HomeWay,
  type PartOfDay,
  type SearchEngine,
  type SearchResult,
  type SearchSort,
} from '../search/engine.js';

export const METRES_PER_MILE = 1609.344;
export const PER_PAGE = 20;

/** What to look for, already checked: every code is known, every time and date well formed. */
export interface DirectoryQuery {
  /** The words typed, or null. */
  text: string | null;
  needs: string[];
  activityTypes: string[];
  /** Suitability codes, all required. */
  suitability: string[];
  /** A postcode, district or place name as typed, or null. */
  place: string | null;
  radiusMiles: number;
  days: Weekday[];
  partsOfDay: PartOfDay[];
  /** Minutes after midnight; a session must overlap the window. */
  timeWindow: { from: number; to: number } | null;
  /** Resolved against the time of the search ("today" is the searcher's today). */
  dates: DateChoice;
  freeOnly: boolean;
  /** Ways to take part from home; any one will do. */
  fromHome: HomeWay[];
  /** The age of the person: an activity's eligible ages must include it. */
  age: number | null;
  sort: SearchSort;
  page: number;
}

export interface SearchOutcome {
  searched: boolean;
  location: Located | null;
  locationProblem: NotLocated | null;
  result: SearchResult | null;
}

/** How long a place lookup is reused: places change only when a gazetteer is imported. */
const PLACE_TTL_MS = 5 * 60_000;
const PLACES_KEPT = 5000;

/** locate() with the answers of the last few minutes kept: most searches name the same few places. */
function recentPlaces(places: PlaceLookups): (where: string) => Promise<Located | NotLocated> {
  const kept = new Map<string, { answer: Located | NotLocated; at: number }>();
  return async (where) => {
    // As typed (spaces aside): the answer can quote it.
    const key = where.trim().replace(/\s+/g, ' ');
    const hit = kept.get(key);
    if (hit && Date.now() - hit.at < PLACE_TTL_MS) return hit.answer;
    const answer = await locate(places, where);
    keepRecent(kept, key, { answer, at: Date.now() }, PLACES_KEPT);
    return answer;
  };
}

export function createSearchDirectory(
  stores: Pick<Stores, 'searchReads' | 'searchGaps'>,
  engine: () => SearchEngine,
  clock: Clock,
) {
  // Searches read the read replica when there is one; the count of searches that found nothing is a write.
  const findPlace = recentPlaces(stores.searchReads.places);
  return async function searchDirectory(
    query: DirectoryQuery,
    options: { now?: Date; perPage?: number; facets?: boolean } = {},
  ): Promise<SearchOutcome> {
    const outcome: SearchOutcome = { searched: false, location: null, locationProblem: null, result: null };
    if (query.place) {
      const place = await findPlace(query.place);
      if (place.found) outcome.location = place;
      else {
        outcome.locationProblem = place;
        return outcome;
      }
    }
    outcome.searched = true;
    const now = options.now ?? clock.now();
    const dates = dateRange(query.dates, now);
    outcome.result = await engine().search(
      searchQuery({
        text: query.text,
        needs: query.needs,
        activityTypes: query.activityTypes,
        suitability: query.suitability,
        near: outcome.location,
        radiusMetres: query.radiusMiles * METRES_PER_MILE,
        days: query.days.map((code) => WEEKDAY_LIST.find((d) => d.code === code)!.iso),
        partsOfDay: query.partsOfDay,
        timeWindow: query.timeWindow,
        dateFrom: dates.from,
        dateTo: dates.to,
        freeOnly: query.freeOnly,
        fromHome: query.fromHome,
        minimumAge: query.age,
        maximumAge: query.age,
        sort: query.sort,
        withFacets: options.facets ?? false,
        page: query.page,
        perPage: options.perPage ?? PER_PAGE,
        now,
      }),
    );
    if (outcome.result.total === 0) {
      // The gap report must never cost anyone their search results.
      await stores.searchGaps
        .recordSearchGap({
          needs: query.needs,
          near: outcome.location
            ? { latitude: outcome.location.latitude, longitude: outcome.location.longitude }
            : null,
          days: query.days,
          times: query.partsOfDay,
          dateFrom: dates.from,
          dateTo: dates.to,
          freeOnly: query.freeOnly,
          searchedAt: now,
        })
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'could not record a search that found nothing'),
        );
    }
    return outcome;
  };
}

export type SearchDirectory = ReturnType<typeof createSearchDirectory>;
