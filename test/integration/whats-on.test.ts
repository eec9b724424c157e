// "What's on" over the real app and Postgres: sessions near a place in time order, grouped by day; cancelled dates,
// paused listings and sessions already over left out; a session past midnight on the day it starts; a bad place.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { storePlaces } from '../../src/db/place-store.js';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices } from '../../src/services/index.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, LEEDS, service } from '../support/fixtures.js';

// The page is asked at 09:00 on the next Monday, London time, so the week runs Monday to Sunday.
let monday = DateTime.now().setZone('Europe/London').startOf('day').plus({ days: 1 });
while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
const NOW = monday.set({ hour: 9 }).toJSDate();
const date = (days: number) => monday.plus({ days }).toISODate()!;
const weekly = (id: string, byday: string, opens: string, closes: string, extra = {}) => [
  { id: `sch-${id}`, freq: 'WEEKLY', byday, opens_at: opens, closes_at: closes, ...extra },
];

const fixtures = [
  service({
    id: 'walk',
    name: 'Easton Walking Group',
    at: EASTON,
    schedules: weekly('walk', 'TU', '10:00', '11:30'),
  }),
  service({
    id: 'chair',
    name: 'Chair Yoga',
    at: EASTON,
    price: 3,
    schedules: weekly('chair', 'TU', '09:00', '10:00'),
  }),
  service({
    id: 'early',
    name: 'Morning Coffee',
    at: EASTON,
    schedules: weekly('early', 'MO', '09:30', '10:30'),
  }),
  service({ id: 'dawn', name: 'Dawn Swim', at: EASTON, schedules: weekly('dawn', 'MO', '07:00', '08:00') }),
  service({
    id: 'late',
    name: 'Evening Chat',
    at: EASTON,
    schedules: weekly('late', 'MO', '23:00', '23:45'),
  }),
  service({
    id: 'night',
    name: 'Night Owls',
    at: EASTON,
    schedules: weekly('night', 'TU', '00:30', '01:30'),
  }),
  service({
    id: 'tea',
    name: 'Wednesday Tea',
    at: EASTON,
    schedules: weekly('tea', 'WE', '14:00', '15:30', {
      cancellations: [{ date: date(2), reason: 'Hall closed' }],
    }),
  }),
  service({
    id: 'paused',
    name: 'Paused Knitting Circle',
    at: EASTON,
    status: 'temporarily closed',
    schedules: weekly('paused', 'TU', '09:30', '10:30'),
  }),
  service({
    id: 'zoom',
    name: 'Online Mood Group',
    at: null,
    online: true,
    schedules: weekly('zoom', 'TH', '18:00', '19:00'),
  }),
  service({
    id: 'leeds',
    name: 'Armley Walk',
    at: LEEDS,
    schedules: weekly('leeds', 'TU', '10:00', '11:00'),
  }),
];

// Fifteen daily groups in Leeds: 105 sessions this week, more than the page lists.
const leedsDaily = Array.from({ length: 15 }, (_, i) =>
  service({
    id: `daily-${i}`,
    name: `Leeds Daily Group ${i}`,
    at: LEEDS,
    schedules: weekly(
      `daily-${i}`,
      'MO,TU,WE,TH,FR,SA,SU',
      `${String(10 + (i % 8)).padStart(2, '0')}:00`,
      '18:30',
    ),
  }),
);

describe("What's on (supertest over the real app and Postgres)", function () {
  this.timeout(60000);
  let app: Express;

  before(async () => {
    const db = await testDatabase();
    await resetData(db);
    const converted = convertHsdsDocument([...fixtures, ...leedsDaily], 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    const stores = createStores(db);
    await importListings(stores, converted, { source: 'test' });
    await storePlaces(db, [
      { kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON },
      { kind: 'outcode', key: 'LS12', name: 'LS12', area: 'Leeds', ...LEEDS },
      { kind: 'outcode', key: 'EX1', name: 'EX1', area: 'Exeter', latitude: 50.7236, longitude: -3.5275 },
    ]);
    const engine = new PostgresSearchEngine(db);
    const clock = { now: () => NOW };
    app = createApp(
      createServices({ stores, searchEngine: () => engine, engines: [engine], config: testConfig(), clock }),
    );
  });

  const page = async (query: string, status = 200) =>
    cheerio.load((await request(app).get(`/whats-on?${query}`).expect(status)).text);
  const sessions = ($: cheerio.CheerioAPI) =>
    $('li.whats-on__session')
      .map(
        (_, li) =>
          `${$(li).closest('ul').prev('h2').text().trim()} ${$(li).text().replace(/\s+/g, ' ').trim()}`,
      )
      .get();

  it('lists this week’s sessions in time order, grouped by day, leaving out cancelled dates and paused listings', async () => {
    const $ = await page('where=BS5&radius=5&when=this-week');
    const day = (days: number) => monday.plus({ days }).toFormat('cccc d MMMM');
    expect(
      $('h2.whats-on__day')
        .map((_, h) => $(h).text().trim())
        .get(),
    ).to.deep.equal([day(0), day(1), day(3)]);
    const listed = sessions($);
    expect(listed.map((s) => s.replace(/,.*$/, ''))).to.deep.equal([
      `${day(0)} 09:30–10:30 Morning Coffee`,
      `${day(0)} 23:00–23:45 Evening Chat`,
      `${day(1)} 00:30–01:30 Night Owls`,
      `${day(1)} 09:00–10:00 Chair Yoga`,
      `${day(1)} 10:00–11:30 Easton Walking Group`,
      `${day(3)} 18:00–19:00 Online Mood Group`,
    ]);
    expect(listed[4]).to.match(/Easton Walking Group, less than 0\.1 miles, Bristol, Free/);
    expect($('li.whats-on__session[data-activity-id=zoom] .govuk-tag').text().trim()).to.equal('Online');
    expect($('li.whats-on__session[data-activity-id=walk] a').attr('href')).to.equal('/activities/walk');
    expect($('#whats-on-count').text().replace(/\s+/g, ' ')).to.include('6 sessions within 5 miles');
  });

  const ids = ($: cheerio.CheerioAPI) =>
    $('li.whats-on__session')
      .map((_, li) => $(li).attr('data-activity-id'))
      .get();

  it('shows the rest of today only: not what is over, nor a session just past midnight (tomorrow’s)', async () => {
    expect(ids(await page('where=BS5&when=today'))).to.deep.equal(['early', 'late']);
    expect(ids(await page('where=BS5&when=tomorrow'))).to.deep.equal(['night', 'chair', 'walk']);
  });

  it('says when nothing is on, and lists online sessions far from any venue', async () => {
    const $ = await page('where=EX1&when=today');
    expect(ids($)).to.deep.equal([]);
    expect($('#whats-on-none').text().replace(/\s+/g, ' ')).to.include(
      'Nothing is on near the EX1 area for the rest of today',
    );
    expect(ids(await page('where=EX1&when=this-week'))).to.deep.equal(['zoom']);
  });

  it('lists the first 100 sessions in time order and says so when there are more', async () => {
    const $ = await page('where=LS12&when=this-week');
    const starts = $('li.whats-on__session')
      .map((_, li) => $(li).attr('data-starts-at'))
      .get();
    expect(starts).to.have.length(100);
    expect(starts).to.deep.equal([...starts].sort());
    expect($('#whats-on-count').text().replace(/\s+/g, ' ')).to.include('Showing the first 100 sessions');
    const fewer = await page('where=LS12&when=tomorrow');
    expect(fewer('li.whats-on__session')).to.have.length(16);
    expect(fewer('#whats-on-count').text().replace(/\s+/g, ' ')).to.include('16 sessions within 5 miles');
  });

  it('answers a place it cannot find with an error, keeping the choices, and the suggestion keeps them too', async () => {
    const $ = await page('where=BS55&radius=2&when=this-week', 400);
    expect($('title').text()).to.match(/^Error:/);
    expect($('.govuk-error-summary a[href="#field-where"]').text()).to.include('BS55');
    expect($('#field-where').val()).to.equal('BS55');
    expect($('#when-this-week').is(':checked')).to.equal(true);
    expect($('#field-radius option[selected]').attr('value') ?? $('#field-radius').val()).to.equal('2');
    expect($('#location-problem a').attr('href')).to.equal('/whats-on?where=BS5&radius=2&when=this-week');
    expect($('li.whats-on__session').length).to.equal(0);
  });

  it('asks for a place when the form is sent without one, and shows the bare form without an error', async () => {
    const $ = await page('where=&when=today', 400);
    expect($('.govuk-error-summary').text()).to.include('Enter a postcode, postcode district or place name');
    const bare = await page('');
    expect(bare('.govuk-error-summary').length).to.equal(0);
    expect(bare('#when-today').is(':checked')).to.equal(true);
  });
});
