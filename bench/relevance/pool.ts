// Pooling for judges: for a query, the union of the engine's first 20, the listings whose words match the
// query's pool patterns (near its place), and those already judged, each printed for reading and grading.
import type { DataSource } from 'typeorm';
import { locate } from '../../src/geo/locate.js';
import type { SearchPoint } from '../../src/search/engine.js';
import { METRES_PER_MILE } from '../../src/services/search-directory.js';
import type { JudgedQuery } from './judged-set.js';
import { grepListings, readListings, type JudgedListing } from './records.js';
import type { QueryRun } from './run-query.js';
import { createStores } from '../../src/db/stores.js';

/** Word hits are pooled within twice the radius asked (at least 5 miles): near enough to be worth reading. */
const POOL_RADIUS_FACTOR = 2;

/**
 * Feeds whose records have no place, and the area they cover: their records are pooled for queries without a
 * place or near that area. Elsewhere a judge adds the few national services that fit by hand.
 */
const UNPLACED_FEEDS = [
  {
    source: 'oruk-v1',
    area: 'Bristol and South Gloucestershire',
    latitude: 51.4545,
    longitude: -2.5879,
    miles: 20,
  },
];

async function poolPoint(db: DataSource, query: JudgedQuery, run: QueryRun) {
  if (!query.form.where) return null;
  const point = query.poolWhere ? await locate(createStores(db).places, query.poolWhere) : run.location;
  if (!point?.found)
    throw new Error(`${query.id}: cannot pool around "${query.poolWhere ?? query.form.where}"`);
  const miles = Math.max(5, POOL_RADIUS_FACTOR * Number(query.form.radius ?? 5));
  return { latitude: point.latitude, longitude: point.longitude, metres: miles * METRES_PER_MILE };
}

const miles = (a: SearchPoint, b: JudgedListing) =>
  b.latitude === null || b.longitude === null ? null : milesBetween(a, b as SearchPoint);

function milesBetween(a: SearchPoint, b: SearchPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return (2 * 6371008.8 * Math.asin(Math.sqrt(h))) / METRES_PER_MILE;
}

/** The pooled listings as text: engine rank, grade so far ('?' when not yet judged), and the record. */
export async function describePool(
  db: DataSource,
  query: JudgedQuery,
  run: QueryRun,
  textLength: number,
  unjudgedOnly = false,
): Promise<string> {
  const point = await poolPoint(db, query, run);
  const farSources = UNPLACED_FEEDS.filter((feed) => point && milesBetween(point, feed) > feed.miles).map(
    (feed) => feed.source,
  );
  const grepped = await grepListings(db, query.pool, point, farSources);
  const judged = new Map(query.judgements.map((j) => [j.id, j.grade]));
  // PostgreSQL marks word starts and ends with \m and \M; JavaScript has \b for both.
  const pattern = new RegExp(query.pool.join('|').replace(/\\[mM]/g, '\\b'), 'i');
  const pooled = [...new Set([...run.ranked, ...grepped.map((l) => l.id), ...judged.keys()])];
  // Unjudged only: the engine's first 20 that nobody has graded, in id order and without their ranks, so the
  // judge reads them blind to where the ranking put them.
  const ids = unjudgedOnly ? run.ranked.filter((id) => !judged.has(id)).sort() : pooled;
  const listings = await readListings(db, ids);
  const lines = [
    `== ${query.id} (${query.set}): ${query.situation}`,
    `   form ${JSON.stringify(query.form)}; ${run.total} found; ${run.problems.join('; ') || 'no problems'}`,
    `   searched around ${run.location ? `${run.location.label} (${run.location.latitude}, ${run.location.longitude})` : '-'}` +
      `; pooled around ${point ? `${point.latitude}, ${point.longitude}, ${(point.metres / METRES_PER_MILE).toFixed(0)} mi` : '-'}`,
    unjudgedOnly
      ? `   not yet judged among the engine's first ${run.ranked.length}: ${ids.length} (in id order, ranks hidden)`
      : `   pooled ${ids.length}: engine ${run.ranked.length}, words ${grepped.length}, judged ${judged.size}`,
  ];
  for (const id of ids) {
    const l = listings.get(id);
    const rank = run.ranked.indexOf(id);
    const grade = judged.get(id);
    const head = unjudgedOnly ? '[?]' : `${rank >= 0 ? `#${rank + 1}` : '  -'} [${grade ?? '?'}]`;
    if (!l) {
      lines.push(`${head} ${id}: NOT IN THE DATABASE`);
      continue;
    }
    const distance = point ? miles(point, l) : null;
    lines.push(
      `${head} ${l.id} ${l.source}/${l.status} «${l.name}» (${l.organisation ?? '-'}) ` +
        `${l.place ?? (l.online ? 'online' : 'no place')}${distance !== null ? ` ${distance.toFixed(1)} mi` : ''}` +
        ` | ${l.times.join(', ') || 'no times'} | ${l.cost}${l.ages ? ` | ages ${l.ages}` : ''}` +
        ` | ${l.terms.join(',')}`,
      `      ${l.text.slice(0, textLength)}`,
    );
    // Where the words matched past the part shown, that part too: the judge reads why it was pooled.
    const at = l.text.slice(textLength).search(pattern);
    if (at >= 0) {
      const from = textLength + Math.max(0, at - 100);
      lines.push(`      …${l.text.slice(from, from + 220)}…`);
    }
  }
  return lines.join('\n');
}
