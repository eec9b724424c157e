// An activity's sources on its page, at 320 px: each on a line of its own near "Last reviewed", nothing scrolls the
// page sideways, and axe-core finds nothing of any impact.
import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport } from '../../src/importer/run-import.js';
import { publishListing } from '../../src/services/listing-publisher.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { horizontalOverflow } from '../support/page-checks.js';

describe('where an activity came from, on its page at 320 px', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    const stores = createStores(db);
    const dir = await mkdtemp(path.join(tmpdir(), 'sources-browser-'));
    const file = path.join(dir, 'bristol.json');
    const walk = { id: 'walk-1', name: 'Health Walk', at: EASTON, assured: '2024-10-04' };
    await writeFile(file, JSON.stringify([service(walk)]));
    await runImport(stores, file, {
      now: new Date('2026-11-20T09:00:00Z'),
      sourceName: 'Bristol Community Directory and Volunteer Centre Listings',
    });
    await publishListing(
      stores,
      service({ ...walk, assured: '2026-11-27' }),
      new Date('2026-11-27T09:00:00Z'),
    );
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows each source on its own line, fits the screen and passes axe', async () => {
    await page.goto(`${base}/activities/walk-1`);
    const lines = await page.locator('[data-sources] li').allInnerTexts();
    expect(lines.map((line) => line.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Listed by the group itself',
      'From Bristol Community Directory and Volunteer Centre Listings, last checked by them on 4 October 2024',
    ]);
    // Under the "Last reviewed" heading, in the same section.
    const section = page.locator('section[aria-labelledby="reviewed"]');
    expect(await section.locator('[data-sources] li').count()).to.equal(2);
    expect(await horizontalOverflow(page)).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
  });
});
