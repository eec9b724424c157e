// npm run bench:search [-- --count 100000 --queries 200]
// Loads generated activities through the real import path, then times a fixed query mix against the
// Postgres engine, beside an in-memory MiniSearch index over the same documents measured in the same run.
import MiniSearch from 'minisearch';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrations, openDatabase } from '../src/db/data-source.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { logger } from '../src/logger.js';
import { searchQuery, type SearchQuery } from '../src/search/engine.js';
import { PostgresSearchEngine } from '../src/search/postgres/postgres-engine.js';
import { activitiesOf, prng, readDistricts, type GeneratedActivity } from './generate-activities.js';
import { importGenerated, openFreshDatabase } from './fresh-database.js';
import { createStores } from '../src/db/stores.js';
import { storePlaces } from '../src/db/place-store.js';
import { PART_ORDER, PARTS_OF_DAY } from '../src/domain/time-rules.js';
import { vocabulary } from '../src/domain/vocabulary.js';
import { createOpenReferral, type ServiceQuery } from '../src/services/open-referral.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    // Keep the loaded database between runs when it already holds the same generated data.
    reuse: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '/tmp/directory-bench-search' },
    'pg-port': { type: 'string', default: '54380' },
  },
});
const COUNT = Number(values.count);
const QUERIES = Number(values.queries);
logger.level = 'warn';

const config = loadConfig();
const NOW = new Date('2026-12-01T09:00:00Z');
const MILES = 1609.344;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const total = samples.reduce((a, b) => a + b, 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), qps: (samples.length / total) * 1000 };
}

const WORDS = [
  'walking',
  'art class',
  'lonely',
  'chair exercise',
  'gardening',
  'choir',
  'tai chi',
  'coffee morning',
  'befriending',
  'men shed',
  'book club',
  'feeling low',
  'carers',
  'yoga',
  'walkng',
];

const fmt = (ms: number) => ms.toFixed(2).padStart(8);

async function main() {
  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres(values['data-dir'], Number(values['pg-port']));
  const url = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const districts = readDistricts(config.sharedDataDir);
  const dataset = JSON.stringify({ count: COUNT, seed: 42, migrations: migrations.map((m) => m.name) });
  let db = values.reuse ? await openDatabase(url, 8).catch(() => null) : null;
  // Compared as jsonb: it keeps its keys in its own order, so the text read back is not the text written.
  const same = db
    ? (
        (await db.query(
          `SELECT coalesce(bool_or(value = $1::jsonb), false) AS same FROM directory_metadata WHERE key = 'bench_dataset'`,
          [dataset],
        )) as { same: boolean }[]
      )[0].same
    : false;
  // The baseline: an in-memory MiniSearch index of the same documents, filled as they are generated (its own
  // time is measured apart from the import's).
  let mini: MiniSearch<{ id: string; text: string }> | null = new MiniSearch({
    fields: ['text'],
    storeFields: [],
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  let miniMs = 0;
  const index = (activity: GeneratedActivity) => {
    const t = performance.now();
    mini!.add({ id: activity.listing.service.id, text: activity.text });
    miniMs += performance.now() - t;
  };
  let loadSeconds: number | null = null;
  if (!db || !same) {
    await db?.destroy();
    db = await openFreshDatabase(url);
    const started = performance.now();
    await importGenerated(db, { count: COUNT, districts, now: NOW, seen: index });
    await db.query('ANALYZE');
    loadSeconds = (performance.now() - started - miniMs) / 1000;
    await db.query(`INSERT INTO directory_metadata (key, value) VALUES ('bench_dataset', $1::jsonb)`, [
      dataset,
    ]);
  } else {
    for (const activity of activitiesOf(COUNT, districts)) index(activity);
  }
  const miniSeconds = miniMs / 1000;

  // The baseline first, with its own word picks.
  const baselineWords = prng(11);
  const miniSamples: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const word = WORDS[Math.floor(baselineWords() * WORDS.length)];
    const t = performance.now();
    mini.search(word).slice(0, 20);
    miniSamples.push(performance.now() - t);
  }
  const baseline = stats(miniSamples);
  const baselineRss = process.memoryUsage().rss;
  // Released before Postgres is timed, so that its timings do not include the garbage collector walking it.
  mini = null;

  // The districts as places, so that the API's postcode parameter finds them as it would in service.
  await storePlaces(
    db,
    districts.map((d) => ({
      kind: 'outcode' as const,
      key: d.outcode,
      name: d.outcode,
      area: null,
      latitude: d.latitude,
      longitude: d.longitude,
    })),
  );
  const engine = new PostgresSearchEngine(db);
  const clock = { now: () => NOW };
  const api = createOpenReferral(createStores(db), () => engine, clock);
  const random = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const base: SearchQuery = searchQuery({ radiusMetres: 5 * MILES, now: NOW });
  const busy = districts.filter((d) => d.postcodes > 2000);
  const needTerm = (code: string) => vocabulary('needs').terms.find((t) => t.code === code)!.id;
  // Each mix as the page asks it (the engine's SearchQuery) and as the API is asked it (/api/services).
  const apiBase: ServiceQuery = {
    text: null,
    taxonomyTermId: null,
    taxonomyId: null,
    organizationId: null,
    postcode: null,
    proximityMetres: null,
    days: [],
    fromMinute: null,
    toMinute: null,
    date: null,
    minimumAge: null,
    maximumAge: null,
    modifiedAfter: null,
    freeOnly: false,
    sort: null,
    full: false,
  };
  interface Mix {
    page: SearchQuery;
    api: ServiceQuery;
  }
  const mixes: Record<string, () => Mix> = {
    'text only': () => {
      const text = pick(WORDS);
      return { page: { ...base, text }, api: { ...apiBase, text } };
    },
    'text + place': () => {
      const [text, near] = [pick(WORDS), pick(busy)];
      return {
        page: { ...base, text, near },
        api: { ...apiBase, text, postcode: near.outcode, proximityMetres: 5 * MILES },
      };
    },
    'place + time': () => {
      const [near, day, part] = [pick(busy), 1 + Math.floor(random() * 7), pick(PART_ORDER)];
      return {
        page: { ...base, near, days: [day], partsOfDay: [part] },
        api: {
          ...apiBase,
          postcode: near.outcode,
          proximityMetres: 5 * MILES,
          days: [day],
          fromMinute: PARTS_OF_DAY[part].from,
          toMinute: PARTS_OF_DAY[part].to,
        },
      };
    },
    'need + place + time': () => {
      const [need, near] = [
        pick(['loneliness', 'getting-active', 'low-mood-anxiety', 'arts-creativity']),
        pick(busy),
      ];
      return {
        page: {
          ...base,
          needs: [need],
          near,
          radiusMetres: 2 * MILES,
          days: [2, 4],
          partsOfDay: ['afternoon'],
        },
        api: {
          ...apiBase,
          taxonomyTermId: needTerm(need),
          postcode: near.outcode,
          proximityMetres: 2 * MILES,
          days: [2, 4],
          fromMinute: PARTS_OF_DAY.afternoon.from,
          toMinute: PARTS_OF_DAY.afternoon.to,
        },
      };
    },
  };

  const describe = (q: SearchQuery) =>
    [
      q.text && `"${q.text}"`,
      q.needs.length && q.needs.join('/'),
      q.near &&
        `near ${(q.near as { outcode?: string }).outcode ?? `${q.near.latitude},${q.near.longitude}`}`,
      q.days.length && `days ${q.days.join('/')}`,
      q.partsOfDay.length && q.partsOfDay.join('/'),
    ]
      .filter(Boolean)
      .join(', ');
  type Result = ReturnType<typeof stats> & { hits: number; slowest: string[] };
  const results: Record<string, { page: Result; api: Result }> = {};
  // The page's search (engine.search, as the search page asks it, with counts per filter) and the API's
  // (/api/services: the place looked up, the ids from the engine, the records read), each query once.
  const time = async (mix: () => Mix, run: (m: Mix) => Promise<number>): Promise<Result> => {
    for (let i = 0; i < 20; i++) await run(mix());
    const samples: number[] = [];
    const timed: { ms: number; what: string }[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES; i++) {
      const m = mix();
      const t = performance.now();
      const total = await run(m);
      const ms = performance.now() - t;
      samples.push(ms);
      timed.push({ ms, what: `${describe(m.page)} (${total} found)` });
      hits += total;
    }
    const slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, 3);
    return {
      ...stats(samples),
      hits: hits / QUERIES,
      slowest: slowest.map((s) => `${s.ms.toFixed(1)} ms ${s.what}`),
    };
  };
  for (const [name, make] of Object.entries(mixes)) {
    results[name] = {
      page: await time(make, async (m) => (await engine.search({ ...m.page, withFacets: true })).total),
      api: await time(
        make,
        async (m) => (await api.listServices(m.api, { page: 1, perPage: 20 })).total_items,
      ),
    };
  }

  console.log(
    `activities: ${COUNT}, ${loadSeconds === null ? 'reusing the database loaded by an earlier run' : `loaded through the import path in ${loadSeconds.toFixed(1)} s`}; MiniSearch index built in ${miniSeconds.toFixed(1)} s`,
  );
  console.log(`queries per mix: ${QUERIES} (after 20 warm-up), one at a time, page size 20; times in ms`);
  console.log(
    `${'mix'.padEnd(30)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'q/s'.padStart(9)}${'avg total'.padStart(11)}${'p50 / baseline'.padStart(16)}`,
  );
  for (const [name, both] of Object.entries(results)) {
    for (const [surface, r] of Object.entries(both)) {
      console.log(
        `${`${name} (${surface})`.padEnd(30)}${fmt(r.p50)}${fmt(r.p95)}${fmt(r.p99)}${r.qps.toFixed(0).padStart(9)}${r.hits.toFixed(0).padStart(11)}${(r.p50 / baseline.p50).toFixed(1).padStart(15)}x`,
      );
    }
  }
  console.log(
    `${'baseline: MiniSearch'.padEnd(30)}${fmt(baseline.p50)}${fmt(baseline.p95)}${fmt(baseline.p99)}${baseline.qps.toFixed(0).padStart(9)}   (text only, in memory, same documents)`,
  );
  for (const [name, both] of Object.entries(results)) {
    for (const [surface, r] of Object.entries(both))
      console.log(`slowest, ${name} (${surface}): ${r.slowest.join('; ')}`);
  }
  const worst = Math.max(...Object.values(results).flatMap((both) => [both.page.p95, both.api.p95]));
  const target = COUNT >= 1_000_000 ? 50 : 20;
  console.log(
    `target: p95 <= ${target} ms at ${COUNT} for every mix, page and API: ${worst <= target ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms; load average ${loadavg()[0].toFixed(1)})`,
  );
  console.log(
    `memory of the benchmark process: ${(baselineRss / 1048576).toFixed(0)} MB while holding the MiniSearch index (released before the Postgres runs), peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  await db.destroy();
  await embedded?.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
