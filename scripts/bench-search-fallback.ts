// Search cost of facets and of the Meilisearch fallback, as ratios against plain Postgres search in
// the same run: npm run start's database (DATA_DIR / DATABASE_URL), Meilisearch on a closed port.
import { createServer, type AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { logger } from '../src/logger.js';
import { searchQuery, type SearchEngine, type SearchQuery } from '../src/search/engine.js';
import { FallbackSearchEngine } from '../src/search/fallback-engine.js';
import { MeilisearchEngine } from '../src/search/meilisearch/meilisearch-engine.js';
import { PostgresSearchEngine } from '../src/search/postgres/postgres-engine.js';

const ROUNDS = Number(process.argv[2] ?? 50);
const BRISTOL = { latitude: 51.4545, longitude: -2.5879 };

const queries: SearchQuery[] = (
  [
    { text: 'walking' },
    { text: 'lonely', near: BRISTOL },
    { near: BRISTOL, days: [2], partsOfDay: ['afternoon'] },
    { needs: ['getting-active', 'loneliness'], freeOnly: true },
  ] as Partial<SearchQuery>[]
).map((q) => searchQuery({ radiusMetres: 8047, now: new Date(), ...q }));

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Median milliseconds of one pass over every query, per variant; variants take turns each round so
 * load from other processes falls on all of them alike. */
async function medians(variants: [SearchEngine, Partial<SearchQuery>][]): Promise<number[]> {
  const times: number[][] = variants.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [v, [engine, change]] of variants.entries()) {
      const started = performance.now();
      for (const q of queries) await engine.search({ ...q, ...change });
      times[v].push(performance.now() - started);
    }
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = 'error';
  const database = await connectDatabase(config, 4);
  try {
    const [{ n }] = (await database.dataSource.query('SELECT count(*)::int AS n FROM service')) as {
      n: number;
    }[];
    const postgres = new PostgresSearchEngine(database.dataSource);
    const meili = { url: `http://127.0.0.1:${await closedLoopbackPort()}`, masterKey: null, timeoutMs: 1500 };
    const fallback = new FallbackSearchEngine(new MeilisearchEngine(meili, database.dataSource), postgres, {
      timeoutMs: meili.timeoutMs,
    });
    const started = performance.now();
    await fallback.search(queries[0]);
    const firstFailure = performance.now() - started;

    await medians([[postgres, {}]]); // warm-up
    const [base, facets, degraded] = await medians([
      [postgres, {}],
      [postgres, { withFacets: true }],
      [fallback, {}],
    ]);
    const row = (label: string, ms: number) =>
      `${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / base).toFixed(2)}×\n`;
    process.stdout.write(`${n} activities, ${queries.length} queries per pass, median of ${ROUNDS} passes\n`);
    process.stdout.write(row('postgres (baseline)', base));
    process.stdout.write(row('postgres with facets', facets));
    process.stdout.write(row('fallback engine, meilisearch down', degraded));
    process.stdout.write(
      `first search after meilisearch went down: ${firstFailure.toFixed(1)} ms (one query)\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
