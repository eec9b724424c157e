// Searches from a read replica (DATABASE_READ_URL), proved on two real PostgreSQL servers from Debian's packages in
// streaming replication on loopback: the primary on TEST_PG_PORT+1, the hot standby on TEST_PG_PORT+2.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { BATCH_CONNECT_TIMEOUT_MS, openDatabase } from '../../src/db/data-source.js';
import { createStores, type Stores } from '../../src/db/stores.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { listingsVersion } from '../../src/search/cached-engine.js';
import { createSearchEngines } from '../../src/search/engines.js';
import { createServices } from '../../src/services/index.js';
import { csrfToken } from '../support/accounts.js';
import { testConfig } from '../support/config.js';
import { EASTON, service } from '../support/fixtures.js';
import { startServer, type RunningServer } from '../support/processes.js';
import {
  debianPostgres,
  pauseReplay,
  primaryLsn,
  replayedTo,
  replayLsn,
  replicationPair,
  resumeReplay,
  type Replication,
} from '../support/replication.js';
import { requirePresent } from '../support/requirements.js';

const BASE_PORT = Number(process.env.TEST_PG_PORT ?? 54339);
const NAME = 'Riverside Walking Group';

/** An LSN ("16/B374D848") as a number that orders like the WAL. */
const lsnValue = (lsn: string) => {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

describe('searches from a read replica (two Debian PostgreSQL servers in streaming replication)', function () {
  this.timeout(180000);
  let pair: Replication | null = null;
  let primary: DataSource | null = null;
  let replica: DataSource | null = null;
  let stores: Stores;
  let app: Express;
  let server: RunningServer | null = null;

  /** Renames the activity through the importer, on the primary; resolves when committed, with its LSN. */
  async function rename(name: string): Promise<string> {
    const report = await importListings(
      stores,
      convertHsdsDocument([service({ id: 'walk', name, at: EASTON })], 'fixture'),
      { source: 'test' },
    );
    expect(report.updated + report.imported, `the import of "${name}"`).to.equal(1);
    return primaryLsn(primary!);
  }

  const replayed = async () => replayedTo(replica!, await primaryLsn(primary!));

  before(async function () {
    const found = debianPostgres(loadConfig().ci);
    requirePresent(this, 'bin' in found ? null : found);
    if (!('bin' in found)) return;
    pair = replicationPair(found.bin, { primary: BASE_PORT + 1, replica: BASE_PORT + 2 });
    await pair.start();
    primary = await openDatabase(pair.primaryUrl, 5, { connectTimeoutMs: BATCH_CONNECT_TIMEOUT_MS });
    await syncVocabulary(primary);
    replica = await openDatabase(pair.replicaUrl, 5, {
      migrate: false,
      connectTimeoutMs: BATCH_CONNECT_TIMEOUT_MS,
    });
    // The server's own composition: every store on the primary but the searches' reads, and engines on the replica.
    stores = createStores(primary, replica);
    const search = await createSearchEngines({ meili: null }, primary, replica);
    app = createApp(
      createServices({
        stores,
        searchEngine: () => search.searchEngine,
        engines: search.engines,
        config: testConfig(),
      }),
    );
    await rename(NAME);
    await replayed();
  });

  after(async () => {
    server?.kill();
    for (const db of [replica, primary]) if (db?.isInitialized) await db.destroy();
    await pair?.stop();
  });

  const searchPage = async (path: string) => (await request(app).get(path).expect(200)).text;
  const apiNames = async () =>
    (
      (await request(app).get('/api/services?search=walking').expect(200)).body as {
        contents: { name: string }[];
      }
    ).contents.map((s) => s.name);

  it('reads searches from the replica, and finds an edit on the primary there once it is replayed, not from the cache', async () => {
    expect(await searchPage('/search?q=walking')).to.contain(NAME);
    expect(await searchPage('/map?q=walking')).to.contain(NAME);
    expect(await apiNames()).to.deep.equal([NAME]);

    await pauseReplay(replica!);
    try {
      await rename(`${NAME} (Tuesdays)`);
      // The primary's version has moved on; the replica has not replayed it, and searches show what it holds.
      expect(Number(await listingsVersion(primary!))).to.be.greaterThan(
        Number(await listingsVersion(replica!)),
      );
      expect(await searchPage('/search?q=walking'))
        .to.contain(NAME)
        .and.not.contain('(Tuesdays)');
      expect(await apiNames()).to.deep.equal([NAME]);
    } finally {
      await resumeReplay(replica!);
    }
    await replayed();
    // The result cached while the replica lagged is not served once the replica has the edit.
    expect(await searchPage('/search?q=walking')).to.contain(`${NAME} (Tuesdays)`);
    expect(await searchPage('/map?q=walking')).to.contain(`${NAME} (Tuesdays)`);
    expect(await apiNames()).to.deep.equal([`${NAME} (Tuesdays)`]);
  });

  it('never answers with a result older than what the replica had replayed when the search began', async () => {
    const edits: { number: number; lsn: bigint }[] = [{ number: 0, lsn: 0n }];
    const searched: { replayed: number; found: number }[] = [];
    /** A search through the page, checked against the newest edit the replica had replayed before it began. */
    const searchAndCheck = async () => {
      const at = lsnValue(await replayLsn(replica!));
      const replayedEdit = Math.max(...edits.filter((e) => e.lsn <= at).map((e) => e.number));
      const page = await searchPage('/search?q=walking');
      const found = Number(/Walking Group, edit (\d+)/.exec(page)?.[1] ?? 0);
      searched.push({ replayed: replayedEdit, found });
      expect(found, `a search begun when the replica had replayed edit ${replayedEdit}`).to.be.at.least(
        replayedEdit,
      );
    };
    for (let number = 1; number <= 12; number++) {
      const lsn = lsnValue(await rename(`${NAME}, edit ${number}`));
      edits.push({ number, lsn });
      // While the replica may or may not have replayed it, and once it surely has.
      await Promise.all([searchAndCheck(), searchAndCheck()]);
      await replayedTo(replica!, await primaryLsn(primary!));
      await searchAndCheck();
      expect(searched.at(-1)!.found, `edit ${number}, replayed`).to.equal(number);
    }
  });

  it('sends writes to the primary: sessions, rate limits and the searches that found nothing', async () => {
    const refused = await replica!.query(`INSERT INTO search_gap (needs) VALUES ('{}')`).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused, 'the replica refuses writes').to.match(/read-only transaction/);
    const count = async (db: DataSource, table: string) =>
      Number(((await db.query(`SELECT count(*) AS n FROM ${table}`)) as { n: number }[])[0].n);
    const gapsBefore = await count(primary!, 'search_gap');
    expect(await searchPage('/search?q=zzqqxxvv')).to.contain('No activities found');
    expect(await count(primary!, 'search_gap')).to.equal(gapsBefore + 1);

    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/sign-in');
    await agent
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'nobody@example.org', password: 'not the password' })
      .expect(400);
    expect(await count(primary!, 'http_session')).to.be.at.least(1);
    expect(await count(primary!, 'rate_limit')).to.be.at.least(1);
  });

  it('is what the server does with DATABASE_READ_URL, in each of its web processes', async () => {
    server = await startServer({
      DATABASE_URL: pair!.primaryUrl,
      DATABASE_READ_URL: pair!.replicaUrl,
      WEB_CONCURRENCY: '2',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    });
    const names = async () =>
      (
        (await (await fetch(`${server!.base}/api/services?search=walking`)).json()) as {
          contents: { name: string }[];
        }
      ).contents.map((s) => s.name);
    const page = async () => (await fetch(`${server!.base}/search?q=walking`)).text();
    const current = await names();
    expect(current).to.have.length(1);
    await pauseReplay(replica!);
    try {
      await rename(`${NAME}, by the server`);
      // Several requests, so that both web processes answer: neither reads the primary.
      for (let i = 0; i < 6; i++) {
        expect(await names()).to.deep.equal(current);
        expect(await page())
          .to.contain(current[0])
          .and.not.contain('by the server');
      }
    } finally {
      await resumeReplay(replica!);
    }
    await replayed();
    for (let i = 0; i < 6; i++) {
      expect(await names()).to.deep.equal([`${NAME}, by the server`]);
      expect(await page()).to.contain(`${NAME}, by the server`);
    }
    expect(await server.stop(), server.output()).to.equal(0);
    server = null;
  });
});
