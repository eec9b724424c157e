// npm run bench:api [-- --count 20000 --requests 100]
// Loads generated activities through the real import path, serves the real app on PORT, and times the
// Open Referral UK API over HTTP. Baselines measured in the same run: nested services assembled one
// service at a time (N+1) against our set-based page, and paging through JSON against ndjson streaming.
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { withSessionSecret } from '../src/secret-key.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { fullServices } from '../src/db/oruk/records.js';
import { logger } from '../src/logger.js';
import { PostgresSearchEngine } from '../src/search/postgres/postgres-engine.js';
import { createServices } from '../src/services/index.js';
import { generateActivities, prng, readDistricts } from './generate-activities.js';
import { openFreshDatabase, loadGeneratedDirectory } from './fresh-database.js';
import { createStores } from '../src/db/stores.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '20000' }, requests: { type: 'string', default: '100' } },
});
const COUNT = Number(values.count);
const REQUESTS = Number(values.requests);
logger.level = 'warn';

const config = await withSessionSecret(loadConfig());

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}
const fmt = (ms: number) => ms.toFixed(1).padStart(9);

async function timed(times: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(10, times); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main() {
  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres('/tmp/directory-bench-api', config.embeddedPostgresPort);
  const url = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const db = await openFreshDatabase(url);

  const districts = readDistricts(config.sharedDataDir);
  const generated = generateActivities(COUNT, districts);
  let started = performance.now();
  await loadGeneratedDirectory(db, generated, districts);
  // Autovacuum would have run by now in a live directory; the import's updates leave dead rows behind.
  await db.query('VACUUM ANALYZE');
  const loadSeconds = (performance.now() - started) / 1000;

  const engine = new PostgresSearchEngine(db);
  const app = createApp(
    createServices({ stores: createStores(db), searchEngine: () => engine, engines: [engine], config }),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const base = `http://127.0.0.1:${config.port}/api`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.text();
  };

  const random = prng(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const busy = districts.filter((d) => d.postcodes > 2000).map((d) => d.outcode);
  const total = (JSON.parse(await get('/services?per_page=1')) as { total_items: number }).total_items;
  const lastPage = Math.ceil(total / 50);
  const ids = generated.map((g) => g.listing.service.id);

  const mixes: Record<string, (i: number) => string> = {
    'services page 1 (50)': () => '/services?per_page=50',
    'services middle page': () => `/services?per_page=50&page=${Math.ceil(lastPage / 2)}`,
    'services last page': () => `/services?per_page=50&page=${lastPage}`,
    'services full=true (50)': () =>
      `/services?per_page=50&full=true&page=${1 + Math.floor(random() * lastPage)}`,
    'search text': () =>
      `/services?per_page=50&search=${pick(['walking', 'choir', 'lonely', 'tai chi', 'garden'])}`,
    'postcode + 3 km': () => `/services?per_page=50&postcode=${pick(busy)}&proximity=3000`,
    'day + time window': () =>
      `/services?per_page=50&day=${pick(['MO', 'TU', 'WE', 'TH', 'FR'])}&start_time=13:00&end_time=17:00`,
    'all filters combined': () =>
      `/services?per_page=50&postcode=${pick(busy)}&proximity=5000&day=TU,TH&start_time=09:00&end_time=12:00&minimum_age=70`,
    'service_at_locations near': () =>
      `/service_at_locations?per_page=50&postcode=${pick(busy)}&proximity=3000`,
    'services/{id}': () => `/services/${pick(ids)}`,
  };
  const results: Record<string, ReturnType<typeof stats>> = {};
  for (const [name, make] of Object.entries(mixes))
    results[name] = stats(await timed(REQUESTS, () => get(make(0))));

  // Baseline 1: the same 50 nested services assembled one at a time, as an N+1 design would.
  const pageIds = () => {
    const start = Math.floor(random() * (ids.length - 50));
    return ids.slice(start, start + 50);
  };
  const setBased = stats(await timed(Math.min(REQUESTS, 30), () => fullServices(db, pageIds())));
  const oneByOne = stats(
    await timed(Math.min(REQUESTS, 30), async () => {
      for (const id of pageIds()) await fullServices(db, [id]);
    }),
  );

  // Baseline 2: every service as ndjson in one stream, against walking all pages of 100 as JSON.
  started = performance.now();
  const ndjson = await get('/services?format=ndjson');
  const ndjsonMs = performance.now() - started;
  const ndjsonLines = ndjson.split('\n').filter(Boolean).length;
  started = performance.now();
  let paged = 0;
  for (let page = 1; page <= Math.ceil(total / 100); page++) {
    paged += (JSON.parse(await get(`/services?per_page=100&page=${page}`)) as { size: number }).size;
  }
  const pagedMs = performance.now() - started;
  started = performance.now();
  const fullLines = (await get('/services?format=ndjson&full=true')).split('\n').filter(Boolean).length;
  const fullMs = performance.now() - started;

  console.log(
    `activities: ${COUNT} (${total} listed), loaded through the import path in ${loadSeconds.toFixed(1)} s`,
  );
  console.log(
    `HTTP requests per row: ${REQUESTS} (after 10 warm-up), one at a time over localhost; times in ms`,
  );
  console.log(`${'request'.padEnd(28)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'mean'.padStart(9)}`);
  for (const [name, r] of Object.entries(results))
    console.log(`${name.padEnd(28)}${fmt(r.p50)}${fmt(r.p95)}${fmt(r.mean)}`);
  console.log(
    `nested page of 50, set-based: p50 ${setBased.p50.toFixed(1)} ms; one service at a time (baseline): p50 ${oneByOne.p50.toFixed(1)} ms; baseline / ours = ${(oneByOne.p50 / setBased.p50).toFixed(1)}x`,
  );
  console.log(
    `ndjson stream of ${ndjsonLines} services: ${ndjsonMs.toFixed(0)} ms (${((ndjsonLines / ndjsonMs) * 1000).toFixed(0)}/s); paging ${paged} as JSON (baseline): ${pagedMs.toFixed(0)} ms; baseline / ours = ${(pagedMs / ndjsonMs).toFixed(1)}x`,
  );
  console.log(
    `ndjson full=true stream of ${fullLines} nested services: ${fullMs.toFixed(0)} ms (${((fullLines / fullMs) * 1000).toFixed(0)}/s)`,
  );
  console.log(`peak RSS of the benchmark process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  server.close();
  await db.destroy();
  await embedded?.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
