import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { CachedSearchEngine, listingsVersion } from '../../src/search/cached-engine.js';
import { searchQuery } from '../../src/search/engine.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('search result cache (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  const load = (name: string) =>
    importListings(
      createStores(db),
      convertHsdsDocument([service({ id: 'walk', name, at: EASTON })], 'fixture'),
      {
        source: 'test',
        now: NOW,
      },
    );

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await load('Riverside Walking Group');
  });

  it('answers a repeated search from the cache while nothing has changed', async () => {
    const cached = new CachedSearchEngine(new PostgresSearchEngine(db), () => listingsVersion(db));
    const first = await cached.search(searchQuery({ text: 'walking', now: NOW }));
    const second = await cached.search(searchQuery({ text: 'walking', now: new Date(NOW.getTime() + 1000) }));
    expect(second).to.equal(first);
    expect([cached.hits, cached.misses]).to.deep.equal([1, 1]);
    await cached.search(searchQuery({ text: 'walking', page: 2, now: NOW }));
    expect(cached.misses).to.equal(2);
  });

  it('stops using a result as soon as a listing changes, in any process', async () => {
    const cached = new CachedSearchEngine(new PostgresSearchEngine(db), () => listingsVersion(db));
    const before = await cached.search(searchQuery({ text: 'walking', now: NOW }));
    expect(before.hits[0].name).to.equal('Riverside Walking Group');
    const version = await listingsVersion(db);
    await load('Riverside Walking Group (Tuesdays)');
    expect(await listingsVersion(db)).not.to.equal(version);
    const after = await cached.search(searchQuery({ text: 'walking', now: NOW }));
    expect(after.hits[0].name).to.equal('Riverside Walking Group (Tuesdays)');
  });

  it('keeps a result for a minute at most', async () => {
    const cached = new CachedSearchEngine(new PostgresSearchEngine(db), () => listingsVersion(db));
    await cached.search(searchQuery({ text: 'walking', now: NOW }));
    await cached.search(searchQuery({ text: 'walking', now: new Date(NOW.getTime() + 61_000) }));
    expect([cached.hits, cached.misses]).to.deep.equal([0, 2]);
  });

  it('shares one query among concurrent requests, and refreshes a busy result before it expires', async () => {
    const postgres = new PostgresSearchEngine(db);
    let searches = 0;
    const counting = {
      name: 'counting',
      health: () => postgres.health(),
      search: (query: Parameters<PostgresSearchEngine['search']>[0]) => {
        searches += 1;
        return postgres.search(query);
      },
    };
    const cached = new CachedSearchEngine(counting, () => listingsVersion(db));
    const at = (seconds: number) =>
      searchQuery({ text: 'walking', now: new Date(NOW.getTime() + seconds * 1000) });
    const together = await Promise.all([cached.search(at(0)), cached.search(at(0)), cached.search(at(0))]);
    expect(searches, 'three requests at once, one query').to.equal(1);
    expect(together[1]).to.equal(together[0]);
    await cached.search(at(30));
    expect(searches, 'fresh: from the cache alone').to.equal(1);
    const late = await cached.search(at(50));
    expect(late).to.equal(together[0]);
    expect(searches, 'in its last quarter-minute: answered from the cache and refreshed behind').to.equal(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await cached.search(at(90));
    expect(searches, 'the refreshed result, stored at 50 s, serves at 90 s').to.equal(2);
  });
});
