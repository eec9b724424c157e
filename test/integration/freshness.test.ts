import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { recentMail } from '../../src/db/mail-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds.js';
import { importListings } from '../../src/importer/import-listings.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { createApp } from '../../src/app.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';

const monthsAgo = (n: number) => DateTime.now().setZone('Europe/London').minus({ months: n }).toISODate()!;

describe('freshness: reminders, "still accurate" links, stale listings demoted (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let services: Services;
  let steward: Agent;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON }]);
    await importListings(
      db,
      convertHsdsDocument(
        [
          service({
            id: 'fresh',
            name: 'Fresh Walking Group',
            at: EASTON,
            assured: monthsAgo(1),
            organization: 'walkers',
          }),
          service({
            id: 'due',
            name: 'Due Walking Group',
            at: EASTON,
            assured: monthsAgo(7),
            organization: 'walkers',
          }),
          service({
            id: 'stale',
            name: 'Stale Walking Group',
            at: EASTON,
            assured: monthsAgo(13),
            organization: 'orphans',
          }),
        ],
        'fixtures',
      ),
      { source: 'test' },
    );
    const engine = new PostgresSearchEngine(db);
    services = createServices({
      dataSource: db,
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    app = createApp(services);
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
    const { userId } = await signedInAgent(app, db, { email: 'walk@example.org' });
    await addMember(db, userId, 'walkers');
  });

  let link: string;

  it('flags listings not reviewed for 6 months and mails their organisers a signed link, once', async () => {
    expect(await services.freshness.run()).to.deep.equal({ flagged: 2, reminders: 1 });
    expect(await services.freshness.run()).to.deep.equal({ flagged: 0, reminders: 0 });
    const mail = await recentMail(db, 10);
    expect(mail).to.have.length(1);
    expect(mail[0]).to.include({ to: 'walk@example.org', subject: 'Is "Due Walking Group" still right?' });
    link = /http:\/\/[^/]+(\/still-accurate\/[\w.-]+)/.exec(mail[0].body)![1];
    const queue = await steward.get('/steward').expect(200);
    const $ = cheerio.load(queue.text);
    const rows = $('#stale').nextAll('table').first().find('tbody tr');
    expect(rows.map((_, tr) => $(tr).find('td').first().text()).get()).to.deep.equal([
      'Stale Walking Group',
      'Due Walking Group',
    ]);
    expect(rows.first().text()).to.contain('No organiser to remind');
  });

  it('the link asks for one click, then records today as the review date with an audit entry; it works once', async () => {
    const visitor = request.agent(app);
    const page = await visitor.get(link).expect(200);
    expect(page.text).to.contain('Is Due Walking Group still accurate?');
    await visitor.get(`${link.slice(0, -2)}xx`).expect(400);
    const done = await visitor
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(200);
    expect(done.text).to.contain('marked as checked');
    const [row] = (await db.query(`SELECT assured_date::text AS d FROM service WHERE id = 'due'`)) as {
      d: string;
    }[];
    expect(row.d).to.equal(DateTime.now().setZone('Europe/London').toISODate());
    const audit = (await db.query(
      `SELECT actor, fields, before->>'assured_date' AS before FROM audit_log WHERE action = 'still-accurate'`,
    )) as { actor: string; fields: string[]; before: string }[];
    expect(audit).to.deep.equal([
      { actor: 'still-accurate link', fields: ['assured_date'], before: monthsAgo(7) },
    ]);
    expect((await services.freshness.flagged()).map((f) => f.serviceId)).to.deep.equal(['stale']);
    const again = await visitor
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(400);
    expect(again.text).to.contain('already been used');
  });

  it('after 12 months a listing is marked possibly out of date and ranked below an equal fresh one', async () => {
    const stalePage = await request(app).get('/activities/stale').expect(200);
    expect(stalePage.text).to.contain('This listing may be out of date');
    const freshPage = await request(app).get('/activities/fresh').expect(200);
    expect(freshPage.text).not.to.contain('This listing may be out of date');
    const search = await request(app).get('/search?q=walking&where=BS5').expect(200);
    const $ = cheerio.load(search.text);
    const order = $('[data-activity-id]')
      .map((_, el) => $(el).attr('data-activity-id'))
      .get();
    expect(order.indexOf('stale')).to.be.greaterThan(order.indexOf('fresh'));
    expect(order.indexOf('stale')).to.be.greaterThan(order.indexOf('due'));
  });
});
