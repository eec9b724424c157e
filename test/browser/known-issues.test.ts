// The accessibility statement's known issues, each measured on every page its entry names: the problem must still
// be there. Once a probe finds it gone, the statement would be listing a fixed problem, and this fails saying so.
import { expect } from 'chai';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { KNOWN_ISSUES, type Viewer } from '../../src/domain/accessibility.js';
import { buildApp, serve } from '../support/app.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { PROBES } from '../support/known-issues.js';
import { ACCOUNTS, ORGANISER_ORG, PASSWORD, seedPageStates } from '../support/page-states.js';

const PHONE = { width: 320, height: 640 };

describe('known accessibility issues: each is still there on every page the statement names', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  const contexts = {} as Record<Viewer, BrowserContext>;
  let draftId = '';

  /** How to open each page a known issue can name, and as whom. */
  const PAGES: Record<string, { who: Viewer; path: () => string }> = {
    '/map': { who: 'visitor', path: () => '/map?where=BS5' },
    '/activities/:id': { who: 'visitor', path: () => '/activities/walk' },
    '/reports': { who: 'linkWorker', path: () => '/reports' },
    '/steward': { who: 'steward', path: () => '/steward' },
    '/steward/drafts/:id': { who: 'steward', path: () => `/steward/drafts/${draftId}` },
    '/steward/audit': { who: 'steward', path: () => '/steward/audit' },
    '/steward/mailbox': { who: 'steward', path: () => '/steward/mailbox' },
    '/manage': { who: 'organiser', path: () => '/manage' },
    '/manage/organisations/:id': { who: 'organiser', path: () => `/manage/organisations/${ORGANISER_ORG}` },
  };

  before(async () => {
    db = await testDatabase();
    const app = buildApp(db);
    await seedPageStates(db, app);
    // A search near a place that finds nothing, for the gap map in the reports.
    await request(app).get('/search?q=underwater+hockey&where=LS7').expect(200);
    draftId = (
      (await db.query(`SELECT id::text FROM listing_draft WHERE status = 'pending' LIMIT 1`)) as {
        id: string;
      }[]
    )[0].id;
    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    for (const who of ['visitor', 'linkWorker', 'steward', 'organiser'] as Viewer[]) {
      const page = await openPage(browser, { viewport: PHONE });
      if (who !== 'visitor') {
        await page.goto(`${base}/account/sign-in`);
        await page.getByLabel('Email address').fill(ACCOUNTS[who]);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
      }
      contexts[who] = page.context();
      await page.close();
    }
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /** A new page for a probe, signed in as the viewer, with map tiles refused as everywhere in these tests. */
  async function freshPage(who: Viewer): Promise<Page> {
    const page = await contexts[who].newPage();
    page.setDefaultTimeout(15000);
    await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
    return page;
  }

  it('every known issue names the pages it is on, each of which this test can open', () => {
    for (const issue of KNOWN_ISSUES) {
      expect(issue.check.pages, issue.summary).not.to.be.empty;
      for (const pattern of issue.check.pages)
        expect(PAGES, `no way to open ${pattern} (for '${issue.summary}')`).to.have.property(pattern);
    }
  });

  for (const issue of KNOWN_ISSUES) {
    it(`${issue.summary}: ${issue.check.pages.join(', ')}`, async () => {
      const findings = [];
      for (const pattern of issue.check.pages) {
        const { who, path } = PAGES[pattern];
        const page = await freshPage(who);
        const finding = await PROBES[issue.check.id](page, async () => {
          const response = await page.goto(`${base}${path()}`);
          expect(response?.status(), `GET ${path()}`).to.equal(200);
        });
        await page.close();
        findings.push({ pattern, ...finding });
      }
      const gone = findings.filter((finding) => !finding.present);
      const evidence = gone.map(({ pattern, evidence }) => `${pattern}: ${evidence}`).join('\n');
      if (gone.length === findings.length)
        expect.fail(
          `fixed: remove '${issue.summary}' from KNOWN_ISSUES in src/domain/accessibility.ts\n${evidence}`,
        );
      expect(
        gone.map(({ pattern }) => pattern),
        `fixed on these pages: remove them from the pages of '${issue.summary}' in src/domain/accessibility.ts\n${evidence}`,
      ).to.deep.equal([]);
    });
  }
});
