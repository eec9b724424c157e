// The one interface every search engine implements; routes and services never see SQL or HTTP clients.

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** Minutes after midnight: morning is before 12:00, afternoon 12:00–17:00, evening from 17:00. */
export const PARTS_OF_DAY: Record<PartOfDay, { from: number; to: number; label: string }> = {
  morning: { from: 0, to: 12 * 60, label: 'Morning (before 12:00)' },
  afternoon: { from: 12 * 60, to: 17 * 60, label: 'Afternoon (12:00 to 17:00)' },
  evening: { from: 17 * 60, to: 24 * 60, label: 'Evening (from 17:00)' },
};

export interface SearchPoint {
  latitude: number;
  longitude: number;
}

export interface SearchQuery {
  text: string | null;
  /** Need codes from the needs vocabulary; an activity must meet at least one. */
  needs: string[];
  near: SearchPoint | null;
  radiusMetres: number;
  /** ISO weekdays, 1 = Monday; a session must fall on one of them. */
  days: number[];
  partsOfDay: PartOfDay[];
  freeOnly: boolean;
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

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  perPage: number;
  engine: string;
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
