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
  /** A postcode, sector, district or place name as typed, or null. */
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

const PLACES_KEPT = 5000;

/** The gazetteer lookups a search makes, and the version that says whether earlier answers still hold. */
type SearchPlaces = PlaceLookups & Pick<Stores['places'], 'placesVersion'>;

/**
 * locate() with its answers kept while the gazetteer is unchanged: most searches name the same few places. The
 * version is read from the database searched, where an import's commit moves it, so every web process sees a
 * place as soon as it is imported (and never keeps a "not found" from before).
 */
function recentPlaces(places: SearchPlaces): (where: string) => Promise<Located | NotLocated> {
  const kept = new Map<string, Located | NotLocated>();
  let keptVersion = '';
  return async (where) => {
    const version = await places.placesVersion();
    if (version !== keptVersion) {
      kept.clear();
      keptVersion = version;
    }
    // As typed (spaces aside): the answer can quote it.
    const key = where.trim().replace(/\s+/g, ' ');
    // Read after the version, so an answer is never older than the version it is kept under.
    const answer = kept.get(key) ?? (await locate(places, where));
    if (keptVersion === version) keepRecent(kept, key, answer, PLACES_KEPT);
    return answer;
  };
}

/** Whether anything but the place was asked: words or a filter still answer when the place cannot be found. */
function asksMoreThanPlace(query: DirectoryQuery): boolean {
  return Boolean(
    query.text ||
    query.needs.length ||
    query.activityTypes.length ||
    query.suitability.length ||
    query.days.length ||
    query.partsOfDay.length ||
    query.timeWindow ||
    query.dates.when ||
    query.freeOnly,
  );
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
    options: {
      now?: Date;
      perPage?: number;
      facets?: boolean;
      placeRequired?: boolean;
      /** False for a page shown before anyone asked (the map's default area): not a search that found nothing. */
      countGap?: boolean;
    } = {},
  ): Promise<SearchOutcome> {
    const outcome: SearchOutcome = { searched: false, location: null, locationProblem: null, result: null };
    if (query.place) {
      const place = await findPlace(query.place);
      if (place.found) outcome.location = place;
      else {
        outcome.locationProblem = place;
        // The words are kept: results for them anywhere, with the place problem said beside them.
        if (options.placeRequired || !asksMoreThanPlace(query)) return outcome;
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
    if (outcome.result.total === 0 && options.countGap !== false) {
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
