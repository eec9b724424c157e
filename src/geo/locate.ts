// Turns what someone typed in "where" into a point, or a clear message with suggestions.
import { isValid, toNormalised, toOutcode } from 'postcode';
import type { Stores } from '../db/stores.js';
import { placeKey, type Place } from '../domain/place.js';

/** The gazetteer lookups a place search makes. */
export type PlaceLookups = Pick<Stores['places'], 'findPlace' | 'findPlacesByName' | 'similarPlaces'>;

export interface Located {
  found: true;
  latitude: number;
  longitude: number;
  /** What we searched around, in words: "BS5 6XX", "the BS5 area", "Clifton, Bristol". */
  label: string;
  /** Set when we had to widen the search, e.g. an unknown full postcode searched by its district. */
  note: string | null;
}

export interface NotLocated {
  found: false;
  message: string;
  suggestions: string[];
}

const OUTCODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

const placeLabel = (place: Place) =>
  place.area && place.area !== place.name ? `${place.name}, ${place.area}` : place.name;
const located = (place: Place, label: string, note: string | null = null): Located => ({
  found: true,
  latitude: place.latitude,
  longitude: place.longitude,
  label,
  note,
});

export async function locate(places: PlaceLookups, input: string): Promise<Located | NotLocated> {
  const typed = input.trim().replace(/\s+/g, ' ');
  const compact = typed.toUpperCase().replace(/\s/g, '');

  if (isValid(typed)) {
    const postcode = toNormalised(typed)!;
    const exact = await places.findPlace('postcode', postcode.replace(/\s/g, ''));
    if (exact) return located(exact, postcode);
    const outcode = toOutcode(typed)!;
    const district = await places.findPlace('outcode', outcode);
    if (district) {
      return located(
        district,
        `the ${outcode} area`,
        `We could not find ${postcode} exactly, so these are near the middle of ${outcode}.`,
      );
    }
    const near = await places.similarPlaces(['outcode'], outcode);
    return {
      found: false,
      message: `We do not know the postcode ${postcode}. Check it, or try a town or area name.`,
      suggestions: near.map((p) => p.name),
    };
  }

  if (OUTCODE.test(compact)) {
    const district = await places.findPlace('outcode', compact);
    if (district) return located(district, `the ${compact} area`);
    const near = await places.similarPlaces(['outcode'], compact);
    return {
      found: false,
      message: `We do not know the postcode district ${compact}. Check it, or type a full postcode or a place name.`,
      suggestions: near.map((p) => p.name),
    };
  }

  const [namePart, ...rest] = typed.split(',');
  const name = placeKey(namePart);
  const area = rest.length ? placeKey(rest.join(' ')) : null;
  if (name) {
    const named = await places.findPlacesByName(name, area);
    if (named.length) {
      const chosen = placeLabel(named[0]);
      // "Clifton" alone is ambiguous: say which one we used and how to ask for another.
      const other = named.map(placeLabel).find((label) => label !== chosen);
      const note = other
        ? `There is more than one ${named[0].name}; this is ${chosen}. For another, type its county too, like "${other}".`
        : null;
      return located(named[0], chosen, note);
    }
  }
  const near = name ? await places.similarPlaces(['place', 'outcode'], name) : [];
  const looksLikePostcode = /\d/.test(typed);
  // "BS5 6X": half a postcode whose district we know; offer the district first.
  const firstWord = typed.split(' ')[0].toUpperCase();
  const district =
    looksLikePostcode && OUTCODE.test(firstWord) ? await places.findPlace('outcode', firstWord) : null;
  if (district) near.unshift(district);
  return {
    found: false,
    message: looksLikePostcode
      ? `"${typed}" does not look like a postcode we know. Check it, or try a town or area name.`
      : `We could not find a place called "${typed}". Check the spelling, or try a postcode.`,
    suggestions: [...new Set(near.map(placeLabel))],
  };
}
