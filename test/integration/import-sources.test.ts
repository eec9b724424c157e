// Provenance: every imported or published listing records where it came from (the source's name, kind and address,
// its id there, when it arrived and was last seen, the hash of the record as received, the publisher's own review
// date), exposed in the Open Referral API as HSDS `metadata` and on the activity page in words.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { createStores, type Stores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { publishListing } from '../../src/services/listing-publisher.js';
import { buildApp, serve } from '../support/app.js';
import { dropDatabase, emptyDatabase } from '../support/crawl.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { expectOrukValid, HSDS_DIR, SCHEMA_DIR } from '../support/oruk-schemas.js';
import { requireSharedData } from '../support/shared-data.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// ajv-formats is CommonJS; under ESM its function sits on `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;
const HSDS_METADATA = path.join(HSDS_DIR, 'schema/metadata.json');
const FIRST = new Date('2026-11-20T09:00:00Z');
const SECOND = new Date('2026-11-27T09:00:00Z');

async function writeJson(name: string, value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sources-'));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

const sourceRows = async (db: DataSource) =>
  (await db.query(
    `SELECT service_id, kind, address, name, source_id, fetched_at, last_seen_at, content_hash,
       reviewed_on::text AS reviewed_on
     FROM listing_source ORDER BY service_id, kind, address`,
  )) as Json[];

/** The page's text with its white space collapsed, as a reader sees it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function importCli(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return testDatabaseUrl().then((url) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/importer/cli.ts', file, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? -1, output })));
  });
}

describe('where each listing came from (real Postgres)', function () {
  this.timeout(180000);
  let db: DataSource;
  let stores: Stores;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => resetData(db));

  it('a file import with --source-name records its source for every listing', async () => {
    const file = await writeJson('bristol.json', [
      service({ id: 'walk-1', name: 'Health Walk', at: EASTON, assured: '2024-10-04' }),
      service({ id: 'knit-1', name: 'Knit and Natter', at: EASTON, assured: '2024-09-30' }),
    ]);
    const started = Date.now();
    const run = await importCli(file, ['--format', 'hsds', '--source-name', 'Bristol Community Directory']);
    expect(run.code, run.output).to.equal(0);
    const rows = await sourceRows(db);
    expect(
      rows.map((r) => [r.service_id, r.kind, r.address, r.name, r.source_id, r.reviewed_on]),
    ).to.deep.equal([
      ['knit-1', 'file', file, 'Bristol Community Directory', 'knit-1', '2024-09-30'],
      ['walk-1', 'file', file, 'Bristol Community Directory', 'walk-1', '2024-10-04'],
    ]);
    for (const row of rows) {
      expect(row.content_hash).to.match(/^[0-9a-f]{64}$/);
      expect(row.fetched_at.getTime()).to.be.within(started - 1000, Date.now());
    }
    expect(rows[0].content_hash).not.to.equal(rows[1].content_hash);
  });

  it('an empty --source-name is refused with a clear message, and nothing is imported', async () => {
    const file = await writeJson('one.json', [service({ id: 'walk-1', name: 'Health Walk', at: EASTON })]);
    const run = await importCli(file, ['--source-name', '  ']);
    expect(run.code).to.equal(2);
    expect(run.output).to.include('--source-name must name the source');
    expect(await sourceRows(db)).to.deep.equal([]);
  });

  it('without a name, a file is known by its file name; an unchanged import keeps the fetched time and hash', async () => {
    const file = await writeJson('listings.json', [
      service({ id: 'walk-1', name: 'Health Walk', at: EASTON }),
    ]);
    await runImport(stores, file, { now: FIRST });
    const [first] = await sourceRows(db);
    expect(first).to.include({ name: 'listings.json', kind: 'file', source_id: 'walk-1' });
    expect(first.fetched_at.toISOString()).to.equal(FIRST.toISOString());
    expect(first.last_seen_at.toISOString()).to.equal(FIRST.toISOString());

    const again = await runImport(stores, file, { now: SECOND, sourceName: 'Bristol Community Directory' });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 1, rejected 0');
    const [second] = await sourceRows(db);
    expect(second.content_hash).to.equal(first.content_hash);
    expect(second.fetched_at.toISOString()).to.equal(FIRST.toISOString());
    expect(second.last_seen_at.toISOString()).to.equal(SECOND.toISOString());
    expect(second.name).to.equal('Bristol Community Directory');

    // A changed record is new content: its fetched time and hash move on.
    await writeFile(
      file,
      JSON.stringify([
        service({ id: 'walk-1', name: 'Health Walk', at: EASTON, description: 'Now longer.' }),
      ]),
    );
    const third = new Date('2026-12-01T09:00:00Z');
    await runImport(stores, file, { now: third });
    const [changed] = await sourceRows(db);
    expect(changed.content_hash).not.to.equal(first.content_hash);
    expect(changed.fetched_at.toISOString()).to.equal(third.toISOString());
  });

  it('a dry run records nothing', async () => {
    const file = await writeJson('dry.json', [service({ id: 'walk-1', name: 'Health Walk', at: EASTON })]);
    await runImport(stores, file, { dryRun: true });
    expect(await sourceRows(db)).to.deep.equal([]);
  });

  it('the API gives each service its sources as HSDS metadata, still valid ORUK 3.0', async function () {
    requireSharedData(this, [SCHEMA_DIR, HSDS_METADATA]);
    const file = path.join(projectRoot, 'seed-data/activities/bristol.json');
    await runImport(stores, file, { now: FIRST, sourceName: 'Bristol Community Directory' });
    const [row] = await sourceRows(db);
    const given = (JSON.parse(await readFile(file, 'utf8')) as Json[]).find((s) => s.id === row.service_id)!;
    const app = buildApp(db);
    const res = await request(app).get(`/api/services/${row.service_id}`).expect(200);
    expectOrukValid('service.json', res.body);
    const metadata = res.body.metadata as Json[];
    const facts = metadata.map((m) => [
      m.field_name,
      m.replacement_value,
      m.last_action_date,
      m.last_action_type,
    ]);
    const reviewed =
      (given.assured_date as string | undefined) ?? (given.last_modified as string).slice(0, 10);
    expect(facts).to.deep.equal([
      ['source', file, '2026-11-20', 'file import'],
      ['source_id', row.service_id, '2026-11-20', 'file import'],
      ['content_hash', `sha256:${row.content_hash}`, '2026-11-20', 'file import'],
      ['assured_date', reviewed, reviewed, 'review'],
    ]);
    // Each entry is a valid HSDS 3.0 metadata record, about this service, by the source's name.
    const validate = new Ajv2020({ strict: false, allErrors: true });
    addFormats(validate);
    const {
      $schema: _dialect,
      $id: _id,
      ...schema
    } = JSON.parse(await readFile(HSDS_METADATA, 'utf8')) as Json;
    const check = validate.compile(schema);
    for (const entry of metadata) {
      expect(check(entry), JSON.stringify(check.errors)).to.equal(true);
      expect(entry).to.include({
        resource_id: row.service_id,
        resource_type: 'service',
        updated_by: 'Bristol Community Directory',
      });
    }
    expect(new Set(metadata.map((m) => m.id)).size).to.equal(metadata.length);
    const list = await request(app).get('/api/services?per_page=5').expect(200);
    expectOrukValid('service_list.json', list.body);
  });

  it('the activity page says where the listing came from, and an editor-published listing says the group', async () => {
    const file = await writeJson('bristol.json', [
      service({ id: 'walk-1', name: 'Health Walk', at: EASTON, assured: '2024-10-04' }),
      service({ id: 'knit-1', name: 'Knit and Natter', at: EASTON }),
    ]);
    await runImport(stores, file, { now: FIRST, sourceName: 'Bristol Community Directory' });
    const app = buildApp(db);
    const page = text((await request(app).get('/activities/walk-1').expect(200)).text);
    expect(page).to.include('Last reviewed');
    expect(page).to.include('From Bristol Community Directory, last checked by them on 4 October 2024');

    // The group publishes its own edit: a second source, on a line of its own, seen most recently, so first.
    await publishListing(
      stores,
      service({
        id: 'walk-1',
        name: 'Health Walk',
        at: EASTON,
        assured: '2026-11-27',
        description: 'Edited.',
      }),
      SECOND,
    );
    const html = (await request(app).get('/activities/walk-1').expect(200)).text;
    const lines = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]));
    const from = lines.indexOf('From Bristol Community Directory, last checked by them on 4 October 2024');
    const group = lines.indexOf('Listed by the group itself');
    expect(from, lines.join(' | ')).to.be.above(-1);
    expect(group, lines.join(' | ')).to.be.above(-1).and.below(from);
    const editor = (await sourceRows(db)).find((r) => r.kind === 'editor')!;
    expect(editor).to.include({
      name: 'the group itself',
      address: '',
      source_id: 'walk-1',
      reviewed_on: '2026-11-27',
    });

    // Published by the group alone: only its line.
    await publishListing(stores, service({ id: 'new-1', name: 'Chair Yoga', at: EASTON }), SECOND);
    const own = text((await request(app).get('/activities/new-1').expect(200)).text);
    expect(own).to.include('Listed by the group itself');
    expect(own).not.to.include('From ');
  });
});

describe('where each crawled listing came from: a live ORUK feed over loopback', function () {
  this.timeout(180000);
  const TARGET = 'sources_target';
  let source: DataSource;
  let target: DataSource;
  let server: Server;
  let api: string;

  before(async () => {
    source = await testDatabase();
    await resetData(source);
    const file = await writeJson('feed.json', [
      service({ id: 'walk-1', name: 'Health Walk', at: EASTON, assured: '2024-10-04' }),
      service({ id: 'knit-1', name: 'Knit and Natter', at: EASTON, assured: '2024-09-30' }),
    ]);
    await runImport(createStores(source), file, { now: FIRST });
    ({ dataSource: target } = await emptyDatabase(TARGET));
    const served = await serve(buildApp(source));
    server = served.server;
    api = `${served.base}/api`;
  });

  after(async () => {
    server?.close();
    await dropDatabase(target, TARGET);
  });

  it('records the feed, each source id, the fetched time and the hash; a second crawl keeps them', async () => {
    const report = await runImport(createStores(target), api, {
      format: 'oruk',
      now: SECOND,
      sourceName: 'Bristol Community Directory',
    });
    expect(report.rejections).to.deep.equal([]);
    const rows = await sourceRows(target);
    expect(
      rows.map((r) => [r.service_id, r.kind, r.address, r.name, r.source_id, r.reviewed_on]),
    ).to.deep.equal([
      ['knit-1', 'feed', api, 'Bristol Community Directory', 'knit-1', '2024-09-30'],
      ['walk-1', 'feed', api, 'Bristol Community Directory', 'walk-1', '2024-10-04'],
    ]);
    for (const row of rows) {
      expect(row.fetched_at.toISOString()).to.equal(SECOND.toISOString());
      expect(row.content_hash).to.match(/^[0-9a-f]{64}$/);
    }

    const again = await runImport(createStores(target), api, { format: 'oruk', now: new Date() });
    expect(again.imported + again.updated).to.equal(0);
    const after = await sourceRows(target);
    expect(after.map((r) => [r.content_hash, r.fetched_at.toISOString()])).to.deep.equal(
      rows.map((r) => [r.content_hash, r.fetched_at.toISOString()]),
    );

    const page = text((await request(buildApp(target)).get('/activities/walk-1').expect(200)).text);
    expect(page).to.include('From Bristol Community Directory, last checked by them on 4 October 2024');
    const copy = await request(buildApp(target)).get('/api/services/walk-1').expect(200);
    expect((copy.body.metadata as Json[]).find((m) => m.field_name === 'source')).to.include({
      replacement_value: api,
      last_action_type: 'feed import',
      updated_by: 'Bristol Community Directory',
    });
  });
});
