// One-time links opened after they stopped working: a password reset link used, expired or outdated, and a "still
// accurate" link used, undone or overtaken. Each says so as soon as it is opened, with what to do next, and opening
// it changes nothing.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { createStores } from '../../src/db/stores.js';
import { signToken } from '../../src/domain/signed-token.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { csrfFrom, csrfToken, mailedLink } from '../support/accounts.js';
import { testConfig } from '../support/config.js';
import { testDatabase } from '../support/database.js';
import { seedListingDueForReview } from '../support/freshness.js';

/** A person opening the link in a browser, as Chromium and Firefox mark it. */
const BROWSER = { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'none' };
const today = () => DateTime.now().setZone('Europe/London').toISODate()!;
const USED_AT = /It was used at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} [A-Z][a-z]+ \d{4}/;

const mainText = (html: string) => cheerio.load(html)('main').text().replace(/\s+/g, ' ');
const heading = (html: string) => cheerio.load(html)('h1').text().trim();

describe('one-time links opened after they stopped working (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let services: Services;

  before(async () => {
    db = await testDatabase();
    await seedListingDueForReview(db);
    const engine = new PostgresSearchEngine(db);
    services = createServices({
      stores: createStores(db),
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    app = createApp(services);
  });

  const state = async () =>
    (
      (await db.query(
        `SELECT (SELECT credential_version FROM user_account WHERE email = 'walk@example.org') AS version,
                (SELECT count(*)::int FROM used_token) AS used,
                (SELECT assured_date::text FROM service WHERE id = 'due') AS assured,
                (SELECT count(*)::int FROM audit_log) AS audits,
                (SELECT count(*)::int FROM review_confirmation) AS confirmations`,
      )) as { version: number; used: number; assured: string; audits: number; confirmations: number }[]
    )[0];

  const askForReset = async () => {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/forgot-password');
    await agent
      .post('/account/forgot-password')
      .type('form')
      .send({ _csrf: token, email: 'walk@example.org' })
      .expect(200);
    await db.query(`DELETE FROM rate_limit`);
    return mailedLink(db, 'walk@example.org', '/account/reset-password/');
  };

  /** The page says the link no longer works and leads to a new one: no password boxes to fill in for nothing. */
  const expectNoForm = (html: string) => {
    const $ = cheerio.load(html);
    expect($('input[type=password]')).to.have.length(0);
    expect($('main a[href="/account/forgot-password"]').text()).to.equal('Ask for a new link');
    expect($('main a[href="/account/sign-in"]')).to.have.length(1);
  };

  it('a used reset link says when it was used and offers a new link, as soon as it is opened', async () => {
    const link = await askForReset();
    const agent = request.agent(app);
    const fresh = await agent.get(link).expect(200);
    expect(heading(fresh.text)).to.equal('Choose a new password');
    await agent
      .post(link)
      .type('form')
      .send({
        _csrf: csrfFrom(fresh.text),
        password: 'a new walking password',
        confirmPassword: 'a new walking password',
      })
      .expect(302);
    const before = await state();

    for (const headers of [{}, BROWSER]) {
      const reopened = await request(app).get(link).set(headers).expect(400);
      expect(heading(reopened.text)).to.equal('This link has already been used');
      expect(cheerio.load(reopened.text)('title').text()).to.match(/^This link has already been used/);
      expect(mainText(reopened.text)).to.match(USED_AT);
      expect(mainText(reopened.text)).to.contain('to change the password');
      expectNoForm(reopened.text);
    }
    expect(await state()).to.deep.equal(before);
  });

  it('a reset link made before the password changed by another link says so, not "fix what you typed"', async () => {
    const first = await askForReset();
    const second = await askForReset();
    // The first link opened in one browser, the second used in another.
    const agent = request.agent(app);
    const form = await agent.get(first).expect(200);
    const other = request.agent(app);
    const page = await other.get(second).expect(200);
    await other
      .post(second)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        password: 'second walking password',
        confirmPassword: 'second walking password',
      })
      .expect(302);

    const opened = await request(app).get(first).expect(400);
    expect(heading(opened.text)).to.equal('This link has already been used');
    expect(mainText(opened.text)).to.contain(
      'This link no longer works: the password has been changed since it was sent',
    );
    expectNoForm(opened.text);
    // The form opened before the other link was used, sent with boxes that do not match: the link's problem first.
    const sent = await agent
      .post(first)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), password: 'one thing', confirmPassword: 'another thing' })
      .expect(400);
    expect(heading(sent.text)).to.equal('This link has already been used');
    expectNoForm(sent.text);
  });

  it('an expired reset link says it has expired and how to get a new one; opening a good one changes nothing', async () => {
    const user = (await db.query(
      `SELECT id::text, credential_version FROM user_account WHERE email = 'walk@example.org'`,
    )) as {
      id: string;
      credential_version: number;
    }[];
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const expired = signToken(
      'password-reset',
      user[0].id,
      testConfig().sessionSecret,
      3600_000,
      twoHoursAgo,
      user[0].credential_version,
    );
    const res = await request(app).get(`/account/reset-password/${expired}`).expect(400);
    expect(heading(res.text)).to.equal('This link has expired');
    expect(mainText(res.text)).to.contain('Links to reset a password work for one hour');
    expectNoForm(res.text);

    const link = await askForReset();
    const before = await state();
    await request(app).get(link).set(BROWSER).expect(200);
    await request(app).get(link).expect(200);
    expect(await state()).to.deep.equal(before);
  });

  describe('a "still accurate" link opened again', () => {
    /** A link as the reminder mails it: one per organiser and reminder. */
    const stillAccurateLink = async () =>
      `/still-accurate/${signToken('still-accurate', 'due', testConfig().sessionSecret, 60 * 24 * 3600_000)}`;

    it('says it was already used, when, and what it did, offers the undo while it works, and changes nothing', async () => {
      const link = await stillAccurateLink();
      const visitor = request.agent(app);
      const done = await visitor.get(link).set(BROWSER).expect(200);
      expect(heading(done.text)).to.equal('Thank you');
      const before = await state();
      expect(before.assured).to.equal(today());

      for (const headers of [BROWSER, {}, { ...BROWSER, 'Sec-Purpose': 'prefetch' }]) {
        const reopened = await visitor.get(link).set(headers).expect(200);
        expect(heading(reopened.text)).to.equal('This link has already been used');
        expect(mainText(reopened.text)).to.match(USED_AT);
        expect(mainText(reopened.text)).to.contain(
          `to mark Due Walking Group as checked on ${DateTime.fromISO(today()).toFormat('d MMMM yyyy')}`,
        );
        const undo = cheerio.load(reopened.text)('form[action$="/undo"]');
        expect(undo.find('button').text().trim()).to.equal('Undo: it is not checked');
      }
      expect(await state()).to.deep.equal(before);
    });

    it('once the listing is checked again by a later link, it no longer offers the undo, and the undo is refused', async () => {
      const link = await stillAccurateLink();
      const visitor = request.agent(app);
      const done = await visitor.get(link).set(BROWSER).expect(200);
      // Another organiser's link confirms it on a later day: that review stands.
      const later = await stillAccurateLink();
      const tomorrow = DateTime.now().setZone('Europe/London').plus({ days: 1 });
      const token = decodeURIComponent(later.split('/').pop()!);
      const confirmed = await services.freshness.confirmByLink(token, { again: false }, tomorrow.toJSDate());
      expect(confirmed).to.include({ ok: true, date: tomorrow.toISODate() });
      const before = await state();

      const reopened = await visitor.get(link).set(BROWSER).expect(200);
      expect(heading(reopened.text)).to.equal('This link has already been used');
      expect(mainText(reopened.text)).to.match(USED_AT);
      expect(cheerio.load(reopened.text)('form[action$="/undo"]')).to.have.length(0);
      expect(mainText(reopened.text)).to.contain(
        `This can no longer be undone: the listing has been checked or changed again since, and was last checked on ${tomorrow.toFormat('d MMMM yyyy')}.`,
      );
      expect(await state()).to.deep.equal(before);
      // An undo button kept open in another tab is refused too.
      const undo = await visitor
        .post(`${link}/undo`)
        .type('form')
        .send({ _csrf: csrfFrom(done.text) })
        .expect(400);
      expect(mainText(undo.text)).to.contain('has been checked or changed again since this link was used');
      expect(await state()).to.deep.equal(before);
    });

    it('after an undo it says when it was used and undone, and only the button confirms again', async () => {
      await db.query(`UPDATE service SET assured_date = $1 WHERE id = 'due'`, [
        DateTime.now().minus({ months: 7 }).toISODate(),
      ]);
      const link = await stillAccurateLink();
      const visitor = request.agent(app);
      const done = await visitor.get(link).set(BROWSER).expect(200);
      await visitor
        .post(`${link}/undo`)
        .type('form')
        .send({ _csrf: csrfFrom(done.text) })
        .expect(200);
      const before = await state();

      const reopened = await visitor.get(link).set(BROWSER).expect(200);
      expect(heading(reopened.text)).to.equal('Is Due Walking Group still accurate?');
      expect(mainText(reopened.text)).to.match(
        /This link was used at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} [A-Z][a-z]+ \d{4} to mark it as checked, and that was undone at (\d{1,2}(:\d\d)?[ap]m|midday|midnight) on/,
      );
      expect(mainText(reopened.text)).to.contain('It is not marked as checked: it was last checked on');
      expect(cheerio.load(reopened.text)('main form button').text().trim()).to.equal(
        'Yes, it is still accurate',
      );
      expect(await state()).to.deep.equal(before);
    });
  });
});
