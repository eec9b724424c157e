// The steward's feed pages on a phone (320 and 375 px): the list, a feed with its last run and a withdrawn listing,
// the add form sent empty (its errors), the change and remove pages: nothing scrolls the page sideways and axe-core
// finds nothing of any impact. The add form is then filled in and sent without JavaScript's help. A screenshot of a
// feed's page at 320 px is kept in /tmp/screens/ to look at.
import { expect } from 'chai';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { createFeeds } from '../../src/services/feeds.js';
import { signedInAgent } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { horizontalOverflow } from '../support/page-checks.js';

const WIDTHS = [320, 375];
const PASSWORD = 'correct horse battery';
const STEWARD = 'feeds.steward@example.org';
const SCREENS = '/tmp/screens';

describe('steward feed pages at 320 and 375 px: no sideways scroll, no axe findings', function () {
  this.timeout(180000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let feedId = '';
  const pageErrors: string[] = [];

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    await db.query('TRUNCATE feed CASCADE');
    const app = buildApp(db);
    await signedInAgent(app, db, { email: STEWARD, role: 'steward', password: PASSWORD });
    const stores = createStores(db);
    const added = await createFeeds(stores).add(null, {
      name: 'Bristol Community Directory of Groups, Clubs and Classes for Everyone',
      url: 'https://directory.example.org/open-referral/api/v3/a/rather/long/path/to/the/services/of/the/council',
      format: 'oruk',
      covers: [],
      everyHours: 24,
    });
    if (!added.ok) throw new Error(JSON.stringify(added.errors));
    feedId = added.feed.id;
    // A run that went wrong, and a listing withdrawn for the feed, so the pages show all they can.
    await stores.feeds.claimFeed(feedId, new Date());
    await stores.feeds.finishFeedRun(feedId, {
      outcome: 'failed',
      words:
        'Failed: https://directory.example.org/open-referral/api/v3/a/rather/long/path answered 500 Internal Server Error. Nothing was withdrawn; it is tried again at the next due time.',
      summary: 'imported 1234, updated 56, unchanged 7890, rejected 12, feed faults 3',
      faults: 3,
      finishedAt: new Date(),
    });
    await db.query(
      `INSERT INTO feed_listing (feed_id, service_id, missed_syncs, missing_since, withdrawn_at, withdrawn_reason,
         status_before)
       VALUES ($1, 'imported-walk', 2, now(), now(), $2, 'active')`,
      [
        feedId,
        'No longer in Bristol Community Directory of Groups, Clubs and Classes for Everyone since 3 December 2026 (2 syncs)',
      ],
    );
    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    await mkdir(SCREENS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    expect(pageErrors, 'script errors or CSP reports').to.deep.equal([]);
  });

  async function signIn(width: number): Promise<Page> {
    const page = await openPage(browser, { viewport: { width, height: 667 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(STEWARD);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  async function checkShown(page: Page, what: string, width: number) {
    expect(await horizontalOverflow(page), `${what} scrolls sideways at ${width} px`).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, `${what} at ${width} px:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  async function check(page: Page, path: string, width: number) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), `GET ${path}`).to.equal(200);
    await checkShown(page, path, width);
  }

  for (const width of WIDTHS) {
    it(`the feed pages and the add form with errors at ${width} px`, async () => {
      const page = await signIn(width);
      for (const path of [
        '/steward/feeds',
        `/steward/feeds/${feedId}`,
        `/steward/feeds/${feedId}/edit`,
        `/steward/feeds/${feedId}/remove`,
        '/steward/feeds/new',
      ])
        await check(page, path, width);
      if (width === 320) {
        await page.goto(`${base}/steward/feeds/${feedId}`);
        await page.screenshot({ path: `${SCREENS}/steward-feed-320.png`, fullPage: true });
        await page.goto(`${base}/steward/feeds/new`);
      }
      // Sent empty: the error summary and each field's message, still on a phone's width.
      await page.getByLabel('Address').fill('directory.example.org');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add feed' }).click()]);
      expect(await page.locator('.govuk-error-summary').innerText()).to.contain(
        'Enter the name of the feed, as people should see it',
      );
      expect(await page.locator('.govuk-error-summary').innerText()).to.contain('Select the kind of feed');
      expect(await page.getByLabel('Address').inputValue()).to.equal('directory.example.org');
      expect(await page.title()).to.match(/^Error: Add a feed/);
      await checkShown(page, 'the add form with errors', width);
      await page.context().close();
    });
  }

  it('a steward adds a feed with the form alone (no JavaScript needed) and sees it listed', async () => {
    const page = await openPage(browser, { viewport: { width: 320, height: 667 }, javaScriptEnabled: false });
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(STEWARD);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${base}/steward/feeds/new`);
    await page.getByLabel('Name').fill('Old Council Feed');
    await page.getByLabel('Address').fill('https://council.example.org/services.json');
    await page.getByLabel('Open Referral UK v1 JSON').check();
    await page.getByLabel('Every week').check();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add feed' }).click()]);
    expect(await page.locator('h1').innerText()).to.equal('Old Council Feed');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('Old Council Feed added');
    await page.goto(`${base}/steward/feeds`);
    expect(await page.locator('#feeds-table').innerText()).to.contain('Old Council Feed');
    await page.context().close();
  });
});
