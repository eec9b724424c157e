// The accessibility statement, privacy notice, cookies and contact pages (and the contact form with errors) on a
// 320 px wide screen: nothing scrolls the page sideways, each kind of control shows its keyboard focus, and axe-core
// finds nothing of any impact. The states are exactly those the accessibility statement lists for this suite.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { KNOWN_ISSUES, PUBLIC_INFORMATION_PAGES, type Viewer } from '../../src/domain/accessibility.js';
import { SESSION_COOKIE } from '../../src/web/middleware/sessions.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { testDatabase } from '../support/database.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { focusChanges, horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };
const ZOOMED = { width: 640, height: 640 };

describe('public information pages at 320 px: no sideways scroll, visible focus, no axe findings of any impact', function () {
  this.timeout(120000);
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const db = await testDatabase();
    await seedImportedWalk(db);
    await db.query('DELETE FROM rate_limit');
    const app = buildApp(
      db,
      testConfig({
        ...process.env,
        OPERATOR_NAME: 'Bristol Community Links, a very long organisation name that has to wrap on a phone',
        OPERATOR_EMAIL: 'community-directory-enquiries@bristol-community-links.example.org',
        OPERATOR_PHONE: '0117 496 0000',
        OPERATOR_ADDRESS: 'Community Links, 1 Example Street, Bristol BS1 1AA',
      }),
    );
    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: PHONE });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  async function go(path: string, status = 200) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), `GET ${path}`).to.equal(status);
  }

  async function check(state: string) {
    expect(await horizontalOverflow(page), `${state}: the page scrolls sideways at 320 px`).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, `${state}:\n${describeViolations(violations)}`).to.deep.equal([]);
    for (const result of await focusChanges(page))
      expect(result.changed, `${state}: focus on the first ${result.kind} changes too little`).to.be.at.least(
        result.needed,
      );
    await page.setViewportSize(ZOOMED);
    expect(await horizontalOverflow(page), `${state}: the page scrolls sideways at 200 % zoom`).to.equal(0);
    await page.setViewportSize(PHONE);
  }

  const states: { state: string; who: Viewer; open: () => Promise<void> }[] = [
    {
      state: 'accessibility statement',
      who: 'visitor',
      open: async () => {
        await go('/accessibility');
        expect(await page.locator('[data-known-issue]').count()).to.equal(KNOWN_ISSUES.length);
      },
    },
    {
      state: 'privacy notice',
      who: 'visitor',
      open: async () => {
        await go('/privacy');
        expect(await page.locator('[data-retention]').count()).to.be.greaterThan(0);
      },
    },
    {
      state: 'cookies',
      who: 'visitor',
      open: async () => {
        await go('/cookies');
        expect(await page.locator('[data-cookie-name]').innerText()).to.equal(SESSION_COOKIE);
      },
    },
    {
      state: 'contact',
      who: 'visitor',
      open: async () => {
        await go('/contact');
        // The design system's character count is running: it counts down as a message is typed.
        await page.getByLabel('Your message').fill('Hello');
        await page.waitForFunction(() =>
          /You have 1,995 characters remaining/.test(
            document.querySelector('.govuk-character-count__status')?.textContent ?? '',
          ),
        );
        await page.getByLabel('Your message').fill('');
      },
    },
    {
      state: 'contact form with errors',
      who: 'visitor',
      open: async () => {
        await go('/contact');
        const message = 'The search page is hard to use with my screen reader.';
        await page.getByLabel('Your message').fill(message);
        await page.getByLabel('Your email address (optional)').fill('not an email');
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Send message' }).click(),
        ]);
        expect(await page.title()).to.match(/^Error: /);
        const hrefs = await page
          .locator('.govuk-error-summary a')
          .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
        expect(hrefs).to.deep.equal(['#topic-listing', '#field-email']);
        for (const href of hrefs)
          expect(await page.locator(href).evaluate((el) => el.tagName), href).to.equal('INPUT');
        for (const id of await page
          .locator('.govuk-error-message')
          .evaluateAll((all) => all.map((m) => m.id)))
          expect(await page.locator(`[aria-describedby~="${id}"]`).count(), `#${id} names nothing`).to.equal(
            1,
          );
        // The design system moves focus to the summary, and nothing typed is lost.
        expect(
          await page.evaluate(() => Boolean(document.activeElement?.closest('.govuk-error-summary'))),
        ).to.equal(true);
        expect(await page.getByLabel('Your message').inputValue()).to.equal(message);
        expect(await page.getByLabel('Your email address (optional)').inputValue()).to.equal('not an email');
      },
    },
  ];

  it('checks exactly the states the accessibility statement lists for these pages', () => {
    expect(states.map(({ state, who }) => ({ state, who }))).to.deep.equal(
      PUBLIC_INFORMATION_PAGES.map(({ state, who }) => ({ state, who })),
    );
  });

  for (const { state, open } of states) {
    it(state, async () => {
      await open();
      await check(state);
    });
  }

  it('the footer of each page links to all four, and only the session cookie was ever set', async () => {
    await go('/');
    for (const name of ['Accessibility statement', 'Privacy', 'Cookies', 'Contact']) {
      const link = page.locator('footer').getByRole('link', { name, exact: true });
      expect(await link.count(), name).to.equal(1);
    }
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => cookie.name)).to.deep.equal([SESSION_COOKIE]);
  });

  it('raised no script errors or CSP violations', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
