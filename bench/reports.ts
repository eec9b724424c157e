// npx tsx bench/reports.ts [-- --count 20000 --gaps 100000 --referrals 50000 --runs 20]
// Loads generated activities through the real import path, adds referrals and empty-search rows, and times
// the link worker tools as the routes call them. Baselines in the same run: the activity page's own data
// (activityDetails) for the handout and calendar, and a bare scan of search_gap for the gap report.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { withSessionSecret } from '../src/secret-key.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { vocabulary } from '../src/domain/vocabulary.js';
import { logger } from '../src/logger.js';
import { createStores } from '../src/db/stores.js';
import { PostgresSearchEngine } from '../src/search/postgres/postgres-engine.js';
import { createServices } from '../src/services/index.js';
import { defaultGapPeriod } from '../src/services/reports.js';
import { generateActivities, prng, readDistricts } from './generate-activities.js';
import { openFreshDatabase, loadGeneratedDirectory } from './fresh-database.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    gaps: { type: 'string', default: '100000' },
    referrals: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '20' },
  },
});
const COUNT = Number(values.count);
const GAPS = Number(values.gaps);
const REFERRALS = Number(values.referrals);
const RUNS = Number(values.runs);
logger.level = 'warn';
const config = await withSessionSecret(loadConfig());

async function median(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

async function main() {
  const embedded = await startEmbeddedPostgres('/tmp/directory-bench-reports', config.embeddedPostgresPort);
  const db = await openFreshDatabase(embedded.url);
  const districts = readDistricts(config.sharedDataDir);
  const generated = generateActivities(COUNT, districts);
  await loadGeneratedDirectory(db, generated, districts);
  const needs = vocabulary('needs').terms.map((t) => t.code);
  const outcodes = districts.map((d) => d.outcode);
  // Referrals over the last year and empty searches over the last 180 days, spread at random.
  await db.query(
    `INSERT INTO referral (service_id, referred_on)
     SELECT 'bench-' || floor(random() * $1)::int, current_date - floor(random() * 365)::int
     FROM generate_series(1, $2)`,
    [COUNT, REFERRALS],
  );
  await db.query(
    `INSERT INTO search_gap (searched_at, needs, outcode)
     SELECT now() - random() * interval '180 days',
            CASE WHEN random() < 0.2 THEN '{}'::text[]
                 ELSE ARRAY[($2::text[])[1 + floor(random() * cardinality($2::text[]))::int]] END,
            ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int]
     FROM generate_series(1, $1)`,
    [GAPS, needs, outcodes],
  );
  await db.query('VACUUM ANALYZE');

  const engine = new PostgresSearchEngine(db);
  const tools = createServices({
    stores: createStores(db),
    searchEngine: () => engine,
    engines: [engine],
    config,
  });
  const details = tools.activityDetails;
  const random = prng(7);
  const ids = generated.map((g) => g.listing.service.id);
  const pick = () => ids[Math.floor(random() * ids.length)];
  const shortlist = () => [0, 1, 2].map(() => ({ id: pick(), note: 'Tuesdays suit you' }));
  const period = defaultGapPeriod();

  const rows: [string, number, string, number][] = [
    [
      'handout, 3 activities (details + QR codes)',
      await median(() => tools.handouts.handout(shortlist())),
      'activityDetails × 3',
      await median(async () => {
        for (const item of shortlist()) await details(item.id);
      }),
    ],
    [
      'one activity .ics',
      await median(() => tools.calendars.activityCalendar(pick())),
      'activityDetails × 1',
      await median(() => details(pick())),
    ],
    [
      'shared feed .ics, 3 activities',
      await median(() => tools.calendars.shortlistCalendar(shortlist().map((s) => s.id))),
      'activityDetails × 3',
      await median(async () => {
        for (const item of shortlist()) await details(item.id);
      }),
    ],
    [
      `gap report, last 90 days (${GAPS.toLocaleString('en-GB')} rows over 180 days)`,
      await median(() => tools.reports.gaps(period)),
      'count(*) over search_gap',
      await median(() => db.query('SELECT count(*) FROM search_gap')),
    ],
    [
      'reports overview (need, area, referrals, freshness)',
      await median(() => tools.reports.overview()),
      'count(*) over service',
      await median(() => db.query('SELECT count(*) FROM service')),
    ],
  ];
  console.log(
    `${COUNT} activities, ${REFERRALS} referrals, ${GAPS} empty searches; median of ${RUNS} runs after 3 warm-up`,
  );
  console.log('| what | median | baseline | baseline median | ours / baseline |');
  console.log('|---|---|---|---|---|');
  for (const [what, ours, baseline, base] of rows)
    console.log(
      `| ${what} | ${ours.toFixed(1)} ms | ${baseline} | ${base.toFixed(1)} ms | ${(ours / base).toFixed(2)}× |`,
    );
  await db.destroy();
  await embedded.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
