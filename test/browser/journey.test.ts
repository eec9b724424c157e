import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { describeViolations, launchBrowser, axeViolations } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { createStores } from '../../src/db/stores.js';

const SEED_DIR = process.env.TEST_SEED_DIR ?? path.resolve(import.meta.dirname, '../../seed-data');

describe('browser journey in Chromium, with axe-core', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), SEED_DIR);
    server = buildApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Map tiles cannot load here; refuse them quickly so the page is seen as it would be offline.
    await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function expectAccessible(what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  it('searches from the home page, opens an activity, and every page passes axe', async () => {
    await page.goto(`${base}/`);
    await expectAccessible('home page');
    await page.getByLabel('What are you looking for?').fill('walking');
    await page.getByLabel('Where?').fill('BS5');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?/);
    expect(await page.locator('#results-count').innerText()).to.match(/\d+ activit(y|ies) found/);
    const results = page.locator('[data-activity-id]');
    expect(await results.count()).to.be.greaterThan(0);
    await expectAccessible('results page');

    const firstTitle = (await results.first().locator('h3 a').innerText()).trim();
    await results.first().locator('h3 a').click();
    await page.waitForURL(/\/activities\//);
    expect((await page.locator('h1').innerText()).trim()).to.equal(firstTitle);
    expect(await page.locator('#when').isVisible()).to.equal(true);
    await expectAccessible('activity page');
  });

  it('shows the map with markers and the same list, even though tiles cannot load', async () => {
    await page.goto(`${base}/map?q=walking&where=BS5`);
    await page.waitForSelector('#map.map--ready');
    const listed = await page.locator('.map-layout__list [data-activity-id]').count();
    expect(listed).to.be.greaterThan(0);
    const markers = await page.locator('.leaflet-marker-icon').count();
    expect(markers).to.be.greaterThan(0);
    await expectAccessible('map page');
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${base}/`);
    await noJs.getByLabel('What are you looking for?').fill('walking');
    await noJs.getByRole('button', { name: 'Search' }).click();
    await noJs.waitForURL(/\/search\?/);
    expect(await noJs.locator('[data-activity-id]').count()).to.be.greaterThan(0);
    await noJs.goto(`${base}/map?q=walking`);
    expect(await noJs.locator('.map__fallback').isVisible()).to.equal(true);
    expect(await noJs.locator('.map-layout__list [data-activity-id]').count()).to.be.greaterThan(0);
    await context.close();
  });

  it('raised no CSP violations or script errors', () => {
    expect(cspViolations).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
