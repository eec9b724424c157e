// npm run bench:crawl [-- --count 3000 --concurrency 1,4,8]
// The crawler measured against a real Open Referral UK 3.0 server: the directory's own API, holding generated
// activities loaded through the import path, crawled over loopback HTTP into a second, empty database, once per
// concurrency. Baseline in the same run and at the same concurrency: fetching the same list pages and every
// /services/{id} and doing nothing with them, which is what the feed and the network cost on their own; the ratio
// is what reading, validating and storing add. Then an unchanged re-crawl of the copy.
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { createStores } from '../src/db/stores.js';
import { runImport, summaryLine } from '../src/importer/run-import.js';
import { logger } from '../src/logger.js';
import { withSessionSecret } from '../src/secret-key.js';
import { PostgresSearchEngine } from '../src/search/postgres/postgres-engine.js';
import { createServices } from '../src/services/index.js';
import { openFreshDatabase, loadGeneratedDirectory } from './fresh-database.js';
import { generateActivities, readDistricts } from './generate-activities.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1,4,8' },
  },
});
const COUNT = Number(values.count);
const CONCURRENCIES = values.concurrency.split(',').map(Number);
if (
  !Number.isInteger(COUNT) ||
  COUNT < 1 ||
  CONCURRENCIES.some((n) => !Number.isInteger(n) || n < 1 || n > 64)
) {
  console.error(
    '--count must be a whole number above 0 and --concurrency a list of whole numbers from 1 to 64',
  );
  process.exit(2);
}
logger.level = 'warn';
const PER_PAGE = 100;

const config = await withSessionSecret(loadConfig());

/** Another database on the same server, made empty and migrated. */
async function freshDatabaseNamed(url: string, name: string): Promise<DataSource> {
  const admin = new pg.Client(url);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openFreshDatabase(target.toString());
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachAtOnce<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** The baseline: every list page read in turn, then every service fetched in full, the bodies read and dropped. */
async function fetchOnly(api: string, concurrency: number): Promise<number> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${api}/services?per_page=${PER_PAGE}&page=${page}`);
    const body = (await res.json()) as { contents: { id: string }[]; last_page?: boolean };
    ids.push(...body.contents.map((s) => s.id));
    if (body.last_page || body.contents.length === 0) break;
  }
  await eachAtOnce(ids, concurrency, async (id) => {
    const res = await fetch(`${api}/services/${encodeURIComponent(id)}`);
    if (res.status !== 200) throw new Error(`/services/${id}: ${res.status}`);
    await res.text();
  });
  return ids.length;
}

async function main() {
  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres('/tmp/directory-bench-crawl', config.embeddedPostgresPort);
  const url = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const source = await openFreshDatabase(url);
  const districts = readDistricts(config.sharedDataDir);
  let started = performance.now();
  // Loaded as of two days ago, so that the re-crawl at the end can ask only for what changed since (modified_after).
  await loadGeneratedDirectory(
    source,
    generateActivities(COUNT, districts),
    districts,
    new Date(Date.now() - 2 * 24 * 60 * 60 * 1000),
  );
  await source.query('VACUUM ANALYZE');
  console.log(
    `source: ${COUNT} generated activities loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const engine = new PostgresSearchEngine(source);
  const app = createApp(
    createServices({ stores: createStores(source), searchEngine: () => engine, engines: [engine], config }),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, '127.0.0.1', () => resolve(s));
  });
  const api = `http://127.0.0.1:${config.port}/api`;
  console.log(`crawling ${api} into an empty database; ${PER_PAGE} services per list page`);
  console.log(
    `${'concurrency'.padEnd(12)}${'crawl s'.padStart(9)}${'svc/s'.padStart(8)}${'fetch-only s'.padStart(14)}${'svc/s'.padStart(8)}${'crawl / fetch'.padStart(15)}`,
  );
  let target: DataSource | null = null;
  try {
    // One untimed pass first: the source's first answers (plans, caches) are not the crawler's cost.
    await fetchOnly(api, Math.max(...CONCURRENCIES));
    for (const concurrency of CONCURRENCIES) {
      // The baseline first, so the source's pages are as warm for the crawl as they were for it.
      started = performance.now();
      const fetched = await fetchOnly(api, concurrency);
      const fetchSeconds = (performance.now() - started) / 1000;

      if (target) await target.destroy();
      target = await freshDatabaseNamed(url, 'bench_crawl_target');
      started = performance.now();
      const report = await runImport(createStores(target), api, {
        format: 'oruk',
        crawl: { concurrency, perPage: PER_PAGE },
      });
      const crawlSeconds = (performance.now() - started) / 1000;
      if (report.rejections.length || !summaryLine(report).startsWith(`imported ${fetched},`))
        throw new Error(`the crawl did not copy every service: ${summaryLine(report)}`);
      console.log(
        `${String(concurrency).padEnd(12)}${crawlSeconds.toFixed(1).padStart(9)}${(fetched / crawlSeconds).toFixed(0).padStart(8)}${fetchSeconds.toFixed(1).padStart(14)}${(fetched / fetchSeconds).toFixed(0).padStart(8)}${(crawlSeconds / fetchSeconds).toFixed(1).padStart(14)}x`,
      );
    }
    const last = CONCURRENCIES[CONCURRENCIES.length - 1];
    started = performance.now();
    const again = await runImport(createStores(target!), api, {
      format: 'oruk',
      crawl: { concurrency: last },
    });
    console.log(
      `re-crawl of the unchanged feed at concurrency ${last}: ${((performance.now() - started) / 1000).toFixed(1)} s (${summaryLine(again)})`,
    );
    console.log(
      `load average at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')}`,
    );
    console.log(
      `peak RSS of the benchmark process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  } finally {
    server.close();
    await target?.destroy();
    await source.destroy();
    await embedded?.stop();
  }
}

await main();
