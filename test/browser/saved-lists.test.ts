// Saved lists in Chromium on a 320 px wide screen with JavaScript off: a link worker saves the shortlist under a
// name, finds it again, sees what changed since, reopens it, renames it and deletes it. Every page: no sideways
// scroll, and no axe findings of any impact (axe runs in a second context with JavaScript, on the same session).
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { createStores } from '../../src/db/stores.js';
import { buildApp, serve } from '../support/app.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';
import { horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };
const EMAIL = 'saved.lists@example.org';
const PASSWORD = 'correct horse battery';

describe('saved lists at 320 px without JavaScript, with axe-core', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let checker: BrowserContext;
  let checkerPage: Page;
  const checked: string[] = [];

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    const created = await testAccounts(db).createAccount({
      email: EMAIL,
      password: PASSWORD,
      role: 'link_worker',
    });
    if (!created.ok) throw new Error('could not create the link worker');
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const follow = async (act: () => Promise<unknown>) => {
    await Promise.all([page.waitForEvent('load'), act()]);
  };

  /** The page as shown without JavaScript: no sideways scroll. Then axe on the same address and session. */
  async function checkPage(name: string) {
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 320 px`).to.equal(0);
    if (!checker) {
      checker = await browser.newContext({ viewport: PHONE });
      checkerPage = await checker.newPage();
    }
    await checker.clearCookies();
    await checker.addCookies(await context.cookies());
    const response = await checkerPage.goto(page.url());
    expect(response?.status(), name).to.be.lessThan(500);
    expect(
      await horizontalOverflow(checkerPage),
      `${name} scrolls sideways at 320 px with JavaScript`,
    ).to.equal(0);
    const violations = await axeViolations(checkerPage);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
    checked.push(name);
  }

  /** Error pages re-rendered after a POST have no address of their own: checked here, as shown. */
  async function checkShownPage(name: string) {
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 320 px`).to.equal(0);
    const html = await page.content();
    if (!checker) {
      checker = await browser.newContext({ viewport: PHONE });
      checkerPage = await checker.newPage();
    }
    // On the site's own address, so its stylesheets load as they did.
    await checkerPage.goto(`${base}/accessibility`);
    await checkerPage.setContent(html, { waitUntil: 'load' });
    const violations = await axeViolations(checkerPage);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
    checked.push(name);
  }

  it('saves the shortlist under a name, refusing a name that identifies someone', async () => {
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await follow(() => page.getByRole('button', { name: 'Sign in' }).click());

    for (const id of ['walk', 'tea']) {
      await page.goto(`${base}/shortlist/add?id=${id}`);
      await follow(() => page.getByRole('button', { name: 'Add to shortlist' }).click());
    }
    await page.goto(`${base}/shortlist`);
    await checkPage('the shortlist with "Save this list"');
    await follow(() => page.getByRole('button', { name: 'Save this list' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Save this list');
    await checkPage('the save page');

    await page.getByLabel('Name of the list').fill('Mr Jones 943 476 5919');
    await follow(() => page.getByRole('button', { name: 'Save list' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).to.contain(
      'looks like it contains an NHS number',
    );
    await checkShownPage('the save page with an error');

    await page.getByLabel('Name of the list').fill('Tues clinic 3');
    await follow(() => page.getByRole('button', { name: 'Save list' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Tues clinic 3');
    expect(await page.locator('.saved-list__item').count()).to.equal(2);
    await checkPage('a saved list');
  });

  it('lists the saved lists, tags what changed, reopens, renames and deletes after asking', async () => {
    // A listing changes and another closes for a while.
    const report = await importListings(
      createStores(db),
      convertHsdsDocument(
        [
          service({
            id: 'walk',
            name: 'Riverside Walking Group',
            at: EASTON,
            description: 'A new, longer route.',
          }),
          service({
            id: 'tea',
            name: 'Wednesday Tea, Cake & Chat',
            at: EASTON,
            status: 'temporarily closed',
          }),
        ],
        'fixtures',
      ),
      { source: 'test' },
    );
    expect(report.rejected).to.equal(0);

    await page.goto(`${base}/`);
    await follow(() =>
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Saved lists' }).click(),
    );
    expect(await page.locator('h1').innerText()).to.equal('Your saved lists');
    expect(await page.locator('#saved-lists').innerText()).to.contain(
      '2 changed or closed since you saved them',
    );
    await checkPage('your saved lists');

    await follow(() => page.getByRole('link', { name: 'Tues clinic 3' }).click());
    const tags = await page.locator('.saved-list__item .govuk-tag').allInnerTexts();
    expect(tags).to.deep.equal([
      'Changed since you saved it',
      'Temporarily closed',
      'Changed since you saved it',
    ]);
    await checkPage('a saved list with changes');

    await follow(() => page.getByRole('button', { name: 'Open as shortlist' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Shortlist');
    expect(await page.locator('.shortlist__item').count()).to.equal(2);

    await page.goto(`${base}/saved-lists`);
    await follow(() => page.getByRole('link', { name: 'Tues clinic 3' }).click());
    await follow(() => page.getByRole('link', { name: 'Rename this list' }).click());
    await checkPage('rename a list');
    await page.getByLabel('New name').fill('Thurs clinic 1');
    await follow(() => page.getByRole('button', { name: 'Save name' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Thurs clinic 1');

    await follow(() => page.getByRole('link', { name: 'Delete this list' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Delete “Thurs clinic 1”?');
    await checkPage('delete a list');
    await follow(() => page.getByRole('button', { name: 'Delete list' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Your saved lists');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain(
      'Deleted “Thurs clinic 1”',
    );
    await checkPage('no saved lists');
    expect(checked).to.have.length(9);
  });
});
