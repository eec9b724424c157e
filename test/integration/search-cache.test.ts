import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { CachedSearchEngine, listingsVersion } from '../../src/search/cached-engine.js';
import { searchQuery } from '../../src/search/engine.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores, type Stores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('search result cache (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  const load = (name: string, stores: Stores = createStores(db)) =>
    importListings(stores, convertHsdsDocument([service({ id: 'walk', name, at: EASTON })], 'fixture'), {
      source: 'test',
      now: NOW,
    });

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

  it('never keeps what a search read while a change was being written under the version of that change', async () => {
    const cached = new CachedSearchEngine(new PostgresSearchEngine(db), () => listingsVersion(db));
    const walking = (seconds: number) =>
      searchQuery({ text: 'walking', now: new Date(NOW.getTime() + seconds * 1000) });
    const named = 'Riverside Walking Group (Thursdays)';
    let written!: () => void;
    const inTransaction = new Promise<void>((resolve) => (written = resolve));
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    // An import batch written but not yet committed, as while a large import runs.
    const editing = createStores(db).transaction(async (stores) => {
      await load(named, stores);
      written();
      await committing;
    });
    await inTransaction;
    expect((await cached.search(walking(0))).hits[0].name).not.to.equal(named);
    commit();
    await editing;
    expect((await cached.search(walking(1))).hits[0].name, 'after the commit').to.equal(named);
  });

  it('never hands a request a search begun before a change that request already sees', async () => {
    const postgres = new PostgresSearchEngine(db);
    let read!: () => void;
    const firstRead = new Promise<void>((resolve) => (read = resolve));
    let release!: () => void;
    let held: Promise<void> | null = new Promise<void>((resolve) => (release = resolve));
    // The first search has read the listings but not yet answered when the change commits.
    const slow = {
      name: 'slow',
      health: () => postgres.health(),
      search: async (query: Parameters<PostgresSearchEngine['search']>[0]) => {
        const result = await postgres.search(query);
        if (held) {
          read();
          await held;
        }
        return result;
      },
      searchIds: postgres.searchIds.bind(postgres),
      allIds: postgres.allIds.bind(postgres),
    };
    let versionRead: (() => void) | null = null;
    const cached = new CachedSearchEngine(slow, async () => {
      const version = await listingsVersion(db);
      versionRead?.();
      return version;
    });
    const first = cached.search(searchQuery({ text: 'walking', now: NOW }));
    await firstRead;
    held = null;
    await load('Riverside Walking Group (Fridays)');
    const secondAsked = new Promise<void>((resolve) => (versionRead = resolve));
    const second = cached.search(searchQuery({ text: 'walking', now: NOW }));
    // The second request has read the new version and gone on to search while the first is still running.
    await secondAsked;
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect((await first).hits[0].name).not.to.equal('Riverside Walking Group (Fridays)');
    expect((await second).hits[0].name).to.equal('Riverside Walking Group (Fridays)');
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
      searchIds: postgres.searchIds.bind(postgres),
      allIds: postgres.allIds.bind(postgres),
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
