// Every page state of the accessibility audit, on a 320 px wide screen: nothing scrolls the page sideways (nor at
// 640 px, a 1280 px screen at 200 % zoom), each kind of control shows its keyboard focus, and axe-core finds
// nothing at all (every impact, best practice included).
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { EVERY_PAGE_STATE } from '../../src/domain/accessibility.js';
import { createStores } from '../../src/db/stores.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices } from '../../src/services/index.js';
import { mailedLink, testAccounts } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { testDatabase } from '../support/database.js';
import {
  knownOn,
  sidewaysPanes,
  watchOutsideRequests,
  type OutsideRequest,
} from '../support/known-issues.js';
import { CONTROL_KINDS, focusChanges, horizontalOverflow } from '../support/page-checks.js';
import { ACCOUNTS, ORGANISER_ORG, PASSWORD, seedPageStates, STALE_ID } from '../support/page-states.js';

const PHONE = { width: 320, height: 640 };
const ZOOMED = { width: 640, height: 640 };
const IPHONE = { width: 375, height: 667 };

type Who = 'visitor' | 'linkWorker' | 'steward' | 'organiser';

describe('every page state at 320 px: no sideways scroll, visible focus, no axe findings of any impact', function () {
  this.timeout(120000);
  let db: DataSource;
  let servers: Server[];
  let base: string;
  /** The same site with the database unreachable behind search, for the 503 page. */
  let downBase: string;
  let browser: Browser;
  const pages = {} as Record<Who, Page>;
  const kindsChecked = new Set<string>();
  const pageErrors: string[] = [];
  const outsideRequests: OutsideRequest[] = [];
  let shareUrl: string;

  const listen = async (app: import('express').Express) => {
    const { server, base: address } = await serve(app);
    servers.push(server);
    return address;
  };

  before(async () => {
    db = await testDatabase();
    servers = [];
    const app = buildApp(db);
    await seedPageStates(db, app);
    base = await listen(app);
    const engine = new PostgresSearchEngine(db);
    const services = createServices({
      stores: createStores(db),
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    downBase = await listen(
      createApp({
        ...services,
        searchDirectory: () => Promise.reject(unreachable),
      }),
    );
    browser = await launchBrowser();
    for (const who of ['visitor', 'linkWorker', 'steward', 'organiser'] as Who[]) {
      const page = await openPage(browser, { viewport: PHONE });
      page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
      watchOutsideRequests(page, outsideRequests);
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) pageErrors.push(`${who}: ${message.text()}`);
      });
      if (who !== 'visitor') {
        await page.goto(`${base}/account/sign-in`);
        await page.getByLabel('Email address').fill(ACCOUNTS[who]);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
      }
      pages[who] = page;
    }
  });

  after(async () => {
    await browser?.close();
    for (const server of servers ?? []) await new Promise((resolve) => server.close(resolve));
  });

  /** Does something that loads a new page, and waits for that page. */
  async function follow(page: Page, action: () => Promise<unknown>) {
    await Promise.all([page.waitForEvent('load'), action()]);
  }

  async function check(page: Page, state: string) {
    expect(await horizontalOverflow(page), `${state}: the page scrolls sideways at 320 px`).to.equal(0);
    // Known problems (src/domain/accessibility.ts) are allowed only on the pages their entries name.
    if (!knownOn('table-scrolls-sideways', page.url()))
      expect(await sidewaysPanes(page), `${state}: a box scrolls sideways at 320 px`).to.deep.equal([]);
    const unknown = outsideRequests.splice(0).filter((asked) => !knownOn('outside-map-tiles', asked.page));
    expect(unknown, `${state}: asks another website for something`).to.deep.equal([]);
    const violations = await axeViolations(page);
    expect(violations, `${state}:\n${describeViolations(violations)}`).to.deep.equal([]);
    for (const result of await focusChanges(page)) {
      kindsChecked.add(result.kind);
      expect(result.changed, `${state}: focus on the first ${result.kind} changes too little`).to.be.at.least(
        result.needed,
      );
    }
    await page.setViewportSize(ZOOMED);
    expect(await horizontalOverflow(page), `${state}: the page scrolls sideways at 200 % zoom`).to.equal(0);
    await page.setViewportSize(PHONE);
  }

  const states: { state: string; who: Who; open: (page: Page) => Promise<void> }[] = [
    { state: 'home page', who: 'visitor', open: (p) => go(p, '/') },
    { state: 'search results', who: 'visitor', open: (p) => go(p, '/search?q=walking&where=BS5') },
    { state: 'search with no results', who: 'visitor', open: (p) => go(p, '/search?q=underwater+hockey') },
    {
      state: 'search near a place that leaves listings without a place out',
      who: 'visitor',
      open: async (p) => {
        await go(p, '/search?q=befriending&where=BS5');
        expect(await p.locator('#unplaced').innerText()).to.match(/^1 listing has no location or area/);
      },
    },
    {
      state: 'search for a place we do not know',
      who: 'visitor',
      open: async (p) => {
        // The words are kept: results for them anywhere, under the place problem stated at the top.
        await go(p, '/search?q=walk&where=QQ1');
        await expectErrorsLinkToControls(p);
        expect(await p.locator('#field-where.govuk-input--error').count()).to.equal(1);
        expect(await p.locator('.govuk-error-summary [role="alert"]').textContent()).to.include(
          'We do not know the postcode district QQ1',
        );
        // The design system moves focus to the summary, so a screen reader starts there.
        expect(
          await p.evaluate(() => Boolean(document.activeElement?.closest('.govuk-error-summary'))),
        ).to.equal(true);
        expect(await p.locator('.results [data-activity-id]').count()).to.be.greaterThan(0);
        expect(await p.locator('#results-count').textContent()).to.match(/\d+ activit(y|ies) found/);
      },
    },
    {
      state: "what's on near a place, with sessions",
      who: 'visitor',
      open: async (p) => {
        // The chair-based exercise meets every day, so tomorrow always has a session.
        await go(p, '/whats-on?where=LS7&when=tomorrow');
        expect(await p.locator('li.whats-on__session').count()).to.be.greaterThan(0);
        expect(await p.locator('h2.whats-on__day').count()).to.equal(1);
      },
    },
    {
      state: "what's on with nothing on",
      who: 'visitor',
      open: async (p) => {
        await go(p, '/whats-on?where=EX1&when=this-week');
        expect(await p.locator('#whats-on-none').innerText()).to.match(/^Nothing is on near the EX1 area/);
      },
    },
    {
      state: "what's on for a place we do not know",
      who: 'visitor',
      open: async (p) => {
        await go(p, '/whats-on?where=QQ1&radius=2&when=this-week', 400);
        await expectErrorsLinkToControls(p);
        expect(await p.locator('#field-where.govuk-input--error').count()).to.equal(1);
        expect(await p.locator('#when-this-week').isChecked()).to.equal(true);
      },
    },
    {
      state: 'search with filters chosen, then opened',
      who: 'visitor',
      open: async (p) => {
        await go(p, '/search?q=walking&day=TU&time=morning&home=online&age=70&sort=soonest');
        // On a phone the results count comes within the first screen, above the filters, which stay closed.
        await p.setViewportSize(IPHONE);
        const count = await p.locator('#results-count').boundingBox();
        expect(count!.y + count!.height, 'the count is within the first screen').to.be.at.most(IPHONE.height);
        expect(await p.locator('#search-filters summary').textContent()).to.include(
          'Show filters (4 chosen)',
        );
        expect(await p.locator('details[open]').count()).to.equal(0);
        await p.setViewportSize(PHONE);
        await p.locator('#search-filters summary').click();
        expect(await p.locator('details[open]').count()).to.equal(1);
      },
    },
    {
      state: 'search with errors in every kind of field',
      who: 'visitor',
      open: async (p) => {
        await go(
          p,
          '/search?q=walk&radius=7&day=XX&after=25:00&when=dates&from[day]=31&from[month]=2&from[year]=2026&age=old&sort=distance',
          400,
        );
        expect(await expectErrorsLinkToControls(p)).to.have.members([
          '#field-radius',
          '#day-MO',
          '#field-after',
          '#field-from-day',
          '#field-age',
          '#field-sort',
        ]);
      },
    },
    {
      state: 'map of results',
      who: 'visitor',
      open: async (p) => {
        await go(p, '/map?where=BS5');
        await p.waitForSelector('#map.map--ready');
      },
    },
    { state: 'map with no query', who: 'visitor', open: (p) => go(p, '/map') },
    { state: 'activity page', who: 'visitor', open: (p) => go(p, '/activities/walk') },
    {
      state: 'activity page not checked for over a year',
      who: 'visitor',
      open: (p) => go(p, `/activities/${STALE_ID}`),
    },
    { state: 'empty shortlist', who: 'visitor', open: (p) => go(p, '/shortlist') },
    { state: 'add to shortlist', who: 'visitor', open: (p) => go(p, '/shortlist/add?id=walk') },
    {
      state: 'shortlist with a note too long',
      who: 'visitor',
      open: async (p) => {
        for (const id of ['walk', 'tea', STALE_ID]) {
          await go(p, `/shortlist/add?id=${id}`);
          await follow(p, () => p.getByRole('button', { name: 'Add to shortlist', exact: true }).click());
        }
        await go(p, '/shortlist');
        await p.locator('textarea').first().fill('x'.repeat(201));
        await follow(p, () => p.getByRole('button', { name: 'Save notes' }).click());
        expect(await p.locator('.govuk-error-summary a').getAttribute('href')).to.equal('#note-0');
      },
    },
    { state: 'handout', who: 'visitor', open: (p) => go(p, '/shortlist/handout') },
    {
      state: 'share page',
      who: 'visitor',
      open: async (p) => {
        await go(p, '/shortlist');
        await follow(p, () => p.getByRole('button', { name: 'Make a share link' }).click());
        shareUrl = (await p.locator('a[data-share-link]').first().getAttribute('href'))!;
        await go(p, shareUrl);
      },
    },
    {
      state: 'tampered share link',
      who: 'visitor',
      open: async (p) => {
        const last = shareUrl.at(-1) === 'A' ? 'B' : 'A';
        await go(p, `${shareUrl.slice(0, -1)}${last}`, 404);
      },
    },
    ...(
      [
        ['sign-in', '/account/sign-in', 'Sign in'],
        ['register', '/account/register', 'Create account'],
        ['report a problem', '/activities/walk/report', 'Send report'],
        ['forgot password', '/account/forgot-password', 'Send the link'],
      ] as const
    ).map(([form, path, button]) => ({
      state: `${form} with errors`,
      who: 'visitor' as const,
      open: (p: Page) => submitEmpty(p, path, button),
    })),
    {
      state: 'reset password with errors',
      who: 'visitor',
      open: async (p) => {
        const accounts = testAccounts(db);
        await accounts.requestPasswordReset(ACCOUNTS.claimant);
        await submitEmpty(
          p,
          await mailedLink(db, ACCOUNTS.claimant, '/account/reset-password/'),
          'Change password',
        );
      },
    },
    {
      state: 'bad reset token',
      who: 'visitor',
      open: (p) => go(p, '/account/reset-password/not-a-token', 400),
    },
    { state: '404', who: 'visitor', open: (p) => go(p, '/no-such-page', 404) },
    { state: '400', who: 'visitor', open: (p) => go(p, '/activities/%E0', 400) },
    {
      state: '503',
      who: 'visitor',
      open: async (p) => {
        expect((await p.goto(`${downBase}/search?q=walking`))?.status()).to.equal(503);
      },
    },
    { state: '403', who: 'linkWorker', open: (p) => go(p, '/steward', 403) },
    { state: 'reports as a link worker', who: 'linkWorker', open: (p) => go(p, '/reports') },
    {
      state: 'activity page as a link worker',
      who: 'linkWorker',
      open: async (p) => {
        await go(p, '/activities/walk');
        expect(await p.getByRole('button', { name: 'I referred someone here' }).count()).to.equal(1);
      },
    },
    { state: 'review queue', who: 'steward', open: (p) => go(p, '/steward') },
    {
      state: 'activity with times taken from the description',
      who: 'visitor',
      open: async (p) => {
        await go(p, '/activities/placeless');
        expect(await p.locator('#times-from-description').textContent()).to.contain(
          'Times taken from the description',
        );
      },
    },
    {
      state: 'draft review',
      who: 'steward',
      open: async (p) => {
        await go(p, '/steward');
        await follow(p, () => p.locator('#drafts-table a').first().click());
      },
    },
    { state: 'audit log', who: 'steward', open: (p) => go(p, '/steward/audit') },
    { state: 'mailbox', who: 'steward', open: (p) => go(p, '/steward/mailbox') },
    { state: 'your listings', who: 'organiser', open: (p) => go(p, '/manage') },
    {
      state: 'organisation page',
      who: 'organiser',
      open: (p) => go(p, `/manage/organisations/${ORGANISER_ORG}`),
    },
    {
      state: 'activity editor',
      who: 'organiser',
      open: (p) => go(p, `/manage/organisations/${ORGANISER_ORG}/activities/new`),
    },
    {
      state: 'activity editor with errors',
      who: 'organiser',
      open: (p) =>
        submitEmpty(p, `/manage/organisations/${ORGANISER_ORG}/activities/new`, 'Send for publishing'),
    },
    { state: 'manage an activity', who: 'organiser', open: (p) => go(p, '/manage/activities/walk') },
    {
      state: 'manage an activity with a cancelled session to restore',
      who: 'organiser',
      open: async (p) => {
        await go(p, '/manage/activities/walk');
        await p.locator('#field-date').selectOption({ index: 2 });
        await p.getByLabel('Reason').fill('Hall closed for repairs');
        await follow(p, () => p.getByRole('button', { name: 'Cancel this session' }).click());
        expect(await p.locator('.cancelled-sessions').innerText()).to.contain('Hall closed for repairs');
        await follow(p, () => p.getByRole('button', { name: /^Restore this session on / }).click());
        expect(await p.locator('.cancelled-sessions').count()).to.equal(0);
        expect(await p.locator('.govuk-notification-banner').innerText()).to.contain('is back on');
      },
    },
    {
      state: 'close an activity for good: the confirmation',
      who: 'organiser',
      open: async (p) => {
        await go(p, '/manage/activities/walk');
        await follow(p, () => p.getByRole('button', { name: 'Close it for good' }).click());
        expect(await p.locator('h1').innerText()).to.match(/^Close .+ for good\?$/);
      },
    },
    { state: 'find your group', who: 'organiser', open: (p) => go(p, '/manage/claim?q=art') },
    { state: 'account page', who: 'organiser', open: (p) => go(p, '/account') },
  ];

  async function go(page: Page, path: string, status = 200): Promise<void> {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), `GET ${path}`).to.equal(status);
  }

  /** Every error summary link goes to a control on the page that names its message; returns the links. */
  async function expectErrorsLinkToControls(page: Page): Promise<string[]> {
    expect(await page.title()).to.match(/^Error: /);
    const hrefs = await page
      .locator('.govuk-error-summary a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs).not.to.be.empty;
    for (const href of hrefs) {
      const tag = await page.locator(href).evaluate((el) => el.tagName);
      expect(['INPUT', 'SELECT', 'TEXTAREA'], `${href} is a control`).to.include(tag);
    }
    // Each message beside a field has an id, and its field (or the group's fieldset) names it.
    const messages = await page.locator('.govuk-error-message').evaluateAll((all) => all.map((m) => m.id));
    for (const id of messages) {
      expect(id, 'an error message without an id').not.to.equal('');
      expect(
        await page.locator(`[aria-describedby~="${id}"]`).count(),
        `nothing is described by #${id}`,
      ).to.equal(1);
    }
    return hrefs;
  }

  /** Opens a form and sends it empty: the page comes back with its errors. */
  async function submitEmpty(page: Page, path: string, button: string) {
    await go(page, path);
    await follow(page, () => page.getByRole('button', { name: button, exact: true }).click());
    expect(await page.locator('.govuk-error-summary').count(), `${path} shows its errors`).to.equal(1);
    await expectErrorsLinkToControls(page);
  }

  // The accessibility statement lists these states from src/domain/accessibility.ts: the two must agree.
  it('checks exactly the page states the accessibility statement lists', () => {
    expect(states.map(({ state, who }) => ({ state, who }))).to.deep.equal(
      EVERY_PAGE_STATE.map(({ state, who }) => ({ state, who })),
    );
  });

  for (const { state, who, open } of states) {
    it(`${state}${who === 'visitor' ? '' : ` (${who})`}`, async () => {
      await open(pages[who]);
      await check(pages[who], state);
    });
  }

  it('checked the focus of every kind of control somewhere', () => {
    expect([...kindsChecked].sort()).to.deep.equal(Object.keys(CONTROL_KINDS).sort());
  });

  it('raised no script errors or CSP violations', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
