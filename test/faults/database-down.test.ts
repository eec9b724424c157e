// The database stops while requests are flowing: every request fails fast with a 503 (an HTML page for the
// site, JSON for the API), /health says DOWN, and once Postgres is back the same app serves again within 5 s.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.js';
import { storePlaces } from '../../src/db/place-store.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { buildApp } from '../support/app.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

// Its own Postgres, because this test stops it; away from the shared test database's port.
const PORT = Number(process.env.FAULT_PG_PORT ?? Number(process.env.TEST_PG_PORT ?? 54339) + 200);
/** How long a request may take while the database is down. */
const FAIL_FAST_MS = 2000;
/** How soon after Postgres is back the app must serve again. */
const RECOVERY_MS = 5000;

interface Answer {
  path: string;
  status: number;
  ms: number;
  contentType: string;
  body: string;
}

describe('fault: the database stops during load', function () {
  this.timeout(180000);
  let dataDir: string;
  let embedded: EmbeddedDatabase | null = null;
  let db: DataSource;
  let server: Server;
  let base: string;

  const paths = ['/search?q=walking&where=BS5&day=TU', '/api/services?search=walking&postcode=BS5&day=TU'];

  async function get(requestPath: string): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${base}${requestPath}`, {
      headers: { accept: requestPath.startsWith('/api') ? 'application/json' : 'text/html' },
      signal: AbortSignal.timeout(30000),
    });
    const body = await response.text();
    return {
      path: requestPath,
      status: response.status,
      ms: performance.now() - started,
      contentType: response.headers.get('content-type') ?? '',
      body,
    };
  }

  /** A steady stream of requests from several clients until `until` resolves. */
  async function stream(until: Promise<unknown>, clients = 4): Promise<Answer[]> {
    let done = false;
    void until.finally(() => (done = true));
    const answers: Answer[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = client; !done; i++) answers.push(await get(paths[i % paths.length]));
      }),
    );
    return answers;
  }

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fault-database-'));
    embedded = await startEmbeddedPostgres(dataDir, PORT);
    db = await openDatabase(embedded.url, 10);
    await syncVocabulary(db);
    const converted = convertHsdsDocument(
      [service({ id: 'walk', name: 'Easton Walking Group', at: EASTON, needs: ['getting-active'] })],
      'fault-fixtures',
    );
    await importListings(createStores(db), converted, { source: 'test' });
    await storePlaces(db, [{ kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON }]);
    server = buildApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server?.closeAllConnections();
    server?.close();
    if (db?.isInitialized) await db.destroy();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves 503s fast while Postgres is down, says DOWN, and recovers within 5 s without a restart', async () => {
    // Healthy first, and the search really finds the activity.
    const healthy = await get(paths[0]);
    expect(healthy.status).to.equal(200);
    expect(healthy.body).to.include('Easton Walking Group');
    expect((await get(paths[1])).status).to.equal(200);

    // Stop Postgres while four clients keep asking, then keep asking for a few seconds of outage.
    const stopping = embedded!.stop();
    const duringStop = await stream(stopping);
    embedded = null;
    const outage = await stream(new Promise((resolve) => setTimeout(resolve, 3000)));

    // Requests already running when the server stopped may have finished first; after that, only 503s.
    for (const answer of duringStop) expect(answer.status, answer.path).to.be.oneOf([200, 503]);
    expect(outage.length).to.be.greaterThan(8);
    for (const answer of outage) {
      expect(answer.status, `${answer.path} during the outage`).to.equal(503);
      expect(answer.ms, `${answer.path} took ${answer.ms.toFixed(0)} ms`).to.be.below(FAIL_FAST_MS);
      if (answer.path.startsWith('/api')) {
        expect(answer.contentType).to.include('application/json');
        expect(JSON.parse(answer.body)).to.include({ status: 503, error: 'Service Unavailable' });
      } else {
        expect(answer.contentType).to.include('text/html');
        expect(cheerio.load(answer.body)('h1').text()).to.include('unavailable');
      }
    }
    const slowest = Math.max(...outage.map((a) => a.ms));

    const health = await get('/health');
    expect(health.status).to.equal(503);
    expect(health.ms).to.be.below(FAIL_FAST_MS + 1000);
    const report = JSON.parse(health.body) as {
      status: string;
      components: { database: { status: string } };
    };
    expect(report.status).to.equal('DOWN');
    expect(report.components.database.status).to.equal('DOWN');

    // Postgres comes back on the same data and port; the same app (same pool) must serve again.
    embedded = await startEmbeddedPostgres(dataDir, PORT);
    const back = performance.now();
    let recoveredAfter: number | null = null;
    while (performance.now() - back < RECOVERY_MS + 5000) {
      const [page, api, status] = await Promise.all([get(paths[0]), get(paths[1]), get('/health')]);
      if (page.status === 200 && api.status === 200 && status.status === 200) {
        recoveredAfter = performance.now() - back;
        expect(page.body).to.include('Easton Walking Group');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recoveredAfter, 'the app never recovered').to.not.equal(null);
    expect(recoveredAfter!).to.be.below(RECOVERY_MS);
    console.log(
      `      outage: ${outage.length} requests, all 503, slowest ${slowest.toFixed(0)} ms; recovered ${recoveredAfter!.toFixed(0)} ms after Postgres was back`,
    );
  });
});
