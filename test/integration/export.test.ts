import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { writeExport, type ExportFormat } from '../../src/exporter/hsds-export.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { resetData, testDatabase } from '../support/database.js';
import { createStores, type Stores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');

async function exportText(db: DataSource, format: ExportFormat, batchSize = 25): Promise<string> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await writeExport(createStores(db), sink, format, { batchSize });
  return chunks.join('');
}

describe('HSDS export (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;
  let dir: string;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
    dir = await mkdtemp(path.join(tmpdir(), 'export-'));
  });
  beforeEach(async () => resetData(db));

  it('round-trips the seed data: export, re-import, export again gives the same document', async () => {
    await seedDirectory(stores, path.join(projectRoot, 'seed-data'));
    const services = ((await db.query('SELECT count(*)::int AS n FROM service')) as { n: number }[])[0].n;
    expect(services).to.be.greaterThan(100);

    const first = await exportText(db, 'hsds-json');
    const parsed = JSON.parse(first) as Record<string, unknown>[];
    expect(parsed).to.have.length(services);
    const withCancellations = parsed.filter((s) =>
      (s.schedules as { cancellations: unknown[] }[]).some((sch) => sch.cancellations.length > 0),
    );
    expect(withCancellations.length).to.be.greaterThan(0);
    const file = path.join(dir, 'export.json');
    await writeFile(file, first);

    // Read back into the database it came from: nothing has changed.
    const again = await runImport(stores, file, { format: 'hsds', now: NOW });
    expect(summaryLine(again)).to.equal(`imported 0, updated 0, unchanged ${services}, rejected 0`);

    await resetData(db);
    const fresh = await runImport(stores, file, { format: 'hsds', now: NOW });
    expect(summaryLine(fresh)).to.equal(`imported ${services}, updated 0, unchanged 0, rejected 0`);
    const second = await exportText(db, 'hsds-json', 40);
    expect(second).to.equal(first);

    const lines = (await exportText(db, 'ndjson')).trimEnd().split('\n');
    expect(lines).to.have.length(services);
    expect(lines.map((line) => JSON.parse(line) as unknown)).to.deep.equal(parsed);
  });

  it('exports an empty directory as an empty array', async () => {
    expect(JSON.parse(await exportText(db, 'hsds-json'))).to.deep.equal([]);
    expect(await exportText(db, 'ndjson')).to.equal('');
  });
});
