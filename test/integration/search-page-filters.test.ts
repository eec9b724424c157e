// The search page's own filters, order and labels over the real app and Postgres: from home, age, sort, clear
// filters, need counts, each result's town or area, its cost in its own words, and closed listings.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, LEEDS, service } from '../support/fixtures.js';

const TRAFFORD_RING: [number, number][] = [
  [-2.4, 53.43],
  [-2.26, 53.43],
  [-2.26, 53.48],
  [-2.4, 53.48],
  [-2.4, 53.43],
];
const weekdays = (attending: string) =>
  [
    {
      id: `sch-${attending}`,
      freq: 'WEEKLY',
      byday: 'MO,TU,WE,TH,FR',
      opens_at: '10:00',
      closes_at: '16:00',
    },
  ].map((s) => ({ ...s, attending_type: attending }));

const fixtures = [
  service({
    id: 'visits',
    name: 'Home Visiting Befriends',
    at: null,
    area: { name: 'North Trafford', ring: TRAFFORD_RING },
    needs: ['loneliness'],
    schedules: weekdays('in person'),
    extra: { minimum_age: 60, maximum_age: 120 },
  }),
  service({
    id: 'calls',
    name: 'Telephone Befriending',
    at: null,
    area: { name: 'North Trafford', ring: TRAFFORD_RING },
    needs: ['loneliness'],
    schedules: weekdays('phone'),
    extra: { fees_description: 'Free.' },
  }),
  service({ id: 'zoom', name: 'Online Mood Group', at: null, online: true, needs: ['low-mood-anxiety'] }),
  service({
    id: 'leeds-walk',
    name: 'Armley Walk',
    at: { ...LEEDS, city: 'Leeds' },
    needs: ['getting-active'],
  }),
  service({
    id: 'bristol-walk',
    name: 'Easton Walk',
    at: { ...EASTON, city: '', postcode: 'bs5 6xx' },
    needs: ['getting-active', 'loneliness'],
  }),
  service({
    id: 'paused',
    name: 'Paused Knitting Circle',
    at: EASTON,
    status: 'temporarily closed',
    needs: ['loneliness'],
  }),
  service({
    id: 'termly',
    name: 'Termly Yoga',
    at: EASTON,
    price: 4,
    needs: ['getting-active'],
    extra: { fees_description: '£45 a term or £4 a week. Your first two weeks are free.' },
  }),
];

describe('search page filters and results (supertest over the real app and Postgres)', function () {
  this.timeout(60000);
  let app: Express;

  before(async () => {
    const db = await testDatabase();
    await resetData(db);
    const converted = convertHsdsDocument(fixtures, 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    await importListings(createStores(db), converted, { source: 'test' });
    app = buildApp(db);
  });

  const page = async (query: string, status = 200) =>
    cheerio.load((await request(app).get(`/search?${query}`).expect(status)).text);
  const ids = ($: cheerio.CheerioAPI) =>
    $('li.result')
      .map((_, li) => $(li).attr('data-activity-id'))
      .get();
  const facts = ($: cheerio.CheerioAPI, id: string) =>
    $(`li.result[data-activity-id="${id}"] ul.govuk-list li`)
      .map((_, li) => $(li).text().replace(/\s+/g, ' ').trim())
      .get();

  it('filters to what can be done from home: online, by telephone, or a visit at home', async () => {
    expect(ids(await page('q=friendly&home=visit'))).to.deep.equal(['visits']);
    expect(ids(await page('q=friendly&home=phone'))).to.deep.equal(['calls']);
    expect(ids(await page('q=friendly&home=online'))).to.deep.equal(['zoom']);
    expect((await page('q=friendly&home=online&home=phone'))('li.result')).to.have.length(2);
  });

  it('filters by the age of the person, against each activity’s eligible ages', async () => {
    const young = ids(await page('need=loneliness&age=30'));
    expect(young).to.include('calls').and.not.to.include('visits');
    expect(ids(await page('need=loneliness&age=74'))).to.include('visits');
  });

  it('sorts by name when asked, and says a place is needed to sort by distance', async () => {
    const names = (await page('q=friendly&sort=name'))('li.result h3')
      .map((_, h) => cheerio.load(h).text().trim())
      .get();
    expect(names).to.deep.equal([...names].sort((a, b) => a.localeCompare(b)));
    const $ = await page('q=friendly&sort=distance', 400);
    expect($('.govuk-error-summary').text()).to.include('Enter a place to sort by distance');
    expect($('li.result')).to.have.length(fixtures.length);
  });

  it('shows the need counts beside each need, and a link that clears every filter', async () => {
    const $ = await page('q=friendly&need=loneliness&age=74&home=visit');
    expect($('label[for=need-loneliness]').text().replace(/\s+/g, ' ')).to.include('(1)');
    expect($('label[for=need-getting-active]').text().replace(/\s+/g, ' ')).to.include('(0)');
    expect($('#clear-filters').attr('href')).to.equal('/search?q=friendly');
    const all = await page('q=friendly');
    expect($('#clear-filters').length).to.equal(1);
    expect(all('#clear-filters').length).to.equal(0);
    expect(all('label[for=need-getting-active]').text()).to.include('(3)');
    const none = await page('q=friendly&home=visit&age=30');
    expect(none('.empty-state a').attr('href')).to.equal('/search?q=friendly');
  });

  it('puts the results count before the filters, which stay closed', async () => {
    const $ = await page('q=friendly&need=loneliness&day=TU');
    const html = $.html();
    expect(html.indexOf('id="results-count"')).to.be.lessThan(html.indexOf('id="search-filters"'));
    expect($('#search-filters').attr('open')).to.equal(undefined);
    expect($('#search-filters summary').text()).to.include('Show filters (2 chosen)');
  });

  it('without a place, names each result’s town, postcode district or the area it covers', async () => {
    const $ = await page('q=friendly');
    expect(facts($, 'leeds-walk')).to.include('Armley Walk venue, Leeds');
    expect(facts($, 'bristol-walk')).to.include('Easton Walk venue, BS5');
    expect(facts($, 'visits')).to.include('Covers North Trafford');
  });

  it('gives cost in the listing’s own words, and no next session for a temporarily closed listing', async () => {
    const $ = await page('q=friendly');
    expect(facts($, 'termly')).to.include('Cost: £45 a term or £4 a week');
    expect(facts($, 'paused').join(' ')).not.to.include('Next session');
    expect(facts($, 'paused').join(' ')).to.include('Temporarily closed');
    expect(facts($, 'bristol-walk').join(' ')).to.include('Next session');
  });

  it('leaves a temporarily closed listing out of a search for a day or a time: it has no session to go to', async () => {
    const $ = await page('q=friendly&day=TU');
    expect($('li.result[data-activity-id=paused]')).to.have.length(0);
    expect($('li.result[data-activity-id=bristol-walk]')).to.have.length(1);
    const anyDay = await page('q=friendly');
    expect(anyDay('li.result[data-activity-id=paused]')).to.have.length(1);
  });

  it('counts beside each day only what choosing that day finds: a temporarily closed listing is not counted', async () => {
    const $ = await page('q=friendly');
    for (const day of ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']) {
      const label = $(`input[name=day][value=${day}]`)
        .closest('.govuk-checkboxes__item')
        .find('label')
        .text();
      const counted = Number(/\((\d+)\)/.exec(label)?.[1]);
      const chosen = ids(await page(`q=friendly&day=${day}`));
      expect(counted, `${day}: ${label.trim()} against ${chosen.join(', ')}`).to.equal(chosen.length);
    }
    // All seven meet on Tuesday, the paused circle too: it is listed, but neither found on Tuesday nor counted
    // for it, so Tuesday counts the other six.
    expect($('input[name=day][value=TU]').closest('.govuk-checkboxes__item').find('label').text()).to.include(
      '(6)',
    );
  });

  it('the page of a temporarily closed listing lists no next dates, and says why', async () => {
    const $ = cheerio.load((await request(app).get('/activities/paused').expect(200)).text);
    expect($('.next-dates')).to.have.length(0);
    expect($('#closed-dates').text()).to.include('No sessions until it opens again');
    const open = cheerio.load((await request(app).get('/activities/bristol-walk').expect(200)).text);
    expect(open('.next-dates li').length).to.be.above(0);
  });

  it('an activity page says a free cost once, in the listing’s words', async () => {
    const $ = cheerio.load((await request(app).get('/activities/calls').expect(200)).text);
    const lines = $('section[aria-labelledby=cost] p')
      .map((_, p) => $(p).text().trim())
      .get();
    expect(lines).to.deep.equal(['Free.']);
  });
});
