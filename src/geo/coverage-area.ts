// The area a feed covers (--covers "Bristol"): the local authority district holding that place, outlined from
// its own postcodes, since the data we have (Code-Point Open) gives every postcode its district but no shapes.
import concaveman from 'concaveman';
import simplify from 'simplify-js';
import type { Stores } from '../db/stores.js';
import { locate, type PlaceLookups } from './locate.js';

export type AreaLookups = PlaceLookups & Pick<Stores['places'], 'districtPostcodesAt'>;

export interface CoverageArea {
  /** As the importer was told it, shown as "Covers Bristol". */
  name: string;
  /** The district's ONS code (E06000023 for Bristol). */
  district: string;
  /** How many postcodes the outline was drawn around. */
  postcodes: number;
  /** The outline as a GeoJSON Polygon (HSDS service_area.extent). */
  extent: { type: 'Polygon'; coordinates: [number, number][][] };
}

// Concavity 2 with a ~100 m simplification: on Bristol's 11,742 postcodes a 140-point outline that holds 98 % of
// them and 6 of South Gloucestershire's 7,125 (a convex hull held 417); see the README.
const CONCAVITY = 2;
const TOLERANCE_DEGREES = 0.001;

/** An outline around points ([longitude, latitude]): a closed ring, or null for fewer than three points. */
export function outlineOf(points: [number, number][]): [number, number][] | null {
  if (points.length < 3) return null;
  const hull = concaveman(points, CONCAVITY, 0) as [number, number][];
  const simpler = simplify(
    hull.map(([x, y]) => ({ x, y })),
    TOLERANCE_DEGREES,
    true,
  ).map((p): [number, number] => [p.x, p.y]);
  const ring = simpler.length >= 4 ? simpler : hull;
  const [first, last] = [ring[0], ring[ring.length - 1]];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/**
 * Finds the place, its district and the district's outline; a message when any of them is missing. "NAME=PLACE"
 * names the area as it should be shown and finds it by a place in it ("South Gloucestershire=BS37"), for a district
 * that no gazetteer entry is named after.
 */
export async function coverageArea(places: AreaLookups, given: string): Promise<CoverageArea> {
  const [name, where] = given.includes('=') ? given.split('=', 2).map((part) => part.trim()) : [given, given];
  const place = await locate(places, where);
  if (!place.found) throw new Error(`--covers "${given}": ${place.message}`);
  const district = await places.districtPostcodesAt(place.latitude, place.longitude);
  const ring = district ? outlineOf(district.points) : null;
  if (!district || !ring) {
    throw new Error(
      `--covers "${given}": no postcodes with a local authority district to outline; import OS Code-Point Open first (--format codepoint)`,
    );
  }
  return {
    name: name.trim(),
    district: district.district,
    postcodes: district.points.length,
    extent: { type: 'Polygon', coordinates: [ring] },
  };
}
