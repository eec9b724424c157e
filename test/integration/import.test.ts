import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores, type Stores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');

async function writeJson(name: string, value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
  const file = path.join(dir, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const count = async (db: DataSource, table: string) =>
  ((await db.query(`SELECT count(*) AS n FROM ${table}`)) as { n: number }[])[0].n;

describe('HSDS import (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let stores: Stores;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => resetData(db));

  it('imports nested services and a second import of the same data changes nothing', async () => {
    const file = await writeJson('two.json', [
      service({ id: 'a', name: 'Knit and Natter', at: EASTON, needs: ['loneliness'] }),
      service({ id: 'b', name: 'Chair Yoga', at: EASTON, price: 4 }),
    ]);
    const first = await runImport(stores, file, { now: NOW });
    expect(summaryLine(first)).to.equal('imported 2, updated 0, unchanged 0, rejected 0');
    expect(await count(db, 'service')).to.equal(2);
    expect(await count(db, 'schedule')).to.equal(2);
    expect(await count(db, 'session_occurrence')).to.be.greaterThan(20);
    const before = await db.query('SELECT id, updated_at FROM service ORDER BY id');

    const second = await runImport(stores, file, { now: NOW });
    expect(summaryLine(second)).to.equal('imported 0, updated 0, unchanged 2, rejected 0');
    expect(await db.query('SELECT id, updated_at FROM service ORDER BY id')).to.deep.equal(before);
  });

  it('updates a changed service and removes what it no longer has', async () => {
    const v1 = service({
      id: 'a',
      name: 'Art Club',
      at: EASTON,
      schedules: [
        { id: 's1', freq: 'WEEKLY', byday: 'MO', opens_at: '10:00' },
        { id: 's2', freq: 'WEEKLY', byday: 'TH', opens_at: '18:00' },
      ],
    });
    await runImport(stores, await writeJson('v1.json', [v1]), { now: NOW });
    const v2 = {
      ...v1,
      name: 'Art Club (Mondays)',
      schedules: [{ id: 's1', freq: 'WEEKLY', byday: 'MO', opens_at: '10:00' }],
    };
    const report = await runImport(stores, await writeJson('v2.json', [v2]), { now: NOW });
    expect(summaryLine(report)).to.equal('imported 0, updated 1, unchanged 0, rejected 0');
    expect((await db.query('SELECT name FROM service'))[0].name).to.equal('Art Club (Mondays)');
    expect(await count(db, 'schedule')).to.equal(1);
    const days = (await db.query('SELECT DISTINCT iso_dow FROM session_occurrence')) as { iso_dow: number }[];
    expect(days.map((d) => d.iso_dow)).to.deep.equal([1]);
  });

  it('validates every record first and reports each rejection with its position and reason', async () => {
    const file = await writeJson('mixed.json', [
      service({ id: 'ok', name: 'Fine', at: EASTON }),
      { ...service({ id: 'no-name', name: 'x' }), name: '' },
      service({ id: 'bad-day', name: 'Bad day', schedules: [{ id: 'x', freq: 'WEEKLY', byday: 'XX' }] }),
      service({
        id: 'bad-time',
        name: 'Bad time',
        schedules: [{ id: 'y', freq: 'WEEKLY', byday: 'MO', opens_at: '25:00' }],
      }),
      { ...service({ id: 'orphan', name: 'Orphan' }), organization: null, organization_id: 'nobody' },
    ]);
    const report = await runImport(stores, file, { now: NOW });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 4');
    const byIndex = Object.fromEntries(
      report.rejections.map((r) => [r.position.index, r.reasons.join('; ')]),
    );
    expect(byIndex[1]).to.match(/^name: is required/);
    expect(byIndex[2]).to.match(/schedules\[0\]: .*XX/);
    expect(byIndex[3]).to.match(/schedules\[0\]\.opens_at: is not a time/);
    expect(byIndex[4]).to.match(/organization_id: no organisation "nobody"/);
    expect(report.rejections.every((r) => r.position.file.endsWith('mixed.json'))).to.equal(true);
    expect(await count(db, 'service')).to.equal(1);
  });

  it('rejects a service whose own parts reuse an id, within it or from another record', async () => {
    const twice = service({ id: 'twice', name: 'Twice', at: EASTON });
    twice.phones = [
      { id: 'p1', number: '0117 496 0000' },
      { id: 'p1', number: '0117 496 0001' },
    ];
    const first = service({
      id: 'first',
      name: 'First',
      schedules: [{ id: 'shared', freq: 'WEEKLY', byday: 'MO' }],
    });
    const second = service({
      id: 'second',
      name: 'Second',
      schedules: [{ id: 'shared', freq: 'WEEKLY', byday: 'TU' }],
    });
    const report = await runImport(stores, await writeJson('clash.json', [twice, first, second]), {
      now: NOW,
    });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 2');
    const reasons = report.rejections.map((r) => `${r.id}: ${r.reasons.join('; ')}`);
    expect(reasons[0]).to.equal('twice: phones: id "p1" is used twice in this service');
    expect(reasons[1]).to.match(/^second: schedules: id "shared" is already used by .*clash\.json record 2$/);
  });

  it('reports a file that is not JSON and writes nothing from it', async () => {
    const file = await writeJson('broken.json', '[{"id": "a", "name": ');
    const report = await runImport(stores, file, { now: NOW });
    expect(report.rejected).to.equal(1);
    expect(report.rejections[0].reasons[0]).to.match(/not valid JSON/);
    expect(await count(db, 'service')).to.equal(0);
  });

  it('accepts a single object and a paged list envelope', async () => {
    const single = await runImport(stores, await writeJson('one.json', service({ id: 'one', name: 'One' })), {
      now: NOW,
    });
    expect(single.imported).to.equal(1);
    const page = {
      total_items: 1,
      total_pages: 1,
      page_number: 1,
      size: 1,
      first_page: true,
      last_page: true,
      empty: false,
      contents: [service({ id: 'two', name: 'Two' })],
    };
    const paged = await runImport(stores, await writeJson('page.json', page), { now: NOW });
    expect(paged.imported).to.equal(1);
  });

  it('writes nothing on a dry run', async () => {
    const report = await runImport(stores, await writeJson('dry.json', [service({ id: 'd', name: 'Dry' })]), {
      now: NOW,
      dryRun: true,
    });
    expect(report.imported).to.equal(1);
    expect(await count(db, 'service')).to.equal(0);
  });

  it('sanitises imported HTML and keeps the text', async () => {
    await runImport(
      stores,
      await writeJson('html.json', [
        service({
          id: 'h',
          name: 'HTML',
          description:
            '<h2>Hello</h2><p onclick="x()">Come <b>along</b><script>alert(1)</script><img src=x onerror=alert(1)></p>',
        }),
      ]),
      { now: NOW },
    );
    const [{ description }] = await db.query(`SELECT description FROM service WHERE id = 'h'`);
    expect(description).to.equal('<p>Hello</p><p>Come <b>along</b></p>');
  });
});
