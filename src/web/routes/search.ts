// Home, search results and map: one search, three ways to look at it.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import type { SearchOutcome } from '../../services/search-directory.js';
import {
  clearedQueryString,
  directoryQuery,
  hasCriteria,
  parseSearchForm,
  searchQueryString,
} from '../forms/search.js';
import { paths } from '../paths.js';
import { describeSearch, formView, mapMarkers, pagination, searchTitle } from '../search-view.js';

const MAP_PER_PAGE = 100;
const NOT_SEARCHED: SearchOutcome = { searched: false, location: null, locationProblem: null, result: null };

export function searchRoutes(services: Services): Router {
  const router = Router();

  router.get(paths.home, async (_req, res) => {
    const { form } = parseSearchForm({});
    res.render('pages/home', {
      title: 'Find a local activity, group or session',
      form: formView(form),
      isHome: true,
    });
  });

  const searchPage = (view: 'pages/search' | 'pages/map', perPage: number) =>
    async function (req: import('express').Request, res: import('express').Response) {
      const { form, errors, typed } = parseSearchForm(req.query as Record<string, unknown>);
      // Nothing asked and nothing wrong: the empty form. A bad parameter alone still searches, with its error.
      const outcome =
        hasCriteria(form) || errors.length
          ? await services.searchDirectory(directoryQuery(form), { perPage, facets: true })
          : NOT_SEARCHED;
      const total = outcome.result?.total ?? 0;
      const base = view === 'pages/map' ? paths.map : paths.search;
      // A place we cannot find is a problem with the "Where?" box, shown as every other problem is; the page still
      // answers for the words without it, so only a search left with nothing to answer is a bad request.
      const problems = outcome.locationProblem
        ? [...errors, { field: 'where', message: outcome.locationProblem.message }]
        : errors;
      if (errors.length || (outcome.locationProblem && !outcome.searched)) res.status(400);
      res.render(view, {
        title: searchTitle(form, outcome, view === 'pages/map' ? 'map' : 'list', problems.length > 0),
        form: formView(form, problems, outcome.result?.facets, typed),
        outcome,
        suggestions: (outcome.locationProblem?.suggestions ?? []).map((place) => ({
          place,
          href: `${base}?${searchQueryString({ ...form, where: place, page: 1 })}`,
        })),
        description: describeSearch(form, outcome),
        hits: outcome.result?.hits ?? [],
        total,
        pagination: pagination(form, total, perPage, base),
        markers: mapMarkers(outcome),
        queryString: searchQueryString(form),
        listHref: `${paths.search}?${searchQueryString(form)}`,
        mapHref: `${paths.map}?${searchQueryString(form)}`,
        // Shown once a filter is chosen: the same words and place, nothing else.
        clearHref:
          clearedQueryString(form) !== searchQueryString({ ...form, page: 1 })
            ? `${base}?${clearedQueryString(form)}`
            : null,
        whatsOnHref: form.where
          ? `${paths.whatsOn}?${new URLSearchParams({ where: form.where, radius: String(form.radius) })}`
          : paths.whatsOn,
        withoutPlaceHref: `${base}?${searchQueryString({ ...form, where: '', page: 1 })}`,
        mapPage: view === 'pages/map',
        leaflet: view === 'pages/map',
      });
    };

  router.get(paths.search, searchPage('pages/search', 20));
  router.get(paths.map, searchPage('pages/map', MAP_PER_PAGE));
  return router;
}
