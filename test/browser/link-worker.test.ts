import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/domain/signed-token.js';
import { SHARE_LINK_LIFETIME_MS } from '../../src/services/handouts.js';
import { buildApp } from '../support/app.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';
import { testConfig } from '../support/config.js';

/** Every line of text in a PDF, read back with pdf.js. */
async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

describe('link worker journey in Chromium with JavaScript off, with axe-core and a printed PDF', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    await db.query(
      `INSERT INTO search_gap (needs, outcode) VALUES ('{loneliness}', 'BS5'), ('{carers}', 'BS8')`,
    );
    const accounts = testAccounts(db);
    await accounts.createAccount({
      email: 'st@example.org',
      password: 'steward password',
      role: 'steward',
      trusted: true,
    });
    server = buildApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // Everything here must work without JavaScript.
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
    await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** axe needs JavaScript, so it runs in a second browser context holding the same session cookie. */
  async function expectAccessible(paths: string[]) {
    const checker = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await checker.addCookies(await context.cookies());
    const checkPage = await checker.newPage();
    for (const path of paths) {
      await checkPage.goto(`${base}${path}`);
      const violations = await axeViolations(checkPage);
      expect(violations, `${path}:\n${describeViolations(violations)}`).to.deep.equal([]);
    }
    await checker.close();
  }

  /**
   * After a form on the shortlist page posts: waits for the page to show what the post changed. The session is
   * stored just after the redirect is sent, so the page that follows can be a moment behind; then look again.
   */
  async function shortlistShowing(locator: Locator): Promise<void> {
    if (
      await locator.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      )
    )
      return;
    for (let tries = 0; tries < 20; tries++) {
      await page.goto(`${base}/shortlist`);
      if (await locator.count()) return;
      await page.waitForTimeout(200);
    }
    throw new Error(`the shortlist page never showed ${String(locator)}`);
  }

  it('searches, shortlists two activities, reorders, adds a note and prints the handout', async () => {
    await page.goto(`${base}/search?q=walking`);
    await page
      .locator('li.result[data-activity-id=walk]')
      .getByRole('button', { name: /^Add to shortlist\W+Riverside Walking Group$/ })
      .click();
    await page.waitForURL(/\/shortlist\/add\?/);
    await page.getByRole('button', { name: 'Add to shortlist', exact: true }).click();
    await page.waitForURL(/\/search\?q=walking/);
    expect(await page.getByRole('link', { name: 'Shortlist (1)' }).count()).to.equal(1);

    await page.goto(`${base}/search?q=tea`);
    await page
      .locator('li.result[data-activity-id=tea]')
      .getByRole('button', { name: /^Add to shortlist\W+Wednesday Tea, Cake & Chat$/ })
      .click();
    await page.waitForURL(/\/search\?q=tea/);
    await page.getByRole('link', { name: 'Shortlist (2)' }).click();
    await page.waitForURL(/\/shortlist$/);

    // These forms post back to the page already open, so wait for the next page's message, not its address.
    await page.getByRole('button', { name: /^Move up\W+Wednesday Tea, Cake & Chat$/ }).click();
    await shortlistShowing(
      page.locator('.govuk-notification-banner--success', { hasText: 'Shortlist reordered' }),
    );
    const names = await page.locator('.shortlist__name').allInnerTexts();
    expect(names).to.deep.equal(['Wednesday Tea, Cake & Chat', 'Riverside Walking Group']);
    await page.locator('li[data-activity-id=walk] textarea').fill('Tuesdays suit your working hours');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await shortlistShowing(page.locator('.govuk-notification-banner--success', { hasText: 'Notes saved' }));

    await page.getByRole('button', { name: 'Open the handout to print' }).click();
    await page.waitForURL(/\/shortlist\/handout$/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.handout__screen-only').first().isVisible()).to.equal(false);
    const text = await pdfText(await page.pdf({ format: 'A4', printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    expect(text).to.contain('Wednesday Tea, Cake & Chat');
    expect(text).to.contain('Riverside Walking Group');
    expect(text).to.contain('Someone will meet you at the door');
    expect(text).to.contain('Tuesdays suit your working hours');
    expect(text).to.match(/Tuesday \d{1,2} [A-Z][a-z]+, 10:00–11:30/);
    expect(text).not.to.contain('Skip to main content');
    expect(text.indexOf('Wednesday Tea')).to.be.lessThan(text.indexOf('Riverside Walking Group'));
  });

  it('makes a share link that opens the handout in a fresh browser and offers the calendar feed', async () => {
    await page.goto(`${base}/shortlist`);
    await page.getByRole('button', { name: 'Make a share link' }).click();
    await shortlistShowing(
      page.locator('.govuk-notification-banner--success', { hasText: 'Share link made' }),
    );
    const shareUrl = await page.locator('a[data-share-link]').getAttribute('href');
    const phone = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${base}${shareUrl}`);
    expect(await phonePage.locator('.handout__name').allInnerTexts()).to.deep.equal([
      'Wednesday Tea, Cake & Chat',
      'Riverside Walking Group',
    ]);
    expect(await phonePage.getByRole('button', { name: 'Add these to your calendar' }).count()).to.equal(1);
    await phone.close();
  });

  it('passes axe on the shortlist, confirmation, handout, shared, expired and stopped handout pages', async () => {
    await page.goto(`${base}/shortlist`);
    const shareUrl = (await page.locator('a[data-share-link]').getAttribute('href'))!;
    // A second link, stopped from the shortlist page.
    await page.locator('li[data-activity-id=walk] textarea').fill('Tuesdays, or Thursdays if easier');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await shortlistShowing(page.locator('.govuk-notification-banner--success', { hasText: 'Notes saved' }));
    await page.getByRole('button', { name: 'Make a share link' }).click();
    await shortlistShowing(
      page.locator('.govuk-notification-banner--success', { hasText: 'Share link made' }),
    );
    const stopped = (await page.locator('a[data-share-link]').first().getAttribute('href'))!;
    expect(stopped).not.to.equal(shareUrl);
    await page
      .locator('li[data-shared-handout]')
      .first()
      .getByRole('button', { name: /^Stop this link/ })
      .click();
    await shortlistShowing(
      page.locator('.govuk-notification-banner--success', { hasText: 'The link has stopped working' }),
    );
    expect(await page.locator('a[data-share-link]').getAttribute('href')).to.equal(shareUrl);
    const longAgo = new Date(Date.now() - SHARE_LINK_LIFETIME_MS - 60_000);
    const expired = signToken(
      'shared-handout',
      '[]',
      testConfig().sessionSecret,
      SHARE_LINK_LIFETIME_MS,
      longAgo,
    );
    await expectAccessible([
      '/shortlist',
      '/shortlist/add?id=art',
      '/shortlist/handout',
      shareUrl,
      `/handout/${expired}`,
      stopped,
      '/activities/walk',
    ]);
  });

  it('shows stewards the reports with the gap map drawn by Leaflet, without CSP errors, and passes axe', async () => {
    const steward = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const stewardPage = await steward.newPage();
    const cspErrors: string[] = [];
    stewardPage.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await stewardPage.route(/tile\.openstreetmap\.org/, (route) => route.abort());
    await stewardPage.goto(`${base}/account/sign-in`);
    await stewardPage.getByLabel('Email address').fill('st@example.org');
    await stewardPage.getByLabel('Password', { exact: true }).fill('steward password');
    await stewardPage.getByRole('button', { name: 'Sign in' }).click();
    await stewardPage.waitForLoadState();
    await stewardPage.getByRole('link', { name: 'Reports' }).click();
    await stewardPage.waitForURL(/\/reports$/);
    await stewardPage.locator('#gap-map.map--ready path.leaflet-interactive').first().waitFor();
    expect(await stewardPage.locator('#gap-map path.leaflet-interactive').count()).to.equal(2);
    const violations = await axeViolations(stewardPage);
    expect(violations, `reports:\n${describeViolations(violations)}`).to.deep.equal([]);
    expect(cspErrors).to.deep.equal([]);
    await stewardPage.goto(`${base}/manage/referrals`);
    const referralViolations = await axeViolations(stewardPage);
    expect(referralViolations, `referrals:\n${describeViolations(referralViolations)}`).to.deep.equal([]);
    await steward.close();
  });
});
