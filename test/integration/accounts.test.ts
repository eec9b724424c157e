import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditEntries, recordAudit } from '../../src/db/audit-log.js';
import { recentMail } from '../../src/db/mail-store.js';
import { hashPassword, verifyPassword } from '../../src/services/accounts.js';
import { createMailer } from '../../src/services/mail.js';
import { csrfFrom, csrfToken, mailedLink, resetAccounts } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { createStores } from '../../src/db/stores.js';

describe('accounts: register, sign in and out, reset a password (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    app = buildApp(db);
  });

  it('hashes passwords with scrypt, salted, and verifies them', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.to.equal(b);
    expect(await verifyPassword('a long enough password', a)).to.equal(true);
    expect(await verifyPassword('a long enough passworD', a)).to.equal(false);
  });

  it('re-renders registration with a linked error summary and keeps what was typed (not the password)', async () => {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/register');
    const res = await agent
      .post('/account/register')
      .type('form')
      .send({
        _csrf: token,
        email: 'not-an-email',
        password: 'short',
        confirmPassword: 'other',
        organisation: 'Knit & Natter',
      })
      .expect(400);
    const $ = cheerio.load(res.text);
    const links = $('.govuk-error-summary a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).to.deep.equal(['#field-email', '#field-password', '#field-confirmPassword']);
    expect($('#field-email').val()).to.equal('not-an-email');
    expect($('#field-organisation').val()).to.equal('Knit & Natter');
    expect($('#field-password').val()).to.equal(undefined);
    expect($('#field-email').attr('aria-describedby')).to.contain('error-email');
  });

  it('registers an organiser with a new organisation, confirms the address from the mail, signs in and out', async () => {
    const agent = request.agent(app);
    let token = await csrfToken(agent, '/account/register');
    const res = await agent
      .post('/account/register')
      .type('form')
      .send({
        _csrf: token,
        email: 'Knitter@Example.org',
        password: 'tuesday knit and natter',
        confirmPassword: 'tuesday knit and natter',
        organisation: 'Easton Knit and Natter',
      })
      .expect(200);
    expect(cheerio.load(res.text)('h1').text()).to.equal('Check your email');
    // Registering does not sign in: the address is confirmed first, then the password is used.
    await agent.get('/account').expect(302);
    const members = (await db.query(
      `SELECT o.name, u.email_verified FROM organization_member m JOIN organization o ON o.id = m.organization_id
       JOIN user_account u ON u.id = m.user_id WHERE lower(u.email) = 'knitter@example.org'`,
    )) as { name: string; email_verified: boolean }[];
    expect(members).to.deep.equal([{ name: 'Easton Knit and Natter', email_verified: false }]);

    const [mail] = await recentMail(db, 1);
    expect(mail).to.include({ to: 'Knitter@Example.org', subject: 'Confirm your email address' });
    const link = await mailedLink(db, 'Knitter@Example.org', '/account/confirm-email/');
    // Opening the link changes nothing until the button is pressed (mail scanners open links).
    const opened = await agent.get(link).expect(200);
    expect(cheerio.load(opened.text)('main button').text()).to.equal('Confirm my email address');
    await agent.get(`${link}x`).expect(400);
    await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(opened.text) })
      .expect(302)
      .expect('Location', '/account/sign-in');
    const [{ email_verified }] = (await db.query(
      `SELECT email_verified FROM user_account WHERE lower(email) = 'knitter@example.org'`,
    )) as { email_verified: boolean }[];
    expect(email_verified).to.equal(true);
    const again = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(opened.text) })
      .expect(400);
    expect(again.text).to.contain('already been used');

    token = await csrfToken(agent, '/account/sign-in');
    const signedIn = await agent
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'knitter@example.org', password: 'tuesday knit and natter' })
      .expect(302)
      .expect('Location', '/manage');
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).to.match(/directory\.sid=/);
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Lax/i);

    const account = await agent.get('/account').expect(200);
    expect(account.text).to.contain('Knitter@Example.org');
    expect(account.text).to.contain('Easton Knit and Natter');
    expect(account.text).not.to.contain('Send the link again');
    expect(cheerio.load(account.text)('nav a[href="/manage"]').text()).to.equal('Your listings');

    token = csrfFrom(account.text);
    await agent.post('/account/sign-out').type('form').send({ _csrf: token }).expect(302);
    await agent.get('/account').expect(302).expect('Location', '/account/sign-in?next=%2Faccount');

    token = await csrfToken(agent, '/account/sign-in');
    const withNext = await agent
      .post('/account/sign-in')
      .type('form')
      .send({
        _csrf: token,
        email: 'knitter@example.org',
        password: 'tuesday knit and natter',
        next: '/account',
      })
      .expect(302);
    expect(withNext.headers.location).to.equal('/account');
  });

  it('never follows a sign-in "next" to another site', async () => {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/sign-in?next=//evil.example/');
    const res = await agent
      .post('/account/sign-in')
      .type('form')
      .send({
        _csrf: token,
        email: 'knitter@example.org',
        password: 'tuesday knit and natter',
        next: '//evil.example/',
      })
      .expect(302);
    expect(res.headers.location).to.equal('/manage');
  });

  it('locks sign-in for an address after five wrong passwords from one place, saying when to try again', async () => {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/sign-in');
    for (let i = 0; i < 5; i++) {
      const res = await agent
        .post('/account/sign-in')
        .type('form')
        .send({ _csrf: token, email: 'knitter@example.org', password: `wrong ${i}` })
        .expect(400);
      expect(res.text).to.contain('The email address or password is not right');
    }
    const locked = await agent
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'knitter@example.org', password: 'tuesday knit and natter' })
      .expect(429);
    expect(locked.text).to.contain('too many wrong passwords for this account from here');
    expect(locked.text).to.match(/Try again after \d\d:\d\d/);
    expect(Number(locked.headers['retry-after'])).to.be.within(14 * 60, 15 * 60);
    await db.query(`DELETE FROM rate_limit`);
  });

  it('rejects a POST without a CSRF token with 403', async () => {
    const agent = request.agent(app);
    await agent.get('/account/sign-in').expect(200);
    const res = await agent
      .post('/account/sign-in')
      .type('form')
      .send({ email: 'knitter@example.org', password: 'tuesday knit and natter' })
      .expect(403);
    expect(res.text).to.contain('This form has expired');
  });

  it('resets a forgotten password by a signed link that works once, via the development mailbox', async () => {
    const agent = request.agent(app);
    let token = await csrfToken(agent, '/account/forgot-password');
    const sent = await agent
      .post('/account/forgot-password')
      .type('form')
      .send({ _csrf: token, email: 'knitter@example.org' })
      .expect(200);
    expect(sent.text).to.contain('Check your email');
    // Unknown addresses get the same answer and no mail.
    await agent
      .post('/account/forgot-password')
      .type('form')
      .send({ _csrf: token, email: 'nobody@example.org' })
      .expect(200);

    const mail = (await recentMail(db, 10)).filter((m) => m.subject === 'Reset your password');
    expect(mail.map((m) => m.to)).to.deep.equal(['Knitter@Example.org']);
    const link = /http:\/\/[^/]+(\/account\/reset-password\/[\w.-]+)/.exec(mail[0].body)?.[1];
    expect(link, mail[0].body).to.be.a('string');

    // A tampered link is refused.
    await agent.get(`${link!}x`).expect(400);

    token = await csrfToken(agent, link!);
    await agent
      .post(link!)
      .type('form')
      .send({ _csrf: token, password: 'a brand new password', confirmPassword: 'a brand new password' })
      .expect(302)
      .expect('Location', '/account');
    const reused = await agent.get(link!).expect(400);
    expect(reused.text).to.contain('already been used');
    token = await csrfToken(agent, '/account/forgot-password');
    const second = await agent
      .post(link!)
      .type('form')
      .send({ _csrf: token, password: 'yet another password', confirmPassword: 'yet another password' })
      .expect(400);
    expect(second.text).to.contain('already been used');

    const fresh = request.agent(app);
    token = await csrfToken(fresh, '/account/sign-in');
    await fresh
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'knitter@example.org', password: 'a brand new password' })
      .expect(302);
  });

  it('keeps mail that SMTP refuses in the outbox with the error, never dropping it', async () => {
    const mailer = createMailer(createStores(db), {
      smtpUrl: 'smtp://127.0.0.1:9',
      mailFrom: 'test@localhost',
    });
    await mailer.send('someone@example.org', 'Hello', 'Body text');
    const [mail] = await recentMail(db, 1);
    expect(mail).to.include({ to: 'someone@example.org', subject: 'Hello', body: 'Body text', sentAt: null });
    expect(mail.error).to.match(/ECONNREFUSED|connect/i);
  });

  it('lists the mailbox and the audit log newest first, also past id 9 (ids are numbers, not text)', async () => {
    const mailer = createMailer(createStores(db), { smtpUrl: null, mailFrom: 'test@localhost' });
    for (let i = 1; i <= 12; i++) await mailer.send('order@example.org', `Mail ${i}`, 'Body');
    expect((await recentMail(db, 3, 'order@example.org')).map((m) => m.subject)).to.deep.equal([
      'Mail 12',
      'Mail 11',
      'Mail 10',
    ]);
    for (let i = 1; i <= 12; i++)
      await recordAudit(db, {
        user: null,
        actor: 'test',
        action: `step ${i}`,
        entity: 'order',
        entityId: 'x',
      });
    const entries = await auditEntries(db, { entity: 'order', limit: 2 });
    expect(entries.map((e) => e.action)).to.deep.equal(['step 12', 'step 11']);
  });

  it('stores sessions in Postgres', async () => {
    const rows = (await db.query(`SELECT count(*)::int AS n FROM http_session`)) as { n: number }[];
    expect(rows[0].n).to.be.greaterThan(0);
  });
});
