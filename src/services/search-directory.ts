// The search use case: check the form, find the place, ask the engine, and say plainly what happened.
import { locate, type Located, type NotLocated } from '../geo/locate.js';
import type { Queryable } from '../db/rows.js';
import type { SearchEngine, SearchResult } from '../search/engine.js';
import {
  DAYS,
  hasCriteria,
  METRES_PER_MILE,
  PER_PAGE,
  type FieldError,
  type SearchForm,
} from './search-form.js';

export interface SearchOutcome {
  form: SearchForm;
  errors: FieldError[];
  searched: boolean;
  location: Located | null;
  locationProblem: NotLocated | null;
  result: SearchResult | null;
}

export function createSearchDirectory(db: Queryable, engine: () => SearchEngine) {
  return async function searchDirectory(
    form: SearchForm,
    errors: FieldError[],
    options: { now?: Date; perPage?: number } = {},
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
      const place = await locate(db, form.where);
      if (place.found) outcome.location = place;
      else {
        outcome.locationProblem = place;
        return outcome;
      }
    }
    outcome.searched = true;
    outcome.result = await engine().search({
      text: form.q || null,
      needs: form.needs,
      activityTypes: [],
      suitability: [],
      near: outcome.location,
      radiusMetres: form.radius * METRES_PER_MILE,
      days: form.days.map((code) => DAYS.find((d) => d.code === code)!.iso),
      partsOfDay: form.times,
      timeWindow: null,
      dateFrom: null,
      dateTo: null,
      freeOnly: form.free,
      withFacets: false,
      page: form.page,
      perPage: options.perPage ?? PER_PAGE,
      now: options.now ?? new Date(),
    });
    return outcome;
  };
}

export type SearchDirectory = ReturnType<typeof createSearchDirectory>;
