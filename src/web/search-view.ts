// Turns a search form and its outcome into what the templates need: checked boxes, labels, page links.
import { vocabulary } from '../domain/vocabulary.js';
import { PARTS_OF_DAY, type Facets } from '../search/engine.js';
import type { SearchOutcome } from '../services/search-directory.js';
import type { FormError } from './forms/form-state.js';
import { DAYS, RADIUS_MILES, searchQueryString, WHEN_OPTIONS, type SearchForm } from './forms/search.js';
import { paths } from './paths.js';

export function formView(form: SearchForm, errors: FormError[] = [], facets?: Facets) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message ?? null;
  return {
    ...form,
    errors,
    errorFor: Object.fromEntries(
      ['q', 'where', 'radius', 'day', 'time', 'need', 'page'].map((f) => [f, errorFor(f)]),
    ),
    needOptions: vocabulary('needs').terms.map((t) => ({
      code: t.code,
      name: t.name,
      checked: form.needs.includes(t.code),
    })),
    typeOptions: vocabulary('activity-types').terms.map((t) => ({
      code: t.code,
      name: t.name,
      checked: form.types.includes(t.code),
    })),
    suitOptions: vocabulary('suitability').terms.map((t) => ({
      code: t.code,
      name: t.name,
      checked: form.suits.includes(t.code),
    })),
    whenOptions: WHEN_OPTIONS.map((o) => ({ ...o, id: o.code || 'any', checked: o.code === form.when })),
    dayOptions: DAYS.map((d) => ({
      code: d.code,
      name: d.name,
      checked: form.days.includes(d.code),
      count: facets ? (facets.days[d.iso] ?? 0) : null,
    })),
    timeOptions: Object.entries(PARTS_OF_DAY).map(([code, part]) => ({
      code,
      name: part.label,
      checked: form.times.includes(code as keyof typeof PARTS_OF_DAY),
    })),
    freeCount: facets ? facets.free : null,
    radiusOptions: RADIUS_MILES.map((miles) => ({ miles, selected: miles === form.radius })),
    hasFilters:
      form.needs.length > 0 ||
      form.types.length > 0 ||
      form.suits.length > 0 ||
      form.days.length > 0 ||
      form.times.length > 0 ||
      form.when !== '' ||
      form.after !== '' ||
      form.before !== '' ||
      form.free,
  };
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
