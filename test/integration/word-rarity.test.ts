// A search's words count in proportion to their rarity: "baby" in "baby group", which one listing has, outweighs
// "group", which thirty names have (docs/ranking.md).
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

describe('search: rare words count for more than common ones (real Postgres)', function () {
  this.timeout(120_000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const listings = [
      // Nearer, and checked more recently, than the one listing about babies.
      ...Array.from({ length: 30 }, (_, i) =>
        service({ id: `group-${i}`, name: `Friendship Group ${i}`, at: EASTON, assured: '2026-11-20' }),
      ),
      service({
        id: 'baby',
        name: 'Baby Rhyme Time',
        description: 'Songs and rhymes for babies and their parents.',
        at: CLIFTON,
        assured: '2026-01-10',
      }),
    ];
    await importListings(createStores(db), convertHsdsDocument(listings, 'fixtures'), {
      source: 'test',
      now: NOW,
    });
  });

  it('counts how many listings have each word after an import', async () => {
    const rows = (await db.query(
      `SELECT lexeme, entries FROM search_lexeme WHERE lexeme IN ('''group''', '''babi''') ORDER BY lexeme`,
    )) as { lexeme: string; entries: number }[];
    expect(rows).to.deep.equal([
      { lexeme: "'babi'", entries: 1 },
      { lexeme: "'group'", entries: 30 },
    ]);
  });

  it('puts the listing with the rare word first, above nearer, fresher ones with the common word', async () => {
    const engine = new PostgresSearchEngine(db);
    const search = () =>
      engine.search(searchQuery({ text: 'baby group', near: EASTON, radiusMetres: 16093, now: NOW }));
    const result = await search();
    expect(result.total).to.equal(31);
    expect(result.hits[0].id).to.equal('baby');
    // Without the counts every word weighs the same, and closeness and freshness put the groups first.
    await db.query('DELETE FROM search_lexeme');
    expect((await search()).hits[0].id).to.not.equal('baby');
    await createStores(db).listings.refreshWordRarity();
    expect((await search()).hits[0].id).to.equal('baby');
  });

  it('takes a word the count has not seen as typed when a listing has it, and corrects one no listing has', async () => {
    const engine = new PostgresSearchEngine(db);
    const search = (text: string) => engine.search(searchQuery({ text, now: NOW }));
    // As after a listing is added between counts: the words are looked for in the listings themselves.
    await db.query(`DELETE FROM search_lexeme`);
    const rhymes = await search('rhymes');
    expect(rhymes.correctedText).to.equal(undefined);
    expect(rhymes.hits.map((h) => h.id)).to.deep.equal(['baby']);
    expect((await search('rhymse')).correctedText).to.equal('rhyme');
    await createStores(db).listings.refreshWordRarity();
    expect((await search('rhymes')).correctedText).to.equal(undefined);
    expect((await search('rhymse')).correctedText).to.equal('rhyme');
  });
});
