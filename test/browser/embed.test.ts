// The embeddable search on another site: a page on a different local origin includes the script snippet; the
// search appears in a frame, shows results, grows to fit them, ignores height messages from anyone else, and
// inside the frame at 320 px nothing scrolls sideways and axe-core finds nothing of any impact.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp, serve } from '../support/app.js';
import { axeViolations, describeViolations, launchBrowser, openPage } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { focusChanges, horizontalOverflow } from '../support/page-checks.js';

const PHONE = { width: 320, height: 640 };

/** The same axe-core run as every page's, inside a frame (evaluated through DevTools, so no CSP stops it). */

/** A practice's own page, on its own origin, with the script snippet in it. */
function practicePage(directory: string, attributes: string): string {
  return `<!doctype html>
<html lang="en-GB">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Hillside Surgery: local activities</title></head>
  <body>
    <main>
      <h1>Local activities</h1>
      <div data-activity-directory ${attributes}>
        <a href="${directory}/embed">Search for local activities</a>
      </div>
      <p id="after">Ask at reception if you need help.</p>
    </main>
    <script src="${directory}/embed.js" async></script>
  </body>
</html>`;
}

describe('the search embedded on another site, at 320 px (Chromium)', function () {
  this.timeout(180000);
  let server: Server;
  let site: Server;
  let base: string;
  let siteBase: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let attributes = 'data-where="BS5"';

  before(async () => {
    const db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), path.join(projectRoot, 'seed-data'));
    ({ server, base } = await serve(buildApp(db, testConfig())));
    site = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(practicePage(base, attributes));
    });
    site.listen(0, '127.0.0.1');
    await new Promise((resolve) => site.once('listening', resolve));
    // "localhost" against the directory's 127.0.0.1, and another port: a different origin on both counts.
    siteBase = `http://localhost:${(site.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: PHONE });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) problems.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    if (site) await new Promise((resolve) => site.close(resolve));
  });

  const frameHeight = () =>
    page.locator('iframe').evaluate((frame) => Math.round(frame.getBoundingClientRect().height));
  const contentHeight = (frame: Frame) =>
    frame.evaluate(() => Math.ceil(document.querySelector('.app-embed')!.getBoundingClientRect().height));

  async function embedded(): Promise<Frame> {
    await page.goto(`${siteBase}/`);
    const handle = await page.waitForSelector('[data-activity-directory] iframe');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('#results-count');
    // Grown to its content: the frame shows everything without a scroll bar of its own.
    await page.waitForFunction(
      () => {
        const iframe = document.querySelector('iframe')!;
        const content = iframe.contentDocument; // cross-origin: null, so read the height alone
        return content === null && Math.round(iframe.getBoundingClientRect().height) !== 500;
      },
      undefined,
      { timeout: 10000 },
    );
    return frame;
  }

  it('puts the search in a frame from the directory, with results, grown to fit them', async () => {
    const frame = await embedded();
    expect(new URL(frame.url()).origin).to.equal(base);
    expect(new URL(frame.url()).searchParams.get('where')).to.equal('BS5');
    expect(await frame.locator('li.result').count()).to.be.greaterThan(0);
    expect(await frame.locator('#location-problem').count()).to.equal(0);
    expect(Math.abs((await frameHeight()) - (await contentHeight(frame)))).to.be.at.most(1);
    expect(await page.locator('[data-activity-directory] a[href$="/embed"]').count()).to.equal(0);
    // The frame's document is the directory's, which the practice's page cannot read.
    expect(await page.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).contentDocument)).to.equal(
      null,
    );
    expect(problems).to.deep.equal([]);
  });

  it('resizes when a new search changes the content, and ignores height messages from other origins', async () => {
    const frame = await embedded();
    const before = await frameHeight();
    await frame.fill('#field-q', 'zzzzqqqq nothing like this');
    await Promise.all([frame.waitForNavigation(), frame.click('button.govuk-button')]);
    await frame.waitForSelector('#results-count');
    await page.waitForFunction(
      (old) => Math.round(document.querySelector('iframe')!.getBoundingClientRect().height) !== old,
      before,
    );
    const after = await frameHeight();
    expect(after).to.be.lessThan(before);
    expect(Math.abs(after - (await contentHeight(frame)))).to.be.at.most(1);
    // The practice's own page (or anything else in it) cannot set the frame's height.
    await page.evaluate(() => window.postMessage({ type: 'activity-directory:height', height: 3000 }, '*'));
    await page.waitForTimeout(200);
    expect(await frameHeight()).to.equal(after);
  });

  it('inside the frame at 320 px: no sideways scroll and no axe findings of any impact, plain or styled', async () => {
    for (const options of [
      'data-where="BS5"',
      'data-where="BS5" data-fixed="where" data-compact="1" data-accent="005eb8"',
    ]) {
      attributes = options;
      const frame = await embedded();
      expect(
        await frame.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        `${options}: the frame scrolls sideways`,
      ).to.equal(0);
      expect(await horizontalOverflow(page), `${options}: the practice's page scrolls sideways`).to.equal(0);
      const violations = await axeViolations(frame);
      expect(violations, `${options}:\n${describeViolations(violations)}`).to.deep.equal([]);
    }
    expect(problems).to.deep.equal([]);
  });

  it('the embedded page on its own at 320 px (visible focus too), and the help page with its live preview', async () => {
    const own = await openPage(browser, { viewport: PHONE });
    await own.goto(`${base}/embed?where=BS5&accent=005eb8`);
    expect(await horizontalOverflow(own)).to.equal(0);
    let violations = await axeViolations(own);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    for (const result of await focusChanges(own))
      expect(result.changed, `focus on the first ${result.kind}`).to.be.at.least(result.needed);
    expect((await own.context().cookies()).length).to.equal(0);

    await own.goto(`${base}/embed/help?where=BS5&compact=1`);
    const preview = await (await own.waitForSelector('[data-activity-directory] iframe')).contentFrame();
    await preview!.waitForSelector('li.result');
    expect(await horizontalOverflow(own)).to.equal(0);
    violations = await axeViolations(own);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    expect(await own.locator('#snippet-script').textContent()).to.include(`${testConfig().baseUrl}/embed.js`);
    await own.context().close();
  });
});
