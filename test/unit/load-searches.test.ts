import { expect } from 'chai';
import { generateActivities, searchWords, type District } from '../../bench/generate-activities.js';
import {
  ActivitiesNearby,
  apiUrl,
  assertDistinct,
  LoadSearches,
  METRES_PER_MILE,
  pageUrl,
  type LoadSearch,
  type SearchPlaces,
} from '../../bench/load-searches.js';
import { serviceParametersOf } from '../../src/api/parameters.js';
import { PARTS_OF_DAY } from '../../src/domain/time-rules.js';
import { parseSearchForm } from '../../src/web/forms/search.js';

const places: SearchPlaces = {
  postcodes: [
    { name: 'BS5 6XX', latitude: 51.4626, longitude: -2.5614 },
    { name: 'BS5 7AA', latitude: 51.4648, longitude: -2.5577 },
    { name: 'LS6 1AA', latitude: 53.8175, longitude: -1.5686 },
  ],
  districts: [
    { name: 'BS5', latitude: 51.4606, longitude: -2.5525 },
    { name: 'LS6', latitude: 53.8191, longitude: -1.5738 },
  ],
  postcodesNearby: 3,
};

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://localhost').searchParams);

/** Points `miles` east of a place (longitude degrees shrink with latitude). */
const east = (latitude: number, longitude: number, miles: number) => ({
  latitude,
  longitude: longitude + (miles * METRES_PER_MILE) / (111_320 * Math.cos((latitude * Math.PI) / 180)),
});

describe('the load test searches (bench/load-searches.ts)', () => {
  it('draws thousands of searches, every URL different, across page and API alike', () => {
    const searches = new LoadSearches(places, searchWords(), 1);
    const page = searches.urls(3000, pageUrl);
    const api = searches.urls(3000, apiUrl);
    expect(assertDistinct([page, api])).to.equal(6000);
  });

  it('fails rather than repeat a search once the places and words run out', () => {
    const tiny: SearchPlaces = { postcodes: [places.postcodes[0]], districts: [], postcodesNearby: 1 };
    const searches = new LoadSearches(tiny, ['choir'], 1);
    expect(() => searches.urls(1000, pageUrl)).to.throw(/different searches found/);
  });

  it('assertDistinct names how many URLs repeat', () => {
    expect(() => assertDistinct([['/a', '/b'], ['/a']])).to.throw('1 of 3 search URLs repeat');
  });

  it('sends each search as the page form reads it, with no error', () => {
    const searches = new LoadSearches(places, searchWords(), 2);
    for (let i = 0; i < 500; i++) {
      const search: LoadSearch = searches.next();
      const { form, errors } = parseSearchForm(queryOf(pageUrl(search)));
      expect(errors, pageUrl(search)).to.deep.equal([]);
      expect(form.q).to.equal(search.words);
      expect(form.where).to.equal(search.place.name);
      expect(form.radius).to.equal(search.miles);
      expect(form.days).to.deep.equal(search.day ? [search.day] : []);
      expect(form.times).to.deep.equal(search.part ? [search.part] : []);
    }
  });

  it('sends the same search to the API: proximity in metres, the part of the day as its time window', () => {
    const searches = new LoadSearches(places, searchWords(), 3);
    const parts = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const search = searches.next();
      const query = serviceParametersOf(queryOf(apiUrl(search)));
      expect(query.text).to.equal(search.words || null);
      expect(query.postcode).to.equal(search.place.name);
      expect(query.proximityMetres).to.equal(Math.round(search.miles * METRES_PER_MILE));
      expect(query.days).to.have.length(search.day ? 1 : 0);
      const window = search.part ? PARTS_OF_DAY[search.part] : null;
      expect([query.fromMinute, query.toMinute]).to.deep.equal(
        window ? [window.from, window.to] : [null, null],
      );
      if (search.part) parts.add(search.part);
    }
    expect([...parts].sort()).to.deep.equal(['afternoon', 'evening', 'morning']);
  });

  it("searches for words the generator writes into the activities' names", () => {
    const words = new Set(searchWords());
    const districts: District[] = [{ outcode: 'BS5', latitude: 51.46, longitude: -2.55, postcodes: 1 }];
    for (const { listing } of generateActivities(200, districts, 7)) {
      expect(words, listing.service.name).to.include(listing.service.name.replace('BS5 ', '').toLowerCase());
    }
  });

  it('ActivitiesNearby finds an activity within the distance, in the next cell and in the far north', () => {
    for (const latitude of [50.1, 60.8]) {
      const nearby = new ActivitiesNearby([east(latitude, -1.5, 1.9)], 2 * METRES_PER_MILE);
      expect(nearby.has({ latitude, longitude: -1.5 }), `${latitude}°N, 1.9 miles`).to.equal(true);
      const far = new ActivitiesNearby([east(latitude, -1.5, 2.1)], 2 * METRES_PER_MILE);
      expect(far.has({ latitude, longitude: -1.5 }), `${latitude}°N, 2.1 miles`).to.equal(false);
    }
  });
});
