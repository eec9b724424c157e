// /api/services and /api/service_at_locations answered by the search engine: what the page's search does (typo
// correction, free only, the orders) the API does too.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { DateTime } from 'luxon';
import type { Express } from 'express';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { expectOrukValid, SCHEMA_DIR } from '../support/oruk-schemas.js';
import { requireSharedData } from '../support/shared-data.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Open Referral UK API through the search engine (seed data)', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;

  before(async function () {
    requireSharedData(this, [SCHEMA_DIR]);
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), path.join(projectRoot, 'seed-data'));
    app = buildApp(db);
  });

  const list = async (query: string, endpoint = 'services') => {
    const res = await request(app).get(`/api/${endpoint}?${query}`).expect(200);
    const schema = endpoint === 'services' ? 'service_list.json' : 'service_at_location_list.json';
    expectOrukValid(schema, res.body);
    return res.body as Json;
  };
  const ids = async (query: string, endpoint = 'services') =>
    (await list(`per_page=100&${query}`, endpoint)).contents.map((r: Json) => r.id as string);
  const streamed = async (query: string) =>
    (await request(app).get(`/api/services?format=ndjson&${query}`).expect(200)).text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as Json).id as string);

  it('finds a misspelt name as the search page does, in pages and in the stream', async () => {
    const walking = await ids('search=walking');
    expect(walking.length).to.be.above(2);
    const misspelt = await ids('search=walkng');
    expect(misspelt).to.have.members(walking);
    expect(await streamed('search=walkng')).to.deep.equal(misspelt);
    const befriending = await ids('search=befriending');
    expect(await ids('search=befreinding')).to.have.members(befriending);
    expect(await ids('search=zzqqxx')).to.deep.equal([]);
  });

  it('is_free keeps the free listings only', async () => {
    const free = await streamed('is_free=true');
    const rows = (await db.query(
      `SELECT id FROM service WHERE is_free AND status IN ('active', 'temporarily closed')`,
    )) as { id: string }[];
    expect(free).to.have.members(rows.map((r) => r.id));
    expect(free.length).to.be.within(1, 172);
    expect(await streamed('is_free=false')).to.have.length(173);
  });

  it('orders by relevance for words, by distance for a postcode, by name otherwise, or as asked', async () => {
    const names = (await list('per_page=100')).contents.map((s: Json) => s.name as string);
    expect(names).to.deep.equal([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await ids('search=walking')).to.deep.equal(await ids('search=walking&sort=relevance'));
    expect(await ids('search=walking')).not.to.deep.equal(await ids('search=walking&sort=name'));
    expect(await ids('postcode=LS6')).to.deep.equal(await ids('postcode=LS6&sort=distance'));
    const soonest = (await list('per_page=100&sort=soonest&full=true')).contents as Json[];
    expect(soonest).to.have.length(100);
    const bad = await request(app).get('/api/services?sort=cheapest').expect(400);
    expect(bad.body).to.include({ parameter: 'sort' });
  });

  it('takes 24:00 as the end of the day, so 17:00 to 24:00 is the evening', async () => {
    const evening = await ids('start_time=17:00&end_time=24:00');
    expect(evening.length).to.be.within(1, 172);
    expect(evening).to.include.members(await ids('start_time=18:00&end_time=23:00'));
    await request(app).get('/api/services?end_time=24:01').expect(400);
    await request(app).get('/api/services?start_time=24:00').expect(400);
  });

  it('service_at_locations takes the same filters, typos corrected', async () => {
    const venues = await list('per_page=100&search=walkng', 'service_at_locations');
    expect(venues.total_items).to.be.above(0);
    const services = new Set(await ids('search=walking'));
    for (const sal of venues.contents) expect(services.has(sal.service.id), sal.service.name).to.equal(true);
  });

  it('finds the sessions on dates six and eleven months ahead, as the search page does', async () => {
    for (const months of [6, 11]) {
      const day = DateTime.now().setZone('Europe/London').plus({ months });
      const date = day.toISODate()!;
      const res = await request(app).get(`/api/services?format=ndjson&full=true&date=${date}`).expect(200);
      const found = res.text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Json);
      expect(found.length, `${date}`).to.be.within(1, 172);
      const code = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][day.weekday - 1];
      for (const service of found) {
        const schedules: Json[] = [
          ...(service.schedules ?? []),
          ...(service.service_at_locations ?? []).flatMap((sal: Json) => sal.schedules ?? []),
        ];
        const onThatDay = schedules.some(
          (sch) =>
            (sch.byday ?? '').includes(code) ||
            (sch.dtstart && DateTime.fromISO(sch.dtstart).weekday === day.weekday) ||
            (sch.freq && !sch.byday),
        );
        expect(onThatDay, service.name).to.equal(true);
      }
      const page = cheerio.load(
        (await request(app).get(`/search?when=dates&from=${date}&to=${date}`).expect(200)).text,
      );
      const pageIds = page('li.result[data-activity-id]')
        .map((_, el) => page(el).attr('data-activity-id')!)
        .get();
      const first = await list(`date=${date}&sort=relevance&per_page=20`);
      expect(first.contents.map((r: Json) => r.id)).to.deep.equal(pageIds);
      expect(first.total_items).to.equal(found.length);
    }
  });
});
