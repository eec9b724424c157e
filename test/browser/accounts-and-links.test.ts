// Accounts and one-time links in Chromium on a 320 px wide screen: a used password reset link and a used "still
// accurate" link say so when opened (no sideways scroll, no axe findings of any impact), each role lands on its own
// page after signing in, and the home page's way in for group organisers.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/domain/signed-token.js';
import { mailedLink } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { testDatabase } from '../support/database.js';
import { seedListingDueForReview } from '../support/freshness.js';
import { horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };
const PASSWORD = 'correct horse battery';
const ORGANISER = 'walk@example.org';
const LINK_WORKER = 'link.worker@example.org';
const STEWARD = 'steward@example.org';
/** An organiser who forgot their password (its own account, so the other checks keep theirs). */
const FORGETFUL = 'forgetful@example.org';

describe('accounts and one-time links at 320 px: used links say so, each role lands on its page', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    db = await testDatabase();
    const accounts = await seedListingDueForReview(db);
    for (const [email, role] of [
      [LINK_WORKER, 'link_worker'],
      [STEWARD, 'steward'],
      [FORGETFUL, 'organiser'],
    ] as const) {
      const created = await accounts.createAccount({ email, password: PASSWORD, role });
      if (!created.ok) throw new Error(`could not create ${email}`);
    }
    ({ server, base } = await serve(buildApp(db)));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  afterEach(async () => {
    await db.query(`DELETE FROM rate_limit`);
    expect(pageErrors).to.deep.equal([]);
  });

  const phonePage = async () => {
    const page = await openPage(browser, { viewport: PHONE });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  };

  const follow = async (page: Page, act: () => Promise<unknown>) => {
    await Promise.all([page.waitForEvent('load'), act()]);
  };

  /** No sideways scroll at 320 px and nothing at all from axe. */
  const checkPage = async (page: Page, name: string) => {
    expect(await horizontalOverflow(page), `${name} scrolls sideways`).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, `${name}:\n${describeViolations(violations)}`).to.deep.equal([]);
  };

  const heading = (page: Page) => page.locator('h1').innerText();

  const signIn = async (page: Page, email: string, password = PASSWORD) => {
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  };

  it('a used password reset link says it was used, when, and leads to a new link', async () => {
    const page = await phonePage();
    await page.goto(`${base}/account/forgot-password`);
    await page.getByLabel('Email address').fill(FORGETFUL);
    await follow(page, () => page.getByRole('button', { name: 'Send the link' }).click());
    const link = await mailedLink(db, FORGETFUL, '/account/reset-password/');

    await page.goto(`${base}${link}`);
    expect(await heading(page)).to.equal('Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill('a new walking password');
    await page.getByLabel('Type the new password again').fill('a new walking password');
    await follow(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(new URL(page.url()).pathname).to.equal('/account');

    // Opened again, from the same email.
    await page.goto(`${base}${link}`);
    expect(await heading(page)).to.equal('This link has already been used');
    expect(await page.locator('main').innerText()).to.match(
      /It was used at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} \w+ \d{4}/,
    );
    expect(await page.locator('input[type=password]').count()).to.equal(0);
    await checkPage(page, 'used reset link');
    await follow(page, () => page.getByRole('button', { name: 'Ask for a new link' }).click());
    expect(new URL(page.url()).pathname).to.equal('/account/forgot-password');
    await page.context().close();
  });

  it('a used "still accurate" link says it was used, when and what it did, with the undo while it works', async () => {
    const page = await phonePage();
    const link = `${base}/still-accurate/${signToken('still-accurate', 'due', testConfig().sessionSecret, 3600_000)}`;
    // Opening it in a browser is the one click.
    await page.goto(link);
    expect(await heading(page)).to.equal('Thank you');

    await page.goto(link);
    expect(await heading(page)).to.equal('This link has already been used');
    expect(await page.locator('main').innerText()).to.match(
      /It was used at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} \w+ \d{4} to mark Due Walking Group as checked on/,
    );
    await checkPage(page, 'used still-accurate link');

    await follow(page, () => page.getByRole('button', { name: 'Undo: it is not checked' }).click());
    await page.goto(link);
    expect(await heading(page)).to.equal('Is Due Walking Group still accurate?');
    expect(await page.locator('main').innerText()).to.match(/and that was undone at/);
    await checkPage(page, 'used and undone still-accurate link');
    await page.context().close();
  });

  it('after signing in, a link worker lands on search, an organiser on their listings, a steward on the queue', async () => {
    const landings: [string, string, string][] = [
      [LINK_WORKER, '/search', 'link worker'],
      [ORGANISER, '/manage', 'organiser'],
      [STEWARD, '/steward', 'steward'],
    ];
    for (const [email, path, who] of landings) {
      const page = await phonePage();
      await signIn(page, email, email === ORGANISER ? 'organiser password' : PASSWORD);
      expect(new URL(page.url()).pathname, who).to.equal(path);
      expect(await horizontalOverflow(page), `${who}'s landing page scrolls sideways`).to.equal(0);
      await page.context().close();
    }
  });

  it('the home page offers "List your group" below the search, to registration or to the organiser\'s listings', async () => {
    const visitor = await phonePage();
    await visitor.goto(`${base}/`);
    const section = visitor.locator('#list-your-group');
    expect(await section.getByRole('heading').innerText()).to.equal('List your group');
    const searchBox = await visitor.getByLabel('What are you looking for?').boundingBox();
    expect((await section.boundingBox())!.y).to.be.greaterThan(searchBox!.y);
    await checkPage(visitor, 'home page, signed out');
    await follow(visitor, () =>
      section.getByRole('link', { name: 'Create an account to list your group' }).click(),
    );
    expect(new URL(visitor.url()).pathname).to.equal('/account/register');
    await visitor.context().close();

    const organiser = await phonePage();
    await signIn(organiser, ORGANISER, 'organiser password');
    await organiser.goto(`${base}/`);
    await checkPage(organiser, 'home page, organiser');
    await follow(organiser, () =>
      organiser.locator('#list-your-group').getByRole('link', { name: 'Go to your listings' }).click(),
    );
    expect(new URL(organiser.url()).pathname).to.equal('/manage');
    await organiser.context().close();
  });
});
