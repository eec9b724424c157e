// The JSON importers read files as streams, in two passes: the checks that need the rest of the import
// (references made before what they name, ids used twice) still see every record, a file that breaks part way
// leaves nothing of itself behind, and a file refused as a whole makes the import command fail.
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service, term } from '../support/fixtures.js';
import { runCommand } from '../support/processes.js';

const NOW = new Date('2026-12-01T08:00:00Z');

const serviceIds = async (db: DataSource) =>
  ((await db.query('SELECT id FROM service ORDER BY id')) as { id: string }[]).map((r) => r.id);

describe('streamed JSON imports (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;
  let dir: string;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
    dir = await mkdtemp(path.join(tmpdir(), 'import-streaming-'));
  });
  beforeEach(async () => resetData(db));
  after(async () => rm(dir, { recursive: true, force: true }));

  async function write(name: string, content: unknown): Promise<string> {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  it('accepts a reference to an organisation or term that a later record defines, and rejects one found nowhere', async () => {
    const early: Record<string, unknown> = {
      ...service({ id: 'early', name: 'Early', at: EASTON }),
      organization: null,
    };
    early.organization_id = 'later';
    const needs = term('needs', 'loneliness');
    const later = { ...service({ id: 'later', name: 'Later', organization: 'later' }), attributes: [needs] };
    const bare = service({ id: 'bare', name: 'Bare' });
    bare.attributes = [{ id: 'bare-tag', taxonomy_term_id: needs.taxonomy_term_id }];
    const lost = service({ id: 'lost', name: 'Lost' });
    lost.attributes = [{ id: 'lost-tag', taxonomy_term_id: 'no-such-term' }];
    const file = await write('references.json', [early, bare, later, lost]);
    const report = await runImport(stores, file, { now: NOW });
    expect(summaryLine(report), JSON.stringify(report.rejections)).to.equal(
      'imported 3, updated 0, unchanged 0, rejected 1',
    );
    expect(report.rejections.map((r) => [r.position.index, r.id, r.reasons])).to.deep.equal([
      [
        3,
        'lost',
        ['attributes[0].taxonomy_term_id: no taxonomy term "no-such-term" in this import or the directory'],
      ],
    ]);
    expect(await serviceIds(db)).to.deep.equal(['bare', 'early', 'later']);
  });

  it('a file that breaks part way leaves none of its records behind, not even their ids', async () => {
    const shared = service({ id: 'shared', name: 'Shared', at: EASTON });
    const broken = JSON.stringify([service({ id: 'first', name: 'First', at: EASTON }), shared]);
    await write('folder/a-broken.json', `${broken.slice(0, -1)},{"id": "cut`);
    await write('folder/b-good.json', [shared, service({ id: 'other', name: 'Other' })]);
    const totals = new Set<number>();
    const report = await runImport(stores, path.join(dir, 'folder'), {
      now: NOW,
      onProgress: (_, total) => totals.add(total),
    });
    expect(summaryLine(report)).to.equal('imported 2, updated 0, unchanged 0, rejected 1');
    expect([...totals], 'records counted for storing').to.deep.equal([2]);
    const [refused] = report.rejections;
    expect(refused.wholeFile).to.equal(true);
    expect(refused.position.file).to.match(/a-broken\.json$/);
    expect(refused.reasons).to.deep.equal([
      'the file is not valid JSON (it ends before the JSON is complete, after record 2)',
    ]);
    expect(await serviceIds(db)).to.deep.equal(['other', 'shared']);
  });

  it('npm run import exits non-zero with one sentence when it refuses the whole file', async () => {
    const env = { DATABASE_URL: await testDatabaseUrl() };
    const cases: [string, string, RegExp][] = [
      [
        'cut.json',
        '[{"id": "a", "name": ',
        /the file is not valid JSON \(it ends before the JSON is complete\)/,
      ],
      ['number.json', '42', /the file is not an HSDS service, an array of services or a page of services/],
    ];
    for (const [name, content, reason] of cases) {
      const file = await write(name, content);
      const run = await runCommand('src/importer/cli.ts', [file], env);
      expect(run.code, run.output).to.equal(1);
      const failures = run.output.split('\n').filter((line) => line.startsWith('import failed:'));
      expect(failures, run.output).to.have.length(1);
      expect(failures[0]).to.match(
        new RegExp(`^import failed: .*${name} was not imported: ${reason.source}$`),
      );
      expect(run.output).to.contain('imported 0, updated 0, unchanged 0, rejected 1');
      expect(run.output).not.to.match(/^rejected /m);
    }
    // Still non-zero when other files of the folder were imported: the refused one must not go unnoticed.
    const folder = path.join(dir, 'mixed');
    await write('mixed/good.json', [service({ id: 'fine', name: 'Fine' })]);
    await write('mixed/bad.json', 'not json at all');
    const run = await runCommand('src/importer/cli.ts', [folder], env);
    expect(run.code, run.output).to.equal(1);
    expect(run.output).to.match(/^import failed: .*bad\.json was not imported: the file is not valid JSON/m);
    expect(run.output).to.contain('imported 1, updated 0, unchanged 0, rejected 1');
    expect(await serviceIds(db)).to.deep.equal(['fine']);
  });
});
