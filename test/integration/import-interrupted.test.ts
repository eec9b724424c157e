import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { generatedService, writeGeneratedServices } from '../../bench/generate-services.js';
import { projectRoot } from '../../src/config.js';
import { listingHash } from '../../src/db/listing-store.js';
import { convertHsdsService } from '../../src/importer/hsds/service.js';
import type { Listing } from '../../src/importer/listing.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { createStores } from '../../src/db/stores.js';

const SERVICES = 3000;
const TABLES = [
  'service',
  'organization',
  'location',
  'address',
  'service_at_location',
  'schedule',
  'attribute',
  'phone',
  'cost_option',
];

async function snapshot(db: DataSource) {
  const counts: Record<string, number> = {};
  for (const table of TABLES)
    counts[table] = ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
  const hashes = await db.query('SELECT id, content_hash FROM service ORDER BY id');
  const withoutSessions = await db.query(
    `SELECT s.id FROM service s WHERE NOT EXISTS (SELECT 1 FROM session_occurrence o WHERE o.service_id = s.id)`,
  );
  return { counts, hashes, withoutSessions };
}

describe('an import killed half-way (real Postgres, real CLI process)', function () {
  this.timeout(240000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
  });
  beforeEach(async () => resetData(db));

  it('leaves only whole services behind, and re-running finishes the job exactly like a clean import', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'interrupted-')), 'services.json');
    await writeGeneratedServices(file, SERVICES);
    const source = new Map<string, Listing>();
    for (let n = 0; n < SERVICES; n++) {
      const converted = convertHsdsService(generatedService(n));
      if (!('listing' in converted)) throw new Error(`generated service ${n} is invalid`);
      source.set(converted.listing.service.id, converted.listing);
    }

    // One node process (no npx or tsx wrapper), so SIGKILL stops the import itself mid-flight.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/importer/cli.ts', file, '--format', 'hsds'],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: await testDatabaseUrl(), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    let stored = 0;
    const deadline = Date.now() + 180000;
    while (stored === 0 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      stored = ((await db.query('SELECT count(*)::int AS n FROM service')) as { n: number }[])[0].n;
    }
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect(signal, `the import finished before it could be killed: ${output}`).to.equal('SIGKILL');
    expect(code).to.equal(null);

    const killed = await snapshot(db);
    const services = killed.counts.service;
    expect(services).to.be.greaterThan(0).and.lessThan(SERVICES);
    expect(services % 500, 'whole batches only').to.equal(0);
    // Every stored service is exactly the source's: same content hash and as many children as it should have.
    for (const { id, content_hash } of killed.hashes as { id: string; content_hash: string }[]) {
      expect(content_hash, id).to.equal(listingHash(source.get(id)!));
    }
    const expectSchedules = (killed.hashes as { id: string }[]).reduce(
      (n, { id }) => n + source.get(id)!.schedules.length,
      0,
    );
    const expectTags = (killed.hashes as { id: string }[]).reduce(
      (n, { id }) => n + source.get(id)!.attributes.length,
      0,
    );
    expect(killed.counts).to.deep.include({
      service_at_location: services,
      schedule: expectSchedules,
      attribute: expectTags,
      cost_option: services,
      phone: services,
    });
    expect(killed.withoutSessions).to.deep.equal([]);

    const finish = await runImport(createStores(db), file, { format: 'hsds' });
    expect(summaryLine(finish)).to.equal(
      `imported ${SERVICES - services}, updated 0, unchanged ${services}, rejected 0`,
    );
    const finished = await snapshot(db);

    await resetData(db);
    const clean = await runImport(createStores(db), file, { format: 'hsds' });
    expect(summaryLine(clean)).to.equal(`imported ${SERVICES}, updated 0, unchanged 0, rejected 0`);
    expect(finished).to.deep.equal(await snapshot(db));
  });
});
