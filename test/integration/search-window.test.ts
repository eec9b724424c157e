// A search matching more than RESULT_WINDOW listings is answered with the best of them, without scoring every
// match: the best by quality and the best name matches, read in index order (docs/ranking.md).
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { refreshNextSessions } from '../../src/db/session-summaries.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { RESULT_WINDOW, searchQuery, type SearchQuery } from '../../src/search/engine.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';

// Tuesday 1 December 2026, 08:00 in London.
const NOW = new Date('2026-12-01T08:00:00Z');
const COFFEE = RESULT_WINDOW + 100;
const padded = (n: number) => String(n).padStart(4, '0');

describe('search: the result window of a search matching more than it can show (real Postgres)', function () {
  this.timeout(120_000);
  let db: DataSource;
  let engine: PostgresSearchEngine;
  const query = (q: Partial<SearchQuery>) => searchQuery({ now: NOW, ...q });

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const listings = [
      // Checked eight months ago: a lower quality than every coffee morning, so not among the window's best by
      // quality; its name matches, and it scores above them all.
      service({ id: 'carers-group', name: 'Carers Support Group', at: EASTON, assured: '2026-04-01' }),
      ...Array.from({ length: COFFEE }, (_, i) =>
        service({
          id: `coffee-${padded(i)}`,
          name: `Coffee morning ${padded(i)}`,
          description: 'A coffee morning for carers and their friends.',
          at: EASTON,
          organization: 'Coffee mornings',
        }),
      ),
      // Named with every word of "Eastville coffee morning", checked long ago and last by id: among the hundreds
      // named with some of the words, it is not among the best by quality, but has them all.
      service({
        id: 'zz-eastville',
        name: 'Eastville Coffee Morning',
        at: EASTON,
        assured: '2025-01-01',
      }),
      // Named with a word no other listing has, checked long ago: none of the many coffee mornings has it.
      service({ id: 'zz-quiltville', name: 'Quiltville Hall', at: EASTON, assured: '2025-01-01' }),
      // Matches nothing the others match: a narrow search is counted and scored in full.
      service({ id: 'quilting', name: 'Quilting circle', at: EASTON, needs: ['arts-creativity'] }),
    ];
    const converted = convertHsdsDocument(listings, 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    await importListings(createStores(db), converted, { source: 'test', now: NOW });
    engine = new PostgresSearchEngine(db);
  });

  it('answers with the best of them: the window as its total, no counts per filter, the name match first', async () => {
    const result = await engine.search(query({ text: 'carers', withFacets: true }));
    expect(result.total).to.equal(RESULT_WINDOW);
    expect(result.window).to.equal(true);
    expect(result.facets).to.equal(undefined);
    expect(result.hits[0].id).to.equal('carers-group');
    // The same order as scoring every match would give (allIds scores them all).
    const every = await engine.allIds(query({ text: 'carers' }), 'service');
    expect(every).to.have.length(COFFEE + 1);
    expect(result.hits.map((h) => h.id)).to.deep.equal(every.slice(0, 20));
  });

  it('finds the listing named with every word, however many share one of them', async () => {
    const result = await engine.search(query({ text: 'Eastville coffee morning' }));
    expect(result.window).to.equal(true);
    expect(result.hits[0].id).to.equal('zz-eastville');
  });

  it('finds every listing with a rare word of the search, however many better-kept listings share another', async () => {
    const result = await engine.search(query({ text: 'Quiltville coffee' }));
    expect(result.window).to.equal(true);
    expect(result.hits[0].id).to.equal('zz-quiltville');
    const ids = await engine.searchIds(query({ text: 'Quiltville coffee' }), 'service');
    expect(ids.ids[0]).to.equal('zz-quiltville');
  });

  it('pages inside the window and no further, the same through the ids the API reads', async () => {
    const last = RESULT_WINDOW / 20;
    const page = await engine.search(query({ text: 'carers', page: last }));
    expect(page.hits).to.have.length(20);
    const past = await engine.search(query({ text: 'carers', page: last + 1 }));
    expect(past.hits).to.deep.equal([]);
    expect(past.total).to.equal(RESULT_WINDOW);
    const ids = await engine.searchIds(query({ text: 'carers', page: last }), 'service');
    expect(ids).to.deep.include({ total: RESULT_WINDOW, window: true });
    expect(ids.ids).to.deep.equal(page.hits.map((h) => h.id));
  });

  it('counts and scores in full a search within the window, and one ordered by name', async () => {
    const narrow = await engine.search(query({ text: 'quilting', withFacets: true }));
    expect(narrow).to.deep.include({ total: 1 });
    expect(narrow.window).to.equal(undefined);
    expect(narrow.facets?.needs['arts-creativity']).to.equal(1);
    const byName = await engine.searchIds(query({ text: 'carers', sort: 'name' }), 'service');
    expect(byName.total).to.equal(COFFEE + 1);
    expect(byName.window).to.equal(undefined);
  });

  it('keeps each entry’s stored quality current: the hourly run puts right what time has moved', async () => {
    const stored = async () =>
      (
        (await db.query(
          `SELECT quality, search_quality(next_session_at, assured_date, $1) AS now_quality
           FROM search_entry WHERE service_id = 'carers-group'`,
          [NOW.toISOString()],
        )) as { quality: number; now_quality: number }[]
      )[0];
    await db.query(`UPDATE search_entry SET quality = -5 WHERE service_id = 'carers-group'`);
    await refreshNextSessions(db, NOW);
    const after = await stored();
    expect(after.quality).to.equal(after.now_quality);
    expect(after.quality).to.be.above(-1);
  });
});
