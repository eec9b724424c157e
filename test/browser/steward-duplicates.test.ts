// The steward's possible duplicates on a phone (320 px): the pairs waiting, one pair side by side with the matcher's
// reasons, the merged pairs and a merged pair's split page. Nothing scrolls the page sideways and axe-core finds
// nothing of any impact; the steward then merges the waiting pair with the button alone.
import { expect } from 'chai';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport } from '../../src/importer/run-import.js';
import { resetAccounts, signedInAgent } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { horizontalOverflow } from '../support/page-checks.js';

const WIDTH = 320;
const PASSWORD = 'correct horse battery';
const STEWARD = 'duplicates.steward@example.org';
const SCREENS = '/tmp/screens';
const LONG = 'Easton and Lawrence Hill Wednesday Morning Health Walk for Beginners and Carers';
const NORTH = { latitude: EASTON.latitude + 0.009, longitude: EASTON.longitude, postcode: 'BS5 0ZZ' };

async function writeJson(name: string, value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'duplicates-'));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

describe('steward duplicates pages at 320 px: no sideways scroll, no axe findings', function () {
  this.timeout(180000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let waitingId = '';
  let mergedId = '';
  const pageErrors: string[] = [];

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    const stores = createStores(db);
    // A pair a kilometre apart (waits for a steward) and a pair at one venue (merged by the import).
    const council = await writeJson('council.json', [
      service({ id: 'council-walk', name: LONG, at: EASTON, assured: '2026-10-01' }),
      service({ id: 'council-knit', name: 'Knit and Natter', at: EASTON, assured: '2026-10-01' }),
    ]);
    const network = await writeJson('network.json', [
      service({ id: 'network-walk', name: LONG, at: NORTH, assured: '2026-11-15' }),
      service({ id: 'network-knit', name: 'Knit and Natter', at: EASTON, assured: '2026-11-15' }),
    ]);
    await runImport(stores, council, {
      sourceName: 'Bristol City Council Community Directory of Activities',
    });
    await runImport(stores, network, { sourceName: 'West of England Walking and Wellbeing Network' });
    const rows = (await db.query(`SELECT id::text, status FROM listing_merge ORDER BY id`)) as {
      id: string;
      status: string;
    }[];
    waitingId = rows.find((r) => r.status === 'waiting')!.id;
    mergedId = rows.find((r) => r.status === 'merged')!.id;
    const app = buildApp(db);
    await signedInAgent(app, db, { email: STEWARD, role: 'steward', password: PASSWORD });
    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    await mkdir(SCREENS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    expect(pageErrors, 'script errors or CSP reports').to.deep.equal([]);
  });

  async function signIn(): Promise<Page> {
    const page = await openPage(browser, { viewport: { width: WIDTH, height: 667 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email address').fill(STEWARD);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  async function checkShown(page: Page, what: string) {
    expect(await horizontalOverflow(page), `${what} scrolls sideways at ${WIDTH} px`).to.equal(0);
    const violations = await axeViolations(page);
    expect(violations, `${what} at ${WIDTH} px:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  async function check(page: Page, path: string) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), `GET ${path}`).to.equal(200);
    await checkShown(page, path);
  }

  it('the lists and both kinds of pair, then "Same activity: merge"', async () => {
    const page = await signIn();
    for (const path of [
      '/steward/duplicates',
      `/steward/duplicates/${waitingId}`,
      '/steward/duplicates/merged',
      `/steward/duplicates/${mergedId}`,
    ])
      await check(page, path);

    await page.goto(`${base}/steward/duplicates/${waitingId}`);
    await page.screenshot({ path: `${SCREENS}/steward-duplicate-320.png`, fullPage: true });
    expect(await page.locator('main').innerText()).to.contain(
      'held back because the venues are not the same place',
    );
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Same activity: merge' }).click(),
    ]);
    expect(new URL(page.url()).pathname).to.equal('/steward/duplicates');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('Merged');
    expect(await page.locator('[data-pairs]').innerText()).to.contain('No possible duplicates wait');
    await checkShown(page, 'the list after a merge');

    await page.goto(`${base}/steward/duplicates/merged`);
    expect(await page.locator('[data-pair]').count()).to.equal(2);
    await page.context().close();
  });
});
