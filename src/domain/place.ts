// A place in the gazetteer (a postcode, a postcode sector or district, or a named place) and how its name is keyed.

export type PlaceKind = 'postcode' | 'sector' | 'outcode' | 'place';

export interface Place {
  kind: PlaceKind;
  key: string;
  name: string;
  area: string | null;
  latitude: number;
  longitude: number;
  /** How many postcode districts name this place (GeoNames); ranks places that share a name. */
  postcodeDistricts?: number | null;
}

/** Key of a named place: "clifton | bristol". */
export function namedPlaceKey(name: string, area: string | null): string {
  return area ? `${placeKey(name)} | ${placeKey(area)}` : placeKey(name);
}

/** Lookup key for a place name: lower case, no accents or punctuation, single spaces. */
export function placeKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FULL_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$/;

/** The town a venue is in, for telling results apart: its address's town, else its postcode district. */
export function townOf(city: string | null, postcode: string | null): string | null {
  const town = city?.trim();
  if (town) return town;
  return FULL_POSTCODE.exec(postcode?.trim().toUpperCase() ?? '')?.[1] ?? null;
}
