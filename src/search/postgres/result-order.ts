// The orders a search can ask for, as SQL over the matches (alias m) and, for services at locations, over
// each venue (location l, service_at_location sal). Every order ends on ids, so pages never overlap.
import type { SearchSort } from '../engine.js';

const ORDERS: Record<SearchSort, string> = {
  relevance: 'm.score DESC, m.distance ASC NULLS LAST, m.rank_session ASC NULLS LAST, m.name, m.id',
  distance: 'm.distance ASC NULLS LAST, m.name, m.id',
  soonest: 'm.rank_session ASC NULLS LAST, m.score DESC, m.name, m.id',
  name: 'm.name, m.id',
};

export function serviceOrder(sort: SearchSort): string {
  return ORDERS[sort];
}

/** Each activity's venues in the activity's place in the order; by distance, each venue by its own. */
export function venueOrder(sort: SearchSort, venueDistance: string): string {
  if (sort === 'distance') return `${venueDistance} ASC NULLS LAST, m.name, m.id, l.name, sal.id`;
  return `${ORDERS[sort]}, ${venueDistance} ASC NULLS LAST, l.name, sal.id`;
}
