// One contract for every search engine: the Postgres engine always, Meilisearch when MEILI_URL is set.
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { vocabulary } from '../../src/domain/vocabulary.js';
import { enqueueSearchChanges, pendingOutboxCount } from '../../src/db/search-outbox.js';
import { searchQuery, type SearchEngine, type SearchQuery } from '../../src/search/engine.js';
import { MeilisearchEngine, meilisearchClient } from '../../src/search/meilisearch/meilisearch-engine.js';
import { OutboxSync } from '../../src/search/meilisearch/outbox.js';
import { reindexMeilisearch } from '../../src/search/meilisearch/reindex.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from '../support/database.js';
import { BRISTOL_RING, CLIFTON, EASTON, LEEDS, service, term } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

// Tuesday 1 December 2026, 08:00 in London.
const NOW = new Date('2026-12-01T08:00:00Z');
const MEILI_URL = process.env.MEILI_URL ?? null;
const MEILI_KEY = process.env.MEILI_MASTER_KEY ?? null;
const SKIPPED = 'skipped: MEILI_URL not set';
const INDEX = `activities_contract_${process.pid}`;

const withTypes = (fixture: Record<string, unknown>, types: string[]) => ({
  ...fixture,
  attributes: [...(fixture.attributes as object[]), ...types.map((c) => term('activity-types', c))],
});

const friday = [{ id: '', freq: 'WEEKLY', byday: 'FR', opens_at: '10:00', closes_at: '12:00' }];
const fixtures = [
  withTypes(
    service({
      id: 'walk-easton',
      name: 'Easton Walking Group',
      at: EASTON,
      needs: ['getting-active', 'loneliness'],
      suitability: ['older-people', 'wheelchair-accessible'],
      schedules: [{ id: 'w1', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '11:30' }],
    }),
    ['walking'],
  ),
  withTypes(
    service({
      id: 'walk-clifton',
      name: 'Clifton Walking Group',
      at: CLIFTON,
      needs: ['getting-active'],
      suitability: ['older-people'],
      schedules: [{ id: 'w2', freq: 'WEEKLY', byday: 'TH', opens_at: '14:00', closes_at: '15:30' }],
    }),
    ['walking'],
  ),
  service({
    id: 'walk-leeds',
    name: 'Leeds Walking Group',
    at: LEEDS,
    needs: ['getting-active'],
    schedules: [{ id: 'w3', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '12:00' }],
  }),
  withTypes(
    service({
      id: 'art-evening',
      name: 'Evening Art Class',
      description: 'Painting and drawing for beginners.',
      at: EASTON,
      price: 5,
      needs: ['arts-creativity'],
      schedules: [{ id: 'a1', freq: 'WEEKLY', byday: 'WE', opens_at: '18:30', closes_at: '20:30' }],
    }),
    ['art-craft'],
  ),
  service({
    id: 'choir-fortnightly',
    name: 'Community Choir',
    at: EASTON,
    needs: ['arts-creativity', 'loneliness'],
    schedules: [
      {
        id: 'c1',
        freq: 'WEEKLY',
        interval: 2,
        byday: 'MO',
        dtstart: '2026-11-30',
        opens_at: '19:00',
        closes_at: '21:00',
      },
    ],
  }),
  service({
    id: 'befriending-phone',
    name: 'Telephone Befriending',
    description: 'A weekly friendly phone call.',
    at: null,
    area: { name: 'All of Bristol', ring: BRISTOL_RING },
    needs: ['loneliness'],
    schedules: [
      {
        id: 'b1',
        freq: 'WEEKLY',
        byday: 'MO,TU,WE,TH,FR',
        opens_at: '09:00',
        closes_at: '17:00',
        attending_type: 'phone',
      },
    ],
  }),
  service({
    id: 'anxiety-online',
    name: 'Online Anxiety Support Group',
    at: null,
    online: true,
    needs: ['low-mood-anxiety'],
    schedules: [
      {
        id: 'o1',
        freq: 'WEEKLY',
        byday: 'TH',
        opens_at: '19:00',
        closes_at: '20:00',
        attending_type: 'online',
      },
    ],
  }),
  service({
    id: 'first-saturday',
    name: 'Repair Cafe',
    at: EASTON,
    needs: ['learning-skills'],
    schedules: [{ id: 'r1', freq: 'MONTHLY', byday: '1SA', opens_at: '10:00', closes_at: '13:00' }],
  }),
  service({
    id: 'talking',
    name: "Men's Talking Group",
    at: EASTON,
    needs: ['low-mood-anxiety'],
    suitability: ['men-only'],
    schedules: [{ ...friday[0], id: 't1' }],
  }),
  service({
    id: 'pottery-studio',
    name: 'Pottery Studio',
    description: 'Open studio with wheels and kilns.',
    at: EASTON,
    price: 8,
    schedules: [{ ...friday[0], id: 'p1' }],
  }),
  service({
    id: 'community-cafe',
    name: 'Community Cafe',
    description: 'Tea and cake, and a pottery taster once a month.',
    at: EASTON,
    schedules: [{ ...friday[0], id: 'p2' }],
  }),
  service({
    id: 'closed',
    name: 'Walking Netball',
    at: EASTON,
    status: 'inactive',
    needs: ['getting-active'],
    schedules: [{ ...friday[0], id: 'x1' }],
  }),
];
/** Listings a search without filters returns: all but the inactive one. */
const VISIBLE_COUNT = fixtures.length - 1;

const query = (q: Partial<SearchQuery>): SearchQuery =>
  searchQuery({ radiusMetres: 8047, perPage: 50, now: NOW, ...q });

let db: DataSource;

async function loadFixtures(): Promise<void> {
  db = await testDatabase();
  await resetData(db);
  const converted = convertHsdsDocument(fixtures, 'contract-fixtures');
  expect(converted.rejections).to.deep.equal([]);
  await importListings(createStores(db), converted, { source: 'test', now: NOW });
}

/** The contract: every engine gives these answers. A skipped engine lists each case with the reason. */
function contract(name: string, engineOrSkip: (() => Promise<SearchEngine>) | { skipped: string }) {
  const skipReason = typeof engineOrSkip === 'function' ? null : engineOrSkip.skipped;
  describe(`search contract: ${name}`, function () {
    this.timeout(60000);
    let engine: SearchEngine;
    const ids = async (q: Partial<SearchQuery>) => (await engine.search(query(q))).hits.map((h) => h.id);
    const sortedIds = async (q: Partial<SearchQuery>) => (await ids(q)).sort();
    const test = (title: string, body: () => Promise<void>) =>
      skipReason
        ? it(`${title} (${skipReason})`, function () {
            this.skip();
          })
        : it(title, body);

    if (!skipReason) {
      before(async () => {
        await loadFixtures();
        engine = await (engineOrSkip as () => Promise<SearchEngine>)();
      });
    }

    test('finds by words, ranks a name match above a description match, never shows inactive listings', async () => {
      const found = await ids({ text: 'pottery' });
      expect(found[0]).to.equal('pottery-studio');
      expect(found).to.include('community-cafe');
      const walking = await ids({ text: 'walking' });
      expect(walking).to.include.members(['walk-easton', 'walk-clifton', 'walk-leeds']);
      expect(walking).not.to.include('closed');
      expect(walking, 'a near-miss word is no match while exact matches exist').not.to.include('talking');
    });

    test('tolerates typos when the words match nothing exactly', async () => {
      expect(await ids({ text: 'walkng' })).to.include('walk-easton');
      expect(await ids({ text: 'befriendng' })).to.include('befriending-phone');
    });

    test('matches need words and synonyms ("lonely")', async () => {
      const found = await ids({ text: 'lonely' });
      expect(found).to.include.members(['walk-easton', 'choir-fortnightly', 'befriending-phone']);
      expect(found).not.to.include('art-evening');
    });

    test('filters by need, any of several', async () => {
      expect(await sortedIds({ needs: ['arts-creativity'] })).to.deep.equal([
        'art-evening',
        'choir-fortnightly',
      ]);
      expect(await sortedIds({ needs: ['arts-creativity', 'learning-skills'] })).to.deep.equal([
        'art-evening',
        'choir-fortnightly',
        'first-saturday',
      ]);
    });

    test('filters by activity type (any) and suitability (all)', async () => {
      expect(await sortedIds({ activityTypes: ['walking'] })).to.deep.equal(['walk-clifton', 'walk-easton']);
      expect(await sortedIds({ activityTypes: ['walking', 'art-craft'] })).to.deep.equal([
        'art-evening',
        'walk-clifton',
        'walk-easton',
      ]);
      expect(await sortedIds({ suitability: ['older-people'] })).to.deep.equal([
        'walk-clifton',
        'walk-easton',
      ]);
      expect(await ids({ suitability: ['older-people', 'wheelchair-accessible'] })).to.deep.equal([
        'walk-easton',
      ]);
    });

    test('limits to a radius, sorts local results by distance and gives the distance', async () => {
      const result = await engine.search(query({ text: 'walking', near: EASTON, radiusMetres: 8047 }));
      const local = result.hits.filter((h) => h.placement === 'local').map((h) => h.id);
      expect(local).to.deep.equal(['walk-easton', 'walk-clifton']);
      expect(result.hits.find((h) => h.id === 'walk-clifton')!.distanceMetres).to.be.within(4000, 4500);
      expect(await ids({ text: 'walking', near: EASTON, radiusMetres: 1609 })).to.deep.equal(['walk-easton']);
    });

    test('keeps online and area-wide services near a place, labelled', async () => {
      const result = await engine.search(query({ near: EASTON, radiusMetres: 1609 }));
      const placement = Object.fromEntries(result.hits.map((h) => [h.id, h.placement]));
      expect(placement['befriending-phone']).to.equal('area');
      expect(result.hits.find((h) => h.id === 'befriending-phone')!.areaName).to.equal('All of Bristol');
      expect(placement['anxiety-online']).to.equal('online');
      expect(placement['walk-easton']).to.equal('local');
      expect(placement['walk-leeds']).to.equal(undefined);
      expect(await ids({ near: LEEDS, radiusMetres: 1609 })).not.to.include('befriending-phone');
    });

    test('filters by day across weekly, fortnightly and monthly schedules, with the next session', async () => {
      expect(await ids({ days: [1], near: EASTON, radiusMetres: 1609 })).to.include.members([
        'choir-fortnightly',
        'befriending-phone',
      ]);
      const saturday = await engine.search(query({ days: [6] }));
      expect(saturday.hits.map((h) => h.id)).to.deep.equal(['first-saturday']);
      // The first Saturday of December 2026 is the 5th.
      expect(saturday.hits[0].nextSession!.start.toISOString()).to.equal('2026-12-05T10:00:00.000Z');
      const choir = await engine.search(query({ text: 'choir' }));
      // Fortnightly from Monday 30 November: the next after 1 December is Monday 14 December.
      expect(choir.hits[0].nextSession!.start.toISOString()).to.equal('2026-12-14T19:00:00.000Z');
    });

    test('filters by part of the day, any overlap counting (a 09:00–17:00 session suits the afternoon)', async () => {
      expect(await sortedIds({ partsOfDay: ['evening'] })).to.deep.equal([
        'anxiety-online',
        'art-evening',
        'choir-fortnightly',
      ]);
      expect(await sortedIds({ partsOfDay: ['afternoon'], days: [4] })).to.deep.equal([
        'befriending-phone',
        'walk-clifton',
      ]);
    });

    test('filters by time window, touching ends not counting as overlap', async () => {
      expect(await sortedIds({ timeWindow: { from: 13 * 60, to: 14 * 60 } })).to.deep.equal([
        'befriending-phone',
      ]);
      expect(await sortedIds({ timeWindow: { from: 13 * 60 + 30, to: 14 * 60 + 30 } })).to.deep.equal([
        'befriending-phone',
        'walk-clifton',
      ]);
    });

    test('filters by date range', async () => {
      expect(await sortedIds({ dateFrom: '2026-12-05', dateTo: '2026-12-06' })).to.deep.equal([
        'first-saturday',
      ]);
      expect(await sortedIds({ dateFrom: '2026-12-02', dateTo: '2026-12-02' })).to.deep.equal([
        'art-evening',
        'befriending-phone',
      ]);
      const range = await engine.search(
        query({ text: 'walking', dateFrom: '2026-12-09', dateTo: '2026-12-31' }),
      );
      const easton = range.hits.find((h) => h.id === 'walk-easton')!;
      expect(easton.nextSession!.start.toISOString(), 'the next session inside the range').to.equal(
        '2026-12-15T10:00:00.000Z',
      );
    });

    test('filters to free activities', async () => {
      const free = await ids({ freeOnly: true, text: 'art' });
      expect(free).not.to.include('art-evening');
      const art = (await engine.search(query({ text: 'art' }))).hits.find((h) => h.id === 'art-evening')!;
      expect(art.isFree).to.equal(false);
      expect(art.lowestPrice).to.equal(5);
      expect(await sortedIds({ freeOnly: true, near: EASTON, radiusMetres: 1609, days: [5] })).to.deep.equal([
        'befriending-phone',
        'community-cafe',
        'talking',
      ]);
    });

    test('pages through all results with a stable total', async () => {
      const pages = await Promise.all([1, 2, 3, 4].map((page) => engine.search(query({ perPage: 3, page }))));
      for (const page of pages) expect(page.total).to.equal(VISIBLE_COUNT);
      const all = pages.flatMap((p) => p.hits.map((h) => h.id));
      expect(all).to.have.length(VISIBLE_COUNT);
      expect(new Set(all).size).to.equal(VISIBLE_COUNT);
      const beyond = await engine.search(query({ perPage: 3, page: 9 }));
      expect(beyond.hits).to.deep.equal([]);
      expect(beyond.total).to.equal(VISIBLE_COUNT);
    });

    test('counts facets as if each value were the only one chosen in its own filter', async () => {
      for (const base of [
        query({ near: EASTON, radiusMetres: 8047 }),
        query({ needs: ['loneliness'], partsOfDay: ['afternoon'], freeOnly: true }),
      ]) {
        const result = await engine.search({ ...base, withFacets: true, perPage: 2 });
        const facets = result.facets!;
        expect(facets.total).to.equal(result.total);
        const count = async (change: Partial<SearchQuery>) =>
          (await engine.search({ ...base, ...change })).total;
        for (const code of vocabulary('needs').terms.map((t) => t.code)) {
          expect(facets.needs[code], `need ${code}`).to.equal(await count({ needs: [code] }));
        }
        for (const day of [1, 2, 3, 4, 5, 6, 7]) {
          expect(facets.days[day], `day ${day}`).to.equal(await count({ days: [day] }));
        }
        expect(facets.free).to.equal(await count({ freeOnly: true }));
      }
      const near = (await engine.search(query({ near: EASTON, radiusMetres: 8047, withFacets: true })))
        .facets!;
      expect(near.needs.loneliness).to.equal(3);
      expect(near.days[6]).to.equal(1);
    });
  });
}

contract('postgres', async () => new PostgresSearchEngine(db));

if (MEILI_URL) {
  contract('meilisearch', async () => {
    const options = { url: MEILI_URL, masterKey: MEILI_KEY, timeoutMs: 10000, indexUid: INDEX };
    await reindexMeilisearch(db, meilisearchClient(options), INDEX, { now: NOW });
    return new MeilisearchEngine(options, db);
  });
} else {
  process.stdout.write(`search contract: meilisearch ${SKIPPED}\n`);
  contract('meilisearch', { skipped: SKIPPED });
}

describe('Meilisearch outbox sync (real Meilisearch)', function () {
  this.timeout(60000);
  if (!MEILI_URL) {
    it(`indexes stored listings and removes deleted ones (${SKIPPED})`, function () {
      this.skip();
    });
    return;
  }
  const options = { url: MEILI_URL, masterKey: MEILI_KEY, timeoutMs: 10000, indexUid: `${INDEX}_sync` };

  after(async () => {
    const client = meilisearchClient(options);
    await client.deleteIndexIfExists(options.indexUid);
    await client.deleteIndexIfExists(INDEX);
  });

  it('indexes stored listings and removes deleted ones', async () => {
    await loadFixtures();
    const engine = new MeilisearchEngine(options, db);
    const sync = new OutboxSync(db, meilisearchClient(options), options.indexUid, { now: () => NOW });
    expect(await pendingOutboxCount(db)).to.equal(fixtures.length);
    const report = await sync.drain();
    expect(report).to.deep.equal({ applied: fixtures.length, failed: 0 });
    expect(await pendingOutboxCount(db)).to.equal(0);
    expect((await engine.search(query({ text: 'pottery' }))).hits[0].id).to.equal('pottery-studio');

    await db.transaction(async (tx) => {
      await tx.query(`DELETE FROM service WHERE id = 'pottery-studio'`);
      await enqueueSearchChanges(tx, ['pottery-studio'], 'delete');
    });
    expect(await sync.drain()).to.deep.equal({ applied: 1, failed: 0 });
    expect(
      await engine.search(query({ text: 'pottery' })).then((r) => r.hits.map((h) => h.id)),
    ).not.to.include('pottery-studio');
  });
});
