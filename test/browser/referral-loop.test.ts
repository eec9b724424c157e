// The referral loop in Chromium on a 320 px wide screen with JavaScript off: an organiser opts the group in, a
// link worker refers someone, the organiser marks them joined, and the link worker sees "Joined". Every page: no
// sideways scroll, and no axe findings of any impact (axe runs in a second context with JavaScript, same session).
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { buildApp, serve } from '../support/app.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';
import { horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };
const PASSWORD = 'correct horse battery';
const LINK_WORKER = 'refer.lw@example.org';
const ORGANISER = 'refer.org@example.org';

describe('the referral loop at 320 px without JavaScript, with axe-core', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let checker: BrowserContext;
  let checkerPage: Page;
  const people: Record<string, { context: BrowserContext; page: Page }> = {};
  const checked: string[] = [];

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await db.query('TRUNCATE referral_request, referral_setting');
    await seedLinkWorkerListings(db);
    const accounts = testAccounts(db);
    const lw = await accounts.createAccount({ email: LINK_WORKER, password: PASSWORD, role: 'link_worker' });
    const org = await accounts.createAccount({ email: ORGANISER, password: PASSWORD, role: 'organiser' });
    if (!lw.ok || !org.ok) throw new Error('could not create the accounts');
    await addMember(db, org.user.id, 'org-walk');
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
    checker = await browser.newContext({ viewport: PHONE });
    checkerPage = await checker.newPage();
    for (const [who, email] of [
      ['linkWorker', LINK_WORKER],
      ['organiser', ORGANISER],
    ]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      people[who] = { context, page };
      await page.goto(`${base}/account/sign-in`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    }
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function follow(page: Page, act: () => Promise<unknown>) {
    await Promise.all([page.waitForEvent('load'), act()]);
  }

  /** The page as shown without JavaScript: no sideways scroll. Then axe on the same address and session. */
  async function checkPage(who: string, name: string) {
    const { context, page } = people[who];
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 320 px`).to.equal(0);
    await checker.clearCookies();
    await checker.addCookies(await context.cookies());
    const response = await checkerPage.goto(page.url());
    expect(response?.status(), name).to.be.lessThan(400);
    expect(await horizontalOverflow(checkerPage), `${name} scrolls sideways with JavaScript`).to.equal(0);
    const violations = await axeViolations(checkerPage);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
    checked.push(name);
  }

  /** A page re-rendered after a POST (an error) has no address of its own: checked as shown. */
  async function checkShownPage(who: string, name: string) {
    const { page } = people[who];
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 320 px`).to.equal(0);
    const html = await page.content();
    await checkerPage.goto(`${base}/accessibility`);
    await checkerPage.setContent(html, { waitUntil: 'load' });
    const violations = await axeViolations(checkerPage);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
    checked.push(name);
  }

  it('the organiser opts the group in to referrals', async () => {
    const { page } = people.organiser;
    await page.goto(`${base}/manage`);
    await follow(page, () => page.getByRole('link', { name: 'Referral requests from link workers' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Referral requests');
    await checkPage('organiser', 'the empty referral inbox');
    await follow(page, () => page.getByRole('link', { name: /Referral settings for/ }).click());
    await checkPage('organiser', 'the referral settings page');
    await page.getByLabel('Yes, link workers can send us referrals').check();
    await page.getByLabel('Email address to tell of new referrals').fill('');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).to.contain('Enter the email address');
    await checkShownPage('organiser', 'the referral settings page with an error');
    await page.getByLabel('Email address to tell of new referrals').fill('walkers@example.org');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain(
      'link workers can now send',
    );
  });

  it('the link worker refers someone, with their consent', async () => {
    const { page } = people.linkWorker;
    await page.goto(`${base}/activities/walk`);
    await checkPage('linkWorker', 'the activity page with "Refer someone"');
    await follow(page, () => page.getByRole('link', { name: 'Refer someone to this activity' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Someone would like to come');
    await checkPage('linkWorker', 'the referral form');
    await follow(page, () => page.getByRole('button', { name: 'Send request' }).click());
    expect(await page.locator('.govuk-error-summary a').allInnerTexts()).to.have.length(3);
    await checkShownPage('linkWorker', 'the referral form with errors');
    await page.getByLabel('The person’s first name').fill('Margaret');
    await page.getByLabel('Text message').check();
    await page.getByLabel('Their phone number or email address').fill('07700 900982');
    await page.getByLabel('Support they need to attend (optional)').fill('Someone to meet her at the door');
    await page.getByLabel('The person has agreed').check();
    await follow(page, () => page.getByRole('button', { name: 'Send request' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Referral to Riverside Walking Group');
    expect(await page.locator('[data-field=status]').innerText()).to.equal('New');
    expect(await page.locator('[data-field=snomed]').innerText()).to.equal('871731000000106');
    await checkPage('linkWorker', 'the sent referral');
  });

  it('the organiser sees the request and marks the person joined', async () => {
    const { page } = people.organiser;
    await page.goto(`${base}/manage/referrals/inbox`);
    expect(await page.locator('tbody .govuk-tag').innerText()).to.equal('New');
    await checkPage('organiser', 'the referral inbox with a new request');
    await follow(page, () => page.locator('#referral-inbox tbody a').first().click());
    expect(await page.locator('[data-field=firstName]').innerText()).to.equal('Margaret');
    await checkPage('organiser', 'a referral request for the group');
    await page.getByRole('radio', { name: 'Not suitable' }).check();
    await follow(page, () => page.getByRole('button', { name: 'Save status' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).to.contain('Give the reason');
    await checkShownPage('organiser', 'a referral request with an error');
    await page.getByRole('radio', { name: 'Joined' }).check();
    await follow(page, () => page.getByRole('button', { name: 'Save status' }).click());
    expect(await page.locator('[data-field=status]').innerText()).to.equal('Joined');
    await checkPage('organiser', 'a referral request marked joined');
  });

  it('the link worker sees "Joined" on Your referrals', async () => {
    const { page } = people.linkWorker;
    await page.goto(`${base}/activities/walk`);
    await follow(page, () =>
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Your referrals' }).click(),
    );
    expect(await page.locator('h1').innerText()).to.equal('Your referrals');
    expect(await page.locator('tbody .govuk-tag').innerText()).to.equal('Joined');
    await checkPage('linkWorker', 'Your referrals');
    expect(checked).to.have.length(12);
  });
});
