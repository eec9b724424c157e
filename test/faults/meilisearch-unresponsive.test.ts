// MEILI_URL points at a peer that accepts the TCP connection and then never answers (a hung server, not a
// closed port): search falls back to Postgres within the configured timeout with the same results, the
// pages keep working, and the outbox keeps every pending change for when Meilisearch returns.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import type { SearchQuery } from '../../src/search/engine.js';
import { createSearchEngines, type SearchEngines } from '../../src/search/engines.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices } from '../../src/services/index.js';
import { resetData, testDatabase } from '../support/database.js';
import { CLIFTON, EASTON, service } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';
import { createStores } from '../../src/db/stores.js';

const TIMEOUT_MS = 800;
/** Allowance over the configured timeout for the fallback query itself on a busy machine. */
const MARGIN_MS = 1500;

/** A loopback server that accepts every connection and never writes a byte. */
async function silentPeer(): Promise<{ url: string; sockets: Set<Socket>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const outboxRows = async (db: DataSource) =>
  (await db.query('SELECT id, service_id, operation FROM search_outbox ORDER BY id')) as {
    id: number;
    service_id: string;
    operation: string;
  }[];

const fixtures = [
  service({ id: 'walk-easton', name: 'Easton Walking Group', at: EASTON, needs: ['getting-active'] }),
  service({ id: 'walk-clifton', name: 'Clifton Walking Group', at: CLIFTON, needs: ['getting-active'] }),
  service({ id: 'choir', name: 'Community Choir', at: EASTON, needs: ['arts-creativity'] }),
];

describe('fault: Meilisearch accepts connections but never answers', function () {
  this.timeout(60000);
  let db: DataSource;
  let peer: Awaited<ReturnType<typeof silentPeer>>;
  let search: SearchEngines;
  // The search-outbox job's run, as the job queue starts it.
  const stopSync = new AbortController();
  let syncing: Promise<unknown> = Promise.resolve();

  const query = (text: string): SearchQuery => ({
    text,
    needs: [],
    activityTypes: [],
    suitability: [],
    near: { latitude: EASTON.latitude, longitude: EASTON.longitude },
    radiusMetres: 10000,
    days: [],
    partsOfDay: [],
    timeWindow: null,
    dateFrom: null,
    dateTo: null,
    freeOnly: false,
    withFacets: false,
    page: 1,
    perPage: 20,
    now: new Date(),
  });

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await importListings(createStores(db), convertHsdsDocument(fixtures, 'fault-fixtures'), {
      source: 'test',
    });
    await storePlaces(db, [{ kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON }]);
    peer = await silentPeer();
    // Built the way src/server.ts builds it, from the same configuration MEILI_URL would give.
    const config = loadConfig({ MEILI_URL: peer.url, MEILI_TIMEOUT_MS: String(TIMEOUT_MS) });
    search = await createSearchEngines(config, db);
    syncing = search.syncIndex({ forMs: 60000, signal: stopSync.signal });
  });

  after(async () => {
    stopSync.abort();
    await syncing;
    await peer?.close();
  });

  it('answers from Postgres within the timeout, with the same results Postgres gives', async () => {
    const pendingBefore = await outboxRows(db);
    expect(pendingBefore.map((r) => r.service_id)).to.have.members(['walk-easton', 'walk-clifton', 'choir']);

    const started = performance.now();
    const result = await search.searchEngine.search(query('walking'));
    const ms = performance.now() - started;
    expect(peer.sockets.size, 'the search never reached the silent peer').to.be.greaterThan(0);
    expect(ms).to.be.below(TIMEOUT_MS + MARGIN_MS);
    expect(ms, 'it answered before the timeout, so Meilisearch was not really waited on').to.be.at.least(
      TIMEOUT_MS - 50,
    );

    const direct = await new PostgresSearchEngine(db).search(query('walking'));
    expect(result.total).to.equal(2);
    expect(result.hits.map((h) => h.id)).to.deep.equal(direct.hits.map((h) => h.id));
    expect(result.hits.map((h) => h.id)).to.deep.equal(['walk-easton', 'walk-clifton']);

    // While the primary is skipped, later searches do not wait for the timeout again.
    const again = performance.now();
    const choir = await search.searchEngine.search(query('choir'));
    expect(performance.now() - again).to.be.below(TIMEOUT_MS);
    expect(choir.hits.map((h) => h.id)).to.deep.equal(['choir']);
  });

  it('keeps serving the search page and reports search as degraded on /health', async () => {
    const app = createApp(
      createServices({
        stores: createStores(db),
        searchEngine: () => search.searchEngine,
        engines: search.engines,
        config: testConfig(),
      }),
    );
    const started = performance.now();
    const page = await request(app).get('/search?q=walking&where=BS5').expect(200);
    expect(performance.now() - started).to.be.below(TIMEOUT_MS + MARGIN_MS);
    const $ = cheerio.load(page.text);
    expect($('[data-activity-id="walk-easton"]').length).to.equal(1);
    expect($('[data-activity-id="walk-clifton"]').length).to.equal(1);

    const health = await request(app).get('/health');
    const report = health.body as {
      status: string;
      components: Record<string, { status: string }>;
    };
    // Postgres answers, so the service is up; the search component says only one engine is available.
    expect(report.components.database.status).to.equal('UP');
    expect(report.components.search.status).to.equal('DEGRADED');
  });

  it('keeps every pending change in the outbox through failed sync attempts, and queues new ones', async () => {
    const before = await outboxRows(db);
    expect(before.length).to.be.greaterThan(0);
    // The sync runs every 2 s and each attempt waits for the silent peer until its own timeout.
    const deadline = Date.now() + 15000;
    let attempts = 0;
    while (Date.now() < deadline) {
      const [{ max }] = (await db.query('SELECT max(attempts) AS max FROM search_outbox')) as {
        max: number;
      }[];
      attempts = max;
      if (attempts >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(attempts, 'no sync attempt was recorded').to.be.at.least(1);
    const after = await outboxRows(db);
    expect(after).to.deep.equal(before);
    const [{ last_error }] = (await db.query(
      'SELECT last_error FROM search_outbox WHERE attempts > 0 LIMIT 1',
    )) as { last_error: string }[];
    // The client's error names the silent peer's URL (its cause, the timeout, is not kept in the row).
    expect(last_error)
      .to.include(`Request to ${peer.url}/`)
      .and.match(/has failed/);

    // An edit made during the outage joins the queue rather than replacing or losing anything.
    const edited = fixtures.map((f) => (f.id === 'choir' ? { ...f, name: 'Community Choir (new time)' } : f));
    await importListings(createStores(db), convertHsdsDocument(edited, 'fault-fixtures'), { source: 'test' });
    const withEdit = await outboxRows(db);
    expect(withEdit.slice(0, before.length)).to.deep.equal(before);
    expect(withEdit.slice(before.length).map((r) => [r.service_id, r.operation])).to.deep.equal([
      ['choir', 'upsert'],
    ]);
  });
});
