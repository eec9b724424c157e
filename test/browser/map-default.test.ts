// The map before anyone searches, in Chromium with no map tiles (they cannot load here): the activities around
// DEFAULT_PLACE as clustered markers beside the list on a desktop; on a 320 px phone the place box first, then the
// list, then the map, with nothing wider than the screen; without JavaScript a list with a place box. axe on each.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, LEEDS, service } from '../support/fixtures.js';
import { horizontalOverflow } from '../support/page-checks.js';

const at = (dLat: number, dLng: number, city = 'Leeds') => ({
  latitude: LEEDS.latitude + dLat,
  longitude: LEEDS.longitude + dLng,
  city,
});
const fixtures = [
  // Two at one venue: always one cluster.
  service({ id: 'walk', name: 'Armley Walk', at: at(0, 0) }),
  service({ id: 'tea', name: 'Armley Tea Club', at: at(0, 0) }),
  service({
    id: 'choir',
    name: 'Holbeck Community Choir With A Rather Long Name To Wrap',
    at: at(0.02, 0.03),
  }),
  service({ id: 'cafe', name: 'Chapeltown Memory Café', at: at(-0.02, -0.03) }),
  service({ id: 'bristol', name: 'Easton Walk', at: { ...EASTON, city: 'Bristol' } }),
];

describe('the map before a search, on a phone and a desktop, with and without JavaScript', function () {
  this.timeout(120000);
  let server: Server;
  let base: string;
  let browser: Browser;

  before(async () => {
    const db = await testDatabase();
    await resetData(db);
    const stores = createStores(db);
    const converted = convertHsdsDocument(fixtures, 'fixtures');
    expect(converted.rejections).to.deep.equal([]);
    await importListings(stores, converted, { source: 'test' });
    await stores.places.mergePlaces([
      { kind: 'place', key: 'leeds', name: 'Leeds', area: null, ...LEEDS, postcodeDistricts: 20 },
    ]);
    ({ server, base } = await serve(buildApp(db, testConfig({ ...process.env, DEFAULT_PLACE: 'Leeds' }))));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const open = async (width: number, javaScriptEnabled = true): Promise<Page> => {
    const page = await openPage(browser, { viewport: { width, height: 800 }, javaScriptEnabled });
    await page.goto(`${base}/map`);
    return page;
  };
  const top = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const left = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => el.getBoundingClientRect().left);
  const expectNoAxeFindings = async (page: Page) => {
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
  };

  it('on a desktop: markers, clustered, beside the list of the activities around Leeds, without map tiles', async () => {
    const page = await open(1280);
    await page.waitForSelector('#map.map--ready');
    expect(await page.title()).to.match(/^Activities around Leeds – map – /);
    expect(await page.locator('li.result').count()).to.equal(4);
    // Two alone and two at one venue: markers for the two, one cluster button naming the other two.
    await page.waitForSelector('.leaflet-marker-icon');
    expect(await page.locator('.leaflet-marker-icon:not(.marker-cluster)').count()).to.equal(2);
    expect(await page.getByRole('button', { name: '2 activities near here, zoom in' }).count()).to.equal(1);
    // Beside: the map's column starts to the right of the list's, at about the same height.
    expect(await left(page, '.map-layout__map')).to.be.above((await left(page, '.map-layout__list')) + 100);
    expect(
      Math.abs((await top(page, '.map-layout__map')) - (await top(page, '.map-layout__list'))),
    ).to.be.below(5);
    expect(await horizontalOverflow(page)).to.equal(0);
    await expectNoAxeFindings(page);
    await page.context().close();
  });

  it('on a 320 px phone: the place box first, the list, then the map, and no sideways scroll', async () => {
    const page = await open(320);
    await page.waitForSelector('#map.map--ready');
    const box = await top(page, 'input[name=where]');
    const list = await top(page, '#results-count');
    const map = await top(page, '#map');
    expect(box).to.be.below(list);
    expect(list).to.be.below(map);
    expect(box, 'the place box is on the first screen').to.be.below(800);
    expect(await page.locator('.leaflet-marker-icon').count()).to.be.above(0);
    expect(await horizontalOverflow(page)).to.equal(0);
    await expectNoAxeFindings(page);
    // The place box asks for somewhere else: it searches there on the map.
    await page.fill('input[name=where]', 'Leeds');
    await Promise.all([
      page.waitForURL(/\/map\?where=Leeds/),
      page.getByRole('button', { name: /Show activities/ }).click(),
    ]);
    expect(await page.title()).to.match(/^Activities near Leeds/);
    await page.context().close();
  });

  for (const width of [320, 1280]) {
    it(`without JavaScript at ${width} px: a list with a place box, and no map`, async () => {
      const page = await open(width, false);
      expect(await page.locator('input[name=where]').isVisible()).to.equal(true);
      expect(await page.locator('li.result').count()).to.equal(4);
      expect(await page.locator('#map').isVisible()).to.equal(false);
      expect(await page.locator('.leaflet-marker-icon').count()).to.equal(0);
      expect(await horizontalOverflow(page)).to.equal(0);
      // axe runs as a script: the markup shown without JavaScript is checked in a page that runs none of the site's.
      const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, '');
      const checked = await openPage(browser, { viewport: { width, height: 800 } });
      await checked.route(page.url(), (route) => route.fulfill({ body: html, contentType: 'text/html' }));
      await checked.goto(page.url());
      expect(await checked.locator('#map').isVisible()).to.equal(false);
      await expectNoAxeFindings(checked);
      await checked.context().close();
      await page.context().close();
    });
  }
});
