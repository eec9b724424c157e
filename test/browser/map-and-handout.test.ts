// The map by keyboard (named clusters, the popup's link next after its marker, Escape closes the popup), the share
// page's calendar button on the narrowest phones, and the handout as printed: one A4 page per activity.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DataSource } from 'typeorm';
import { buildApp, serve } from '../support/app.js';
import { launchBrowser, openPage } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { seedPageStates, STALE_ID } from '../support/page-states.js';

/** The text of each page of a PDF, read back with pdf.js. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return pages;
}

const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return { tag: active?.tagName, href: active?.getAttribute('href'), alt: active?.getAttribute('alt') };
  });

describe('the map by keyboard, the share page on a phone, and the printed handout', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    db = await testDatabase();
    const app = buildApp(db);
    await seedPageStates(db, app);
    ({ server, base } = await serve(app));
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: { width: 1024, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('names a cluster by what it holds, not only by a count', async () => {
    await page.goto(`${base}/map?where=BS5`);
    await page.waitForSelector('#map.map--ready');
    // The walk and the tea club meet at the same point, so they are always one cluster.
    expect(await page.getByRole('button', { name: '2 activities near here, zoom in' }).count()).to.equal(1);
  });

  it('reaches a popup’s link straight after its marker, and Escape closes the popup back onto the marker', async () => {
    const marker = page.getByRole('button', { name: 'Clifton Art Club', exact: true });
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.leaflet-popup');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).to.deep.include({ tag: 'A', href: '/activities/art' });
    await page.keyboard.press('Escape');
    // Leaflet fades a closed popup out before removing it.
    await page.waitForSelector('.leaflet-popup', { state: 'detached', timeout: 2000 });
    expect(await focusedElement(page)).to.deep.include({ tag: 'IMG', alt: 'Clifton Art Club' });
  });

  it('prints three activities on three A4 pages, with dates as dates and the warning for an old listing', async () => {
    for (const id of ['walk', 'tea', STALE_ID]) {
      await page.goto(`${base}/shortlist/add?id=${id}`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add to shortlist', exact: true }).click(),
      ]);
    }
    await page.goto(`${base}/shortlist/handout`);
    await page.emulateMedia({ media: 'print' });
    const pages = await pdfPages(await page.pdf({ format: 'A4', printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    expect(pages).to.have.length(3);
    expect(pages[0]).to.contain('Activities for you').and.to.contain('Riverside Walking Group');
    expect(pages[1]).to.contain('Wednesday Tea, Cake & Chat');
    expect(pages[2]).to.contain('Chair-Based Exercise Every Morning');
    // It meets every day, so the next dates include tomorrow: printed as the date, since the paper is read later.
    const text = pages.join(' ');
    expect(text).not.to.match(/\b(Today|Tomorrow)\b/);
    expect(pages[2]).to.match(/(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+, 10:00–11:00/);
    expect(pages[2]).to.contain('This listing may be out of date');
    expect(pages[0]).not.to.contain('This listing may be out of date');
  });

  for (const width of [320, 340, 360]) {
    it(`keeps “Add these to your calendar” one whole button at ${width} px`, async () => {
      await page.goto(`${base}/shortlist`);
      if ((await page.locator('a[data-share-link]').count()) === 0) {
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Make a share link' }).click(),
        ]);
      }
      const shareUrl = (await page.locator('a[data-share-link]').first().getAttribute('href'))!;
      await page.setViewportSize({ width, height: 700 });
      await page.goto(`${base}${shareUrl}`);
      const button = page.locator('a', { hasText: 'Add these to your calendar' });
      const boxes = await button.evaluate((el) =>
        Array.from(el.getClientRects()).map((r) => ({ left: r.left, right: r.right })),
      );
      expect(boxes, 'one box, not pieces on several lines').to.have.length(1);
      expect(boxes[0].left).to.be.at.least(0);
      expect(boxes[0].right).to.be.at.most(width);
      await page.setViewportSize({ width: 1024, height: 800 });
    });
  }
});
