// The activity editor on a phone in Chromium: at 320 and 375 px nothing scrolls the page sideways and axe-core finds
// nothing of any impact; with JavaScript each radio's questions are revealed as it is chosen; without JavaScript a
// button posts the form back to show them, and a fortnightly listing with an extra date is sent all the same.
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { createOrganization } from '../../src/db/organization-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { nextWeekday } from '../support/activity-form.js';
import { resetAccounts, testAccounts } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';
import { horizontalOverflow } from '../support/page-checks.js';

const PASSWORD = 'tuesday knit and natter';
const SCREENS = '/tmp/screens';

describe('the activity editor on a phone: reveals, no sideways scroll, axe, and the same journey without JavaScript', function () {
  this.timeout(180000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let newActivity: string;
  const pageErrors: string[] = [];
  const first = DateTime.fromISO(nextWeekday(2));
  const extra = first.plus({ days: 10 }); // a Friday between sessions

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
    const orgId = (await createOrganization(db, 'Easton Knitters')).id;
    const created = await testAccounts(db).createAccount({
      email: 'jan@example.org',
      password: PASSWORD,
      role: 'organiser',
    });
    if (!created.ok) throw new Error('could not create the organiser');
    await addMember(db, created.user.id, orgId);
    newActivity = `/manage/organisations/${orgId}/activities/new`;
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
    mkdirSync(SCREENS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  const signedInPage = async (width: number, javaScriptEnabled = true) => {
    const page = await openPage(browser, { viewport: { width, height: 800 }, javaScriptEnabled });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill('jan@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  };

  const press = async (page: Page, name: string) => {
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).first().click()]);
  };

  /**
   * No sideways scroll, and nothing at all from axe. axe runs as a script, so a page shown without JavaScript is
   * checked as its very markup served at the same address to a page with JavaScript, with the site's own script
   * (design-system.js) refused.
   */
  const checkPage = async (page: Page, what: string) => {
    expect(await horizontalOverflow(page), `${what} scrolls sideways`).to.equal(0);
    let checked = page;
    if (!(await page.evaluate(() => document.body.classList.contains('js-enabled')))) {
      const html = await page.content();
      checked = await openPage(browser, { viewport: page.viewportSize()! });
      await checked.route(/design-system\.js$/, (route) => route.abort());
      await checked.route(page.url(), (route) => route.fulfill({ body: html, contentType: 'text/html' }));
      await checked.goto(page.url());
    }
    const violations = await axeViolations(checked);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
    if (checked !== page) await checked.context().close();
  };

  const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);
  const visible = (page: Page, selector: string) => page.locator(selector).isVisible();

  for (const width of [320, 375]) {
    it(`at ${width} px: no sideways scroll and no axe findings, with and without JavaScript, with errors too`, async () => {
      for (const javaScript of [true, false]) {
        const page = await signedInPage(width, javaScript);
        const state = `${width} px, JavaScript ${javaScript ? 'on' : 'off'}`;
        await page.goto(`${base}${newActivity}`);
        await checkPage(page, `new activity, ${state}`);
        if (javaScript) {
          // Every part revealed in turn is checked as well.
          for (const radio of [
            '#whereKind-area',
            '#pattern-fortnightly',
            '#pattern-monthly',
            '#costKind-paid',
          ])
            await page.check(radio);
          await checkPage(page, `new activity with parts revealed, ${state}`);
        }
        await press(page, 'Preview the dates');
        await checkPage(page, `editor with errors, ${state}`);
        await page.close();
      }
    });
  }

  it('with JavaScript, each radio reveals its own questions, and the page is far shorter at 375 px', async () => {
    const page = await signedInPage(375);
    await page.goto(`${base}${newActivity}`);
    // The server's button is for pages without JavaScript.
    expect(await page.locator('button[value=reveal]').count()).to.equal(0);
    expect(await visible(page, '#field-postcode')).to.equal(true);
    expect(await visible(page, '#field-onlineUrl')).to.equal(false);
    expect(await visible(page, '#days-MO')).to.equal(true);
    expect(await visible(page, '#field-firstDate-day')).to.equal(false);
    expect(await visible(page, '#field-costAmount')).to.equal(false);
    const shown = await height(page);
    await page.screenshot({ path: `${SCREENS}/activity-editor-375.png`, fullPage: true });

    await page.check('#whereKind-online');
    expect(await visible(page, '#field-onlineUrl')).to.equal(true);
    expect(await visible(page, '#field-postcode')).to.equal(false);
    await page.check('#pattern-fortnightly');
    expect(await visible(page, '#field-day')).to.equal(true);
    expect(await visible(page, '#field-firstDate-day')).to.equal(true);
    expect(await visible(page, '#days-MO')).to.equal(false);
    await page.check('#pattern-monthly');
    expect(await visible(page, '#field-weekOfMonth')).to.equal(true);
    expect(await visible(page, '#field-monthDay')).to.equal(true);
    expect(await visible(page, '#field-day')).to.equal(false);
    await page.check('#pattern-dates');
    expect(await visible(page, '#field-dates')).to.equal(true);
    await page.check('#costKind-paid');
    expect(await visible(page, '#field-costAmount')).to.equal(true);
    // No radio is left marked aria-expanded, which ARIA does not allow on a radio.
    expect(await page.locator('input[type=radio][aria-expanded]').count()).to.equal(0);
    expect(await page.locator('input[type=radio][aria-controls]').count()).to.equal(8);

    // Every part shown at once, as the page used to show them.
    const everything = await page.evaluate(() => {
      document.querySelector('#editor-dates')!.setAttribute('open', '');
      document.querySelectorAll('.govuk-radios__conditional').forEach((part) => {
        part.classList.remove('govuk-radios__conditional--hidden');
        part.removeAttribute('hidden');
      });
      return document.documentElement.scrollHeight;
    });
    console.log(
      `      editor height at 375 px: ${shown} px as first shown; ${everything} px with every part shown`,
    );
    expect(shown).to.be.lessThan(everything - 1000);
    await page.close();
  });

  it('without JavaScript, completes a fortnightly listing with an extra date through the server round trip', async () => {
    const page = await signedInPage(375, false);
    await page.goto(`${base}${newActivity}`);
    const before = await height(page);
    expect(await visible(page, '#field-firstDate-day')).to.equal(false);
    await page.getByLabel('Name of the activity').fill('Knit and Natter');
    await page.getByLabel('Description').fill('Bring your knitting, or learn.');
    await page.getByLabel('Venue name').fill('Easton Community Centre');
    await page.getByLabel('Postcode').fill('BS5 6AW');
    await page.check('#pattern-fortnightly');
    await page.getByLabel('Start time').fill('1000');
    await page.getByLabel('End time').fill('12:00');
    // The optional dates are folded away in the design system's details, which opens without JavaScript too.
    await page.getByText('Add a first date, a last date or extra dates (optional)').click();
    await page.getByLabel('Extra dates').fill(extra.toFormat('d/M/yyyy'));
    // The questions for "every other week" come with the form posted back; everything typed stays.
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('button[value=reveal][formaction$="#when"]').click(),
    ]);
    // Back at the question just answered, not the top of a long page.
    expect(new URL(page.url()).hash).to.equal('#when');
    expect(
      await page.locator('#when').evaluate((h) => Math.abs(h.getBoundingClientRect().top) < 10),
    ).to.equal(true);
    await checkPage(page, 'editor after showing the questions, without JavaScript');
    expect(await visible(page, '#field-firstDate-day')).to.equal(true);
    expect(await visible(page, '#days-MO')).to.equal(false);
    expect(await page.inputValue('#field-name')).to.equal('Knit and Natter');
    expect(await page.inputValue('#field-extraDates')).to.equal(extra.toFormat('d/M/yyyy'));
    expect(await page.inputValue('#field-opensAt')).to.equal('1000');
    expect(await page.locator('.govuk-error-summary').count()).to.equal(0);
    await page.selectOption('#field-day', 'TU');
    await page.fill('#field-firstDate-day', String(first.day));
    await page.fill('#field-firstDate-month', String(first.month));
    await page.fill('#field-firstDate-year', String(first.year));

    await press(page, 'Preview the dates');
    await checkPage(page, 'preview without JavaScript');
    const wording = await page.locator('.preview-dates strong').allInnerTexts();
    expect(wording).to.deep.equal([
      'Every other Tuesday, 10:00–12:00',
      `Also on ${extra.toFormat('cccc d MMMM yyyy')}, 10:00–12:00`,
    ]);
    const previewed = await page.locator('.preview-dates .next-dates li').allInnerTexts();
    expect(previewed[1]).to.contain(extra.toFormat('cccc d MMMM'));
    expect(previewed[2]).to.contain(first.plus({ weeks: 2 }).toFormat('cccc d MMMM'));

    await press(page, 'Send for publishing');
    expect(new URL(page.url()).pathname).to.match(/^\/manage\/drafts\/\d+$/);
    const [draft] = (await db.query(`SELECT document->'schedules' AS schedules FROM listing_draft`)) as {
      schedules: { freq: string | null; dtstart: string }[];
    }[];
    expect(draft.schedules.map((s) => [s.freq, s.dtstart])).to.deep.equal([
      ['WEEKLY', first.toISODate()],
      [null, extra.toISODate()],
    ]);
    console.log(`      editor height at 375 px without JavaScript: ${before} px as first shown`);
    await page.close();
  });
});
