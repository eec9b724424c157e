import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { storePlaces } from '../../src/db/place-store.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

describe('pages (supertest over the real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const converted = convertHsdsDocument(
      [
        service({
          id: 'walk',
          name: 'Riverside Walking Group',
          at: EASTON,
          needs: ['getting-active'],
          description: `Gentle walks. ${XSS}`,
        }),
        service({
          id: `x"><script>alert(1)</script>`,
          name: `Art ${XSS}`,
          at: EASTON,
          needs: ['arts-creativity'],
        }),
        ...Array.from({ length: 25 }, (_, i) =>
          service({ id: `club-${i}`, name: `Social Club ${i + 1}`, at: EASTON, needs: ['loneliness'] }),
        ),
      ],
      'fixtures',
    );
    await importListings(createStores(db), converted, { source: 'test' });
    await storePlaces(db, [{ kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON }]);
    app = buildApp(db);
  });

  it('serves the search form on the home page', async () => {
    const res = await request(app).get('/').expect(200);
    const $ = cheerio.load(res.text);
    expect($('form[role=search] input[name=q]').length).to.equal(1);
    expect($('form[role=search] input[name=where]').length).to.equal(1);
    expect($('input[name=need]').length).to.equal(11);
    expect($('input[name=day]').length).to.equal(7);
  });

  it('lists results with their activity ids, distance, next session and cost', async () => {
    const res = await request(app).get('/search?q=walking&where=BS5').expect(200);
    const $ = cheerio.load(res.text);
    const result = $('[data-activity-id="walk"]');
    expect(result.length).to.equal(1);
    expect(result.find('a').attr('href')).to.equal('/activities/walk');
    const text = result.text().replace(/\s+/g, ' ');
    expect(text).to.match(/less than 0\.1 miles away/);
    expect(text).to.match(/Next session: \w+ \d+ \w+/);
    expect(text).to.include('Cost: Free');
    expect($('#results-count').text()).to.match(/1 activity found/);
  });

  it('says which words it searched when the words typed matched nothing', async () => {
    const res = await request(app).get('/search?q=Riversde%20walkng&where=BS5').expect(200);
    const $ = cheerio.load(res.text);
    expect($('li.result[data-activity-id=walk]').length).to.equal(1);
    expect($('#corrected-words').text().replace(/\s+/g, ' ')).to.contain(
      'Nothing matched “Riversde walkng” exactly, so these results are for “riverside walking”',
    );
    const exact = cheerio.load((await request(app).get('/search?q=walking&where=BS5').expect(200)).text);
    expect(exact('#corrected-words').length).to.equal(0);
  });

  it('paginates results', async () => {
    const first = cheerio.load((await request(app).get('/search?need=loneliness').expect(200)).text);
    expect(first('[data-activity-id]').length).to.equal(20);
    expect(first('.govuk-pagination a[rel=next]').attr('href')).to.equal('/search?need=loneliness&page=2');
    const second = cheerio.load((await request(app).get('/search?need=loneliness&page=2').expect(200)).text);
    expect(second('[data-activity-id]').length).to.equal(5);
    expect(second('.results-header__range').text()).to.include('Showing 21 to 25');
  });

  it('shows a helpful empty state, not a bare empty list', async () => {
    const $ = cheerio.load(
      (await request(app).get('/search?q=underwater+basket+weaving&free=1').expect(200)).text,
    );
    expect($('#results-count').text()).to.match(/No activities found/);
    expect($('.empty-state').text()).to.match(/fewer or different words/);
    expect($('.empty-state').text()).to.match(/first session free/);
  });

  it('re-renders the form with an error summary for bad input, keeping what was typed', async () => {
    const res = await request(app).get('/search?q=walking&day=XX&radius=7').expect(400);
    const $ = cheerio.load(res.text);
    expect($('.govuk-error-summary').text()).to.include('Choose days from Monday to Sunday');
    expect($('.govuk-error-summary a[href="#field-radius"]').text()).to.include('Distance must be one of');
    expect($('#field-q').val()).to.equal('walking');
  });

  it('says plainly when a place is not known', async () => {
    const $ = cheerio.load((await request(app).get('/search?where=QQ1').expect(400)).text);
    expect($('#location-problem').text()).to.include('We do not know the postcode district QQ1');
    expect($('[data-activity-id]').length).to.equal(0);
  });

  it('answers an unknown place as any other error (summary, marked field, "Error:" title, suggestions as links), keeping the words', async () => {
    const res = await request(app).get('/search?q=walking&where=BS55&day=TU&free=1').expect(200);
    const $ = cheerio.load(res.text);
    expect($('title').text()).to.match(/^Error: Walking – Search results – /);
    expect($('.govuk-error-summary[data-module="govuk-error-summary"] [role="alert"]').text()).to.include(
      'We do not know the postcode district BS55',
    );
    expect($('.govuk-error-summary a[href="#field-where"]').text()).to.include('BS55');
    expect($('#field-where').hasClass('govuk-input--error')).to.equal(true);
    expect($('#field-where').attr('aria-describedby')).to.include('error-where');
    expect($('#field-where').val(), 'what was typed stays in the box').to.equal('BS55');
    // The same search with the suggested place: every other parameter kept.
    expect($('#location-problem a').attr('href')).to.equal('/search?q=walking&where=BS5&day=TU&free=1');
    // Results for the words anywhere, under the problem: the same as asking without a place.
    const anywhere = cheerio.load(
      (await request(app).get('/search?q=walking&day=TU&free=1').expect(200)).text,
    );
    const ids = ($$: cheerio.CheerioAPI) =>
      $$('[data-activity-id]')
        .map((_, e) => $$(e).attr('data-activity-id'))
        .get();
    expect(ids($)).to.have.length.greaterThan(0);
    expect(ids($)).to.deep.equal(ids(anywhere));
    expect($('#results-count').text()).to.equal(anywhere('#results-count').text());
    expect($('#location-problem').text()).to.include(
      'These results are for everything else you asked, anywhere.',
    );
  });

  it('does not apply a time window it refuses', async () => {
    const plain = cheerio.load((await request(app).get('/search?need=loneliness').expect(200)).text);
    const res = await request(app).get('/search?need=loneliness&after=16:00&before=10:00').expect(400);
    const $ = cheerio.load(res.text);
    expect($('#results-count').text()).to.equal(plain('#results-count').text());
    expect($('.govuk-error-summary a[href="#field-before"]').text()).to.equal(
      'To time must be after the from time',
    );
    expect($('#field-after').val()).to.equal('16:00');
  });

  it('titles the list and the map, each results page and the empty map differently', async () => {
    const titles = await Promise.all(
      [
        '/search',
        '/map',
        '/search?need=loneliness',
        '/search?need=loneliness&page=2',
        '/map?need=loneliness',
        '/search?q=walking',
      ].map(async (path) =>
        cheerio
          .load((await request(app).get(path).expect(200)).text)('title')
          .text(),
      ),
    );
    expect(new Set(titles).size, titles.join('\n')).to.equal(titles.length);
    expect(titles[1]).not.to.contain('Search activities');
  });

  it('marks the part of the site a page is in, and the page itself, in the navigation', async () => {
    const current = async (path: string) =>
      cheerio
        .load((await request(app).get(path).expect(200)).text)('nav a[aria-current]')
        .map((_, a) => `${cheerio.load(a).text()}=${a.attribs['aria-current']}`)
        .get();
    expect(await current('/')).to.deep.equal(['Search=page']);
    expect(await current('/search?q=walking')).to.deep.equal(['Search=true']);
    expect(await current('/map')).to.deep.equal(['Map=page']);
  });

  it('renders an activity page with its schedule in plain English and a sanitised description', async () => {
    const res = await request(app).get('/activities/walk').expect(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).to.equal('Riverside Walking Group');
    expect($('.schedule').first().text()).to.include('Every Tuesday, 10:00–12:00');
    expect($('.next-dates li').length).to.equal(5);
    expect($('.prose').html()).to.include('Gentle walks.');
    expect(res.text).not.to.include('<script>window.__xss');
    expect(res.text).not.to.include('onerror=');
    expect($('#reviewed').parent().text()).to.include('1 November 2026');
    // It gives no contact or way to join: the section says so rather than standing empty.
    expect($('#contact').parent().find('#no-contact').text()).to.match(/^The group has not said how to join/);
  });

  it('escapes user-supplied names and ids everywhere', async () => {
    const res = await request(app).get('/search?q=art').expect(200);
    expect(res.text).not.to.include('<script>window.__xss');
    expect(res.text).not.to.include('<script>alert(1)');
    expect(res.text).to.include('&lt;script&gt;window.__xss');
    const page = await request(app)
      .get(`/activities/${encodeURIComponent('x"><script>alert(1)</script>')}`)
      .expect(200);
    expect(page.text).not.to.include('<script>alert(1)');
  });

  it('answers 404 with a page for an unknown activity', async () => {
    const res = await request(app).get('/activities/nope').expect(404);
    expect(res.text).to.include('We could not find that activity');
  });

  it('serves the map page with the results list and Leaflet from this server', async () => {
    const res = await request(app).get('/map?q=walking&where=BS5').expect(200);
    const $ = cheerio.load(res.text);
    expect($('#map').attr('data-markers')).to.include('"id":"walk"');
    expect($('[data-activity-id="walk"]').length).to.equal(1);
    const scripts = $('script[src]')
      .map((_, el) => $(el).attr('src'))
      .get();
    expect(scripts).to.include('/vendor/leaflet/leaflet.js');
    expect(scripts.every((src) => src.startsWith('/'))).to.equal(true);
    await request(app).get('/vendor/leaflet/leaflet.js').expect(200);
    await request(app).get('/vendor/leaflet.markercluster/leaflet.markercluster.js').expect(200);
  });

  it('sends a CSP with a per-request nonce and no inline script allowance', async () => {
    const a = await request(app).get('/map');
    const b = await request(app).get('/map');
    const csp = a.headers['content-security-policy'];
    expect(csp).to.match(/script-src 'self' 'nonce-[0-9a-f]{32}'/);
    expect(csp).not.to.include('unsafe-inline');
    expect(csp).to.not.equal(b.headers['content-security-policy']);
    const nonce = /nonce-([0-9a-f]+)/.exec(csp)![1];
    expect(a.text).to.match(new RegExp(`nonce=["']${nonce}["']`));
    expect(a.text).not.to.match(/\son[a-z]+="/);
    expect(a.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('reports health as JSON with each component', async () => {
    const res = await request(app).get('/health').expect(200);
    expect(res.body.status).to.equal('UP');
    expect(res.body.components.database.status).to.equal('UP');
    expect(res.body.components['search:postgres'].status).to.equal('UP');
  });
});
