// The outbox and the fallback against real Postgres; Meilisearch is a closed port on loopback (nothing listens).
import { createServer, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { storeListings } from '../../src/db/listing-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import type { Listing } from '../../src/importer/listing.js';
import { searchQuery, type SearchQuery } from '../../src/search/engine.js';
import { FallbackSearchEngine } from '../../src/search/fallback-engine.js';
import { documentId, loadDocuments } from '../../src/search/meilisearch/documents.js';
import { MeilisearchEngine, meilisearchClient } from '../../src/search/meilisearch/meilisearch-engine.js';
import { OutboxSync } from '../../src/search/meilisearch/outbox.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createHealth } from '../../src/services/health.js';
import { resetData, testDatabase } from '../support/database.js';
import { BRISTOL_RING, CLIFTON, EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

// Tuesday 1 December 2026, 08:00 in London.
const NOW = new Date('2026-12-01T08:00:00Z');
const TIMEOUT_MS = 1000;
let UNREACHABLE = { url: '', masterKey: null, timeoutMs: TIMEOUT_MS };

/** A loopback port that was free a moment ago, so nothing listens and connections are refused. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listings(fixtures: Record<string, unknown>[]): Listing[] {
  const converted = convertHsdsDocument(fixtures, 'outbox-fixtures');
  expect(converted.rejections).to.deep.equal([]);
  return converted.listings.map((l) => l.listing);
}

const fixtures = [
  service({ id: 'walk', name: 'Easton Walking Group', at: EASTON, needs: ['getting-active'] }),
  service({
    id: 'odd/id "quoted"',
    name: 'Telephone Befriending',
    at: null,
    area: { name: 'All of Bristol', ring: BRISTOL_RING },
    needs: ['loneliness'],
    schedules: [{ id: 'b1', freq: 'WEEKLY', byday: 'TH', opens_at: '09:00', closes_at: '17:00' }],
  }),
  service({
    id: 'two-venues',
    name: 'Two Venue Choir',
    at: CLIFTON,
    extra: {
      service_at_locations: [
        {
          id: 'sal-b',
          location: {
            id: 'loc-b',
            location_type: 'physical',
            name: 'Second hall',
            latitude: 51.47,
            longitude: -2.58,
          },
        },
        {
          id: 'sal-a',
          location: {
            id: 'loc-a',
            location_type: 'physical',
            name: 'First hall',
            latitude: 51.45,
            longitude: -2.62,
          },
        },
      ],
    },
  }),
];

const outboxRows = async (db: DataSource) =>
  (await db.query('SELECT service_id, operation, attempts, last_error FROM search_outbox ORDER BY id')) as {
    service_id: string;
    operation: string;
    attempts: number;
    last_error: string | null;
  }[];

describe('search outbox and Meilisearch fallback (real Postgres, Meilisearch unreachable)', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    UNREACHABLE = { ...UNREACHABLE, url: `http://127.0.0.1:${await closedLoopbackPort()}` };
  });

  beforeEach(async () => {
    db = await testDatabase();
    await resetData(db);
  });

  it('queues every stored change in the same transaction, and nothing for an unchanged re-import', async () => {
    await storeListings(db, listings(fixtures), { source: 'test', now: NOW });
    expect((await outboxRows(db)).map((r) => [r.service_id, r.operation])).to.deep.equal([
      ['walk', 'upsert'],
      ['odd/id "quoted"', 'upsert'],
      ['two-venues', 'upsert'],
    ]);
    await db.query('DELETE FROM search_outbox');
    await storeListings(db, listings(fixtures), { source: 'test', now: NOW });
    expect(await outboxRows(db)).to.deep.equal([]);
  });

  it('leaves no outbox rows (and no listings) when a batch fails', async () => {
    const batch = listings([
      service({ id: 'good', name: 'Good Group', at: EASTON }),
      service({ id: 'bad', name: 'Bad Group', at: EASTON }),
    ]);
    // A schedule frequency the schema refuses makes the transaction fail after the first writes.
    (batch[1].schedules[0] as { freq: string }).freq = 'HOURLY';
    let failure: unknown = null;
    await storeListings(db, batch, { source: 'test', now: NOW }).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/schedule_freq_check/);
    expect(await outboxRows(db)).to.deep.equal([]);
    expect(await db.query('SELECT id FROM service')).to.deep.equal([]);
  });

  it('keeps every row, with attempts and the error, while Meilisearch cannot be reached', async () => {
    await storeListings(db, listings(fixtures), { source: 'test', now: NOW });
    const sync = new OutboxSync(db, meilisearchClient(UNREACHABLE), 'activities', { now: () => NOW });
    const first = await sync.drain();
    expect(first.applied).to.equal(0);
    expect(first.failed).to.equal(3);
    expect(first.error)
      .to.include(`Request to ${UNREACHABLE.url}`)
      .and.match(/has failed/);
    await sync.drain();
    const rows = await outboxRows(db);
    expect(rows.map((r) => r.service_id)).to.deep.equal(['walk', 'odd/id "quoted"', 'two-venues']);
    for (const row of rows) {
      expect(row.attempts).to.equal(2);
      expect(row.last_error).to.match(/has failed/);
    }
  });

  it('answers from Postgres within the timeout, skips Meilisearch afterwards, and /health says degraded', async () => {
    await storeListings(db, listings(fixtures), { source: 'test', now: NOW });
    const postgres = new PostgresSearchEngine(db);
    const meili = new MeilisearchEngine(UNREACHABLE, db);
    let clock = Date.now();
    const engine = new FallbackSearchEngine(meili, postgres, {
      timeoutMs: UNREACHABLE.timeoutMs,
      cooldownMs: 30000,
      clock: () => clock,
    });
    const query: SearchQuery = searchQuery({ text: 'walking', near: EASTON, radiusMetres: 8047, now: NOW });
    const expected = await postgres.search(query);
    const started = performance.now();
    const result = await engine.search(query);
    const elapsed = performance.now() - started;
    expect(elapsed, `fell back after ${elapsed.toFixed(0)} ms`).to.be.below(UNREACHABLE.timeoutMs + 200);
    expect(result).to.deep.equal(expected);
    expect(result.engine).to.equal('postgres');
    expect(engine.degraded).to.equal(true);

    const health = await createHealth(createStores(db), [postgres, engine])();
    expect(health.status, 'search still works, so the service is up').to.equal('UP');
    expect(health.components['search:postgres'].status).to.equal('UP');
    expect(health.components['search:meilisearch'].status).to.equal('DOWN');
    expect(health.components.search).to.deep.equal({
      status: 'DEGRADED',
      details: { available: ['postgres'] },
    });

    // After the cool-down Meilisearch is tried again (and still fails over).
    clock += 31000;
    expect(engine.degraded).to.equal(false);
    expect((await engine.search(query)).hits.map((h) => h.id)).to.deep.equal(expected.hits.map((h) => h.id));
    expect(engine.degraded).to.equal(true);
  });

  it('maps listings to search documents: encoded ids, first venue, area box, sessions by local date', async () => {
    await storeListings(db, listings(fixtures), { source: 'test', now: NOW });
    const { documents, missing } = await loadDocuments(
      db,
      ['walk', 'odd/id "quoted"', 'two-venues', 'gone'],
      NOW,
    );
    expect(missing).to.deep.equal(['gone']);
    const byId = Object.fromEntries(documents.map((d) => [d.id, d]));
    const area = byId['odd/id "quoted"'];
    expect(area.doc_id)
      .to.equal(documentId('odd/id "quoted"'))
      .and.match(/^[A-Za-z0-9_-]+$/);
    expect(area._geo).to.equal(undefined);
    expect([area.area_min_lat, area.area_max_lat, area.area_min_lng, area.area_max_lng]).to.deep.equal([
      51.4, 51.52, -2.7, -2.45,
    ]);
    expect(area.area_name).to.equal('All of Bristol');
    expect(area.needs).to.deep.equal(['loneliness']);
    expect(area.term_synonyms).to.include('lonely');
    // Thursday 3 December, 09:00–17:00: morning and afternoon, not evening.
    expect(area.session_days).to.deep.equal([4]);
    expect(area.session_dates[0]).to.equal(20261203);
    expect(area.session_parts).to.include.members(['20261203-morning', '20261203-afternoon']);
    expect(area.session_parts).not.to.include('20261203-evening');
    expect(area.next_session_at).to.equal(Date.parse('2026-12-03T09:00:00Z'));

    const walk = byId.walk;
    expect(walk._geo).to.deep.equal({ lat: EASTON.latitude, lng: EASTON.longitude });
    expect(walk.is_free).to.equal(true);
    expect(walk.area_min_lat).to.equal(null);
    // Several venues: `_geo` is the first by location id, `locations` holds them all.
    const choir = byId['two-venues'];
    expect(choir._geo).to.deep.equal({ lat: 51.45, lng: -2.62 });
    expect(choir.locations.map((l) => l.name)).to.deep.equal(['First hall', 'Second hall']);
  });
});
