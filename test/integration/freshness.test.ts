import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { recentMail } from '../../src/db/mail-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { createApp } from '../../src/app.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';
import { createStores } from '../../src/db/stores.js';

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
      createStores(db),
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
      stores: createStores(db),
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
    const rows = $('#stale-table tbody tr');
    expect(rows.map((_, tr) => $(tr).find('td').first().text()).get()).to.deep.equal([
      'Stale Walking Group',
      'Due Walking Group',
    ]);
    expect(rows.first().text()).to.contain('No organiser to remind');
  });

  /** A person opening the link in a browser, as Chromium and Firefox mark it. */
  const BROWSER = { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'none' };
  const reviewDate = async () =>
    ((await db.query(`SELECT assured_date::text AS d FROM service WHERE id = 'due'`)) as { d: string }[])[0]
      .d;
  const auditOf = async () =>
    (await db.query(
      `SELECT action, actor, before->>'assured_date' AS before, after->>'assured_date' AS after
       FROM audit_log WHERE action LIKE 'still-accurate%' ORDER BY id`,
    )) as { action: string; actor: string; before: string; after: string }[];
  const today = () => DateTime.now().setZone('Europe/London').toISODate()!;

  it('scanners, link previews, prefetches and HEAD requests see a button and change nothing', async () => {
    const scanner = await request(app).get(link).expect(200);
    expect(scanner.text).to.contain('Is Due Walking Group still accurate?');
    await request(app).head(link).set(BROWSER).expect(200);
    for (const purpose of [
      { 'Sec-Purpose': 'prefetch' },
      { Purpose: 'prefetch' },
      { 'X-Purpose': 'preview' },
    ]) {
      const res = await request(app).get(link).set(BROWSER).set(purpose).expect(200);
      expect(res.text).to.contain('Yes, it is still accurate');
    }
    await request(app)
      .get(link)
      .set({ ...BROWSER, 'Sec-Fetch-Dest': 'iframe' })
      .expect(200);
    await request(app)
      .get(`${link.slice(0, -2)}xx`)
      .set(BROWSER)
      .expect(400);
    expect(await reviewDate()).to.equal(monthsAgo(7));
    expect(await auditOf()).to.deep.equal([]);
  });

  it('opening the link in a browser is the one click: today is the review date; opened again it says it was used', async () => {
    const visitor = request.agent(app);
    const done = await visitor.get(link).set(BROWSER).expect(200);
    expect(cheerio.load(done.text)('h1').text()).to.equal('Thank you');
    expect(done.text).to.contain('Due Walking Group is marked as checked');
    expect(done.headers['cache-control']).to.equal('no-store');
    expect(await reviewDate()).to.equal(today());
    expect((await services.freshness.flagged()).map((f) => f.serviceId)).to.deep.equal(['stale']);
    // Opened again, it says it was used, when and what it did, and changes nothing.
    const again = await visitor.get(link).set(BROWSER).expect(200);
    expect(cheerio.load(again.text)('h1').text()).to.equal('This link has already been used');
    expect(cheerio.load(again.text)('main').text()).to.match(
      /It was used at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} \w+ \d{4} to mark Due Walking Group as checked on/,
    );
    await visitor
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(again.text) })
      .expect(200);
    expect(await auditOf()).to.deep.equal([
      { action: 'still-accurate', actor: 'still-accurate link', before: monthsAgo(7), after: today() },
    ]);
  });

  it('undo puts the old review date back and the listing back in the queue; only a button confirms again', async () => {
    const visitor = request.agent(app);
    const page = await visitor.get(link).set(BROWSER).expect(200);
    const undone = await visitor
      .post(cheerio.load(page.text)('form[action$="/undo"]').attr('action')!)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(200);
    expect(undone.text).to.contain('It is not marked as checked');
    expect(await reviewDate()).to.equal(monthsAgo(7));
    expect((await services.freshness.flagged()).map((f) => f.serviceId)).to.include('due');
    // Opening the link again (a scanner revisiting, say) does not undo the undo.
    const reopened = await visitor.get(link).set(BROWSER).expect(200);
    expect(reopened.text).to.contain('Yes, it is still accurate');
    expect(await reviewDate()).to.equal(monthsAgo(7));
    await visitor
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(reopened.text) })
      .expect(200);
    expect(await reviewDate()).to.equal(today());
    expect((await auditOf()).map((a) => `${a.action} ${a.before} → ${a.after}`)).to.deep.equal([
      `still-accurate ${monthsAgo(7)} → ${today()}`,
      `still-accurate-undone ${today()} → ${monthsAgo(7)}`,
      `still-accurate ${monthsAgo(7)} → ${today()}`,
    ]);
  });

  it('reminds a listing that was already stale when its organisation got a manager, on the next run, once', async () => {
    // 'stale' was flagged on the first run with nobody to remind (its organisation had no manager).
    const remindedAt = async () =>
      (
        (await db.query(`SELECT reminded_at FROM freshness_flag WHERE service_id = 'stale'`)) as {
          reminded_at: Date | null;
        }[]
      )[0]?.reminded_at ?? null;
    expect(await remindedAt()).to.equal(null);
    const { userId } = await signedInAgent(app, db, { email: 'orphan.claimant@example.org' });
    const claimant = (await services.accounts.findUser(userId))!;
    const stewardUser = (await services.accounts.findUser(
      (
        (await db.query(`SELECT id::text FROM user_account WHERE email = 'sam@example.org'`)) as {
          id: string;
        }[]
      )[0].id,
    ))!;
    expect(await services.moderation.requestClaim(claimant, 'orphans', 'I run this group now')).to.deep.equal(
      [],
    );
    const claimId = (
      (await db.query(`SELECT id::text FROM claim_request WHERE organization_id = 'orphans'`)) as {
        id: string;
      }[]
    )[0].id;
    expect(await services.moderation.decideClaim(stewardUser, claimId, true, '')).to.equal(true);
    const reminders = async () =>
      (await recentMail(db, 50))
        .filter((m) => m.subject.startsWith('Is "'))
        .map((m) => `${m.to}: ${m.subject}`);
    const earlier = await reminders();

    expect(await services.freshness.run()).to.deep.equal({ flagged: 0, reminders: 1 });
    expect(await reminders()).to.deep.equal([
      'orphan.claimant@example.org: Is "Stale Walking Group" still right?',
      ...earlier,
    ]);
    expect((await recentMail(db, 1))[0].body).to.match(/\/still-accurate\/[\w.-]+/);
    expect(await remindedAt()).to.be.instanceOf(Date);
    // Once: the next runs send nothing more, and the listing stays in the stewards' queue.
    expect(await services.freshness.run()).to.deep.equal({ flagged: 0, reminders: 0 });
    expect(await services.freshness.run()).to.deep.equal({ flagged: 0, reminders: 0 });
    expect((await services.freshness.flagged()).map((f) => f.serviceId)).to.include('stale');
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
