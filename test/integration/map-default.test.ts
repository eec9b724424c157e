// The map before anyone searches: the listings around the operator's area (DEFAULT_PLACE) through the same search
// as the search page, else every listing; a place box first, the list, and the map's markers.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, LEEDS, service } from '../support/fixtures.js';

const near = (dLat: number, dLng: number) => ({
  latitude: LEEDS.latitude + dLat,
  longitude: LEEDS.longitude + dLng,
});
const fixtures = [
  service({ id: 'leeds-walk', name: 'Armley Walk', at: { ...LEEDS, city: 'Leeds' } }),
  service({ id: 'leeds-choir', name: 'Holbeck Choir', at: { ...near(0.01, 0.01), city: 'Leeds' } }),
  service({ id: 'leeds-cafe', name: 'Chapeltown Memory Café', at: { ...near(-0.01, 0.02), city: 'Leeds' } }),
  service({ id: 'bristol-walk', name: 'Easton Walk', at: { ...EASTON, city: 'Bristol' } }),
];

describe('the map before a search (supertest over the real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  const appWith = (defaultPlace?: string): Express =>
    buildApp(db, testConfig({ ...process.env, DEFAULT_PLACE: defaultPlace ?? '' }));
  const load = async (app: Express, path: string) =>
    cheerio.load((await request(app).get(path).expect(200)).text);
  const listed = ($: cheerio.CheerioAPI) =>
    $('li.result')
      .map((_, li) => $(li).attr('data-activity-id'))
      .get()
      .sort();
  const markers = ($: cheerio.CheerioAPI) =>
    (JSON.parse($('#map').attr('data-markers') ?? '[]') as { id: string }[]).map((m) => m.id).sort();

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const stores = createStores(db);
    const converted = convertHsdsDocument(fixtures, 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    await importListings(stores, converted, { source: 'test' });
    await stores.places.mergePlaces([
      { kind: 'place', key: 'leeds', name: 'Leeds', area: null, ...LEEDS, postcodeDistricts: 20 },
    ]);
  });

  it('shows the listings around DEFAULT_PLACE, the ones the search page finds there, on the map and in the list', async () => {
    const app = appWith('Leeds');
    const $ = await load(app, '/map');
    expect($('title').text()).to.match(/^Activities around Leeds – map – /);
    expect($('h1').text().trim()).to.equal('Activities around Leeds');
    expect(listed($)).to.deep.equal(['leeds-cafe', 'leeds-choir', 'leeds-walk']);
    expect(markers($)).to.deep.equal(listed($));
    expect(Number($('#map').attr('data-centre-lat'))).to.be.closeTo(LEEDS.latitude, 1e-6);
    // One search: the search page asked for the same place finds the same listings.
    const searched = await load(app, '/search?where=Leeds');
    expect(listed(searched)).to.deep.equal(listed($));
    expect($('#results-count').text()).to.include('3 activities found');
    expect($('.map-layout').text()).to.include('within 5 miles of Leeds');
  });

  it('asks for a place first: the place box comes before the list, and the list before the map', async () => {
    const $ = await load(appWith('Leeds'), '/map');
    const html = $.html();
    const box = html.indexOf('name="where"');
    expect(box).to.be.above(-1);
    expect($('input[name=where]').val()).to.equal('');
    expect(box).to.be.lessThan(html.indexOf('id="results-count"'));
    expect(html.indexOf('id="results-count"')).to.be.lessThan(html.indexOf('id="map"'));
    expect($('form[role=search]').attr('action')).to.equal('/map');
    // A place typed into the box is an ordinary search on the map.
    const searched = await load(appWith('Leeds'), '/map?where=Leeds');
    expect(searched('title').text()).to.match(/^Activities near Leeds – Map of search results/);
  });

  it('without DEFAULT_PLACE, or with one the gazetteer does not know, shows every listing and says so', async () => {
    for (const setting of [undefined, 'Nowhereton']) {
      const $ = await load(appWith(setting), '/map');
      expect($('title').text()).to.match(/^Activities across the directory – map – /);
      expect(listed($)).to.deep.equal(['bristol-walk', 'leeds-cafe', 'leeds-choir', 'leeds-walk']);
      expect(markers($)).to.deep.equal(listed($));
      expect($('.govuk-error-summary')).to.have.length(0);
    }
  });

  it('does not count the map shown before a search as a search that found nothing', async () => {
    await resetData(db);
    const gaps = async () => Number((await db.query('SELECT count(*) AS n FROM search_gap'))[0].n);
    const app = appWith('Leeds');
    expect((await load(app, '/map'))('#results-count').text()).to.include('No activities found');
    expect(await gaps()).to.equal(0);
    await load(app, '/search?q=walking');
    expect(await gaps(), 'a search someone made is still counted').to.equal(1);
  });
});
