// The search engine contract's fixtures and scaffolding: every case runs against the Postgres engine, and
// against Meilisearch when MEILI_URL is set (otherwise each case is listed as skipped, with the reason).
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { searchQuery, type SearchEngine, type SearchQuery } from '../../src/search/engine.js';
import { MeilisearchEngine, meilisearchClient } from '../../src/search/meilisearch/meilisearch-engine.js';
import { reindexMeilisearch } from '../../src/search/meilisearch/reindex.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from './database.js';
import { BRISTOL_RING, CLIFTON, EASTON, LEEDS, service, term } from './fixtures.js';

// Tuesday 1 December 2026, 08:00 in London.
export const NOW = new Date('2026-12-01T08:00:00Z');
export const MEILI_URL = process.env.MEILI_URL ?? null;
export const MEILI_KEY = process.env.MEILI_MASTER_KEY ?? null;
export const SKIPPED = 'skipped: MEILI_URL not set';
export const INDEX = `activities_contract_${process.pid}`;

const withTypes = (fixture: Record<string, unknown>, types: string[]) => ({
  ...fixture,
  attributes: [...(fixture.attributes as object[]), ...types.map((c) => term('activity-types', c))],
});

/** A term and taxonomy from outside the directory's vocabulary, as an imported feed brings them. */
export const IMPORTED_TERM = 'imported-term-nordic-walking';
export const IMPORTED_TAXONOMY = 'imported-activity-list';

const withAttribute = (fixture: Record<string, unknown>, attribute: Record<string, unknown>) => ({
  ...fixture,
  attributes: [...(fixture.attributes as object[]), attribute],
});

const friday = [{ id: '', freq: 'WEEKLY', byday: 'FR', opens_at: '10:00', closes_at: '12:00' }];
export const fixtures = [
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
      extra: { minimum_age: 60 },
    }),
    ['walking'],
  ),
  withAttribute(
    service({
      id: 'walk-leeds',
      name: 'Leeds Walking Group',
      at: LEEDS,
      needs: ['getting-active'],
      schedules: [{ id: 'w3', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '12:00' }],
    }),
    {
      id: 'attr-nordic',
      taxonomy_term: {
        id: IMPORTED_TERM,
        code: 'nordic-walking',
        name: 'Nordic walking',
        taxonomy: 'Imported activity list',
        taxonomy_id: IMPORTED_TAXONOMY,
      },
    },
  ),
  withTypes(
    service({
      id: 'art-evening',
      name: 'Evening Art Class',
      description: 'Painting and drawing for beginners.',
      at: EASTON,
      price: 5,
      needs: ['arts-creativity'],
      schedules: [{ id: 'a1', freq: 'WEEKLY', byday: 'WE', opens_at: '18:30', closes_at: '20:30' }],
      extra: { minimum_age: 16, maximum_age: 25 },
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
    extra: { last_modified: '2026-01-05T09:00:00Z' },
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
export const VISIBLE_COUNT = fixtures.length - 1;

export const query = (q: Partial<SearchQuery>): SearchQuery =>
  searchQuery({ radiusMetres: 8047, perPage: 50, now: NOW, ...q });

/** Loads the fixtures into an emptied test database. */
export async function loadFixtures(): Promise<DataSource> {
  const db = await testDatabase();
  await resetData(db);
  const converted = convertHsdsDocument(fixtures, 'contract-fixtures');
  expect(converted.rejections).to.deep.equal([]);
  await importListings(createStores(db), converted, { source: 'test', now: NOW });
  return db;
}

export interface ContractCases {
  engine: () => SearchEngine;
  db: () => DataSource;
  ids: (q: Partial<SearchQuery>) => Promise<string[]>;
  sortedIds: (q: Partial<SearchQuery>) => Promise<string[]>;
  test: (title: string, body: () => Promise<void>) => void;
}

function contract(
  suite: string,
  name: string,
  engineOrSkip: ((db: DataSource) => Promise<SearchEngine>) | { skipped: string },
  cases: (c: ContractCases) => void,
) {
  const skipReason = typeof engineOrSkip === 'function' ? null : engineOrSkip.skipped;
  describe(`${suite}: ${name}`, function () {
    this.timeout(60000);
    let engine: SearchEngine;
    let db: DataSource;
    const ids = async (q: Partial<SearchQuery>) => (await engine.search(query(q))).hits.map((h) => h.id);
    const test = (title: string, body: () => Promise<void>) =>
      skipReason
        ? it(`${title} (${skipReason})`, function () {
            this.skip();
          })
        : it(title, body);
    if (!skipReason) {
      before(async () => {
        db = await loadFixtures();
        engine = await (engineOrSkip as (db: DataSource) => Promise<SearchEngine>)(db);
      });
    }
    cases({
      engine: () => engine,
      db: () => db,
      ids,
      sortedIds: async (q) => (await ids(q)).sort(),
      test,
    });
  });
}

/** One set of cases every engine must pass: the Postgres engine always, Meilisearch when MEILI_URL is set. */
export function engineContract(suite: string, cases: (c: ContractCases) => void): void {
  contract(suite, 'postgres', async (db) => new PostgresSearchEngine(db), cases);
  if (MEILI_URL) {
    const indexUid = `${INDEX}_${suite.replace(/\W+/g, '_')}`;
    contract(
      suite,
      'meilisearch',
      async (db) => {
        const options = { url: MEILI_URL, masterKey: MEILI_KEY, timeoutMs: 10000, indexUid };
        await reindexMeilisearch(db, meilisearchClient(options), indexUid, { now: NOW });
        return new MeilisearchEngine(options, db);
      },
      cases,
    );
  } else {
    process.stdout.write(`${suite}: meilisearch ${SKIPPED}\n`);
    contract(suite, 'meilisearch', { skipped: SKIPPED }, cases);
  }
}
