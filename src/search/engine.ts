// The one interface every search engine implements; routes and services never see SQL or HTTP clients.

import type { PartOfDay } from '../domain/time-rules.js';

export { PARTS_OF_DAY, type PartOfDay } from '../domain/time-rules.js';

export interface SearchPoint {
  latitude: number;
  longitude: number;
}

export interface SearchQuery {
  text: string | null;
  /** Need codes from the needs vocabulary; an activity must meet at least one. */
  needs: string[];
  /** Activity type codes; an activity must be at least one of them. */
  activityTypes: string[];
  /** Suitability codes (women only, wheelchair accessible…); an activity must have every one. */
  suitability: string[];
  near: SearchPoint | null;
  radiusMetres: number;
  /** ISO weekdays, 1 = Monday; a session must fall on one of them. */
  days: number[];
  partsOfDay: PartOfDay[];
  /** An explicit time window in minutes after midnight; a session must overlap it. */
  timeWindow: { from: number; to: number } | null;
  /** Local dates (YYYY-MM-DD), inclusive; a session must fall between them. */
  dateFrom: string | null;
  dateTo: string | null;
  freeOnly: boolean;
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
  nextSession: { start: Date; end: Date | null } | null;
  isFree: boolean;
  lowestPrice: number | null;
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

export interface SearchResult {
  hits: SearchHit[];
  facets?: Facets;
  total: number;
  page: number;
  perPage: number;
  engine: string;
  /** When the words as typed matched nothing, the corrected words that were searched instead. */
  correctedText?: string;
}

export interface EngineHealth {
  status: 'UP' | 'DOWN';
  details?: Record<string, unknown>;
}

export interface SearchEngine {
  readonly name: string;
  search(query: SearchQuery): Promise<SearchResult>;
  health(): Promise<EngineHealth>;
}

/** A query with nothing chosen but what is given: the one place the defaults live. */
export function searchQuery(given: Partial<SearchQuery> & { now: Date }): SearchQuery {
  return {
    text: null,
    needs: [],
    activityTypes: [],
    suitability: [],
    near: null,
    radiusMetres: 5 * 1609.344,
    days: [],
    partsOfDay: [],
    timeWindow: null,
    dateFrom: null,
    dateTo: null,
    freeOnly: false,
    withFacets: false,
    page: 1,
    perPage: 20,
    ...given,
  };
}
