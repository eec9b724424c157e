// "Send it to the person" in Chromium on a 320 px wide screen with JavaScript off: a link worker sends the handout by
// text message from the shortlist and by email from the printable handout, after the form's errors; a visitor
// not signed in is told why there is no form; a steward sees the waiting text message in the mailbox. No
// NOTIFY_API_KEY here, so the text message waits. Every page: no sideways scroll, and no axe findings of any impact.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { buildApp, serve } from '../support/app.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';
import { horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };
const PASSWORD = 'correct horse battery';

describe('sending the handout at 320 px without JavaScript, with axe-core', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let checker: BrowserContext;
  let checkerPage: Page;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await db.query('TRUNCATE handout_message, shared_handout');
    await seedLinkWorkerListings(db);
    for (const [email, role] of [
      ['sender@example.org', 'link_worker'],
      ['mailbox@example.org', 'steward'],
    ] as const) {
      const created = await testAccounts(db).createAccount({ email, password: PASSWORD, role });
      if (!created.ok) throw new Error(`could not create ${email}`);
    }
    const config = testConfig({ ...process.env, NOTIFY_API_KEY: undefined, SMTP_URL: undefined });
    ({ server, base } = await serve(buildApp(db, config)));
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

  async function checkerTab() {
    if (!checker) {
      checker = await browser.newContext({ viewport: PHONE });
      checkerPage = await checker.newPage();
    }
    return checkerPage;
  }

  /** The page as shown without JavaScript: no sideways scroll. Then axe on the same address and session. */
  async function checkPage(name: string, on = page, from = context) {
    expect(await horizontalOverflow(on), `${name} scrolls sideways at 320 px`).to.equal(0);
    const check = await checkerTab();
    await checker.clearCookies();
    await checker.addCookies(await from.cookies());
    const response = await check.goto(on.url());
    expect(response?.status(), name).to.be.lessThan(500);
    expect(await horizontalOverflow(check), `${name} scrolls sideways at 320 px with JavaScript`).to.equal(0);
    const violations = await axeViolations(check);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  /** A page re-rendered after a POST (a form with errors) has no address of its own: checked as shown. */
  async function checkShownPage(name: string) {
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 320 px`).to.equal(0);
    const html = await page.content();
    const check = await checkerTab();
    await check.goto(`${base}/accessibility`);
    await check.setContent(html, { waitUntil: 'load' });
    const violations = await axeViolations(check);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  async function signIn(on: Page, email: string) {
    await on.goto(`${base}/account/sign-in`);
    await on.getByLabel('Email address').fill(email);
    await on.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([on.waitForEvent('load'), on.getByRole('button', { name: 'Sign in' }).click()]);
  }

  it('tells a visitor who is not signed in why there is no send form', async () => {
    const visitorContext = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${base}/shortlist/add?id=walk`);
    await Promise.all([
      visitor.waitForEvent('load'),
      visitor.getByRole('button', { name: 'Add to shortlist' }).click(),
    ]);
    await visitor.goto(`${base}/shortlist`);
    expect(await visitor.locator('.app-send-handout').innerText()).to.contain(
      'Link workers and stewards can send',
    );
    expect(await visitor.getByLabel('Email address or UK mobile number').count()).to.equal(0);
    await checkPage('the shortlist, not signed in', visitor, visitorContext);
    await visitorContext.close();
  });

  it('sends by text message from the shortlist, after showing the form’s errors', async () => {
    await signIn(page, 'sender@example.org');
    for (const id of ['walk', 'tea']) {
      await page.goto(`${base}/shortlist/add?id=${id}`);
      await follow(() => page.getByRole('button', { name: 'Add to shortlist' }).click());
    }
    await page.goto(`${base}/shortlist`);
    await checkPage('the shortlist with the send form');

    await page.getByLabel('Email address or UK mobile number').fill('0117 496 0000');
    await follow(() => page.getByRole('button', { name: 'Send the handout' }).click());
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText())
      .to.contain('Enter a mobile number')
      .and.contain('has agreed to receive this');
    expect(await page.title()).to.match(/^Error: Shortlist/);
    await checkShownPage('the shortlist with the send form’s errors');

    await page.getByLabel('Email address or UK mobile number').fill('07700 900982');
    await page.getByLabel('The person has agreed to receive this').check();
    await follow(() => page.getByRole('button', { name: 'Send the handout' }).click());
    expect(new URL(page.url()).pathname).to.equal('/shortlist');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain(
      'Text message to 07*** ***982 is waiting',
    );
    await checkPage('the shortlist after sending');
  });

  it('sends by email from the printable handout', async () => {
    await page.goto(`${base}/shortlist/handout`);
    await checkPage('the handout with the send form');
    await page.getByLabel('Email address or UK mobile number').fill('someone@example.org');
    await follow(() => page.getByRole('button', { name: 'Send the handout' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).to.contain('has agreed to receive this');
    await checkShownPage('the handout with the send form’s errors');
    await page.getByLabel('The person has agreed to receive this').check();
    await follow(() => page.getByRole('button', { name: 'Send the handout' }).click());
    expect(new URL(page.url()).pathname).to.equal('/shortlist/handout');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain(
      'Email to s***@example.org is waiting',
    );
    await checkPage('the handout after sending');
  });

  it('shows the waiting text message to a steward in the mailbox, number shortened', async () => {
    const stewardContext = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const steward = await stewardContext.newPage();
    await signIn(steward, 'mailbox@example.org');
    await steward.goto(`${base}/steward/mailbox`);
    const texts = steward.locator('section[aria-label^="Text message"]');
    expect(await texts.count()).to.equal(1);
    expect(await texts.innerText())
      .to.contain('07*** ***982')
      .and.contain('waiting');
    expect(await steward.content()).not.to.contain('900982');
    await checkPage('the stewards’ mailbox with a text message', steward, stewardContext);
    await stewardContext.close();
  });
});
