// Every steward page on a phone (320 and 375 px): nothing scrolls the page sideways, axe-core finds nothing of any
// impact, states are plain words, and a proposed change reads as labelled fields, old → new. The organiser's pages
// for finding their group and asking for a new one are checked the same way. Screenshots at 375 px of the queue and
// of a comparison are kept in /tmp/screens/ to look at.
import { expect } from 'chai';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createOrganization } from '../../src/db/organization-store.js';
import { knitForm } from '../support/activity-form.js';
import { csrfToken, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { knownOn, rawRecords, sidewaysPanes } from '../support/known-issues.js';
import { horizontalOverflow } from '../support/page-checks.js';

const WIDTHS = [320, 375];
const PASSWORD = 'correct horse battery';
const SCREENS = '/tmp/screens';

describe('steward pages at 320 and 375 px: no sideways scroll, no axe findings, readable comparisons', function () {
  this.timeout(180000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  const pageErrors: string[] = [];
  const ids = { edit: '', fresh: '', profile: '', organisation: '' };

  /** Posts a form as a signed-in user, with the CSRF token of the page the form is on. */
  const post = async (
    agent: Agent,
    path: string,
    fields: Record<string, string | string[]>,
    formPage = path,
  ) => {
    const res = await agent
      .post(path)
      .type('form')
      .send({ _csrf: await csrfToken(agent, formPage), ...fields });
    expect(res.status, `POST ${path}`).to.equal(302);
  };

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    const app = buildApp(db);
    const orgId = (await createOrganization(db, 'Easton Knitters')).id;
    const { agent: organiser } = await signedInAgent(app, db, {
      email: 'jan.organiser.with.a.long.address@example.org',
      organizationIds: ['riverside', orgId],
    });
    await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward', password: PASSWORD });
    const { agent: newcomer } = await signedInAgent(app, db, {
      email: 'ali@example.net',
      password: PASSWORD,
    });

    // An edit of the imported walk, a new activity, a profile change and a new organisation, all waiting.
    await post(organiser, '/manage/activities/imported-walk/edit', {
      ...knitForm({ name: 'Riverside Walk', venueName: 'Riverside Walk venue', address1: '1 Test Street' }),
    });
    await post(organiser, `/manage/organisations/${orgId}/activities/new`, knitForm());
    await post(organiser, '/manage/organisations/riverside', {
      name: 'Riverside Ramblers CIC',
      description: 'We walk by the river every week, whatever the weather.',
      email: 'hello@riverside-ramblers.example',
      website: 'https://riverside-ramblers.example/a/rather/long/path/to/the/about/page',
    });
    await post(newcomer, '/manage/new-organisation', {
      name: 'Bristol Beekeepers',
      description: 'Beekeeping for beginners in Easton: suits, tea and a lot of patience.',
      email: 'bees@example.org',
      website: '',
      checkedName: 'Bristol Beekeepers',
    });
    // A claim, so that the queue has one, and mail in the mailbox.
    await post(
      newcomer,
      '/manage/claim',
      { organisation: 'riverside', message: 'I walk on Tuesdays.' },
      '/manage/claim?q=riverside',
    );
    const query = async (sql: string) => ((await db.query(sql)) as { id: string }[])[0].id;
    ids.edit = await query(
      `SELECT id::text FROM listing_draft WHERE service_id = 'imported-walk' AND status = 'pending'`,
    );
    ids.fresh = await query(
      `SELECT id::text FROM listing_draft WHERE service_id <> 'imported-walk' AND status = 'pending'`,
    );
    ids.profile = await query(`SELECT id::text FROM organization_draft WHERE status = 'pending'`);
    ids.organisation = await query(`SELECT id::text FROM organization_request WHERE status = 'pending'`);

    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    await mkdir(SCREENS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    expect(pageErrors, 'script errors or CSP reports').to.deep.equal([]);
  });

  async function signIn(width: number, email: string): Promise<Page> {
    const page = await openPage(browser, { viewport: { width, height: 667 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  async function check(page: Page, path: string, width: number) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), `GET ${path}`).to.equal(200);
    expect(await horizontalOverflow(page), `${path} scrolls sideways at ${width} px`).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, `${path} at ${width} px:\n${describeViolations(violations)}`).to.deep.equal([]);
    const text = await page.locator('main').innerText();
    expect(text, `${path} shows a state's code`).not.to.match(/\bpending\b|pending_review|_review\b/);
    expect(text, `${path} shows a raw record`).not.to.match(/"[a-z_]+":|taxonomy_term_id/);
    // Known problems (src/domain/accessibility.ts) are allowed only on the pages their entries name.
    if (!knownOn('raw-json-changes', page.url()))
      expect(await rawRecords(page), `${path} holds a raw record, folded away or not`).to.deep.equal([]);
    if (!knownOn('table-scrolls-sideways', page.url()))
      expect(await sidewaysPanes(page), `${path}: a box scrolls sideways at ${width} px`).to.deep.equal([]);
  }

  const stewardPages = () => [
    '/steward',
    `/steward/drafts/${ids.edit}`,
    `/steward/drafts/${ids.fresh}`,
    `/steward/profile-drafts/${ids.profile}`,
    `/steward/organisation-requests/${ids.organisation}`,
    '/steward/audit',
    '/steward/mailbox',
  ];

  for (const width of WIDTHS) {
    it(`every steward page at ${width} px`, async () => {
      const page = await signIn(width, 'sam@example.org');
      for (const path of stewardPages()) await check(page, path, width);
      await page.context().close();
    });

    it(`finding your group and asking for a new organisation at ${width} px`, async () => {
      const page = await signIn(width, 'ali@example.net');
      await check(page, '/manage/claim?q=knitt%20and%20natter', width);
      await check(page, '/manage/new-organisation?name=Riverside%20Walkers', width);
      // Sent, a similar organisation is shown with the way to claim it instead.
      await page.getByLabel('What your organisation does').fill('We walk by the river.');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Send for review' }).click(),
      ]);
      expect(await page.locator('[data-similar]').innerText()).to.contain('Ask to manage riverside Trust');
      expect(await page.getByLabel('Name of your organisation').inputValue()).to.equal('Riverside Walkers');
      expect(await horizontalOverflow(page)).to.equal(0);
      const violations = await axeViolations(page);
      expect(violations, describeViolations(violations)).to.deep.equal([]);
      await page.context().close();
    });
  }

  it('the comparison shows each changed field under its label, old → new; screenshots at 375 px', async () => {
    const page = await signIn(375, 'sam@example.org');
    await page.goto(`${base}/steward`);
    await page.screenshot({ path: `${SCREENS}/steward-queue-375.png`, fullPage: true });
    await page.goto(`${base}/steward/drafts/${ids.edit}`);
    const when = page.locator('[data-field="when"]');
    expect(await when.locator('dt').innerText()).to.equal('When');
    expect(await when.locator('[data-before]').innerText()).to.match(/^Now: Every Tuesday/);
    expect(await when.locator('[data-after]').innerText()).to.match(/^Proposed: Every other Tuesday/);
    const needs = page.locator('[data-field="needs"]');
    expect(await needs.locator('[data-after]').innerText()).to.equal(
      'Proposed: Loneliness and social connection, Arts and creativity',
    );
    // Unchanged fields stay folded until asked for.
    expect(await page.locator('#unchanged dt').first().isVisible()).to.equal(false);
    await page.screenshot({ path: `${SCREENS}/steward-draft-375.png`, fullPage: true });
    await page.goto(`${base}/steward/profile-drafts/${ids.profile}`);
    expect(await page.locator('[data-field="name"] [data-before]').innerText()).to.equal(
      'Now: riverside Trust',
    );
    expect(await page.locator('[data-field="name"] [data-after]').innerText()).to.equal(
      'Proposed: Riverside Ramblers CIC',
    );
    await page.context().close();
  });
});
