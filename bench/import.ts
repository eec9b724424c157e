// npm run bench:import -- [--count 100000] [--seed 42] [--url postgres://…scratch database it may empty]
// Generates services, imports them end to end through the real import path, then COPYs the same rows into the
// same (fresh) tables as the floor any importer could reach, and prints both rates and their ratio.
import { rm, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { syncVocabulary } from '../src/db/vocabulary-store.js';
import { readHsds } from '../src/importer/hsds-format.js';
import type { Listing } from '../src/importer/listing.js';
import { runImport, summaryLine } from '../src/importer/run-import.js';
import { logger } from '../src/logger.js';
import { writeGeneratedServices } from './generate-services.js';
import { createStores } from '../src/db/stores.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    url: { type: 'string' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`--count must be a whole number, got "${values.count}"`);

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function freshSchema(dataSource: DataSource): Promise<void> {
  await dataSource.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await dataSource.runMigrations({ transaction: 'each' });
  await syncVocabulary(dataSource);
}

// COPY text format: tab-separated, \N for null, backslash escapes.
const copyValue = (value: unknown): string =>
  value === null || value === undefined
    ? '\\N'
    : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

async function copyRows(client: pg.Client, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const stream = client.query(
    copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
  );
  function* lines() {
    for (let i = 0; i < rows.length; i += 1000) {
      yield rows
        .slice(i, i + 1000)
        .map((row) => `${columns.map((c) => copyValue((row as Record<string, unknown>)[c])).join('\t')}\n`)
        .join('');
    }
  }
  await pipeline(Readable.from(lines()), stream);
}

function tableRows(listings: Listing[]): [string, object[]][] {
  const all = <T>(pick: (l: Listing) => T[]) => listings.flatMap(pick);
  const unique = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
  const bundles = all((l) => l.locations);
  return [
    ['organization', unique(all((l) => (l.organization ? [l.organization] : [])))],
    ['location', unique(bundles.map((b) => b.location))],
    ['address', bundles.flatMap((b) => b.addresses)],
    ['accessibility', bundles.flatMap((b) => b.accessibility)],
    ['service', listings.map((l) => ({ ...l.service }))],
    ['service_at_location', all((l) => l.serviceAtLocations)],
    ['schedule', all((l) => l.schedules)],
    ['schedule_cancellation', all((l) => l.cancellations)],
    ['attribute', all((l) => l.attributes)],
    ['contact', all((l) => l.contacts)],
    ['phone', all((l) => l.phones)],
    ['cost_option', all((l) => l.costOptions)],
  ];
}

async function main(): Promise<void> {
  logger.level = 'warn';
  const config = loadConfig();
  // Its own embedded server under /tmp (EMBEDDED_PG_PORT), or --url: a scratch database this bench empties.
  const embedded = values.url
    ? null
    : await startEmbeddedPostgres(
        path.join(tmpdir(), 'directory-bench-import-db'),
        config.embeddedPostgresPort,
      );
  const work = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  let database: Awaited<ReturnType<typeof connectDatabase>> | null = null;
  try {
    const url = values.url ?? embedded!.url;
    const reset = new pg.Client(url);
    await reset.connect();
    await reset.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await reset.end();
    database = await connectDatabase({ databaseUrl: url, dataDir: work, embeddedPostgresPort: 0 }, 4);
    await measure(database.dataSource, url, work);
  } finally {
    await database?.close();
    await embedded?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function measure(dataSource: DataSource, url: string, work: string): Promise<void> {
  const file = path.join(work, 'services.json');
  let started = process.hrtime.bigint();
  await writeGeneratedServices(file, count, seed);
  const size = (await stat(file)).size;
  say(
    `generated ${count} services (${(size / 1e6).toFixed(1)} MB HSDS JSON) in ${seconds(started).toFixed(1)} s`,
  );

  await freshSchema(dataSource);
  started = process.hrtime.bigint();
  let lastShown = 0;
  const report = await runImport(createStores(dataSource), file, {
    format: 'hsds',
    onProgress: (done, total) => {
      if (done - lastShown >= total / 10 || done === total) {
        lastShown = done;
        process.stderr.write(`  import ${done}/${total} after ${seconds(started).toFixed(1)} s\n`);
      }
    },
  });
  const importSeconds = seconds(started);
  const occurrences = (
    (await dataSource.query('SELECT count(*)::int AS n FROM session_occurrence')) as { n: number }[]
  )[0].n;
  say(`import: ${summaryLine(report)}; ${occurrences} session occurrences built`);
  if (report.imported !== count) throw new Error(`expected ${count} imported services`);

  // Baseline: the same rows, converted beforehand (not timed), COPYed into freshly migrated tables.
  await freshSchema(dataSource);
  const listings = (await readHsds(file)).listings.map((item) => item.listing);
  const tables = tableRows(listings);
  const client = new pg.Client(url);
  await client.connect();
  started = process.hrtime.bigint();
  for (const [table, rows] of tables) await copyRows(client, table, rows);
  const copySeconds = seconds(started);
  await client.end();
  const rowCount = tables.reduce((n, [, rows]) => n + rows.length, 0);

  const importRate = count / importSeconds;
  const copyRate = count / copySeconds;
  say(
    `import (validate + store + search fields + occurrences): ${importSeconds.toFixed(1)} s, ${Math.round(importRate)} services/s`,
  );
  say(
    `raw COPY of the same ${rowCount} rows: ${copySeconds.toFixed(1)} s, ${Math.round(copyRate)} services/s`,
  );
  say(`ratio: the import takes ${(importSeconds / copySeconds).toFixed(1)}x the raw COPY time`);
  say(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  say(
    `target (100,000 services in <= 60 s): ${count === 100000 ? (importSeconds <= 60 ? 'met' : 'NOT met') : 'n/a for this count'}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
