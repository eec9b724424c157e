import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { storePlaces } from '../../src/db/place-store.js';
import { csvCell } from '../../src/web/csv.js';
import { buildApp } from '../support/app.js';
import { csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

describe('reports and the gap map (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let steward: Agent;
  let linkWorker: Agent;
  let organiser: Agent;

  const table = ($: cheerio.CheerioAPI, name: string) =>
    $(`table[data-report=${name}] tbody tr`)
      .map((_, tr) => [
        $(tr)
          .find('td, th')
          .map((__, td) => $(td).text().replace(/\s+/g, ' ').trim())
          .get(),
      ])
      .get() as unknown as string[][];

  const gap = (needs: string[], outcode: string | null, daysAgo: number) =>
    db.query(
      `INSERT INTO search_gap (searched_at, needs, outcode) VALUES (now() - make_interval(days => $3), $1, $2)`,
      [needs, outcode, daysAgo],
    );

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await db.query('TRUNCATE search_gap');
    await seedLinkWorkerListings(db);
    await storePlaces(db, [
      { kind: 'outcode', key: '=EVIL', name: '=EVIL', area: '+Bad, "quoted" area', ...EASTON },
    ]);
    await gap(['loneliness'], 'BS5', 1);
    await gap(['loneliness', 'getting-active'], 'BS5', 2);
    await gap(['loneliness'], 'BS8', 3);
    await gap([], null, 4);
    await gap(['carers'], '=EVIL', 5);
    await gap(['loneliness'], 'BS5', 200);
    app = buildApp(db);
    ({ agent: steward } = await signedInAgent(app, db, { email: 'st@example.org', role: 'steward' }));
    ({ agent: linkWorker } = await signedInAgent(app, db, { email: 'lw@example.org', role: 'link_worker' }));
    ({ agent: organiser } = await signedInAgent(app, db, { email: 'or@example.org' }));
    const token = await csrfToken(linkWorker, '/shortlist/add?id=walk');
    for (const id of ['walk', 'walk', 'tea'])
      await linkWorker.post(`/activities/${id}/referrals`).type('form').send({ _csrf: token }).expect(303);
  });

  it('is for stewards and link workers only', async () => {
    await request(app).get('/reports').expect(302);
    await organiser.get('/reports').expect(403);
    await organiser.get('/reports/gaps.csv').expect(403);
    await linkWorker.get('/reports').expect(200);
    const nav = cheerio.load((await steward.get('/').expect(200)).text)(
      '.govuk-service-navigation a[href="/reports"]',
    );
    expect(nav).to.have.length(1);
  });

  it('counts activities by need and area, referrals by need and listing freshness', async () => {
    const $ = cheerio.load((await steward.get('/reports').expect(200)).text);
    expect(table($, 'by-need')).to.deep.include.members([
      ['Loneliness and social connection', '2'],
      ['Getting active', '1'],
    ]);
    expect(table($, 'by-area')).to.deep.equal([
      ['BS5', '2'],
      ['BS8', '1'],
    ]);
    const month = DateTime.now().setZone('Europe/London').toFormat('MMMM yyyy');
    const referrals = table($, 'referrals');
    expect(referrals).to.deep.include([month, 'Loneliness and social connection', '3']);
    expect(referrals).to.deep.include([month, 'Getting active', '2']);
    expect(table($, 'freshness')).to.deep.include(['All listed', '3']);
    expect(table($, 'referrals-by-activity')).to.deep.equal([
      ['Riverside Walking Group', '2', '0', '2'],
      ['Wednesday Tea, Cake & Chat', '1', '0', '1'],
    ]);
  });

  it('aggregates searches that found nothing by need and postcode district over the period', async () => {
    const $ = cheerio.load((await steward.get('/reports').expect(200)).text);
    const gaps = table($, 'gaps');
    expect(gaps[0]).to.deep.equal(['BS5 (Bristol)', 'Loneliness and social connection', '2']);
    expect(gaps).to.deep.include(['No place given', 'Any need', '1']);
    const circles = JSON.parse($('#gap-map').attr('data-gaps')!) as { outcode: string; count: number }[];
    expect(circles.find((c) => c.outcode === 'BS5')!.count).to.equal(3);
    expect($('script[src="/static/js/gap-map.js"]').attr('nonce')).to.be.a('string');

    const longer = cheerio.load(
      (await steward.get(`/reports?from=${DateTime.now().minus({ days: 365 }).toISODate()}`).expect(200))
        .text,
    );
    expect(table(longer, 'gaps')[0]).to.deep.equal([
      'BS5 (Bristol)',
      'Loneliness and social connection',
      '3',
    ]);
  });

  it('names a bad date parameter', async () => {
    const res = await steward.get('/reports?from=last-tuesday').expect(400);
    expect(res.text).to.contain('from must be a date like 2026-01-31');
    await steward.get('/reports?from=2026-05-01&to=2026-04-01').expect(400);
  });

  it('downloads the gaps as CSV, quoted properly and safe to open in a spreadsheet', async () => {
    const res = await linkWorker.get('/reports/gaps.csv').expect(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.match(
      /^attachment; filename=search-gaps-[\d-]+to-[\d-]+\.csv$/,
    );
    const lines = res.text.split('\r\n');
    expect(lines[0]).to.equal(
      'need_code,need,postcode_district,area,latitude,longitude,searches_with_no_results',
    );
    expect(lines).to.include(
      `loneliness,Loneliness and social connection,BS5,Bristol,${EASTON.latitude},${EASTON.longitude},2`,
    );
    expect(lines).to.include(
      `carers,Carers,'=EVIL,"'+Bad, ""quoted"" area",${EASTON.latitude},${EASTON.longitude},1`,
    );
    expect(lines).to.include(',Any need,,,,,1');
  });

  it('escapes CSV cells', () => {
    expect(csvCell('plain')).to.equal('plain');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('line\nbreak')).to.equal('"line\nbreak"');
    for (const risky of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(risky)).to.equal(`'${risky}`);
    expect(csvCell(-2.56)).to.equal('-2.56');
    expect(csvCell(null)).to.equal('');
  });
});
