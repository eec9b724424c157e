// npm run bench:postcodes [-- --file path/to/codepo_gb.tar.gz --port 54385]
// Imports the full OS Code-Point Open distribution into a fresh embedded Postgres, then again (all
// unchanged), beside a parse-and-convert-only pass over the same file measured in the same run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { codepointFormat, readCodepoint } from '../src/importer/codepoint-format.js';
import { RejectionTally } from '../src/importer/rejection-tally.js';
import { summaryLine } from '../src/importer/run-import.js';
import { logger } from '../src/logger.js';
import { openFreshDatabase } from './fresh-database.js';
import { createStores } from '../src/db/stores.js';

const config = loadConfig();
const { values } = parseArgs({
  options: {
    file: { type: 'string', default: path.join(config.sharedDataDir, 'geo', 'codepo_gb-2025-10.tar.gz') },
    port: { type: 'string', default: '54385' },
  },
});
const FILE = values.file;
logger.level = 'warn';

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (since: number) => (performance.now() - since) / 1000;

async function main() {
  if (!existsSync(FILE)) throw new Error(`${FILE}: not found (set SHARED_DATA_DIR or pass --file)`);

  let started = performance.now();
  let converted = 0;
  const { rows } = await readCodepoint(FILE, () => void (converted += 1), new RejectionTally());
  const parseSeconds = seconds(started);
  console.log(
    `parse+convert only: ${rows} rows (${converted} postcodes) in ${parseSeconds.toFixed(1)} s, ` +
      `${Math.round(rows / parseSeconds)} rows/s, peak RSS ${peakMb()} MB`,
  );

  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres('/tmp/directory-bench-postcodes', Number(values.port));
  const url = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  try {
    const db = await openFreshDatabase(url, 4);

    // RSS sampled through the run: flat from the first quarter to the end means constant memory.
    const samples: number[] = [];
    const sampling = setInterval(() => samples.push(process.memoryUsage().rss), 500);
    started = performance.now();
    const first = await codepointFormat.run(createStores(db), FILE, {});
    const importSeconds = seconds(started);
    clearInterval(sampling);
    const quarters = [0.25, 0.5, 0.75, 1].map(
      (q) => Math.round(samples[Math.max(0, Math.ceil(q * samples.length) - 1)] / 2 ** 20) + ' MB',
    );
    console.log(
      `import into empty database: ${summaryLine(first)} in ${importSeconds.toFixed(1)} s, ` +
        `${Math.round(rows / importSeconds)} rows/s, peak RSS ${peakMb()} MB ` +
        `(RSS at 25/50/75/100% of the run: ${quarters.join(', ')})`,
    );

    started = performance.now();
    const second = await codepointFormat.run(createStores(db), FILE, {});
    const againSeconds = seconds(started);
    console.log(`import again: ${summaryLine(second)} in ${againSeconds.toFixed(1)} s`);

    console.log(
      `ratio import / parse-only: ${(importSeconds / parseSeconds).toFixed(2)} (first), ` +
        `${(againSeconds / parseSeconds).toFixed(2)} (again)`,
    );
    await db.destroy();
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
