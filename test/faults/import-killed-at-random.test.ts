// An import killed with SIGKILL at seeded random points, several times over, each run resuming what the
// last one left: after every kill the database holds only whole services, and a final run ends in exactly
// the state of a clean import. (test/integration/import-interrupted.test.ts kills once, after the first batch.)
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { prng } from '../../bench/generate-activities.js';
import { generatedService, writeGeneratedServices } from '../../bench/generate-services.js';
import { projectRoot } from '../../src/config.js';
import { listingHash } from '../../src/db/listing-store.js';
import { convertHsdsService } from '../../src/importer/hsds/service.js';
import type { Listing } from '../../src/importer/listing.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { createStores } from '../../src/db/stores.js';

const SERVICES = 8000;
// The importers store batches of 2,000 services.
const BATCH = 2000;
const KILLS = 3;
const SEED = 7;

const CHILD_TABLES = ['service_at_location', 'schedule', 'attribute', 'phone', 'cost_option'];

async function snapshot(db: DataSource) {
  const counts: Record<string, number> = {};
  for (const table of [
    'service',
    'organization',
    'location',
    'address',
    ...CHILD_TABLES,
    'session_occurrence',
  ])
    counts[table] = ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
  const services = (await db.query('SELECT id, content_hash FROM service ORDER BY id')) as {
    id: string;
    content_hash: string;
  }[];
  return { counts, services };
}

/** Every stored service is exactly the source's, with all its parts and its sessions expanded. */
async function expectOnlyWholeServices(db: DataSource, source: Map<string, Listing>): Promise<number> {
  const { counts, services } = await snapshot(db);
  for (const { id, content_hash } of services)
    expect(content_hash, id).to.equal(listingHash(source.get(id)!));
  const expected = (count: (listing: Listing) => number) =>
    services.reduce((n, { id }) => n + count(source.get(id)!), 0);
  expect(counts).to.deep.include({
    service_at_location: expected((l) => l.serviceAtLocations.length),
    schedule: expected((l) => l.schedules.length),
    attribute: expected((l) => l.attributes.length),
    phone: expected((l) => l.phones.length),
    cost_option: expected((l) => l.costOptions.length),
  });
  const withoutSessions = (await db.query(
    `SELECT s.id FROM service s WHERE NOT EXISTS (SELECT 1 FROM session_occurrence o WHERE o.service_id = s.id)`,
  )) as unknown[];
  expect(withoutSessions, 'services stored without their sessions').to.deep.equal([]);
  return services.length;
}

describe('fault: an import killed at random points (real Postgres, real CLI process)', function () {
  this.timeout(300000);
  let db: DataSource;
  let dir: string;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    dir = await mkdtemp(path.join(tmpdir(), 'import-killed-'));
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`leaves only whole services after each of ${KILLS} kills, and a re-run equals a clean import`, async () => {
    const file = path.join(dir, 'services.json');
    await writeGeneratedServices(file, SERVICES);
    const source = new Map<string, Listing>();
    for (let n = 0; n < SERVICES; n++) {
      const converted = convertHsdsService(generatedService(n));
      if (!('listing' in converted)) throw new Error(`generated service ${n} is invalid`);
      source.set(converted.listing.service.id, converted.listing);
    }
    const random = prng(SEED);
    const url = await testDatabaseUrl();
    const kills: string[] = [];
    let midImport = 0;

    for (let k = 0; k < KILLS; k++) {
      const before = ((await db.query('SELECT count(*)::int AS n FROM service')) as { n: number }[])[0].n;
      // A random point: once a random number of further batches have landed, plus a random delay into the next.
      const batchesToWait = Math.floor(random() * 3);
      const extraMs = Math.floor(random() * 1500);
      // One node process (no npx or tsx wrapper), so SIGKILL stops the import itself.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/importer/cli.ts', file, '--format', 'hsds'],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = once(child, 'exit');
      const target = Math.min(SERVICES, before + batchesToWait * BATCH);
      const deadline = Date.now() + 120000;
      let stored = before;
      while (stored < target && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        stored = ((await db.query('SELECT count(*)::int AS n FROM service')) as { n: number }[])[0].n;
      }
      await new Promise((resolve) => setTimeout(resolve, extraMs));
      child.kill('SIGKILL');
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      // The import may have completed before its kill point; then it must have succeeded.
      const finished = signal !== 'SIGKILL';
      const after = await expectOnlyWholeServices(db, source);
      if (!finished && after > before && after < SERVICES) midImport += 1;
      kills.push(
        finished
          ? `run ${k + 1} finished before its kill point (exit ${code}): ${after} services`
          : `killed (${signal}) after ${batchesToWait} batches + ${extraMs} ms: ${before} → ${after} services`,
      );
      if (finished) expect(code, output).to.equal(0);
    }
    console.log(`      ${kills.join('\n      ')}`);
    expect(midImport, 'no kill landed part-way through an import').to.be.greaterThan(0);
    const partial = (await snapshot(db)).counts.service;

    const finish = await runImport(createStores(db), file, { format: 'hsds' });
    expect(summaryLine(finish)).to.equal(
      `imported ${SERVICES - partial}, updated 0, unchanged ${partial}, rejected 0`,
    );
    const resumed = await snapshot(db);

    await resetData(db);
    const clean = await runImport(createStores(db), file, { format: 'hsds' });
    expect(summaryLine(clean)).to.equal(`imported ${SERVICES}, updated 0, unchanged 0, rejected 0`);
    expect(resumed).to.deep.equal(await snapshot(db));
  });
});
