// Where an activity is: its postcode (read with the `postcode` package), its coordinates, and the street lines
// of its address, each compared in the terms a person would use ("same postcode", "180 m apart").
import { isValid, match, toArea, toNormalised, toOutcode, toSector, validOutcode } from 'postcode';
import type { Point } from '../distance.js';
import { expandedWords, sameWord, THOROUGHFARES } from './words.js';

export interface PostcodeParts {
  /** "M4 5JD"; null when only the district was given. */
  unit: string | null;
  sector: string | null;
  district: string;
  area: string;
}

/** A full postcode or a district ("BS5") in any spacing or case; else the first postcode in the address. */
export function postcodeParts(
  postcode: string | null | undefined,
  address?: string | null,
): PostcodeParts | null {
  const given = (postcode ?? '')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .trim();
  const found = isValid(given) ? given : (match(address ?? '')[0] ?? null);
  if (found && isValid(found))
    return {
      unit: toNormalised(found),
      sector: toSector(found),
      district: toOutcode(found)!,
      area: toArea(found)!,
    };
  const district = given.replace(/\s+/g, '');
  if (district && validOutcode(district))
    return { unit: null, sector: null, district, area: district.replace(/\d.*$/, '') };
  return null;
}

export type PostcodeAgreement = 'unit' | 'sector' | 'district' | 'area' | 'different';

export function comparePostcodes(a: PostcodeParts, b: PostcodeParts): PostcodeAgreement {
  if (a.unit && a.unit === b.unit) return 'unit';
  if (a.sector && a.sector === b.sector) return 'sector';
  if (a.district === b.district) return 'district';
  if (a.area === b.area) return 'area';
  return 'different';
}

/** A point only when both coordinates are numbers on the globe (0,0 is a blank, not a place). */
export function point(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): Point | null {
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0))
    return null;
  return { latitude, longitude };
}

export interface AddressParts {
  /** Thoroughfares without house numbers: "church street", "ada lovelace way". */
  streets: string[];
  /** House or unit numbers: "126", "121", "123" (a range gives both ends). */
  numbers: string[];
  /** Every other word, for addresses written without a thoroughfare ("Fernlow Waterside"). */
  words: string[];
}

const NUMBER = /^\d+[a-z]?$/;

/** The parts of an address; postcodes in it are left out (they are compared on their own). */
export function addressParts(address: string | null | undefined): AddressParts | null {
  const text = (address ?? '').replace(/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, ' ');
  const parts: AddressParts = { streets: [], numbers: [], words: [] };
  for (const part of text.split(/[,;\n]/)) {
    const partWords = expandedWords(part.replace(/(\d+)\s*-\s*(\d+)/g, '$1 $2'));
    const numbers = partWords.filter((word) => NUMBER.test(word));
    const named = partWords.filter((word) => !NUMBER.test(word) && word !== 'unit' && word !== 'flat');
    parts.numbers.push(...numbers);
    if (named.length >= 2 && THOROUGHFARES.has(named[named.length - 1])) parts.streets.push(named.join(' '));
    else parts.words.push(...named);
  }
  if (!parts.streets.length && !parts.words.length) return null;
  return parts;
}

function sameStreet(a: string, b: string): boolean {
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return true;
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  return wordsA.length === wordsB.length && wordsA.every((word, i) => sameWord(word, wordsB[i]));
}

export type AddressAgreement =
  | 'same street and number'
  | 'same street'
  | 'same street, other number'
  | 'other street'
  | 'words agree'
  | 'words overlap'
  | 'no likeness';

/** Whether two addresses name the same street (and number), or failing streets, share their words. */
export function compareAddresses(a: AddressParts, b: AddressParts): AddressAgreement {
  if (a.streets.length && b.streets.length) {
    const street = a.streets.some((s) => b.streets.some((t) => sameStreet(s, t)));
    if (!street) return 'other street';
    if (!a.numbers.length || !b.numbers.length) return 'same street';
    return a.numbers.some((n) => b.numbers.includes(n))
      ? 'same street and number'
      : 'same street, other number';
  }
  const all = (parts: AddressParts) =>
    new Set([...parts.streets.flatMap((s) => s.split(' ')), ...parts.words]);
  const wordsA = [...all(a)];
  const wordsB = [...all(b)];
  const shared = wordsA.filter((word) => wordsB.some((other) => sameWord(word, other))).length;
  const share = shared / Math.min(wordsA.length, wordsB.length);
  if (share >= 0.8) return 'words agree';
  if (share >= 0.4) return 'words overlap';
  return 'no likeness';
}
