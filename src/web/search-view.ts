// Turns a search form and its outcome into what the templates need: checked boxes, labels, page links.
import { vocabulary } from '../domain/vocabulary.js';
import { PARTS_OF_DAY, type Facets } from '../search/engine.js';
import type { SearchOutcome } from '../services/search-directory.js';
import { choiceItems, firstInput, formState, type FormError } from './forms/form-state.js';
import {
  DAYS,
  HOME_OPTIONS,
  RADIUS_MILES,
  searchQueryString,
  SORT_OPTIONS,
  WHEN_OPTIONS,
  type SearchForm,
  type SearchTyped,
} from './forms/search.js';
import { paths } from './paths.js';

/** The error summary's link for each search parameter: its input, or the first input of its group. */
function searchTargets(view: ReturnType<typeof choices>): Record<string, string | null> {
  return {
    need: firstInput(view.needOptions),
    home: firstInput(view.homeOptions),
    age: '#field-age',
    sort: '#field-sort',
    type: firstInput(view.typeOptions),
    suits: firstInput(view.suitOptions),
    day: firstInput(view.dayOptions),
    time: firstInput(view.timeOptions),
    when: firstInput(view.whenOptions),
    from: '#field-from-day',
    to: '#field-to-day',
    page: null,
  };
}

/** The "Within" choices, the chosen one checked (the search page and What's on alike). */
export const radiusOptions = (chosen: number) =>
  RADIUS_MILES.map((miles) => ({
    code: String(miles),
    name: `${miles} ${miles === 1 ? 'mile' : 'miles'}`,
    checked: miles === chosen,
  }));

function choices(form: SearchForm, facets?: Facets) {
  return {
    needOptions: choiceItems('need', vocabulary('needs').terms, form.needs).map((n) => ({
      ...n,
      count: facets ? (facets.needs[n.code] ?? 0) : null,
    })),
    homeOptions: choiceItems('home', HOME_OPTIONS, form.home),
    sortOptions: choiceItems('sort', SORT_OPTIONS, [form.sort]),
    typeOptions: choiceItems('type', vocabulary('activity-types').terms, form.types),
    suitOptions: choiceItems('suits', vocabulary('suitability').terms, form.suits),
    whenOptions: choiceItems('when', WHEN_OPTIONS, [form.when]),
    dayOptions: choiceItems('day', DAYS, form.days).map((d) => ({
      ...d,
      count: facets ? (facets.days[d.iso] ?? 0) : null,
    })),
    timeOptions: choiceItems(
      'time',
      Object.entries(PARTS_OF_DAY).map(([code, part]) => ({ code, name: part.label })),
      form.times,
    ),
  };
}

/** The search form as the page shows it: every box as typed, each problem beside its field and in the summary. */
export function formView(form: SearchForm, errors: FormError[] = [], facets?: Facets, typed?: SearchTyped) {
  const items = choices(form, facets);
  const state = formState({}, errors, searchTargets(items));
  const chosen =
    form.needs.length +
    form.types.length +
    form.suits.length +
    form.days.length +
    form.times.length +
    form.home.length +
    (form.when ? 1 : 0) +
    (typed?.after || typed?.before ? 1 : 0) +
    (form.free ? 1 : 0) +
    (form.age !== null || typed?.age ? 1 : 0);
  return {
    ...form,
    ...items,
    errors: state.errors,
    errorFor: state.errorFor,
    // A time window or date range with a problem is not applied, but what was typed is shown again.
    afterTyped: typed?.after ?? form.after,
    beforeTyped: typed?.before ?? form.before,
    fromTyped: typed?.from,
    toTyped: typed?.to,
    freeOptions: [
      {
        id: 'field-free',
        code: '1',
        name: 'Free only',
        checked: form.free,
        count: facets ? facets.free : null,
      },
    ],
    radiusOptions: radiusOptions(form.radius),
    ageTyped: typed?.age ?? (form.age === null ? '' : String(form.age)),
    filtersSummary: chosen
      ? `Show filters (${chosen} chosen)`
      : 'Show filters: need, day, time, from home, age and cost',
    // Closed unless a filter has a problem, so that on a phone the results come within the first screen.
    filtersOpen: errors.some((e) => !['q', 'where', 'radius', 'sort', 'page'].includes(e.field)),
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A title that tells apart every results page and both views: what and where, the page number and the view,
 * like "Walking near BS5 – page 2 – Search results".
 */
export function searchTitle(form: SearchForm, outcome: SearchOutcome, view: 'list' | 'map', errors: boolean) {
  let title: string;
  if (!outcome.searched && !outcome.locationProblem && !errors) {
    title = view === 'map' ? 'Activities on a map' : 'Search activities';
  } else {
    const needs = form.needs.map(
      (code) => vocabulary('needs').terms.find((t) => t.code === code)?.name ?? code,
    );
    const what = form.q ? capitalised(form.q) : needs.length ? needs.join(' or ') : 'Activities';
    // A place that could not be used is not in the title of results found without it.
    const place = outcome.location?.label ?? (outcome.searched ? null : form.where);
    const where = place ? ` near ${place}` : '';
    const page = form.page > 1 ? ` – page ${form.page}` : '';
    title = `${what}${where}${page} – ${view === 'map' ? 'Map of search results' : 'Search results'}`;
  }
  return errors ? `Error: ${title}` : title;
}

/** What the map shows before anyone searches: the area around a place, or every listing. */
export function defaultMapHeading(outcome: SearchOutcome): string {
  return outcome.location ? `Activities around ${outcome.location.label}` : 'Activities across the directory';
}

/** The default map's title, like "Activities around Leeds – map" ("– page 2" before "map" on later pages). */
export function defaultMapTitle(outcome: SearchOutcome, page: number): string {
  return `${defaultMapHeading(outcome)}${page > 1 ? ` – page ${page}` : ''} – map`;
}

/** Page links around the current page: first, a few either side, last. */
export function pagination(form: SearchForm, total: number, perPage: number, base = paths.search) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(form.page, pages);
  const link = (page: number) => `${base}?${searchQueryString(form, { page })}`;
  const numbers = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: { number?: number; href?: string; current?: boolean; gap?: boolean }[] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push({ gap: true });
    items.push({ number: n, href: link(n), current: n === current });
  });
  return {
    show: pages > 1,
    previous: current > 1 ? link(current - 1) : null,
    next: current < pages ? link(current + 1) : null,
    items,
    from: total === 0 ? 0 : (current - 1) * perPage + 1,
    to: Math.min(current * perPage, total),
    total,
  };
}

/** A sentence saying what was searched, for the results heading and screen readers. */
export function describeSearch(form: SearchForm, outcome: SearchOutcome): string {
  const parts: string[] = [];
  if (form.q) parts.push(`matching “${form.q}”`);
  if (form.needs.length) {
    const names = form.needs.map(
      (code) =>
        vocabulary('needs')
          .terms.find((t) => t.code === code)
          ?.name.toLowerCase() ?? code,
    );
    parts.push(`for ${names.join(' or ')}`);
  }
  if (outcome.location)
    parts.push(`within ${form.radius} ${form.radius === 1 ? 'mile' : 'miles'} of ${outcome.location.label}`);
  else if (outcome.locationProblem) parts.push(`anywhere (we could not use the place “${form.where}”)`);
  if (form.days.length)
    parts.push(`on ${form.days.map((d) => DAYS.find((x) => x.code === d)!.name).join(' or ')}`);
  if (form.times.length) parts.push(`in the ${form.times.join(' or ')}`);
  if (form.after || form.before) parts.push(`between ${form.after || '00:00'} and ${form.before || '24:00'}`);
  if (form.when === 'dates') parts.push(`from ${form.from || 'today'}${form.to ? ` to ${form.to}` : ''}`);
  else if (form.when) parts.push(WHEN_OPTIONS.find((o) => o.code === form.when)!.name.toLowerCase());
  if (form.types.length) {
    parts.push(
      form.types
        .map(
          (c) =>
            vocabulary('activity-types')
              .terms.find((t) => t.code === c)
              ?.name.toLowerCase() ?? c,
        )
        .join(' or '),
    );
  }
  if (form.suits.length) {
    parts.push(
      form.suits
        .map(
          (c) =>
            vocabulary('suitability')
              .terms.find((t) => t.code === c)
              ?.name.toLowerCase() ?? c,
        )
        .join(' and '),
    );
  }
  if (form.free) parts.push('free only');
  if (form.home.length) {
    const ways = form.home.map((code) => HOME_OPTIONS.find((o) => o.code === code)!.name.toLowerCase());
    parts.push(`from home: ${ways.join(' or ')}`);
  }
  if (form.age !== null) parts.push(`for someone aged ${form.age}`);
  return parts.join(', ');
}

export function mapMarkers(outcome: SearchOutcome) {
  return (outcome.result?.hits ?? [])
    .filter((hit) => hit.latitude !== null && hit.longitude !== null)
    .map((hit) => ({
      id: hit.id,
      name: hit.name,
      lat: hit.latitude,
      lng: hit.longitude,
      href: paths.activity(hit.id),
      where: hit.locationName,
    }));
}
