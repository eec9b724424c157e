// A search that describes a situation in plain words also finds the listings that describe themselves in the
// providers' words, though they carry none of the directory's terms (query expansion; docs/ranking.md).
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { searchQuery } from '../../src/search/engine.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from '../support/database.js';
import { CLIFTON, EASTON, service } from '../support/fixtures.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('search: plain words also find listings in the providers’ own words (real Postgres)', function () {
  this.timeout(120_000);
  let db: DataSource;
  let engine: PostgresSearchEngine;
  const ids = async (text: string) =>
    (await engine.search(searchQuery({ text, near: EASTON, radiusMetres: 16093, now: NOW }))).hits.map(
      (hit) => hit.id,
    );

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    // As imported from another directory: no needs, no activity types.
    const listings = [
      service({
        id: 'grief-support',
        name: 'Open Door',
        description: 'Support groups for bereaved adults, with trained volunteers.',
        at: CLIFTON,
      }),
      service({
        id: 'phone-friends',
        name: 'Friendly Voices',
        description: 'Telephone befriending for older people: a weekly call from the same volunteer.',
        at: EASTON,
      }),
      service({
        id: 'tai-chi',
        name: 'Tai Chi for Beginners',
        description: 'Slow, gentle movement.',
        at: EASTON,
      }),
      service({ id: 'yoga', name: 'Chair Yoga', description: 'Seated stretches.', at: CLIFTON }),
      service({ id: 'choir', name: 'Community Choir', description: 'Songs old and new.', at: EASTON }),
    ];
    await importListings(createStores(db), convertHsdsDocument(listings, 'fixtures'), {
      source: 'test',
      now: NOW,
    });
    engine = new PostgresSearchEngine(db);
  });

  it('finds the bereavement group for "my wife died", though it never says "died"', async () => {
    expect(await ids('my wife died')).to.deep.equal(['grief-support']);
  });

  it('finds telephone befriending for "housebound"', async () => {
    expect(await ids('housebound')).to.deep.equal(['phone-friends']);
  });

  it('does not widen the providers’ own words: "yoga" is not tai chi', async () => {
    expect(await ids('yoga')).to.deep.equal(['yoga']);
  });

  it('keeps to the words typed when they are the providers’ own, and widens a description of a death to both', async () => {
    // "grief" is typed: the listing that says so comes first; "bereaved" is not widened from it.
    await importListings(
      createStores(db),
      convertHsdsDocument(
        [service({ id: 'grief-walk', name: 'Grief Walk', description: 'A walk and a talk.', at: CLIFTON })],
        'fixtures',
      ),
      { source: 'test-2', now: NOW },
    );
    expect(await ids('grief')).to.deep.equal(['grief-walk']);
    expect(await ids('my husband passed away')).to.have.members(['grief-walk', 'grief-support']);
  });
});
