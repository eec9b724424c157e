// Turns what someone typed in "where" (a postcode, sector, district or place name) into a point, or a clear
// message with suggestions.
import { isValid, toNormalised, toOutcode, toSector } from 'postcode';
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
/** A district and the first digit of the inward code: the postcode sector "BS5 6", typed "bs56" too. */
const SECTOR = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d)$/;

const placeLabel = (place: Place) =>
  place.area && place.area !== place.name ? `${place.name}, ${place.area}` : place.name;
const located = (place: Place, label: string, note: string | null = null): Located => ({
  found: true,
  latitude: place.latitude,
  longitude: place.longitude,
  label,
  note,
});
const nearTheMiddle = (missing: string, place: Place) =>
  located(
    place,
    `the ${place.name} area`,
    `We could not find ${missing} exactly, so these are near the middle of ${place.name}.`,
  );

export async function locate(places: PlaceLookups, input: string): Promise<Located | NotLocated> {
  const typed = input.trim().replace(/\s+/g, ' ');
  const compact = typed.toUpperCase().replace(/\s/g, '');

  if (isValid(typed)) {
    const postcode = toNormalised(typed)!;
    const exact = await places.findPlace('postcode', postcode.replace(/\s/g, ''));
    if (exact) return located(exact, postcode);
    const outcode = toOutcode(typed)!;
    // The nearest known middle: the postcode's sector, else its district.
    const around =
      (await places.findPlace('sector', toSector(typed)!)) ?? (await places.findPlace('outcode', outcode));
    if (around) return nearTheMiddle(postcode, around);
    const near = await places.similarPlaces(['outcode'], outcode);
    return {
      found: false,
      message: `We do not know the postcode ${postcode}. Check it, or try a town or area name.`,
      suggestions: near.map((p) => p.name),
    };
  }

  const sectorParts = SECTOR.exec(typed.toUpperCase());
  // "BS5 3" with its space is a sector; "BS53" is the district BS53 if there is one, else the sector BS5 3.
  const maybeDistrict = OUTCODE.test(compact) && !(sectorParts && typed.includes(' '));
  if (maybeDistrict) {
    const district = await places.findPlace('outcode', compact);
    if (district) return located(district, `the ${compact} area`);
  }
  if (sectorParts) {
    const [, outcode, digit] = sectorParts;
    const sectorName = `${outcode} ${digit}`;
    const sector = await places.findPlace('sector', sectorName);
    if (sector) return located(sector, `the ${sectorName} area`);
    // Only a sector typed as one ("BS5 3") is widened to its district; "BS55" may be a mistyped district.
    const district = maybeDistrict ? null : await places.findPlace('outcode', outcode);
    if (district) return nearTheMiddle(`the postcode sector ${sectorName}`, district);
  }
  if (maybeDistrict || sectorParts) {
    const asked = maybeDistrict ? `district ${compact}` : `sector ${sectorParts![1]} ${sectorParts![2]}`;
    const near = await places.similarPlaces(['outcode'], maybeDistrict ? compact : sectorParts![1]);
    return {
      found: false,
      message: `We do not know the postcode ${asked}. Check it, or type a full postcode or a place name.`,
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
  // "BS5 6X": half a postcode whose sector or district we know; offer those first.
  const [firstWord, secondWord = ''] = typed.toUpperCase().split(' ');
  if (looksLikePostcode && OUTCODE.test(firstWord)) {
    const sector = /^\d/.test(secondWord)
      ? await places.findPlace('sector', `${firstWord} ${secondWord[0]}`)
      : null;
    const district = await places.findPlace('outcode', firstWord);
    near.unshift(...[sector, district].filter((place) => place !== null));
  }
  return {
    found: false,
    message: looksLikePostcode
      ? `"${typed}" does not look like a postcode we know. Check it, or try a town or area name.`
      : `We could not find a place called "${typed}". Check the spelling, or try a postcode.`,
    suggestions: [...new Set(near.map(placeLabel))],
  };
}
