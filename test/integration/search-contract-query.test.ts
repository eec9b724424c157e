// The whole query model through every engine: taxonomy terms of any taxonomy, organisation, ages, last change,
// place without a radius, online or not, the four orders, time windows, and ids for the API.
import { expect } from 'chai';
import { termByCode, vocabulary } from '../../src/domain/vocabulary.js';
import type { SearchQuery } from '../../src/search/engine.js';
import {
  engineContract,
  IMPORTED_TAXONOMY,
  IMPORTED_TERM,
  query,
  VISIBLE_COUNT,
} from '../support/engine-contract.js';
import { EASTON, LEEDS } from '../support/fixtures.js';

const LONELINESS = termByCode('needs', 'loneliness')!.id;

engineContract('search contract, whole query', ({ engine, ids, sortedIds, test }) => {
  const hits = async (q: Partial<SearchQuery>) => (await engine().search(query(q))).hits;

  test('filters by taxonomy terms (all required) and taxonomies, imported ones too', async () => {
    expect(await ids({ termIds: [IMPORTED_TERM] })).to.deep.equal(['walk-leeds']);
    expect(await ids({ taxonomyIds: [IMPORTED_TAXONOMY] })).to.deep.equal(['walk-leeds']);
    expect(await sortedIds({ termIds: [LONELINESS] })).to.deep.equal(
      await sortedIds({ needs: ['loneliness'] }),
    );
    expect(await ids({ termIds: [LONELINESS, IMPORTED_TERM] })).to.deep.equal([]);
    const withNeeds = await sortedIds({ taxonomyIds: [vocabulary('needs').id] });
    expect(withNeeds).to.have.length(VISIBLE_COUNT - 2);
    expect(withNeeds).not.to.include.members(['pottery-studio', 'community-cafe']);
    expect(await ids({ taxonomyIds: ['no-such-taxonomy'] })).to.deep.equal([]);
  });

  test('filters by organisation', async () => {
    expect(await ids({ organizationId: 'org-walk-easton' })).to.deep.equal(['walk-easton']);
    expect(await ids({ organizationId: 'no-such-organisation' })).to.deep.equal([]);
  });

  test('filters by age: eligible ages overlapping the person or band asked about', async () => {
    const older = await ids({ minimumAge: 70 });
    expect(older).to.include('walk-clifton').and.not.to.include('art-evening');
    expect(older).to.have.length(VISIBLE_COUNT - 1);
    const young = await ids({ maximumAge: 30 });
    expect(young).to.include('art-evening').and.not.to.include('walk-clifton');
    expect(await sortedIds({ minimumAge: 26, maximumAge: 59 })).not.to.include.members([
      'art-evening',
      'walk-clifton',
    ]);
  });

  test('filters by the last change, at or after the moment given', async () => {
    expect(await ids({ modifiedAfter: new Date('2026-01-05T09:00:00Z') })).to.include('first-saturday');
    const later = await ids({ modifiedAfter: new Date('2026-01-06T00:00:00Z') });
    expect(later).not.to.include('first-saturday');
    expect(later).to.have.length(VISIBLE_COUNT - 1);
  });

  test('without a radius keeps every distance, nearest first, but not listings serving elsewhere', async () => {
    const fromLeeds = await hits({ near: LEEDS, radiusMetres: null, sort: 'distance' });
    const order = fromLeeds.map((h) => h.id);
    expect(order[0]).to.equal('walk-leeds');
    expect(order, 'its service area is Bristol').not.to.include('befriending-phone');
    expect(order).to.have.length(VISIBLE_COUNT - 1);
    const distances = fromLeeds.filter((h) => h.placement === 'local').map((h) => h.distanceMetres!);
    expect(distances).to.deep.equal([...distances].sort((a, b) => a - b));
    expect(fromLeeds.at(-1)!.placement).to.equal('online');
    const fromEaston = await hits({ near: EASTON, radiusMetres: null });
    expect(fromEaston.find((h) => h.id === 'befriending-phone')!.placement).to.equal('area');
    expect(fromEaston).to.have.length(VISIBLE_COUNT);
  });

  test('within a radius, online listings join only when asked for', async () => {
    expect(await ids({ near: EASTON, radiusMetres: 1609 })).to.include('anxiety-online');
    const placed = await ids({ near: EASTON, radiusMetres: 1609, includeOnline: false });
    expect(placed).not.to.include('anxiety-online');
    expect(placed).to.include.members(['walk-easton', 'befriending-phone']);
  });

  test('sorts by name, by distance and by the soonest session', async () => {
    const byName = (await hits({ sort: 'name' })).map((h) => h.name);
    expect(byName)
      .to.deep.equal([...byName].sort())
      .and.to.have.length(VISIBLE_COUNT);
    const nearest = await hits({ near: EASTON, radiusMetres: 8047, sort: 'distance' });
    const local = nearest.filter((h) => h.placement === 'local');
    expect(local.map((h) => h.distanceMetres)).to.deep.equal(
      local.map((h) => h.distanceMetres).sort((a, b) => a! - b!),
    );
    expect(nearest.slice(0, local.length)).to.deep.equal(local);
    const soonest = (await hits({ sort: 'soonest' })).map((h) => h.nextSession?.start.getTime() ?? Infinity);
    expect(soonest).to.deep.equal([...soonest].sort((a, b) => a - b));
  });

  test('a time window made of whole parts of the day ranks as those parts', async () => {
    expect(await ids({ days: [4], timeWindow: { from: 12 * 60, to: 17 * 60 } })).to.deep.equal(
      await ids({ days: [4], partsOfDay: ['afternoon'] }),
    );
    expect(await ids({ timeWindow: { from: 17 * 60, to: 24 * 60 } })).to.deep.equal(
      await ids({ partsOfDay: ['evening'] }),
    );
  });

  test('gives the ids of the same results in the same order, a page or all of them', async () => {
    for (const q of [
      { text: 'walking' },
      { text: 'walkng' },
      { text: 'walking', near: EASTON, radiusMetres: 8047 },
      { near: EASTON, radiusMetres: 1609, days: [5], partsOfDay: ['morning' as const] },
      { needs: ['loneliness'], near: EASTON, radiusMetres: 8047 },
      { freeOnly: true },
      { perPage: 4, page: 2 },
    ]) {
      const result = await engine().search(query(q));
      const found = await engine().searchIds(query(q), 'service');
      expect(found.ids, JSON.stringify(q)).to.deep.equal(result.hits.map((h) => h.id));
      expect(found.total).to.equal(result.total);
    }
    const all = await engine().allIds(query({ sort: 'name' }), 'service');
    const pages = await Promise.all(
      [1, 2, 3].map((page) => engine().searchIds(query({ sort: 'name', perPage: 4, page }), 'service')),
    );
    expect(all).to.deep.equal(pages.flatMap((p) => p.ids));
    expect((await engine().searchIds(query({ perPage: 4, page: 9 }), 'service')).total).to.equal(
      VISIBLE_COUNT,
    );
  });

  test('gives each venue of the results as a service at a location, only those within a radius', async () => {
    const near = query({ near: EASTON, radiusMetres: 1609 });
    const local = (await engine().search(near)).hits.filter((h) => h.placement === 'local');
    const venues = await engine().searchIds(near, 'service_at_location');
    expect(venues.ids).to.deep.equal(local.map((h) => `sal-${h.id}`));
    expect(venues.total).to.equal(local.length);
    const everywhere = await engine().allIds(query({ sort: 'name' }), 'service_at_location');
    expect(everywhere).to.include('sal-online-anxiety-online');
    expect(everywhere).to.have.length(VISIBLE_COUNT - 1);
  });

  // Sessions are expanded 92 days ahead of NOW (Tuesday 1 December 2026); these dates lie past that.
  test('finds the sessions on a date six or eleven months ahead, from the schedules themselves', async () => {
    const sixMonths = { dateFrom: '2027-06-01', dateTo: '2027-06-01' };
    expect(await sortedIds(sixMonths)).to.deep.equal(['befriending-phone', 'walk-easton', 'walk-leeds']);
    const easton = (await hits({ ...sixMonths, text: 'walking' })).find((h) => h.id === 'walk-easton')!;
    expect(easton.nextSession!.start.toISOString(), '10:00 in summer time').to.equal(
      '2027-06-01T09:00:00.000Z',
    );
    expect(await sortedIds({ ...sixMonths, partsOfDay: ['afternoon'] })).to.deep.equal(['befriending-phone']);
    // The first Saturday of June 2027 is the 5th; of November, the 6th.
    expect(await ids({ dateFrom: '2027-06-05', dateTo: '2027-06-05' })).to.deep.equal(['first-saturday']);
    expect(await ids({ dateFrom: '2027-06-12', dateTo: '2027-06-12' })).to.deep.equal([]);
    // Fortnightly on Mondays from 30 November 2026: 1 November 2027 is 48 weeks on, the 8th 49.
    expect(
      await ids({ dateFrom: '2027-11-01', dateTo: '2027-11-01', partsOfDay: ['evening'] }),
    ).to.deep.equal(['choir-fortnightly']);
    expect(
      await ids({ dateFrom: '2027-11-08', dateTo: '2027-11-08', partsOfDay: ['evening'] }),
    ).to.deep.equal([]);
    const found = await engine().searchIds(
      query({ dateFrom: '2027-11-02', dateTo: '2027-11-02' }),
      'service',
    );
    expect(found.ids.sort()).to.deep.equal(['befriending-phone', 'walk-easton', 'walk-leeds']);
  });

  test('a date range running past the horizon finds sessions on either side, with day counts', async () => {
    // The horizon ends on 3 March 2027: the only Saturday session in range is on the 6th.
    const range = { dateFrom: '2027-02-25', dateTo: '2027-03-10' };
    const saturday = await hits({ ...range, days: [6] });
    expect(saturday.map((h) => h.id)).to.deep.equal(['first-saturday']);
    expect(saturday[0].nextSession!.start.toISOString()).to.equal('2027-03-06T10:00:00.000Z');
    expect(await ids({ ...range, days: [3], partsOfDay: ['evening'] })).to.include('art-evening');
    const result = await engine().search({ ...query(range), withFacets: true });
    for (const day of [1, 2, 3, 4, 5, 6, 7]) {
      const alone = await engine().search(query({ ...range, days: [day] }));
      expect(result.facets!.days[day], `day ${day}`).to.equal(alone.total);
    }
    expect(result.facets!.days[6]).to.equal(1);
  });
});
