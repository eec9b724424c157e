// The contract between the three ways in: the same question asked through the search page, the map and
// /api/services gets the same activities in the same order. Each surface translates its own parameters into
// the one query model; the engine answers all three.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import path from 'node:path';
import request from 'supertest';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { termByCode } from '../../src/domain/vocabulary.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';

const MILE = 1609.344;
const LONELINESS = termByCode('needs', 'loneliness')!.id;
const WOMEN_ONLY = termByCode('suitability', 'women-only')!.id;

interface Case {
  title: string;
  /** The search page's (and the map's) query string. */
  page: string;
  /** The same question to /api/services; a place there means "within the distance", so online listings,
   * which the page keeps and labels, are not in its answer. */
  api: string;
  placed?: boolean;
  pageNumber?: number;
}

const CASES: Case[] = [
  { title: 'words', page: 'q=walking', api: 'search=walking' },
  { title: 'misspelt words', page: 'q=walkng', api: 'search=walkng' },
  {
    title: 'words and a place',
    page: 'q=befriending&where=BS5&radius=5',
    api: `search=befriending&postcode=BS5&proximity=${5 * MILE}`,
    placed: true,
  },
  {
    title: 'a place, a day and a part of the day',
    page: 'where=LS6&radius=5&day=TU&time=afternoon',
    api: `postcode=LS6&proximity=${5 * MILE}&day=TU&start_time=12:00&end_time=17:00&sort=relevance`,
    placed: true,
  },
  {
    title: 'a place, and the evening to the end of the day',
    page: 'where=BS5&radius=10&time=evening',
    api: `postcode=BS5&proximity=${10 * MILE}&start_time=17:00&end_time=24:00&sort=relevance`,
    placed: true,
  },
  {
    title: 'a need and a place',
    page: 'need=loneliness&where=BS5&radius=5',
    api: `taxonomy_term_id=${LONELINESS}&postcode=BS5&proximity=${5 * MILE}&sort=relevance`,
    placed: true,
  },
  {
    title: 'a "must be" term',
    page: 'suits=women-only',
    api: `taxonomy_term_id=${WOMEN_ONLY}&sort=relevance`,
  },
  { title: 'free only', page: 'free=1', api: 'is_free=true&sort=relevance' },
  { title: 'the second page of words', page: 'q=group&page=2', api: 'search=group', pageNumber: 2 },
];

interface Listed {
  ids: string[];
  online: string[];
  total: number;
}

function listedOn(html: string): Listed {
  const $ = cheerio.load(html);
  const results = $('li.result[data-activity-id]');
  const count = $('#results-count').text().trim();
  return {
    ids: results.map((_, el) => $(el).attr('data-activity-id')!).get(),
    online: results
      .filter((_, el) => $(el).attr('data-placement') === 'online')
      .map((_, el) => $(el).attr('data-activity-id')!)
      .get(),
    total: /^No activities/.test(count) ? 0 : Number(count.split(' ')[0]),
  };
}

describe('the same search through /search, /map and /api/services (seed data)', function () {
  this.timeout(120000);
  let app: Express;

  before(async () => {
    const db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), path.join(projectRoot, 'seed-data'));
    app = buildApp(db);
  });

  const page = async (url: string) => listedOn((await request(app).get(url).expect(200)).text);
  const api = async (query: string) => {
    const body = (await request(app).get(`/api/services?${query}`).expect(200)).body as {
      total_items: number;
      contents: { id: string }[];
    };
    return { ids: body.contents.map((s) => s.id), total: body.total_items };
  };

  for (const c of CASES) {
    it(`${c.title}: ${c.page}`, async () => {
      const n = c.pageNumber ?? 1;
      const search = await page(`/search?${c.page}`);
      expect(search.ids, 'the search page finds something').not.to.be.empty;
      // The map lists 100 a page: the search page's page n is its slice.
      const map = await page(`/map?${c.page.replace(/&?page=\d+/, '')}`);
      expect(map.total).to.equal(search.total);
      expect(map.ids.slice((n - 1) * 20, n * 20), 'map').to.deep.equal(search.ids);
      if (!c.placed) {
        const paged = await api(`${c.api}&per_page=20&page=${n}`);
        expect(paged.ids, 'api').to.deep.equal(search.ids);
        expect(paged.total).to.equal(search.total);
        return;
      }
      expect(map.total, 'every result on one map page').to.be.at.most(100);
      const within = await api(`${c.api}&per_page=100`);
      expect(within.ids, 'api').to.deep.equal(map.ids.filter((id) => !map.online.includes(id)));
      expect(within.total).to.equal(map.total - map.online.length);
    });
  }

  it('the cases between them meet online listings, corrected words and more than one page', async () => {
    const online = await page(`/map?where=BS5&radius=10&time=evening`);
    expect(online.online).not.to.be.empty;
    const corrected = (await request(app).get('/search?q=walkng').expect(200)).text;
    expect(cheerio.load(corrected)('#corrected-words').text()).to.contain('walking');
    expect((await page('/search?q=group')).total).to.be.above(20);
  });
});
