// npm run bench [-- --count 100000 --duration 60 --connections 100 --searches 100000]
// Load on the real server (src/server.ts in its own process, WEB_CONCURRENCY web processes) over generated
// activities: the search page and the Open Referral API, each sent searches it has never seen (real postcodes
// and districts near the activities, the generator's words, days and parts of the day), beside a static file
// from the same Express app in the same run (the framework's ceiling). Also the server's start-up time and
// each process's peak memory. The loaded database is kept under --data-dir and reused while it holds the same set.
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/data-source.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { createStores } from '../src/db/stores.js';
import type { Point } from '../src/domain/distance.js';
import { runImport } from '../src/importer/run-import.js';
import { logger } from '../src/logger.js';
import { importGenerated, openFreshDatabase } from './fresh-database.js';
import { readDistricts, searchWords, type District } from './generate-activities.js';
import {
  ActivitiesNearby,
  apiUrl,
  assertDistinct,
  LoadSearches,
  METRES_PER_MILE,
  pageUrl,
  searchPlaces,
} from './load-searches.js';
import { missingSharedData } from './shared-data.js';
import { serverMemory, startServer, stopServer, waitForStartJobs } from './server-process.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    // Different searches prepared for each search target; a target that has sent them all stops early.
    searches: { type: 'string', default: '100000' },
    'warm-up': { type: 'string', default: '5' },
    'data-dir': { type: 'string', default: '/tmp/directory-bench-http' },
    'pg-port': { type: 'string', default: '54381' },
    port: { type: 'string', default: '4381' },
    'prepare-only': { type: 'boolean', default: false },
    // Web processes (WEB_CONCURRENCY): one per core here.
    'web-processes': { type: 'string', default: '2' },
  },
});
const COUNT = Number(values.count);
const SEED = Number(values.seed);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const SEARCHES = Number(values.searches);
const WARM_UP = Number(values['warm-up']);
const WEB_PROCESSES = Number(values['web-processes']);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const SERVER_LOG = path.join(values['data-dir'], 'server.log');
// The issue's targets: the load test's, and start-up and a serving process's memory at 1,000,000 activities.
const P99_LIMIT_MS = 250;
const START_LIMIT_SECONDS = 10;
const SERVING_LIMIT_MB = 300;
const MIN_SEARCHES = 10_000;
/** Searches come from places with a generated activity this close: the page's radius finds something. */
const NEARBY_MILES = 2;
const POSTCODE_SAMPLE = 50_000;
logger.level = 'warn';

const config = loadConfig();
const DATASET_KEY = 'bench_dataset';
const OUTCODES_FILE = 'geo/outcodes-codepoint-open-2025-10.csv';
const CODEPOINT_FILE = 'geo/codepo_gb-2025-10.tar.gz';
/** The ceiling: a file served by the same app, through the same middleware. */
const STATIC_FILE = '/static/css/site.css';
const sharedFile = (name: string) => path.join(config.sharedDataDir, name);

interface Dataset {
  count: number;
  seed: number;
  /** The Code-Point file whose postcodes the gazetteer holds. */
  postcodes?: string;
}

async function storedDataset(db: DataSource): Promise<Dataset | null> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = $1`, [DATASET_KEY])) as {
    value: Dataset;
  }[];
  if (!rows[0]) return null;
  const [{ services }] = (await db.query(`SELECT count(*) AS services FROM service`)) as {
    services: number;
  }[];
  return services === rows[0].value.count ? rows[0].value : null;
}

/**
 * A database holding COUNT generated activities, the postcode districts and every Code-Point postcode (so a
 * full postcode is found as itself), loaded once and then reused.
 */
async function prepareDataset(url: string, districts: District[]): Promise<void> {
  // A kept database from before a change to the migrations cannot be reused: load it afresh.
  const kept = await openDatabase(url, 8).catch((error: Error) => {
    console.log(`dataset: the kept database does not migrate (${error.message}); loading afresh`);
    return null;
  });
  const stored = kept ? await storedDataset(kept) : null;
  await kept?.destroy();
  if (stored && stored.count === COUNT && stored.seed === SEED && stored.postcodes === CODEPOINT_FILE) {
    console.log(`dataset: reusing ${COUNT} generated activities (seed ${SEED}) in ${values['data-dir']}`);
    return;
  }
  console.log(`dataset: loading ${COUNT} generated activities (seed ${SEED}) through the import path…`);
  const db = await openFreshDatabase(url);
  const started = performance.now();
  await runImport(createStores(db), sharedFile(OUTCODES_FILE), { format: 'outcodes' });
  await runImport(createStores(db), sharedFile(CODEPOINT_FILE), { format: 'codepoint' });
  // A chunk at a time, so that a million never need to be held at once.
  await importGenerated(db, { count: COUNT, districts, seed: SEED, now: new Date() });
  await db.query('ANALYZE');
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [DATASET_KEY, JSON.stringify({ count: COUNT, seed: SEED, postcodes: CODEPOINT_FILE })],
  );
  console.log(`dataset: loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await db.destroy();
}

/** Where the generated activities are, as the server has them. */
async function activityPoints(url: string): Promise<Point[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<Point>(
      `SELECT latitude, longitude FROM location WHERE latitude IS NOT NULL AND longitude IS NOT NULL`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

interface Workload {
  page: { probe: string; warmUp: string[]; measured: string[] };
  api: { probe: string; warmUp: string[]; measured: string[] };
}

/** Every URL the run will send to a search target, each a search no other URL repeats. */
async function prepareWorkload(url: string, districts: District[]): Promise<Workload> {
  const started = performance.now();
  const nearby = new ActivitiesNearby(await activityPoints(url), NEARBY_MILES * METRES_PER_MILE);
  const places = await searchPlaces(sharedFile(CODEPOINT_FILE), districts, nearby, {
    limit: POSTCODE_SAMPLE,
    seed: SEED,
  });
  const words = searchWords();
  const searches = new LoadSearches(places, words, SEED);
  const warmUp = Math.min(SEARCHES, MIN_SEARCHES);
  const workload: Workload = {
    page: { probe: pageUrl(searches.next()), warmUp: searches.urls(warmUp, pageUrl), measured: [] },
    api: { probe: apiUrl(searches.next()), warmUp: searches.urls(warmUp, apiUrl), measured: [] },
  };
  workload.page.measured = searches.urls(SEARCHES, pageUrl);
  workload.api.measured = searches.urls(SEARCHES, apiUrl);
  const distinct = assertDistinct(
    [workload.page, workload.api].flatMap((t) => [[t.probe], t.warmUp, t.measured]),
  );
  console.log(
    `places: ${places.postcodes.length} full postcodes (an even sample of the ${places.postcodesNearby} in ` +
      `Code-Point with a generated activity within ${NEARBY_MILES} miles) and ${places.districts.length} districts; ` +
      `${words.length} words and phrases from the generator's vocabulary`,
  );
  console.log(
    `searches: ${SEARCHES} per target and ${warmUp} to warm it up, ${distinct} URLs in all, ` +
      `every one a different search (checked); prepared in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return workload;
}

interface Figures {
  requests: number;
  requestsPerSecond: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The non-2xx answers by status, e.g. "12 × 503". */
  statuses: string;
  /** Every prepared search was sent before the time was up. */
  ranOut: boolean;
}

/** Drives the server with `paths`; a list of searches is sent in order, each once, and stops when used up. */
async function measure(paths: string[], seconds: number, once: boolean): Promise<Figures> {
  let next = 0;
  const take = (request: autocannon.Request): autocannon.Request => {
    // maxOverallRequests keeps the requests to the list's length; running past it would repeat a search.
    if (next >= paths.length) throw new Error('more requests than prepared searches');
    return { ...request, path: paths[next++] };
  };
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(once
      ? { maxOverallRequests: paths.length, requests: [{ method: 'GET' as const, setupRequest: take }] }
      : { requests: [{ method: 'GET' as const, path: paths[0] }] }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${count} × ${code}`)
      .join(', '),
    ranOut: once && next >= paths.length,
  };
}

/** One request first, so a target that is missing or broken is reported instead of measured. */
async function probe(url: string): Promise<string | null> {
  const response = await fetch(`${BASE}${url}`).catch((error: Error) => error);
  if (response instanceof Error) return `request failed: ${response.message}`;
  await response.arrayBuffer();
  return response.status === 200 ? null : `${url} answered ${response.status}`;
}

/**
 * Waits until the server answers /health promptly again: requests a run left in flight (autocannon stops
 * waiting for them, the server does not) would otherwise be served during the next run.
 */
async function settle(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    const answered = await fetch(`${BASE}/health`, { signal: AbortSignal.timeout(5000) })
      .then((response) => response.arrayBuffer())
      .then(() => true)
      .catch(() => false);
    if (answered && performance.now() - started < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Target {
  name: string;
  probe: string;
  warmUp: string[];
  measured: string[];
  /** Searches are sent each once; the static file is the same URL throughout. */
  once: boolean;
}

const column = (value: string | number, width: number) => String(value).padStart(width);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');

function printRow(name: string, figures: Figures, ceiling: number, judged: boolean): void {
  const pass = figures.errors === 0 && figures.non2xx === 0 && figures.p99 < P99_LIMIT_MS;
  const notes = [
    figures.timeouts ? `${figures.timeouts} timeouts` : '',
    figures.statuses,
    figures.ranOut ? `every prepared search sent in ${figures.seconds} s: raise --searches` : '',
  ].filter(Boolean);
  console.log(
    `${name.padEnd(16)}${column(figures.requests, 10)}${column(figures.requestsPerSecond.toFixed(0), 8)}` +
      `${column(figures.p50, 7)}${column(figures.p99, 7)}${column(figures.errors, 8)}${column(figures.non2xx, 9)}` +
      `${column(ceiling ? `${((figures.requestsPerSecond / ceiling) * 100).toFixed(1)} %` : '—', 11)}` +
      `${column(judged ? (pass ? 'PASS' : 'FAIL') : '', 8)}${notes.length ? `  (${notes.join('; ')})` : ''}`,
  );
}

async function main() {
  if (!Number.isInteger(SEARCHES) || SEARCHES < MIN_SEARCHES)
    throw new Error(`--searches must be at least ${MIN_SEARCHES}`);
  const absent = missingSharedData([OUTCODES_FILE, CODEPOINT_FILE].map(sharedFile), config.ci);
  if (absent) {
    // Before the database is touched: nothing is loaded or started without the places to search from.
    if (absent.fail) throw new Error(`bench failed: ${absent.reason}`);
    console.log(`bench skipped: ${absent.reason}`);
    return;
  }
  const districts = readDistricts(config.sharedDataDir);
  const embedded = await startEmbeddedPostgres(values['data-dir'], Number(values['pg-port']));
  let server: ChildProcess | null = null;
  try {
    await prepareDataset(embedded.url, districts);
    if (values['prepare-only']) return;
    const workload = await prepareWorkload(embedded.url, districts);

    console.log(`load average before the server starts: ${loadAverage()}`);
    const spawned = performance.now();
    const started = await startServer({
      databaseUrl: embedded.url,
      port: PORT,
      webProcesses: WEB_PROCESSES,
      logFile: SERVER_LOG,
    });
    server = started.child;
    console.log(
      `start-up: /health UP ${started.upSeconds.toFixed(1)} s after the process was spawned ` +
        `(target ≤ ${START_LIMIT_SECONDS} s: ${started.upSeconds <= START_LIMIT_SECONDS ? 'within' : 'over'})`,
    );
    await waitForStartJobs(embedded.url);
    console.log(`start-up jobs (sessions rolled forward, freshness) done ${seconds(spawned)} s after spawn`);
    console.log(`server log: ${SERVER_LOG}`);

    const targets: Target[] = [
      {
        name: 'static file',
        probe: STATIC_FILE,
        warmUp: [STATIC_FILE],
        measured: [STATIC_FILE],
        once: false,
      },
      { name: 'GET /search', ...workload.page, once: true },
      { name: 'GET /api/services', ...workload.api, once: true },
    ];
    console.log(
      `load: each target (the static file is ${STATIC_FILE}) ${DURATION} s at ${CONNECTIONS} connections after a ${WARM_UP} s warm-up, ` +
        `WEB_CONCURRENCY=${WEB_PROCESSES}; load average ${loadAverage()}; latency in ms`,
    );
    console.log(
      `${'target'.padEnd(16)}${column('requests', 10)}${column('req/s', 8)}${column('p50', 7)}${column('p99', 7)}` +
        `${column('errors', 8)}${column('non-2xx', 9)}${column('vs static', 11)}${column('verdict', 8)}`,
    );
    let ceiling = 0;
    let missing = false;
    for (const target of targets) {
      const problem = await probe(target.probe);
      if (problem) {
        console.log(`${target.name.padEnd(16)}  not measured: ${problem}`);
        missing = true;
        continue;
      }
      if (WARM_UP > 0) await measure(target.warmUp, WARM_UP, target.once);
      await settle();
      const figures = await measure(target.measured, DURATION, target.once);
      await settle();
      if (!target.once) ceiling = figures.requestsPerSecond;
      printRow(target.name, figures, ceiling, target.once);
    }
    console.log(`verdicts: zero errors, zero non-2xx and p99 < ${P99_LIMIT_MS} ms`);

    const memory = serverMemory(server.pid!);
    const serving = memory.filter((p) => p.role === 'web');
    const servers = serving.length ? serving : memory;
    for (const one of memory)
      console.log(
        `memory: pid ${one.pid} (${one.role === 'web' ? 'web' : serving.length ? 'main: jobs' : 'main: jobs and serving'}) ` +
          `peak RSS (VmHWM) ${one.peakMb.toFixed(0)} MB, now ${one.nowMb.toFixed(0)} MB`,
      );
    const peak = Math.max(...servers.map((p) => p.peakMb));
    console.log(
      `memory: the largest serving process peaked at ${peak.toFixed(0)} MB ` +
        `(target ≤ ${SERVING_LIMIT_MB} MB: ${peak <= SERVING_LIMIT_MB ? 'within' : 'over'})`,
    );
    console.log(`load average after the runs: ${loadAverage()}`);
    if (missing) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
