// Runs a judged query the way the search page does: the form read by the page's own parser, then the same
// search service (searchDirectory) over the same engine stack the server builds.
import type { DataSource } from 'typeorm';
import { createSearchEngines } from '../../src/search/engines.js';
import { createSearchDirectory, type SearchOutcome } from '../../src/services/search-directory.js';
import { directoryQuery, parseSearchForm } from '../../src/web/forms/search.js';
import { formQuery, type QueryForm } from './judged-set.js';
import { createStores } from '../../src/db/stores.js';
import { systemClock } from '../../src/domain/clock.js';

export interface QueryRun {
  /** Listing ids in the order the page would show them (first page only). */
  ranked: string[];
  total: number;
  /** What the page would report instead of (or beside) results: a form error or a place not found. */
  problems: string[];
  location: SearchOutcome['location'];
}

export async function queryRunner(db: DataSource, now: Date, perPage = 20) {
  const engines = await createSearchEngines({ meili: null }, db);
  const searchDirectory = createSearchDirectory(createStores(db), () => engines.searchEngine, systemClock);
  return async function run(form: QueryForm): Promise<QueryRun> {
    const { form: checked, errors } = parseSearchForm(formQuery(form));
    const outcome = await searchDirectory(directoryQuery(checked), { now, perPage, facets: true });
    const problems = errors.map((e) => `${e.field}: ${e.message}`);
    if (outcome.locationProblem) {
      const { message, suggestions } = outcome.locationProblem;
      problems.push(suggestions.length ? `${message} (suggests ${suggestions.join(', ')})` : message);
    }
    return {
      ranked: outcome.result?.hits.map((h) => h.id) ?? [],
      total: outcome.result?.total ?? 0,
      problems,
      location: outcome.location,
    };
  };
}
