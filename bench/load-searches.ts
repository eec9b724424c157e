// The load test's searches: real postcodes and districts near generated activities, the generator's words,
// days and parts of the day, each search different from every other so that no result cache can answer one.
import { distanceMetres, type Point } from '../src/domain/distance.js';
import type { Place } from '../src/domain/place.js';
import { DAY_MINUTES, PARTS_OF_DAY, type PartOfDay } from '../src/domain/time-rules.js';
import { readCodepoint } from '../src/importer/codepoint-format.js';
import { RejectionTally } from '../src/importer/rejection-tally.js';
import { DAYS, RADIUS_MILES } from '../src/web/forms/search.js';
import { prng, type District } from './generate-activities.js';

export const METRES_PER_MILE = 1609.344;
const METRES_PER_DEGREE_LATITUDE = 111_320;
/** Longitude degrees shrink northwards; cells are sized for Shetland (61°N) so they are wide enough everywhere. */
const METRES_PER_DEGREE_LONGITUDE_AT_61N = METRES_PER_DEGREE_LATITUDE * Math.cos((61 * Math.PI) / 180);

export interface SearchPlace extends Point {
  /** As a person types it: "BS5 6XX" or "BS5". */
  name: string;
}

/** Activity positions on a grid of cells at least `metres` wide, so "is one within `metres`" reads nine cells. */
export class ActivitiesNearby {
  private readonly cells = new Map<string, Point[]>();
  private readonly latitudeStep: number;
  private readonly longitudeStep: number;

  constructor(
    points: Iterable<Point>,
    private readonly metres: number,
  ) {
    this.latitudeStep = metres / METRES_PER_DEGREE_LATITUDE;
    this.longitudeStep = metres / METRES_PER_DEGREE_LONGITUDE_AT_61N;
    for (const point of points) {
      const key = this.cell(point, 0, 0);
      const cell = this.cells.get(key);
      if (cell) cell.push(point);
      else this.cells.set(key, [point]);
    }
  }

  private cell(point: Point, dLat: number, dLng: number): string {
    return `${Math.floor(point.latitude / this.latitudeStep) + dLat},${Math.floor(point.longitude / this.longitudeStep) + dLng}`;
  }

  has(place: Point): boolean {
    for (const dLat of [-1, 0, 1])
      for (const dLng of [-1, 0, 1])
        for (const point of this.cells.get(this.cell(place, dLat, dLng)) ?? [])
          if (distanceMetres(place, point) <= this.metres) return true;
    return false;
  }
}

/** Keeps an even sample of at most `limit` items from a stream of unknown length (reservoir sampling). */
export function reservoir<T>(limit: number, random: () => number) {
  const kept: T[] = [];
  let seen = 0;
  return {
    add(item: T) {
      seen += 1;
      if (kept.length < limit) kept.push(item);
      else {
        const slot = Math.floor(random() * seen);
        if (slot < limit) kept[slot] = item;
      }
    },
    kept,
    get seen() {
      return seen;
    },
  };
}

export interface SearchPlaces {
  postcodes: SearchPlace[];
  districts: SearchPlace[];
  /** Full postcodes in the file with an activity nearby, before sampling. */
  postcodesNearby: number;
}

/**
 * The full postcodes (from the OS Code-Point Open distribution, read by path) and the districts with a
 * generated activity within `metres`; postcodes sampled evenly down to `limit`.
 */
export async function searchPlaces(
  codepointFile: string,
  districts: District[],
  activities: ActivitiesNearby,
  options: { limit: number; seed: number },
): Promise<SearchPlaces> {
  const sample = reservoir<SearchPlace>(options.limit, prng(options.seed));
  await readCodepoint(
    codepointFile,
    (place: Place) => {
      if (activities.has(place))
        sample.add({ name: place.name, latitude: place.latitude, longitude: place.longitude });
    },
    new RejectionTally(),
  );
  return {
    postcodes: sample.kept,
    districts: districts
      .filter((d) => activities.has(d))
      .map((d) => ({ name: d.outcode, latitude: d.latitude, longitude: d.longitude })),
    postcodesNearby: sample.seen,
  };
}

export interface LoadSearch {
  /** Empty for a search by place and day alone. */
  words: string;
  place: SearchPlace;
  miles: number;
  day: string | null;
  part: PartOfDay | null;
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const query = (parameters: [string, string | null][]) =>
  parameters
    .filter((pair): pair is [string, string] => pair[1] !== null && pair[1] !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');

/** The search page's URL for a search, as its form sends it. */
export function pageUrl(search: LoadSearch): string {
  return `/search?${query([
    ['q', search.words],
    ['where', search.place.name],
    ['radius', String(search.miles)],
    ['day', search.day],
    ['time', search.part],
  ])}`;
}

/** The Open Referral UK URL for the same search: proximity in metres, a part of the day as a time window. */
export function apiUrl(search: LoadSearch): string {
  const window = search.part ? PARTS_OF_DAY[search.part] : null;
  return `/api/services?${query([
    ['search', search.words],
    ['postcode', search.place.name],
    ['proximity', String(Math.round(search.miles * METRES_PER_MILE))],
    ['day', search.day],
    ['start_time', window ? clock(window.from) : null],
    ['end_time', window ? (window.to === DAY_MINUTES ? '24:00' : clock(window.to)) : null],
  ])}`;
}

/** What makes two searches the same search to the engine: the point, not how the place was written. */
const searchKey = (s: LoadSearch) =>
  [s.place.latitude, s.place.longitude, s.words, s.miles, s.day, s.part].join('|');

/** Draws searches, never the same one twice, from one seeded sequence. */
export class LoadSearches {
  private readonly random: () => number;
  private readonly seen = new Set<string>();

  constructor(
    private readonly places: SearchPlaces,
    private readonly words: string[],
    seed: number,
  ) {
    if (!places.postcodes.length && !places.districts.length)
      throw new Error('no places with activities nearby to search from');
    if (!words.length) throw new Error('no words to search for');
    this.random = prng(seed);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** Most people type a full postcode; a district, a part of the day or no words at all are less usual. */
  private draw(): LoadSearch {
    const { postcodes, districts } = this.places;
    const byPostcode = districts.length === 0 || (postcodes.length > 0 && this.random() < 0.7);
    const words = this.random() < 0.85 ? this.pick(this.words) : '';
    const day = !words || this.random() < 0.5 ? this.pick(DAYS).code : null;
    return {
      words,
      place: this.pick(byPostcode ? postcodes : districts),
      miles: this.pick(RADIUS_MILES.filter((miles) => miles >= 2)),
      day,
      part: this.random() < 0.3 ? this.pick(Object.keys(PARTS_OF_DAY) as PartOfDay[]) : null,
    };
  }

  /** The next search unlike any drawn before; fails rather than repeat one. */
  next(): LoadSearch {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const search = this.draw();
      const key = searchKey(search);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      return search;
    }
    throw new Error(`only ${this.seen.size} different searches found: too few places or words for more`);
  }

  /** `count` URLs of new searches. */
  urls(count: number, url: (search: LoadSearch) => string): string[] {
    return Array.from({ length: count }, () => url(this.next()));
  }
}

/** Throws unless every URL in every list is different from every other. */
export function assertDistinct(lists: string[][]): number {
  const all = lists.flat();
  const distinct = new Set(all).size;
  if (distinct !== all.length)
    throw new Error(`${all.length - distinct} of ${all.length} search URLs repeat`);
  return distinct;
}
