// The gazetteer: postcodes, postcode districts and place names with a centre point.
import { insertRows, type Queryable } from './rows.js';

export type PlaceKind = 'postcode' | 'outcode' | 'place';

export interface Place {
  kind: PlaceKind;
  key: string;
  name: string;
  area: string | null;
  latitude: number;
  longitude: number;
}

type Db = Queryable;

const PLACE_COLUMNS = [
  ['kind', 'text'],
  ['key', 'text'],
  ['name', 'text'],
  ['area', 'text'],
  ['latitude', 'double precision'],
  ['longitude', 'double precision'],
] as const;

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

export async function storePlaces(db: Db, places: Place[]): Promise<void> {
  const unique = [...new Map(places.map((p) => [`${p.kind}|${p.key}`, p])).values()];
  for (let i = 0; i < unique.length; i += 10000) {
    await insertRows(db, 'place', PLACE_COLUMNS, unique.slice(i, i + 10000), {
      key: ['kind', 'key'],
      update: true,
    });
  }
}

export async function findPlace(db: Db, kind: PlaceKind, key: string): Promise<Place | null> {
  const rows = (await db.query(
    'SELECT kind, key, name, area, latitude, longitude FROM place WHERE kind = $1 AND key = $2',
    [kind, key],
  )) as Place[];
  return rows[0] ?? null;
}

/** Places whose name matches; "Clifton, Bristol" narrows by area. Most specific first. */
export async function findPlacesByName(db: Db, name: string, area: string | null): Promise<Place[]> {
  return (await db.query(
    `SELECT kind, key, name, area, latitude, longitude FROM place
     WHERE kind = 'place' AND (key = $1 OR key LIKE $1 || ' | %')
       AND ($2::text IS NULL OR key LIKE '% | ' || $2 || '%')
     ORDER BY (key = $1) DESC, name LIMIT 10`,
    [name, area],
  )) as Place[];
}

/** Near misses for a mistyped postcode, district or place, best first. */
export async function similarPlaces(db: Db, kinds: PlaceKind[], key: string, limit = 3): Promise<Place[]> {
  return (await db.query(
    `SELECT kind, key, name, area, latitude, longitude FROM place
     WHERE kind = ANY($1) AND $2 <% key
     ORDER BY word_similarity($2, key) DESC, kind = 'outcode' DESC, name LIMIT $3`,
    [kinds, key, limit],
  )) as Place[];
}

export async function countPlaces(db: Db): Promise<number> {
  const rows = (await db.query('SELECT count(*) AS n FROM place')) as { n: number }[];
  return rows[0].n;
}
