// Home, search results and map: one search, three ways to look at it; the map shows an area before anyone asks.
import { Router, type Request, type Response } from 'express';
import { logger } from '../../logger.js';
import type { Services } from '../../services/index.js';
import type { SearchOutcome } from '../../services/search-directory.js';
import {
  clearedQueryString,
  directoryQuery,
  hasCriteria,
  parseSearchForm,
  searchQueryString,
  type SearchForm,
} from '../forms/search.js';
import { paths } from '../paths.js';
import {
  defaultMapHeading,
  defaultMapTitle,
  describeSearch,
  formView,
  mapMarkers,
  pagination,
  searchTitle,
} from '../search-view.js';

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

  /**
   * The map before anyone searches: the same search around the operator's area (DEFAULT_PLACE), or across every
   * listing when none is set or it cannot be found, with a place box first and the list beside the map.
   */
  let warned = false;
  async function defaultMap(form: SearchForm, res: Response) {
    const place = services.settings.defaultPlace;
    const around = (where: string | null) =>
      services.searchDirectory(directoryQuery({ ...form, where: where ?? '' }), {
        perPage: MAP_PER_PAGE,
        countGap: false,
      });
    let outcome = await around(place);
    if (outcome.locationProblem) {
      if (!warned)
        logger.warn(
          `DEFAULT_PLACE "${place}" is not a place the gazetteer knows: the map shows every listing`,
        );
      warned = true;
      outcome = await around(null);
    }
    const total = outcome.result?.total ?? 0;
    const areaForm = { ...form, where: outcome.location ? (place ?? '') : '' };
    res.render('pages/map', {
      title: defaultMapTitle(outcome, form.page),
      heading: defaultMapHeading(outcome),
      form: formView(form),
      defaultView: true,
      outcome,
      suggestions: [],
      description: describeSearch(areaForm, outcome),
      hits: outcome.result?.hits ?? [],
      total,
      pagination: pagination(form, total, MAP_PER_PAGE, paths.map),
      markers: mapMarkers(outcome),
      withoutPlaceHref: paths.search,
      mapPage: true,
      leaflet: true,
    });
  }

  const searchPage = (view: 'pages/search' | 'pages/map', perPage: number) =>
    async function (req: Request, res: Response) {
      const { form, errors, typed } = parseSearchForm(req.query as Record<string, unknown>);
      const asked = hasCriteria(form) || errors.length > 0;
      if (!asked && view === 'pages/map') return defaultMap(form, res);
      // Nothing asked and nothing wrong: the empty form. A bad parameter alone still searches, with its error.
      const outcome = asked
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
