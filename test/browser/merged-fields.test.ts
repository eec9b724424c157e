// Values a kept listing takes from a listing merged into it, on its page at 320 px: each marked with its source in
// words ("Phone (from …)"), nothing scrolls the page sideways, and axe-core finds nothing of any impact.
import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport } from '../../src/importer/run-import.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { horizontalOverflow } from '../support/page-checks.js';

const COUNCIL = 'Bristol City Council Community Directory and Volunteer Centre Listings';

describe('values taken from a merged listing, on the activity page at 320 px', function () {
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
    const dir = await mkdtemp(path.join(tmpdir(), 'merged-fields-browser-'));
    const council = path.join(dir, 'council.json');
    const network = path.join(dir, 'network.json');
    await writeFile(
      council,
      JSON.stringify([
        service({
          id: 'council-walk',
          name: 'Easton Health Walk',
          at: EASTON,
          assured: '2026-10-01',
          extra: {
            email: 'easton.health.walks.and.wellbeing@council.example.org',
            url: 'https://council.example.org/walks',
            phones: [{ id: 'ph-council-walk', number: '0117 496 0001' }],
            application_process: 'Ring the walk leader first.',
          },
        }),
      ]),
    );
    await writeFile(
      network,
      JSON.stringify([
        service({ id: 'network-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-11-15' }),
      ]),
    );
    await runImport(stores, council, { now: new Date('2026-11-20T09:00:00Z'), sourceName: COUNCIL });
    await runImport(stores, network, {
      now: new Date('2026-11-27T09:00:00Z'),
      sourceName: 'Walking Network',
    });
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('marks each value with its source in words, fits the screen and passes axe', async () => {
    await page.goto(`${base}/activities/network-walk`);
    const marks = (await page.locator('[data-from]').allInnerTexts()).map((m) =>
      m.replace(/\s+/g, ' ').trim(),
    );
    expect(marks).to.deep.equal([
      `How to join (from ${COUNCIL})`,
      `Phone (from ${COUNCIL})`,
      `Email (from ${COUNCIL})`,
      `Website (from ${COUNCIL})`,
    ]);
    // Each mark sits just before its value, in the "How to join" section.
    const section = page.locator('section[aria-labelledby="contact"]');
    expect(await section.locator('[data-from=phones] + p a').innerText()).to.equal('0117 496 0001');
    expect(await horizontalOverflow(page)).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
  });
});
