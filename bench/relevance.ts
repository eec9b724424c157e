// npm run bench:relevance [-- --reuse] [--port 54387] [--dir /tmp/directory-bench-relevance] [--pool QUERY_ID[,…]|all [--unjudged]] [--baseline]
// Loads the sample listings and the real shared feeds (Bristol, Trafford/GM, the libraries list) with the
// gazetteer through the project's importers, runs every judged query through the search page's own service,
// and prints P@5 and nDCG@10 per query and for each half of the judged set; writes docs/relevance.md.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { logger } from '../src/logger.js';
import { describeLoad, missingSources, openJudgedDirectory } from './relevance/directory.js';
import { readJudgedSet } from './relevance/judged-set.js';
import { describePool } from './relevance/pool.js';
import { missingListings } from './relevance/records.js';
import { measure, printReport, readBaseline, writeBaseline, writeDocs } from './relevance/report.js';
import { queryRunner } from './relevance/run-query.js';

const { values } = parseArgs({
  options: {
    // Keep the loaded directory between runs when it holds the same files, mappings and migrations.
    reuse: { type: 'boolean', default: false },
    port: { type: 'string', default: '54387' },
    // Where its embedded PostgreSQL keeps the directory, so runs from two working copies do not share one.
    dir: { type: 'string', default: '/tmp/directory-bench-relevance' },
    // Print the pooled listings of these queries for judging instead of measuring.
    pool: { type: 'string' },
    'pool-text': { type: 'string', default: '400' },
    // With --pool: only the engine's first 20 that are not yet judged, ranks hidden.
    unjudged: { type: 'boolean', default: false },
    // Record this run's figures as the baseline later runs are shown beside.
    baseline: { type: 'boolean', default: false },
  },
});
logger.level = 'warn';

/** Sessions are expanded and freshness judged from this moment, so every run sees the same directory. */
const NOW = new Date('2026-12-01T09:00:00Z');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const config = loadConfig();
  const missing = missingSources(config.sharedDataDir);
  if (missing.length) {
    const files = existsSync(config.sharedDataDir)
      ? missing.map((m) => `  ${m}\n`).join('')
      : `  ${config.sharedDataDir} (the whole folder)\n`;
    // Under CI the figures are expected, so missing data is a failure; a developer without it is told what was left out.
    if (config.ci) {
      process.stderr.write(
        `bench:relevance failed: the judged queries are graded against the real open data in ${config.sharedDataDir} ` +
          `(SHARED_DATA_DIR), which CI must provide; missing:\n${files}`,
      );
      return 1;
    }
    say(
      `bench:relevance skipped: no query was run and docs/relevance.md is unchanged, because the real open data ` +
        `the judgements are graded against is not in ${config.sharedDataDir} (SHARED_DATA_DIR); missing:\n${files.trimEnd()}`,
    );
    return 0;
  }
  const judged = readJudgedSet();
  // BENCH_DATABASE_URL: a scratch database the benchmark may empty (as the other benchmarks), instead of its own.
  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres(values.dir, Number(values.port));
  try {
    const url = process.env.BENCH_DATABASE_URL ?? embedded!.url;
    const { db, load, reused } = await openJudgedDirectory(url, {
      sharedDataDir: config.sharedDataDir,
      now: NOW,
      reuse: values.reuse,
      say,
    });
    say(`${reused ? 'reusing the directory loaded earlier' : 'directory loaded'}: ${describeLoad(load)}`);
    const run = await queryRunner(db, NOW);
    if (values.pool) {
      const wanted = values.pool === 'all' ? null : values.pool.split(',');
      for (const query of judged.queries.filter((q) => !wanted || wanted.includes(q.id)))
        say(
          await describePool(db, query, await run(query.form), Number(values['pool-text']), values.unjudged),
        );
    } else {
      // Judgements of listings the directory no longer holds cannot be met: say so rather than score quietly.
      const missingJudged = await missingListings(db, [
        ...new Set(judged.queries.flatMap((q) => q.judgements.map((j) => j.id))),
      ]);
      if (missingJudged.length)
        say(`judged listings not in the directory (${missingJudged.length}): ${missingJudged.join(', ')}`);
      // The same activity from two sources is one listing once merged: judged under either id, it counts once.
      const merges = (await db.query(
        `WITH RECURSIVE up(merged, kept, depth) AS (
           SELECT merged_service_id, kept_service_id, 1 FROM listing_merge WHERE status = 'merged'
           UNION ALL
           SELECT up.merged, lm.kept_service_id, up.depth + 1 FROM up
           JOIN listing_merge lm ON lm.merged_service_id = up.kept AND lm.status = 'merged' WHERE up.depth < 20
         )
         SELECT DISTINCT ON (merged) merged, kept FROM up ORDER BY merged, depth DESC`,
      )) as { merged: string; kept: string }[];
      const mergedInto = new Map(merges.map((m) => [m.merged, m.kept]));
      say(`listings merged into another source's listing of the same activity: ${mergedInto.size}`);
      const measured = await measure(judged, run, mergedInto);
      if (values.baseline) writeBaseline(measured);
      const baseline = readBaseline();
      printReport(measured, baseline, say);
      writeDocs(measured, baseline, { load, now: NOW, missingJudged });
      say('figures written to docs/relevance.md');
    }
    await db.destroy();
  } finally {
    await embedded?.stop();
  }
  return 0;
}

if (!existsSync('package.json')) throw new Error('run from the project folder: npm run bench:relevance');
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
