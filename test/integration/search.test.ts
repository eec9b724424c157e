import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { storePlaces } from '../../src/db/place-store.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { searchQuery, type SearchQuery } from '../../src/search/engine.js';
import { createSearchDirectory } from '../../src/services/search-directory.js';
import { directoryQuery, parseSearchForm } from '../../src/web/forms/search.js';
import { resetData, testDatabase } from '../support/database.js';
import { BRISTOL_RING, CLIFTON, EASTON, LEEDS, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';
import { systemClock } from '../../src/domain/clock.js';

// Tuesday 1 December 2026, 08:00 in London.
const NOW = new Date('2026-12-01T08:00:00Z');

const fixtures = [
  service({
    id: 'walk-easton',
    name: 'Easton Walking Group',
    at: EASTON,
    suitability: ['wheelchair-accessible', 'hearing-loop'],
    types: ['walking'],
    needs: ['getting-active', 'loneliness'],
    schedules: [{ id: 'w1', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '11:30' }],
  }),
  service({
    id: 'walk-clifton',
    name: 'Clifton Walking Group',
    at: CLIFTON,
    suitability: ['wheelchair-accessible'],
    types: ['walking'],
    needs: ['getting-active'],
    schedules: [{ id: 'w2', freq: 'WEEKLY', byday: 'TH', opens_at: '14:00', closes_at: '15:30' }],
  }),
  service({
    id: 'walk-leeds',
    name: 'Leeds Walking Group',
    at: LEEDS,
    types: ['walking'],
    needs: ['getting-active'],
  }),
  service({
    id: 'art-evening',
    name: 'Evening Art Class',
    description: 'Painting and drawing for beginners.',
    at: EASTON,
    price: 5,
    needs: ['arts-creativity'],
    schedules: [{ id: 'a1', freq: 'WEEKLY', byday: 'WE', opens_at: '18:30', closes_at: '20:30' }],
  }),
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
  service({ id: 'talking', name: "Men's Talking Group", at: EASTON, needs: ['low-mood-anxiety'] }),
  service({
    id: 'closed',
    name: 'Walking Netball',
    at: EASTON,
    status: 'inactive',
    needs: ['getting-active'],
  }),
];

describe('Postgres search engine (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let engine: PostgresSearchEngine;
  const query = (q: Partial<SearchQuery>): SearchQuery => searchQuery({ radiusMetres: 8047, now: NOW, ...q });
  const ids = async (q: Partial<SearchQuery>) => (await engine.search(query(q))).hits.map((h) => h.id);

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const converted = convertHsdsDocument(fixtures, 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    await importListings(createStores(db), converted, { source: 'test', now: NOW });
    await storePlaces(db, [
      {
        kind: 'outcode',
        key: 'BS5',
        name: 'BS5',
        area: 'Bristol',
        latitude: EASTON.latitude,
        longitude: EASTON.longitude,
      },
      {
        kind: 'postcode',
        key: 'BS56XX',
        name: 'BS5 6XX',
        area: 'Bristol',
        latitude: EASTON.latitude + 0.001,
        longitude: EASTON.longitude,
      },
      {
        kind: 'place',
        key: 'clifton | bristol',
        name: 'Clifton',
        area: 'Bristol',
        latitude: CLIFTON.latitude,
        longitude: CLIFTON.longitude,
      },
    ]);
    engine = new PostgresSearchEngine(db);
  });

  it('follows changes made straight to a listing, such as pausing it, without a re-import', async () => {
    await db.query(`UPDATE service SET status = 'inactive' WHERE id = 'art-evening'`);
    expect(await ids({ text: 'painting' })).not.to.include('art-evening');
    expect(await ids({ near: EASTON, needs: ['arts-creativity'] })).not.to.include('art-evening');
    await db.query(`UPDATE service SET status = 'active' WHERE id = 'art-evening'`);
    expect(await ids({ text: 'painting' })).to.include('art-evening');
    expect(await ids({ near: EASTON, needs: ['arts-creativity'] })).to.include('art-evening');
  });

  it('counts a service held at two venues once, at the nearer venue, and moves both when a venue moves', async () => {
    const twoVenues = service({
      id: 'two-venues',
      name: 'Rambling Club',
      at: EASTON,
      needs: ['getting-active'],
    });
    const clifton = service({ id: 'clifton-venue', name: 'Clifton venue', at: CLIFTON });
    (twoVenues.service_at_locations as unknown[]).push(
      ...(clifton.service_at_locations as Record<string, unknown>[]).map((sal) => ({
        ...sal,
        id: 'sal-two-2',
      })),
    );
    const neighbour = service({ id: 'same-hall', name: 'Rambling Tea', at: EASTON });
    (neighbour.service_at_locations as Record<string, unknown>[])[0].location = (
      twoVenues.service_at_locations as Record<string, unknown>[]
    )[0].location;
    await importListings(createStores(db), convertHsdsDocument([twoVenues, neighbour], 'fixtures'), {
      source: 'test',
      now: NOW,
    });
    try {
      const near = await engine.search(query({ text: 'rambling club', near: CLIFTON, radiusMetres: 500 }));
      // Listings with one of the two words come after the club, which is counted once.
      expect(near.hits[0].id).to.equal('two-venues');
      expect(near.hits.filter((h) => h.id === 'two-venues')).to.have.length(1);
      expect(near.hits[0].distanceMetres).to.be.below(50);
      const wide = await engine.search(query({ text: 'rambling club', near: EASTON, radiusMetres: 20000 }));
      expect(wide.hits.filter((h) => h.id === 'two-venues')).to.have.length(1);
      expect(wide.hits.find((h) => h.id === 'two-venues')!.distanceMetres).to.be.below(50);

      // The shared hall moves to Leeds with a re-import of the club only: the tea moves with it.
      const moved = structuredClone(twoVenues);
      const hall = (moved.service_at_locations as { location: Record<string, unknown> }[])[0].location;
      Object.assign(hall, { latitude: LEEDS.latitude, longitude: LEEDS.longitude });
      await importListings(createStores(db), convertHsdsDocument([moved], 'fixtures'), {
        source: 'test',
        now: NOW,
      });
      expect(await ids({ text: 'rambling tea', near: LEEDS, radiusMetres: 500 })).to.include('same-hall');
      expect(await ids({ text: 'rambling tea', near: EASTON, radiusMetres: 500 })).not.to.include(
        'same-hall',
      );
    } finally {
      await db.query(`DELETE FROM service WHERE id IN ('two-venues', 'same-hall')`);
    }
  });

  it('finds by words, name matches ranked first, and never returns inactive listings', async () => {
    const found = await ids({ text: 'walking' });
    expect(found).to.include.members(['walk-easton', 'walk-clifton', 'walk-leeds']);
    expect(found).not.to.include('closed');
    expect(found, 'similar-looking words are not matches when real ones exist').not.to.include('talking');
  });

  it('ranks the words together, as typed, above the same words scattered through a nearer description', async () => {
    await importListings(
      createStores(db),
      convertHsdsDocument(
        [
          service({
            id: 'phrase',
            name: 'Thursday Social',
            description: 'A tea dance with a live band.',
            at: CLIFTON,
          }),
          service({
            id: 'scattered',
            name: 'Community Lunch',
            description: 'Tea and cake, and some weeks a dance class upstairs.',
            at: EASTON,
          }),
        ],
        'fixtures',
      ),
      { source: 'test', now: NOW },
    );
    try {
      const found = await ids({ text: 'tea dance', near: EASTON, radiusMetres: 5000 });
      expect(found.indexOf('phrase')).to.be.within(0, found.indexOf('scattered') - 1);
    } finally {
      await db.query(`DELETE FROM service WHERE id IN ('phrase', 'scattered')`);
    }
  });

  it('tolerates typos, and says which words it searched instead', async () => {
    const walking = await engine.search(query({ text: 'walkng' }));
    expect(walking.hits.map((h) => h.id)).to.include('walk-easton');
    expect(walking.correctedText).to.equal('walking');
    expect(await ids({ text: 'befriendng' })).to.include('befriending-phone');
    expect((await engine.search(query({ text: 'Easton walkng grop' }))).correctedText).to.equal(
      'easton walking group',
    );
    // "grop" is closer to "grow" than to "group", but no listing is about walking and growing.
    await importListings(
      createStores(db),
      convertHsdsDocument([service({ id: 'grow', name: 'Grow Your Own', at: LEEDS })], 'fixtures'),
      { source: 'test', now: NOW },
    );
    try {
      expect((await engine.search(query({ text: 'walkng grop' }))).correctedText).to.equal('walking group');
      expect((await engine.search(query({ text: 'grop your own' }))).correctedText).to.equal('grow your own');
    } finally {
      await db.query(`DELETE FROM service WHERE id = 'grow'`);
    }
    const exact = await engine.search(query({ text: 'walking' }));
    expect(exact.correctedText, 'words that match are not corrected').to.equal(undefined);
    const nothing = await engine.search(query({ text: 'xqzvwj' }));
    expect(nothing.total).to.equal(0);
    expect(nothing.correctedText).to.equal(undefined);
  });

  it('matches need synonyms in free text', async () => {
    const found = await ids({ text: 'lonely' });
    expect(found).to.include.members(['walk-easton', 'choir-fortnightly', 'befriending-phone']);
    expect(found).not.to.include('art-evening');
  });

  it('filters by need', async () => {
    expect((await ids({ needs: ['arts-creativity'] })).sort()).to.deep.equal([
      'art-evening',
      'choir-fortnightly',
    ]);
  });

  it('limits to a radius and sorts local results by distance', async () => {
    const result = await engine.search(query({ text: 'walking', near: EASTON, radiusMetres: 8047 }));
    const local = result.hits.filter((h) => h.placement === 'local').map((h) => h.id);
    expect(local).to.deep.equal(['walk-easton', 'walk-clifton']);
    expect(result.hits.find((h) => h.id === 'walk-clifton')!.distanceMetres).to.be.within(4000, 4500);
    const tight = await ids({ text: 'walking', near: EASTON, radiusMetres: 1609 });
    expect(tight).to.deep.equal(['walk-easton']);
  });

  it('keeps online and area-wide services, labelled, when searching near a place', async () => {
    const result = await engine.search(query({ near: EASTON, radiusMetres: 1609 }));
    const placement = Object.fromEntries(result.hits.map((h) => [h.id, h.placement]));
    expect(placement['befriending-phone']).to.equal('area');
    expect(result.hits.find((h) => h.id === 'befriending-phone')!.areaName).to.equal('All of Bristol');
    expect(placement['anxiety-online']).to.equal('online');
    expect(placement['walk-leeds']).to.equal(undefined);
    const inLeeds = await ids({ near: LEEDS, radiusMetres: 1609 });
    expect(inLeeds).not.to.include('befriending-phone');
  });

  it('filters by day of the week across weekly, fortnightly and monthly schedules', async () => {
    expect(await ids({ days: [1], near: EASTON, radiusMetres: 1609 })).to.include.members([
      'choir-fortnightly',
      'befriending-phone',
    ]);
    const saturday = await ids({ days: [6] });
    expect(saturday).to.deep.equal(['first-saturday']);
    const result = await engine.search(query({ days: [6] }));
    // The first Saturday of December 2026 is the 5th.
    expect(result.hits[0].nextSession!.start.toISOString()).to.equal('2026-12-05T10:00:00.000Z');
  });

  it('gives the next fortnightly session, skipping the off weeks', async () => {
    const result = await engine.search(query({ text: 'choir' }));
    // dtstart Monday 30 November; next after 1 December is Monday 14 December.
    expect(result.hits[0].nextSession!.start.toISOString()).to.equal('2026-12-14T19:00:00.000Z');
  });

  it('filters by part of the day', async () => {
    const evening = await ids({ partsOfDay: ['evening'] });
    expect(evening.sort()).to.deep.equal(['anxiety-online', 'art-evening', 'choir-fortnightly']);
    const afternoonThursday = await ids({ partsOfDay: ['afternoon'], days: [4] });
    expect(afternoonThursday.sort()).to.deep.equal(['befriending-phone', 'walk-clifton']);
  });

  it('filters to free activities', async () => {
    const free = await ids({ freeOnly: true, text: 'art' });
    expect(free).not.to.include('art-evening');
    const all = await engine.search(query({ text: 'art' }));
    const art = all.hits.find((h) => h.id === 'art-evening')!;
    expect(art.isFree).to.equal(false);
    expect(art.lowestPrice).to.equal(5);
  });

  it('pages through results with a stable total', async () => {
    const first = await engine.search(query({ perPage: 3, page: 1 }));
    const second = await engine.search(query({ perPage: 3, page: 2 }));
    const third = await engine.search(query({ perPage: 3, page: 3 }));
    expect(first.total).to.equal(9);
    expect(second.total).to.equal(9);
    const all = [...first.hits, ...second.hits, ...third.hits].map((h) => h.id);
    expect(new Set(all).size).to.equal(9);
    const beyond = await engine.search(query({ perPage: 3, page: 9 }));
    expect(beyond.hits).to.deep.equal([]);
    expect(beyond.total).to.equal(9);
  });

  it('filters by activity type, and requires every suitability tag chosen', async () => {
    expect((await ids({ activityTypes: ['walking'] })).sort()).to.deep.equal([
      'walk-clifton',
      'walk-easton',
      'walk-leeds',
    ]);
    expect((await ids({ activityTypes: ['walking', 'singing-music'] })).length).to.equal(3);
    const accessible = await ids({ suitability: ['wheelchair-accessible'] });
    expect(accessible.sort()).to.deep.equal(['walk-clifton', 'walk-easton']);
    expect(await ids({ suitability: ['wheelchair-accessible', 'hearing-loop'] })).to.deep.equal([
      'walk-easton',
    ]);
  });

  it('filters by a date range and an explicit time window', async () => {
    // Saturday 5 December holds only the first-Saturday repair cafe.
    expect(await ids({ dateFrom: '2026-12-05', dateTo: '2026-12-05' })).to.deep.equal(['first-saturday']);
    // Monday 7 December is an off week for the fortnightly choir, so only the weekday befriending line.
    expect(await ids({ dateFrom: '2026-12-07', dateTo: '2026-12-07' })).to.deep.equal(['befriending-phone']);
    expect((await ids({ dateFrom: '2026-12-14', dateTo: '2026-12-14' })).sort()).to.deep.equal([
      'befriending-phone',
      'choir-fortnightly',
    ]);
    const lateEvening = await ids({ timeWindow: { from: 20 * 60 + 15, to: 22 * 60 } });
    expect(lateEvening.sort()).to.deep.equal(['art-evening', 'choir-fortnightly']);
    const window = await engine.search(
      query({ text: 'art', timeWindow: { from: 18 * 60, to: 19 * 60 }, dateFrom: '2026-12-09' }),
    );
    expect(window.hits[0].nextSession!.start.toISOString()).to.equal('2026-12-09T18:30:00.000Z');
  });

  describe('searchDirectory (form → place → engine)', () => {
    const run = (qs: Record<string, unknown>) => {
      const { form } = parseSearchForm(qs);
      return createSearchDirectory(
        createStores(db),
        () => engine,
        systemClock,
      )(directoryQuery(form), { now: NOW });
    };

    it('searches near a full postcode, a district and a place name', async () => {
      for (const where of ['BS5 6XX', 'bs56xx', 'BS5', 'Clifton', 'clifton, bristol']) {
        const outcome = await run({ q: 'walking', where, radius: '2' });
        expect(outcome.location, where).not.to.equal(null);
        expect(outcome.result!.hits.length, where).to.be.greaterThan(0);
      }
    });

    it('falls back to the district for an unknown full postcode and says so', async () => {
      const outcome = await run({ where: 'BS5 9ZZ' });
      expect(outcome.location!.label).to.equal('the BS5 area');
      expect(outcome.location!.note).to.match(/could not find BS5 9ZZ/);
    });

    it('understands "today", "this week" and "this weekend"', async () => {
      const today = await run({ when: 'today' });
      // Tuesday 1 December: the Easton walk and the weekday befriending line.
      expect(today.result!.hits.map((h) => h.id).sort()).to.deep.equal([
        'befriending-phone',
        'talking',
        'walk-easton',
        'walk-leeds',
      ]);
      const weekend = await run({ when: 'weekend' });
      expect(weekend.result!.hits.map((h) => h.id)).to.deep.equal(['first-saturday']);
    });

    it('records a search that found nothing, with the district but not the words or postcode', async () => {
      await db.query('DELETE FROM search_gap');
      const outcome = await run({
        q: 'underwater hockey',
        where: 'BS5 6XX',
        need: 'carers',
        day: 'SU',
        time: 'evening',
      });
      expect(outcome.result!.total).to.equal(0);
      const rows = await db.query('SELECT * FROM search_gap');
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ outcode: 'BS5', free_only: false });
      expect(rows[0].needs).to.deep.equal(['carers']);
      expect(rows[0].days).to.deep.equal(['SU']);
      expect(rows[0].times).to.deep.equal(['evening']);
      expect(JSON.stringify(rows[0])).not.to.match(/underwater|6XX/);
      await run({ q: 'walking', where: 'BS5' });
      expect(await db.query('SELECT * FROM search_gap')).to.have.length(1);
    });

    it('explains an unknown place and keeps the words: results for them anywhere', async () => {
      const outcome = await run({ q: 'walking', where: 'Cliftn', day: 'TU' });
      expect(outcome.locationProblem!.message).to.match(/could not find a place called "Cliftn"/);
      expect(outcome.locationProblem!.suggestions).to.include('Clifton, Bristol');
      expect(outcome.location).to.equal(null);
      const anywhere = await run({ q: 'walking', day: 'TU' });
      expect(outcome.searched).to.equal(true);
      expect(outcome.result!.total).to.be.greaterThan(0);
      expect(outcome.result!.hits.map((h) => h.id)).to.deep.equal(anywhere.result!.hits.map((h) => h.id));
      // A place alone leaves nothing to search for.
      const district = await run({ where: 'ZZ9' });
      expect(district.locationProblem!.message).to.match(/do not know the postcode district ZZ9/);
      expect(district).to.include({ searched: false, result: null });
    });

    it('sees a place imported after it was not found, in every web process (no stale "not found")', async () => {
      const stores = createStores(db);
      // Two web processes: each keeps its own answers, and both share the database.
      const processes = [1, 2].map(() => createSearchDirectory(stores, () => engine, systemClock));
      const search = (directory: (typeof processes)[number]) =>
        directory(directoryQuery(parseSearchForm({ q: 'walking', where: 'LS7' }).form), { now: NOW });
      for (const directory of processes) {
        expect((await search(directory)).locationProblem, 'LS7 is not known yet').not.to.equal(null);
      }
      await stores.transaction((tx) =>
        tx.places.mergePlaces([{ kind: 'outcode', key: 'LS7', name: 'LS7', area: null, ...LEEDS }]),
      );
      for (const directory of processes) {
        const outcome = await search(directory);
        expect(outcome.locationProblem).to.equal(null);
        expect(outcome.location).to.include({ label: 'the LS7 area', latitude: LEEDS.latitude });
      }
      await db.query(`DELETE FROM place WHERE kind = 'outcode' AND key = 'LS7'`);
      expect((await search(processes[0])).locationProblem, 'a removed place is gone too').not.to.equal(null);
    });
  });
});
