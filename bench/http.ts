// npm run bench [-- --count 100000 --seconds 10 --connections 10 --duration 60 --load-connections 100]
// HTTP throughput of the real server (src/server.ts in its own process) over generated activities:
// the search page and the Open Referral API with the same filters, beside a static file served by the
// same Express app (the framework's ceiling), then a load test of the search page. The loaded database
// is kept under --data-dir between runs and reused when it already holds the same generated set.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig, projectRoot } from '../src/config.js';
import { openDatabase } from '../src/db/data-source.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { importListings } from '../src/importer/import-listings.js';
import { runImport } from '../src/importer/run-import.js';
import { JOB_SCHEMA } from '../src/jobs/job-queue.js';
import { logger } from '../src/logger.js';
import { generateActivities, prng, readDistricts, type District } from './generate-activities.js';
import { openFreshDatabase } from './fresh-database.js';
import { createStores } from '../src/db/stores.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '60' },
    'load-connections': { type: 'string', default: '100' },
    'data-dir': { type: 'string', default: '/tmp/directory-bench-http' },
    'pg-port': { type: 'string', default: '54381' },
    port: { type: 'string', default: '4381' },
    'prepare-only': { type: 'boolean', default: false },
    // Web processes (WEB_CONCURRENCY): one per core here.
    'web-processes': { type: 'string', default: '2' },
    'skip-load-test': { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const SEED = Number(values.seed);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const LOAD_SECONDS = Number(values.duration);
const LOAD_CONNECTIONS = Number(values['load-connections']);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const SERVER_LOG = path.join(values['data-dir'], 'server.log');
// The issue's target for the load test.
const LOAD_P99_LIMIT_MS = 250;
logger.level = 'warn';

const config = loadConfig();
const DATASET_KEY = 'bench_dataset';
const OUTCODES_FILE = 'geo/outcodes-codepoint-open-2025-10.csv';

interface Dataset {
  count: number;
  seed: number;
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

/** A database holding COUNT generated activities and the postcode districts, loaded once and then reused. */
async function prepareDataset(url: string, districts: District[]): Promise<void> {
  // A kept database from before a change to the migrations cannot be reused: load it afresh.
  const kept = await openDatabase(url, 8).catch((error: Error) => {
    console.log(`dataset: the kept database does not migrate (${error.message}); loading afresh`);
    return null;
  });
  const stored = kept ? await storedDataset(kept) : null;
  await kept?.destroy();
  if (stored && stored.count === COUNT && stored.seed === SEED) {
    console.log(`dataset: reusing ${COUNT} generated activities (seed ${SEED}) in ${values['data-dir']}`);
    return;
  }
  console.log(`dataset: loading ${COUNT} generated activities (seed ${SEED}) through the import path…`);
  const db = await openFreshDatabase(url);
  const started = performance.now();
  await runImport(createStores(db), `${config.sharedDataDir}/${OUTCODES_FILE}`, { format: 'outcodes' });
  const generated = generateActivities(COUNT, districts, SEED);
  await importListings(
    createStores(db),
    {
      listings: generated.map((g, index) => ({ listing: g.listing, position: { file: 'generated', index } })),
      rejections: [],
    },
    { source: 'bench', batchSize: 2000, now: new Date() },
  );
  await db.query('ANALYZE');
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [DATASET_KEY, JSON.stringify({ count: COUNT, seed: SEED })],
  );
  console.log(`dataset: loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await db.destroy();
}

/** Whether the jobs the server sent at start (all but the outbox, which runs on) have finished. */
async function startJobsDone(url: string): Promise<boolean> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job
       WHERE name IN ('roll-sessions', 'next-sessions', 'freshness') AND state < 'completed'`,
    );
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/** The real server, as `npm start` runs it, in its own process so its memory is its own. */
async function startServer(url: string): Promise<{ child: ChildProcess; startSeconds: number }> {
  const started = performance.now();
  const log = openSync(SERVER_LOG, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      MEILI_URL: '',
      WEB_CONCURRENCY: values['web-processes'],
    },
    // The server's own log (warnings and errors) goes to a file beside the data, not over the figures.
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before serving`))),
  );
  const deadline = Date.now() + 15 * 60 * 1000;
  // The server serves at once and rolls every activity's sessions forward in the background (a while at
  // 100k): the figures are taken once the jobs due at start have finished, so they do not compete.
  const ready = (async () => {
    while (Date.now() < deadline) {
      const up = await fetch(`${BASE}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (up && (await startJobsDone(url))) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the server was not ready, its start-up jobs done, within 15 minutes');
  })();
  await Promise.race([ready, exited]);
  return { child, startSeconds: (performance.now() - started) / 1000 };
}

/** Memory of the server: its main process and its web processes (the main process's children). */
function memoryOf(pid: number): { peakMb: number; nowMb: number; processes: number } {
  const status = (id: number) => readFileSync(`/proc/${id}/status`, 'utf8');
  const kb = (text: string, field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((id) => {
      try {
        return Number(/^PPid:\s+(\d+)$/m.exec(status(id))?.[1]) === pid;
      } catch {
        return false;
      }
    });
  const all = [pid, ...children].map(status);
  const sum = (field: string) => all.reduce((total, text) => total + kb(text, field), 0) / 1024;
  return { peakMb: sum('VmHWM'), nowMb: sum('VmRSS'), processes: all.length };
}

interface Target {
  name: string;
  /** Paths cycled through by every connection. */
  paths: string[];
  /** Present only when the server has the route; otherwise the reason it was not measured. */
  missing?: string;
}

function searchWorkload(districts: District[]): { page: string[]; api: string[] } {
  const random = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const busy = districts.filter((d) => d.postcodes > 2000).map((d) => d.outcode);
  const words = ['walking', 'art', 'choir', 'coffee morning', 'yoga', 'gardening', 'tai chi', 'book club'];
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  const page: string[] = [];
  const api: string[] = [];
  for (let i = 0; i < 50; i++) {
    const q = encodeURIComponent(pick(words));
    const where = encodeURIComponent(pick(busy));
    const day = pick(days);
    page.push(`/search?q=${q}&where=${where}&day=${day}`);
    api.push(`/api/services?search=${q}&postcode=${where}&day=${day}`);
  }
  return { page, api };
}

/** Every /api endpoint measured; each is probed first and reported as not measured when absent. */
const API_ENDPOINTS = (api: string[]) => [{ name: 'GET /api/services (same filters)', paths: api }];

async function probe(target: Target): Promise<Target> {
  const response = await fetch(`${BASE}${target.paths[0]}`).catch((error: Error) => error);
  if (response instanceof Error) return { ...target, missing: `request failed: ${response.message}` };
  await response.arrayBuffer();
  if (response.status === 404) return { ...target, missing: `${target.paths[0].split('?')[0]} answers 404` };
  if (response.status !== 200) return { ...target, missing: `the probe answered ${response.status}` };
  return target;
}

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** The non-2xx answers by status, e.g. "12 × 503". */
  statuses: string;
}

async function measure(paths: string[], seconds: number, connections: number): Promise<Figures> {
  const result = await autocannon({
    url: BASE,
    connections,
    duration: seconds,
    timeout: 10,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    statuses: Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${count} × ${code}`)
      .join(', '),
  };
}

const column = (value: string | number, width: number) => String(value).padStart(width);

async function main() {
  const districts = readDistricts(config.sharedDataDir);
  const embedded = await startEmbeddedPostgres(values['data-dir'], Number(values['pg-port']));
  let server: ChildProcess | null = null;
  try {
    await prepareDataset(embedded.url, districts);
    if (values['prepare-only']) return;
    const started = await startServer(embedded.url);
    server = started.child;
    const pid = server.pid!;
    const afterStart = memoryOf(pid);
    const workload = searchWorkload(districts);
    const targets: Target[] = [
      { name: 'static: GET /static/css/site.css', paths: ['/static/css/site.css'] },
      { name: 'GET /search (text + place + day)', paths: workload.page },
      ...(await Promise.all(API_ENDPOINTS(workload.api).map(probe))),
    ];
    console.log(
      `server: pid ${pid} and ${afterStart.processes - 1} web processes (WEB_CONCURRENCY=${values['web-processes']}), ready in ${started.startSeconds.toFixed(0)} s, RSS after start ${afterStart.nowMb.toFixed(0)} MB (all processes)`,
    );
    console.log(`server log: ${SERVER_LOG}`);
    console.log(`load average before the runs: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(
      `throughput: ${SECONDS} s per target, ${CONNECTIONS} connections, after a 3 s warm-up; latency in ms`,
    );
    console.log(
      `${'target'.padEnd(38)}${column('req/s', 9)}${column('p50', 7)}${column('p99', 7)}${column('errors', 8)}${column('non-2xx', 9)}${column('vs static', 11)}`,
    );
    let ceiling = 0;
    for (const target of targets) {
      if (target.missing) {
        console.log(`${target.name.padEnd(38)}  not measured: ${target.missing}`);
        continue;
      }
      await measure(target.paths, 3, CONNECTIONS);
      const figures = await measure(target.paths, SECONDS, CONNECTIONS);
      if (ceiling === 0) ceiling = figures.requestsPerSecond;
      console.log(
        `${target.name.padEnd(38)}${column(figures.requestsPerSecond.toFixed(0), 9)}${column(figures.p50, 7)}${column(figures.p99, 7)}${column(figures.errors + figures.timeouts, 8)}${column(figures.non2xx, 9)}${column(`${((figures.requestsPerSecond / ceiling) * 100).toFixed(1)}%`, 11)}${figures.statuses ? `  (${figures.statuses})` : ''}`,
      );
    }
    if (!values['skip-load-test']) {
      console.log(
        `load: GET /search (text + place + day), ${LOAD_SECONDS} s at ${LOAD_CONNECTIONS} connections…`,
      );
      const load = await measure(workload.page, LOAD_SECONDS, LOAD_CONNECTIONS);
      const failures = load.errors + load.timeouts + load.non2xx;
      const pass = failures === 0 && load.p99 < LOAD_P99_LIMIT_MS;
      console.log(
        `load: ${load.requests} requests, ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}${load.statuses ? ` (${load.statuses})` : ''}`,
      );
      console.log(`load: ${pass ? 'PASS' : 'FAIL'} against zero errors and p99 < ${LOAD_P99_LIMIT_MS} ms`);
    }
    const after = memoryOf(pid);
    console.log(
      `server memory, all ${after.processes} processes: peak RSS (sum of each VmHWM) ${after.peakMb.toFixed(0)} MB, RSS now ${after.nowMb.toFixed(0)} MB`,
    );
    console.log(`load average after the runs: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
