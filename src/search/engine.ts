// The one interface every search engine implements; routes and services never see SQL or HTTP clients.

import { partsOfWindow, type PartOfDay } from '../domain/time-rules.js';

export { PARTS_OF_DAY, type PartOfDay } from '../domain/time-rules.js';

export interface SearchPoint {
  latitude: number;
  longitude: number;
}

/** The order of results: best match, nearest venue, soonest session, or name. */
export type SearchSort = 'relevance' | 'distance' | 'soonest' | 'name';
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'distance', 'soonest', 'name'];

/** Ways to take part without leaving home: online, by telephone, or a visit at home. */
export type HomeWay = 'online' | 'phone' | 'visit';
export const HOME_WAYS: readonly HomeWay[] = ['online', 'phone', 'visit'];

/**
 * Everything a search can ask, whichever surface it came from: the search page and the map translate their
 * form into it, the Open Referral UK endpoints their query parameters. One engine answers all of them.
 */
export interface SearchQuery {
  text: string | null;
  /** Need codes from the needs vocabulary; an activity must meet at least one. */
  needs: string[];
  /** Activity type codes; an activity must be at least one of them. */
  activityTypes: string[];
  /** Suitability codes (women only, wheelchair accessible…); an activity must have every one. */
  suitability: string[];
  /** Taxonomy term ids of any taxonomy (imported ones too); an activity must carry every one. */
  termIds: string[];
  /** Taxonomy ids; an activity must carry a term of each. */
  taxonomyIds: string[];
  organizationId: string | null;
  near: SearchPoint | null;
  /** With `near`: how far a venue may be; null keeps every distance, nearest first (and drops activities
   * whose mapped service areas all lie elsewhere). */
  radiusMetres: number | null;
  /** With `near`: whether online activities join the results, after the local and area-wide ones. */
  includeOnline: boolean;
  /** ISO weekdays, 1 = Monday; a session must fall on one of them. */
  days: number[];
  partsOfDay: PartOfDay[];
  /** An explicit time window in minutes after midnight; a session must overlap it. */
  timeWindow: { from: number; to: number } | null;
  /** Local dates (YYYY-MM-DD), inclusive; a session must fall between them. */
  dateFrom: string | null;
  dateTo: string | null;
  /** The age of a person, or an age band: an activity matches when its eligible ages overlap it. */
  minimumAge: number | null;
  maximumAge: number | null;
  /** Only activities changed at or after this moment. */
  modifiedAfter: Date | null;
  freeOnly: boolean;
  /** Ways of taking part from home; an activity must offer at least one. */
  fromHome: HomeWay[];
  sort: SearchSort;
  /** Compute facet counts (needs, days, cost) over all matches, ignoring pagination. */
  withFacets: boolean;
  page: number;
  perPage: number;
  now: Date;
}

/** How a result relates to the searched place. */
export type Placement = 'local' | 'area' | 'online' | 'unplaced';

export interface SearchHit {
  id: string;
  name: string;
  organizationName: string | null;
  summary: string;
  status: string;
  placement: Placement;
  distanceMetres: number | null;
  locationName: string | null;
  latitude: number | null;
  longitude: number | null;
  areaName: string | null;
  /** The town of the venue shown (its address's town, else its postcode district). */
  town: string | null;
  nextSession: { start: Date; end: Date | null } | null;
  /** The times were read from the description and nobody has confirmed them. */
  timesFromDescription: boolean;
  isFree: boolean;
  lowestPrice: number | null;
  /** The listing's own words on cost, which keep their unit ("£45 a term or £4 a week"). */
  costDescription: string | null;
  assuredDate: string | null;
  score: number;
}

export interface Facets {
  /** Matches per need code, as if that need were the only need chosen. */
  needs: Record<string, number>;
  /** Matches per ISO weekday, as if that day were the only day chosen. */
  days: Record<number, number>;
  free: number;
  total: number;
}

/**
 * A search ordered by relevance that matches more listings than this is answered with the best this many: its
 * total is this number and `window` is set. Fifteen pages of twenty is more than anyone reads, and each candidate
 * tier is this deep (docs/ranking.md), so the window is what a broad search costs: 300 rather than 1,000 took a
 * common word from 49 to 30–35 ms at p50 (docs/benchmarks.md). Counting or scoring every one of 380,000 matches
 * would cost every search that asks.
 */
export const RESULT_WINDOW = 300;

/** Whether the query asks for a day, a part of the day, a time window or dates. */
export function isTimeFiltered(query: SearchQuery): boolean {
  return (
    query.days.length > 0 ||
    query.partsOfDay.length > 0 ||
    query.timeWindow !== null ||
    query.dateFrom !== null ||
    query.dateTo !== null
  );
}

/** Whether the window can apply: ordered by relevance and not bounded by a place (a place bounds it itself). */
export function windowApplies(query: SearchQuery): boolean {
  return query.sort === 'relevance' && query.near === null;
}

/** How many results of the asked-for page lie inside the window. */
export function roomInWindow(query: SearchQuery): number {
  return Math.max(0, Math.min(query.perPage, RESULT_WINDOW - (query.page - 1) * query.perPage));
}

/** A page of `items` from a search that matched `total`: inside the window when more matched than it holds. */
export function windowedPage<T>(
  query: SearchQuery,
  items: T[],
  total: number,
): { items: T[]; total: number; window?: true } {
  if (!windowApplies(query) || total <= RESULT_WINDOW) return { items, total };
  return { items: items.slice(0, roomInWindow(query)), total: RESULT_WINDOW, window: true };
}

export interface SearchResult {
  hits: SearchHit[];
  facets?: Facets;
  total: number;
  /** Set when more listings matched than RESULT_WINDOW: total is the window, the best of them. */
  window?: true;
  page: number;
  perPage: number;
  engine: string;
  /** When the words as typed matched nothing, the corrected words that were searched instead. */
  correctedText?: string;
  /** Near a place within a radius: the matches left out because they have no venue, online place or mapped
   * area (an engine that cannot tell leaves it out). */
  unplaced?: number;
}

/** A page of matching ids, best first, for callers that load their own records (the API). */
export interface IdPage {
  ids: string[];
  total: number;
  /** As SearchResult's: more listings matched than RESULT_WINDOW, and total is the window. */
  window?: true;
  /** When the words as typed matched nothing, the corrected words that were searched instead. */
  correctedText?: string;
}

/** What a result is counted in: activities, or each activity at each of its venues (HSDS service_at_location). */
export type SearchUnit = 'service' | 'service_at_location';

export interface EngineHealth {
  status: 'UP' | 'DOWN';
  details?: Record<string, unknown>;
}

export interface SearchEngine {
  readonly name: string;
  /** A page of results with what a results page shows of each. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** The same matches in the same order, as ids only: a page of them and the total. */
  searchIds(query: SearchQuery, unit: SearchUnit): Promise<IdPage>;
  /** Every matching id in order, for streaming a whole result set. */
  allIds(query: SearchQuery, unit: SearchUnit): Promise<string[]>;
  health(): Promise<EngineHealth>;
}

/** A query with nothing chosen but what is given: the one place the defaults live. */
export function searchQuery(given: Partial<SearchQuery> & { now: Date }): SearchQuery {
  return {
    text: null,
    needs: [],
    activityTypes: [],
    suitability: [],
    termIds: [],
    taxonomyIds: [],
    organizationId: null,
    near: null,
    radiusMetres: 5 * 1609.344,
    includeOnline: true,
    days: [],
    partsOfDay: [],
    timeWindow: null,
    dateFrom: null,
    dateTo: null,
    minimumAge: null,
    maximumAge: null,
    modifiedAfter: null,
    freeOnly: false,
    fromHome: [],
    sort: 'relevance',
    withFacets: false,
    page: 1,
    perPage: 20,
    ...given,
  };
}

/**
 * The one spelling of each question an engine answers: a time window made of whole parts of the day is
 * asked as those parts, so "12:00 to 17:00" through the API and "afternoon" on the page rank alike.
 */
export function normalisedQuery(query: SearchQuery): SearchQuery {
  if (!query.timeWindow || query.partsOfDay.length) return query;
  const parts = partsOfWindow(query.timeWindow.from, query.timeWindow.to);
  return parts ? { ...query, timeWindow: null, partsOfDay: parts } : query;
}
