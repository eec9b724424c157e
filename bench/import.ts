// npm run bench:import -- [--count 100000] [--seed 42] [--url postgres://…scratch database it may empty]
// Generates services, imports them end to end through the real import path, then COPYs the same rows into the
// same (fresh) tables as the floor any importer could reach, and prints both rates and their ratio. Everything
// streams, so it runs at 1,000,000 services too; the import's peak RSS is read before the baseline starts.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm, mkdtemp, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { syncVocabulary } from '../src/db/vocabulary-store.js';
import { convertHsdsService } from '../src/importer/hsds/service.js';
import { runImport, summaryLine } from '../src/importer/run-import.js';
import { logger } from '../src/logger.js';
import { generatedService, writeGeneratedServices } from './generate-services.js';
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
const load = () => `load average ${loadavg()[0].toFixed(2)}`;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

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

/** The listing rows of each table as COPY text files, converted from the same generated services (not timed). */
async function writeCopyFiles(
  work: string,
): Promise<{ table: string; file: string; rows: number; columns: string[] }[]> {
  const tables = new Map<string, { out: WriteStream; file: string; rows: number; columns: string[] }>();
  const write = async (table: string, rows: object[]) => {
    for (const row of rows) {
      let target = tables.get(table);
      if (!target) {
        const name = path.join(work, `${table}.copy`);
        target = { out: createWriteStream(name), file: name, rows: 0, columns: Object.keys(row) };
        tables.set(table, target);
      }
      const values = target.columns.map((c) => copyValue((row as Record<string, unknown>)[c]));
      target.rows += 1;
      if (!target.out.write(`${values.join('\t')}\n`)) await once(target.out, 'drain');
    }
  };
  const seen = { organization: new Set<string>(), location: new Set<string>() };
  const firstTime = (kind: keyof typeof seen, rows: { id: string }[]) =>
    rows.filter((row) => !seen[kind].has(row.id) && seen[kind].add(row.id));
  for (let n = 0; n < count; n++) {
    const converted = convertHsdsService(generatedService(n, seed));
    if (!('listing' in converted))
      throw new Error(`generated service ${n} refused: ${converted.reasons.join('; ')}`);
    const l = converted.listing;
    await write('organization', firstTime('organization', l.organization ? [l.organization] : []));
    await write(
      'location',
      firstTime(
        'location',
        l.locations.map((b) => b.location),
      ),
    );
    await write(
      'address',
      l.locations.flatMap((b) => b.addresses),
    );
    await write(
      'accessibility',
      l.locations.flatMap((b) => b.accessibility),
    );
    await write('service', [l.service]);
    await write('service_at_location', l.serviceAtLocations);
    await write('schedule', l.schedules);
    await write('schedule_cancellation', l.cancellations);
    await write('attribute', l.attributes);
    await write('contact', l.contacts);
    await write('phone', l.phones);
    await write('cost_option', l.costOptions);
  }
  for (const { out } of tables.values()) {
    out.end();
    await finished(out);
  }
  return [...tables].map(([table, { file: name, rows, columns }]) => ({ table, file: name, rows, columns }));
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
  say(`import starts, ${load()}`);
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
  const importPeak = peakMb();
  say(`import ends, ${load()}; peak RSS so far (generation + import) ${importPeak} MB`);
  const occurrences = (
    (await dataSource.query('SELECT count(*)::int AS n FROM session_occurrence')) as { n: number }[]
  )[0].n;
  say(`import: ${summaryLine(report)}; ${occurrences} session occurrences built`);
  if (report.imported !== count) throw new Error(`expected ${count} imported services`);

  // Baseline: the same rows, converted beforehand (not timed), COPYed into freshly migrated tables.
  await freshSchema(dataSource);
  const copyFiles = await writeCopyFiles(work);
  const client = new pg.Client(url);
  await client.connect();
  say(`COPY starts, ${load()}`);
  started = process.hrtime.bigint();
  for (const { table, file: rows, columns } of copyFiles) {
    const copy = client.query(
      copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
    );
    await pipeline(createReadStream(rows), copy);
  }
  const copySeconds = seconds(started);
  say(`COPY ends, ${load()}`);
  await client.end();
  const rowCount = copyFiles.reduce((n, { rows }) => n + rows, 0);

  const ratio = importSeconds / copySeconds;
  say(
    `import (validate + store + search fields + occurrences): ${importSeconds.toFixed(1)} s, ${Math.round(count / importSeconds)} services/s`,
  );
  say(
    `raw COPY of the same ${rowCount} rows: ${copySeconds.toFixed(1)} s, ${Math.round(count / copySeconds)} services/s`,
  );
  say(
    `ratio: the import takes ${ratio.toFixed(1)}x the raw COPY time (goal <= 2.5x): ${ratio <= 2.5 ? 'met' : 'NOT met'}`,
  );
  say(
    `peak RSS of the import: ${importPeak} MB (goal <= 1024 MB): ${importPeak <= 1024 ? 'met' : 'NOT met'}`,
  );
  say(
    `time (goal <= 600 s at 1,000,000): ${count === 1000000 ? (importSeconds <= 600 ? 'met' : 'NOT met') : 'n/a for this count'}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
