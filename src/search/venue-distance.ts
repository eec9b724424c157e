// Services at locations measured one venue at a time, as both engines measure them: each venue's own distance
// from the searched point and, with a radius, only the venues inside it.
import type { SearchQuery } from './engine.js';

/** SQL over a location aliased l; `add` binds a parameter and returns its placeholder. */
export function venueDistanceSql(
  query: Pick<SearchQuery, 'near' | 'radiusMetres'>,
  add: (value: unknown) => string,
) {
  const near = query.near;
  if (!near) return { distance: 'NULL::double precision', within: '' };
  const centre = `ll_to_earth(${add(near.latitude)}, ${add(near.longitude)})`;
  const venue = 'll_to_earth(l.latitude, l.longitude)';
  const distance = `earth_distance(${venue}, ${centre})`;
  if (query.radiusMetres === null) return { distance, within: '' };
  const radius = add(query.radiusMetres);
  return {
    distance,
    within: `WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL
      AND earth_box(${centre}, ${radius}) @> ${venue} AND ${distance} <= ${radius}`,
  };
}
