// The search use case: check the form, find the place, ask the engine, and say plainly what happened.
import { recordSearchGap } from '../db/search-gap-store.js';
import { locate, type Located, type NotLocated } from '../geo/locate.js';
import { logger } from '../logger.js';
import type { Queryable } from '../db/rows.js';
import { keepRecent } from '../search/cached-engine.js';
import type { SearchEngine, SearchResult } from '../search/engine.js';
import {
  dateRange,
  DAYS,
  hasCriteria,
  METRES_PER_MILE,
  PER_PAGE,
  type FieldError,
  type SearchForm,
} from './search-form.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface SearchOutcome {
  form: SearchForm;
  errors: FieldError[];
  searched: boolean;
  location: Located | null;
  locationProblem: NotLocated | null;
  result: SearchResult | null;
}

/** How long a place lookup is reused: places change only when a gazetteer is imported. */
const PLACE_TTL_MS = 5 * 60_000;
const PLACES_KEPT = 5000;

/** locate() with the answers of the last few minutes kept: most searches name the same few places. */
function recentPlaces(db: Queryable): (where: string) => Promise<Located | NotLocated> {
  const kept = new Map<string, { answer: Located | NotLocated; at: number }>();
  return async (where) => {
    // As typed (spaces aside): the answer can quote it.
    const key = where.trim().replace(/\s+/g, ' ');
    const hit = kept.get(key);
    if (hit && Date.now() - hit.at < PLACE_TTL_MS) return hit.answer;
    const answer = await locate(db, where);
    keepRecent(kept, key, { answer, at: Date.now() }, PLACES_KEPT);
    return answer;
  };
}

export function createSearchDirectory(db: Queryable, engine: () => SearchEngine) {
  const findPlace = recentPlaces(db);
  return async function searchDirectory(
    form: SearchForm,
    errors: FieldError[],
    options: { now?: Date; perPage?: number; facets?: boolean } = {},
  ): Promise<SearchOutcome> {
    const outcome: SearchOutcome = {
      form,
      errors,
      searched: false,
      location: null,
      locationProblem: null,
      result: null,
    };
    if (!hasCriteria(form) && errors.length === 0) return outcome;
    if (form.where) {
      const place = await findPlace(form.where);
      if (place.found) outcome.location = place;
      else {
        outcome.locationProblem = place;
        return outcome;
      }
    }
    outcome.searched = true;
    const now = options.now ?? new Date();
    const dates = dateRange(form, now);
    outcome.result = await engine().search({
      text: form.q || null,
      needs: form.needs,
      activityTypes: form.types,
      suitability: form.suits,
      near: outcome.location,
      radiusMetres: form.radius * METRES_PER_MILE,
      days: form.days.map((code) => DAYS.find((d) => d.code === code)!.iso),
      partsOfDay: form.times,
      timeWindow:
        form.after || form.before
          ? { from: minutes(form.after || '00:00'), to: minutes(form.before || '24:00') }
          : null,
      dateFrom: dates.from,
      dateTo: dates.to,
      freeOnly: form.free,
      withFacets: options.facets ?? false,
      page: form.page,
      perPage: options.perPage ?? PER_PAGE,
      now,
    });
    if (outcome.result.total === 0) {
      // The gap report must never cost anyone their search results.
      await recordSearchGap(db, {
        needs: form.needs,
        near: outcome.location
          ? { latitude: outcome.location.latitude, longitude: outcome.location.longitude }
          : null,
        days: form.days,
        times: form.times,
        dateFrom: dates.from,
        dateTo: dates.to,
        freeOnly: form.free,
        searchedAt: now,
      }).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not record a search that found nothing'),
      );
    }
    return outcome;
  };
}

export type SearchDirectory = ReturnType<typeof createSearchDirectory>;
