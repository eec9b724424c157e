import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { signToken } from '../../src/domain/signed-token.js';
import { nextWeekday } from '../support/activity-form.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { describeViolations, launchBrowser, axeViolations } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

describe('community group journey in Chromium: register, list, approve, search, cancel; XSS and axe', function () {
  this.timeout(180000);
  let db: DataSource;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const first = nextWeekday(2);
  const week = (n: number) => DateTime.fromISO(first).plus({ weeks: n }).toISODate()!;
  const name = `Knit and Natter ${XSS}`;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [
      { kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON },
      { kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON },
    ]);
    const accounts = testAccounts(db);
    await accounts.createAccount({
      email: 'steward@example.org',
      password: 'steward password',
      role: 'steward',
      trusted: true,
    });
    server = buildApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** axe-core finds nothing serious, and no injected markup ran or even became an element. */
  async function checkPage(what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
    const injected = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      images: document.querySelectorAll('img[src="x"]').length,
      scripts: Array.from(document.querySelectorAll('script')).filter((s) => s.textContent?.includes('__xss'))
        .length,
    }));
    expect(injected, `${what}: injected markup`).to.deep.equal({ xss: undefined, images: 0, scripts: 0 });
  }

  /** Presses a link or button and waits for the page it leads to (axe must not look at the page being left). */
  async function follow(control: Locator) {
    await Promise.all([page.waitForEvent('load'), control.click()]);
  }

  async function signIn(email: string, password: string) {
    await page.goto(`${base}/account/sign-in`);
    await checkPage('sign-in page');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await follow(page.getByRole('button', { name: 'Sign in' }));
  }

  async function signOut() {
    await page.goto(`${base}/account`);
    await checkPage('account page');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/`);
  }

  async function resultIds(date: string): Promise<string[]> {
    await page.goto(`${base}/search?q=knit&from=${date}&to=${date}`);
    await checkPage(`search results for ${date}`);
    return page
      .locator('[data-activity-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-activity-id')!));
  }

  let serviceId: string;

  it('registers, with an accessible error summary first', async () => {
    await page.goto(`${base}/account/register`);
    await checkPage('register page');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkPage('register page with errors');
    await page.getByRole('link', { name: 'Enter your email address' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('field-email');
    await page.getByLabel('Email address').fill('jan@example.org');
    await page.getByLabel('Password', { exact: true }).fill('tuesday knit and natter');
    await page.getByLabel('Type the password again').fill('tuesday knit and natter');
    await page.getByLabel('Your group or organisation (optional)').fill(`Easton Knitters ${XSS}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForSelector('h1:has-text("Check your email")');
    await checkPage('check your email');
    // Signed in before confirming: the listings page says to confirm the address, with a button to resend.
    await signIn('jan@example.org', 'tuesday knit and natter');
    await page.waitForURL(`${base}/manage`);
    await checkPage('your listings, address not confirmed');
    expect(await page.locator('#field-confirm-email').innerText()).to.contain('Send the link again');
    // As a person would: the link from the mail (the development mailbox), then the button.
    const [mail] = await recentMail(db, 1);
    expect(mail.subject).to.equal('Confirm your email address');
    const confirmLink = /http:\/\/[^/]+(\/account\/confirm-email\/[\w.-]+)/.exec(mail.body)![1];
    await page.goto(`${base}${confirmLink}`);
    await checkPage('confirm your email address');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.waitForURL(`${base}/manage`);
    await checkPage('your listings');
    expect(await page.locator('#field-confirm-email').count()).to.equal(0);
    await follow(page.getByRole('link', { name: /Easton Knitters/ }));
    await checkPage('organisation page');
  });

  it('creates a fortnightly activity with XSS payloads in every text field; errors lose nothing', async () => {
    await follow(page.getByRole('button', { name: 'Add an activity' }));
    await checkPage('activity editor');
    await page.fill('#field-name', name);
    await page.fill('#field-description', `Bring your knitting. ${XSS}\n\n- Tea ${XSS}\n- Wool`);
    await page.check('#needs-loneliness');
    await page.check('#needs-arts-creativity');
    await page.check('#newcomer-someone-will-meet-you');
    // Each choice's questions are revealed as it is chosen; answers under another choice are kept but not used.
    await page.check('#whereKind-area');
    await page.fill('#field-areaName', `Area ${XSS}`);
    await page.check('#whereKind-venue');
    await page.fill('#field-venueName', `Easton Centre ${XSS}`);
    await page.fill('#field-address1', `Kilburn Street ${XSS}`);
    await page.fill('#field-town', `Bristol ${XSS}`);
    await page.fill('#field-postcode', '<b>x</b>');
    await page.fill('#field-accessibility', `Step-free ${XSS}`);
    await page.check('#pattern-dates');
    await page.fill('#field-dates', XSS);
    await page.check('#pattern-fortnightly');
    await page.selectOption('#field-day', 'TU');
    const firstDay = DateTime.fromISO(first);
    await page.fill('#field-firstDate-day', String(firstDay.day));
    await page.fill('#field-firstDate-month', String(firstDay.month));
    await page.fill('#field-firstDate-year', String(firstDay.year));
    await page.fill('#field-opensAt', '10:00');
    await page.fill('#field-closesAt', '12:00');
    await page.check('#costKind-paid');
    await page.fill('#field-costAmount', '2');
    await page.fill('#field-costDescription', `Concessions ${XSS}`);
    await page.check('#capacity-spaces');
    await page.fill('#field-howToJoin', `Just turn up ${XSS}`);
    await page.fill('#field-bookingUrl', `https://example.org/book?x="><script>window.__xss=3</script>`);
    await page.fill('#field-contactName', `Jan ${XSS}`);
    await page.fill('#field-contactEmail', 'jan@example.org');
    await page.fill('#field-contactPhone', '0117 496 0000');
    await page.getByRole('button', { name: 'Send for publishing' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkPage('activity editor with errors');
    expect(await page.locator('.govuk-error-summary a').allInnerTexts()).to.deep.equal([
      'Enter a full UK postcode, like BS5 6XX',
    ]);
    expect(await page.inputValue('#field-name')).to.equal(name);
    expect(await page.inputValue('#field-description')).to.contain(`- Tea ${XSS}`);
    expect(await page.isChecked('#pattern-fortnightly')).to.equal(true);
    expect(await page.isChecked('#newcomer-someone-will-meet-you')).to.equal(true);

    await page.fill('#field-postcode', 'BS5 6AW');
    await page.getByRole('button', { name: 'Preview the dates' }).click();
    await page.waitForSelector('.preview-dates');
    await checkPage('activity editor with preview');
    const previewed = await page.locator('.preview-dates .next-dates li').allInnerTexts();
    expect(previewed[1]).to.contain(DateTime.fromISO(week(2)).toFormat('cccc d MMMM'));

    await page.getByRole('button', { name: 'Send for publishing' }).click();
    await page.waitForURL(/\/manage\/drafts\/\d+$/);
    await checkPage('draft page');
    expect(await page.locator('main').innerText()).to.contain('Waiting for a steward');
    const [row] = (await db.query(`SELECT service_id FROM listing_draft`)) as { service_id: string }[];
    serviceId = row.service_id;
    expect(await resultIds(first)).to.deep.equal([]);
    await signOut();
  });

  it('a steward approves it from the queue', async () => {
    await signIn('steward@example.org', 'steward password');
    await page.waitForURL(`${base}/steward`);
    await checkPage('review queue');
    await follow(page.locator('#drafts-table a').first());
    await checkPage('draft review');
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.waitForURL(`${base}/steward`);
    await checkPage('review queue after approval');
    await page.goto(`${base}/steward/audit`);
    await checkPage('audit log');
    await page.goto(`${base}/steward/mailbox`);
    await checkPage('mailbox');
    await signOut();
  });

  it('appears in search on the right dates only, and its page is inert', async () => {
    expect(await resultIds(first)).to.deep.equal([serviceId]);
    expect(await resultIds(week(1))).to.deep.equal([]);
    expect(await resultIds(week(2))).to.deep.equal([serviceId]);
    await page.goto(`${base}/activities/${encodeURIComponent(serviceId)}`);
    await checkPage('activity page');
    expect(await page.locator('h1').innerText()).to.equal(name);
    await follow(page.getByRole('link', { name: 'Report a problem with this listing' }));
    await checkPage('report a problem');
    await page.getByLabel('What is wrong?').fill(`It moved ${XSS}`);
    await follow(page.getByRole('button', { name: 'Send report' }));
    await checkPage('report sent');
  });

  it('the organiser cancels one date: it disappears from that date’s results', async () => {
    await signIn('jan@example.org', 'tuesday knit and natter');
    await page.goto(`${base}/manage/activities/${encodeURIComponent(serviceId)}`);
    await checkPage('manage activity');
    await page.selectOption('#field-date', week(2));
    await page.getByLabel('Reason').fill(`Half-term ${XSS}`);
    await page.getByRole('button', { name: 'Cancel this session' }).click();
    await page.waitForSelector('.govuk-notification-banner--success');
    await checkPage('manage activity after cancelling');
    await follow(page.getByRole('button', { name: 'Change the details' }));
    await checkPage('activity editor for an edit');
    expect(await resultIds(week(2))).to.deep.equal([]);
    expect(await resultIds(first)).to.deep.equal([serviceId]);
    await page.goto(`${base}/activities/${encodeURIComponent(serviceId)}`);
    expect(await page.locator('.cancellations').innerText()).to.contain(`Half-term ${XSS}`);
    await checkPage('activity page with a cancellation');
    await page.goto(`${base}/manage/claim?q=knit`);
    await checkPage('claim page');
    await page.goto(`${base}/account/forgot-password`);
    await checkPage('forgot password');
    await page.getByLabel('Email address').fill('jan@example.org');
    await follow(page.getByRole('button', { name: 'Send the link' }));
    await checkPage('reset link sent');
    const [mail] = await recentMail(db, 1);
    const resetLink = /http:\/\/[^/]+(\/account\/reset-password\/[\w.-]+)/.exec(mail.body)![1];
    await page.goto(`${base}${resetLink}`);
    await checkPage('choose a new password');
    const stillAccurate = signToken('still-accurate', serviceId, testConfig().sessionSecret, 60_000);
    // Opening the e-mailed link in a browser is the one click; the page offers an undo.
    await page.goto(`${base}/still-accurate/${stillAccurate}`);
    await checkPage('still accurate confirmed by opening the link');
    expect(await page.locator('h1').innerText()).to.equal('Thank you');
    await follow(page.getByRole('button', { name: 'Undo: it is not checked' }));
    await checkPage('still accurate undone');
    await follow(page.getByRole('button', { name: 'Yes, it is still accurate' }));
    await checkPage('still accurate confirmed again');
    expect(await page.locator('h1').innerText()).to.equal('Thank you');
    await signOut();
  });

  it('the steward sees the report inertly', async () => {
    await signIn('steward@example.org', 'steward password');
    await checkPage('review queue with a report');
    expect(await page.locator('[data-problem-report]').first().innerText()).to.contain(`It moved ${XSS}`);
  });

  it('raised no script errors', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
