// The search other sites embed, over the real app and Postgres (seed data): no cookie, framing allowed for it
// alone, the same results as the search page, only safe styling options, and snippets on BASE_URL.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import path from 'node:path';
import request from 'supertest';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';

const ids = (html: string) => {
  const $ = cheerio.load(html);
  return $('li.result[data-activity-id]')
    .map((_, li) => $(li).attr('data-activity-id')!)
    .get();
};
const csp = (res: request.Response) => String(res.headers['content-security-policy'] ?? '');
const frameAncestors = (res: request.Response) =>
  /frame-ancestors ([^;]*)/.exec(csp(res))?.[1].trim() ?? null;

describe('the embeddable search (supertest over the real app and Postgres)', function () {
  this.timeout(120000);
  let app: Express;
  let db: Awaited<ReturnType<typeof testDatabase>>;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), path.join(projectRoot, 'seed-data'));
    app = buildApp(db, testConfig({ ...process.env, BASE_URL: 'https://directory.example.org' }));
  });

  it('sets no cookie on the embedded page, its script, or its page of problems', async () => {
    for (const url of ['/embed', '/embed?where=BS5&q=walking', '/embed?day=XX', '/embed.js']) {
      const res = await request(app).get(url);
      expect(res.status, url).to.be.oneOf([200, 400]);
      expect(res.headers['set-cookie'], url).to.equal(undefined);
    }
    // The page itself would: a form that needs a session (the contact form) sets the cookie, so the check can fail.
    const contact = await request(app).get('/contact').expect(200);
    expect(contact.headers['set-cookie']).to.be.an('array');
  });

  it('lets any site frame /embed, and every other page keeps refusing to be framed', async () => {
    const embed = await request(app).get('/embed?where=BS5').expect(200);
    expect(frameAncestors(embed)).to.equal('*');
    expect(embed.headers['x-frame-options']).to.equal(undefined);
    for (const url of ['/search?where=BS5', '/', '/embed/help']) {
      const res = await request(app).get(url).expect(200);
      expect(frameAncestors(res), url).to.equal("'none'");
      expect(res.headers['x-frame-options'], url).to.equal('SAMEORIGIN');
    }
    const script = await request(app).get('/embed.js').expect(200);
    expect(script.headers['content-type']).to.match(/javascript/);
    // Other sites load it with <script src>, which a same-origin resource policy would block.
    expect(script.headers['cross-origin-resource-policy']).to.equal('cross-origin');
    expect(script.text).to.include('activity-directory:height');
  });

  it('lets only the sites in EMBED_ALLOWED_ORIGINS (and the directory itself) frame it, when set', async () => {
    const listed = buildApp(
      db,
      testConfig({
        ...process.env,
        EMBED_ALLOWED_ORIGINS: 'https://practice.example.nhs.uk, https://council.example.gov.uk/',
      }),
    );
    const res = await request(listed).get('/embed').expect(200);
    expect(frameAncestors(res)).to.equal(
      "'self' https://practice.example.nhs.uk https://council.example.gov.uk",
    );
    expect(frameAncestors(await request(listed).get('/search').expect(200))).to.equal("'none'");
    expect(() =>
      testConfig({ ...process.env, EMBED_ALLOWED_ORIGINS: 'https://x.example.org/page' }),
    ).to.throw(/EMBED_ALLOWED_ORIGINS/);
  });

  it('answers with the same activities, in the same order, as the search page', async () => {
    for (const query of ['q=walking', 'where=BS5', 'q=befriending&where=BS5&radius=10', 'free=1&where=LS6']) {
      const search = ids((await request(app).get(`/search?${query}`).expect(200)).text);
      const embed = ids((await request(app).get(`/embed?${query}`).expect(200)).text);
      expect(embed.length, query).to.be.greaterThan(0);
      expect(embed, query).to.deep.equal(search.slice(0, embed.length));
      const $ = cheerio.load((await request(app).get(`/embed?${query}`)).text);
      expect($('#results-count').text(), query).to.equal(
        cheerio
          .load((await request(app).get(`/search?${query}`)).text)('#results-count')
          .text(),
      );
    }
  });

  it('links each activity to its page on the directory, in a new tab, saying so to screen readers', async () => {
    const $ = cheerio.load((await request(app).get('/embed?where=BS5').expect(200)).text);
    expect($('#location-problem')).to.have.length(0);
    expect($('#results-count').text()).to.match(/\d+ activities found/);
    const links = $('li.result h3 a');
    expect(links.length).to.be.greaterThan(0);
    links.each((_, a) => {
      expect($(a).attr('href')).to.match(/^\/activities\//);
      expect($(a).attr('target')).to.equal('_blank');
      expect($(a).attr('rel')).to.equal('noopener');
      expect($(a).find('.govuk-visually-hidden').text()).to.include('opens in a new tab');
    });
    // Its own page: no site header, footer or navigation; a GET form that works without JavaScript.
    expect($('header, footer, nav.govuk-service-navigation, .govuk-header')).to.have.length(0);
    expect($('form[role=search]').attr('method')).to.equal('get');
    expect($('form[role=search]').attr('action')).to.equal('/embed');
  });

  it('shows a fixed place as text and sends it unchanged, keeping the options on the next page', async () => {
    const $ = cheerio.load(
      (await request(app).get('/embed?where=BS5&fixed=where&compact=1&accent=005eb8').expect(200)).text,
    );
    expect($('#field-where')).to.have.length(0);
    expect($('h1').text()).to.include('BS5');
    const hidden = Object.fromEntries(
      $('form[role=search] input[type=hidden]')
        .map((_, input) => [[$(input).attr('name'), $(input).attr('value')]])
        .get() as [string, string][],
    );
    expect(hidden).to.include({ where: 'BS5', fixed: 'where', compact: '1', accent: '005eb8' });
    expect($('#field-q')).to.have.length(1);
    const next = $('.govuk-pagination__next a').attr('href');
    expect(next).to.include('accent=005eb8').and.include('page=2').and.include('fixed=where');
    const second = cheerio.load((await request(app).get(next!).expect(200)).text);
    expect(second('input[type=hidden][name=accent]').val()).to.equal('005eb8');
    expect(ids(second.html())).to.have.length.greaterThan(0);
  });

  it('uses a valid accent colour, and ignores one that is invalid, too light or an attempt at CSS', async () => {
    const styled = await request(app).get('/embed?where=BS5&accent=005eb8').expect(200);
    const $ = cheerio.load(styled.text);
    const nonce = $('style').attr('nonce');
    expect($('style').text()).to.include('#005eb8');
    expect(csp(styled)).to.include(`'nonce-${nonce}'`);
    const attempts = [
      'red',
      'ffdd00', // too light for white text or for links on white
      '005eb8;}body{display:none',
      '005eb8</style><script>alert(1)</script>',
      '"><script>alert(1)</script>',
      'expression(alert(1))',
    ];
    for (const accent of attempts) {
      const res = await request(app)
        .get(`/embed?where=BS5&accent=${encodeURIComponent(accent)}`)
        .expect(200);
      const page = cheerio.load(res.text);
      expect(page('style'), accent).to.have.length(0);
      expect(res.text, accent).not.to.include('alert(1)');
      expect(page('script:not([src])'), accent).to.have.length(0);
      expect(page('input[name=accent]'), accent).to.have.length(0);
    }
    // Words are text, never markup.
    const words = await request(app).get(`/embed?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(cheerio.load(words.text)('script:not([src])')).to.have.length(0);
    expect(words.text).not.to.include('<script>alert(1)');
  });

  it('gives site owners snippets on BASE_URL, and a preview, on /embed/help', async () => {
    const res = await request(app)
      .get('/embed/help?where=BS5&q=walking&fixed=where&accent=005eb8&compact=1')
      .expect(200);
    const $ = cheerio.load(res.text);
    const script = $('#snippet-script').text();
    const iframe = $('#snippet-iframe').text();
    expect(script).to.include('<script src="https://directory.example.org/embed.js" async></script>');
    expect(script)
      .to.include('data-where="BS5"')
      .and.include('data-q="walking"')
      .and.include('data-fixed="where"');
    expect(iframe).to.include(
      'src="https://directory.example.org/embed?q=walking&amp;where=BS5&amp;accent=005eb8&amp;compact=1&amp;fixed=where"',
    );
    expect($('[data-activity-directory]').attr('data-where')).to.equal('BS5');
    expect($('script[src="/embed.js"]')).to.have.length(1);
    expect(res.headers['set-cookie']).to.equal(undefined);
    const bad = cheerio.load(
      (await request(app).get('/embed/help?where=BS5&accent=ffdd00').expect(400)).text,
    );
    expect(bad('.govuk-error-summary').text()).to.include('Accent colour');
  });
});
