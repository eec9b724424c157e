// A change to the vocabulary's words reaches the search entries of the listings carrying the term.
import { expect } from 'chai';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';
import { termByCode } from '../../src/domain/vocabulary.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { searchQuery } from '../../src/search/engine.js';
import { resetData, testDatabase } from '../support/database.js';

const SEED_DIR = path.resolve(import.meta.dirname, '../../seed-data');
const NOW = new Date('2026-12-01T09:00:00Z');

describe('search entries follow the vocabulary', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), SEED_DIR, NOW);
  });

  it('rebuilds the entries of listings whose term gained a synonym when the vocabulary is synced', async () => {
    const engine = new PostgresSearchEngine(db);
    const names = async (text: string) =>
      (await engine.search(searchQuery({ text, now: NOW }))).hits.map((h) => h.name);
    // A synonym no listing's own words have and that brings no words of its own (src/domain/query-expansion.ts):
    // found only through the term's synonyms in the search entries.
    const yoga = termByCode('activity-types', 'yoga-tai-chi')!;
    expect(yoga.synonyms).to.include('qigong');
    expect(yoga.listingWords).to.equal(undefined);
    // The directory as an older vocabulary left it: the term without "qigong", entries built from that.
    await db.query(`UPDATE taxonomy_term SET synonyms = array_remove(synonyms, 'qigong') WHERE id = $1`, [
      yoga.id,
    ]);
    await db.query(`SELECT rebuild_search_entries(ARRAY(SELECT id FROM service))`);
    expect(await names('qigong')).not.to.include('Tai Chi for Beginners');

    await syncVocabulary(db);
    expect(await names('qigong')).to.include('Tai Chi for Beginners');
  });
});
