// Account protections through the real app and Postgres: a password change ends other sessions and voids
// older reset links; sign-in does one password check whether or not the address has an account; registration
// answers alike for new and existing addresses; nothing reaches the stewards before the address is confirmed.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { spawn } from 'node:child_process';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { storePlaces } from '../../src/db/place-store.js';
import { recentMail } from '../../src/db/mail-store.js';
import { scryptHasher, type PasswordHasher } from '../../src/services/accounts.js';
import { knitForm } from '../support/activity-form.js';
import {
  csrfFrom,
  csrfToken,
  mailedLink,
  resetAccounts,
  signedInAgent,
  type Agent,
  testAccounts,
} from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';

describe('account protection: sessions, reset links, sign-in work, registration answers, confirmed addresses', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;

  const signIn = async (agent: Agent, email: string, password: string) => {
    const token = await csrfToken(agent, '/account/sign-in');
    return agent.post('/account/sign-in').type('form').send({ _csrf: token, email, password });
  };

  const askForReset = async (agent: Agent, email: string) => {
    const token = await csrfToken(agent, '/account/forgot-password');
    await agent.post('/account/forgot-password').type('form').send({ _csrf: token, email }).expect(200);
    return mailedLink(db, email, '/account/reset-password/');
  };

  const choosePassword = async (agent: Agent, link: string, password: string) => {
    const page = await agent.get(link);
    if (page.status !== 200) return page;
    return agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password, confirmPassword: password });
  };

  const register = async (agent: Agent, email: string, password: string, organisation = '') => {
    const token = await csrfToken(agent, '/account/register');
    return agent
      .post('/account/register')
      .type('form')
      .send({ _csrf: token, email, password, confirmPassword: password, organisation });
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
    app = buildApp(db);
  });

  it('a password reset signs out every other session of the account, even one saved again late', async () => {
    const { agent: laptop, userId } = await signedInAgent(app, db, {
      email: 'two-places@example.org',
      password: 'the old password',
    });
    await laptop.get('/account').expect(200);
    const [laptopRow] = (await db.query(
      `SELECT sid, sess::text AS sess, expire FROM http_session WHERE sess->>'userId' = $1`,
      [userId],
    )) as { sid: string; sess: string; expire: Date }[];
    const phone = request.agent(app);
    expect((await signIn(phone, 'two-places@example.org', 'the old password')).status).to.equal(302);

    const link = await askForReset(phone, 'two-places@example.org');
    await choosePassword(phone, link, 'the new password').then((res) => expect(res.status).to.equal(302));
    await phone.get('/account').expect(200);
    await laptop.get('/account').expect(302).expect('Location', '/account/sign-in?next=%2Faccount');

    // A request from the laptop that was in flight during the reset saves its old session back: still signed out.
    await db.query(
      `INSERT INTO http_session (sid, sess, expire) VALUES ($1, $2::json, $3)
       ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess`,
      [laptopRow.sid, laptopRow.sess, laptopRow.expire],
    );
    await laptop.get('/account').expect(302);
  });

  it('a password reset voids every reset link sent before it', async () => {
    await signedInAgent(app, db, { email: 'links@example.org', password: 'the first password' });
    const visitor = request.agent(app);
    const older = await askForReset(visitor, 'links@example.org');
    const newer = await askForReset(visitor, 'links@example.org');
    expect(older).not.to.equal(newer);
    expect((await choosePassword(visitor, newer, 'the second password')).status).to.equal(302);

    const refused = await request.agent(app).get(older).expect(400);
    expect(refused.text).to.contain('the password has been changed since it was sent');
    // Posting it straight away (the form was opened before the reset) is refused too, and changes nothing.
    const other = request.agent(app);
    const token = await csrfToken(other, '/account/sign-in');
    await other
      .post(older)
      .type('form')
      .send({ _csrf: token, password: 'an attacker password', confirmPassword: 'an attacker password' })
      .expect(400);
    expect((await signIn(request.agent(app), 'links@example.org', 'an attacker password')).status).to.equal(
      400,
    );
    expect((await signIn(request.agent(app), 'links@example.org', 'the second password')).status).to.equal(
      302,
    );
  });

  it('sign-in checks exactly one password hash for a known or an unknown address, and hashes none', async () => {
    const calls = { hash: 0, verify: 0 };
    const counting: PasswordHasher = {
      hash: (password) => (calls.hash++, scryptHasher.hash(password)),
      verify: (password, stored) => (calls.verify++, scryptHasher.verify(password, stored)),
    };
    const accounts = testAccounts(db, { hasher: counting });
    await accounts.createAccount({ email: 'counted@example.org', password: 'the right password' });
    const work = async (email: string, password: string) => {
      const before = { ...calls };
      const result = await accounts.signIn(email, password, '192.0.2.1');
      return { ok: result.ok, hash: calls.hash - before.hash, verify: calls.verify - before.verify };
    };
    expect(await work('nobody-here@example.org', 'the right password')).to.deep.equal({
      ok: false,
      hash: 0,
      verify: 1,
    });
    expect(await work('counted@example.org', 'a wrong password')).to.deep.equal({
      ok: false,
      hash: 0,
      verify: 1,
    });
    expect(await work('counted@example.org', 'the right password')).to.deep.equal({
      ok: true,
      hash: 0,
      verify: 1,
    });
    await db.query(`DELETE FROM rate_limit`);
  });

  it('registration answers the same for a new and an existing address; the existing one is told by mail', async () => {
    const { agent: owner } = await signedInAgent(app, db, {
      email: 'taken@example.org',
      password: 'the owner password',
    });
    const normalised = (res: request.Response, email: string) =>
      res.text
        .replaceAll(email, 'EMAIL')
        .replace(/name='_csrf' value='[^']*'/g, "name='_csrf' value=''")
        .replace(/nonce='[^']*'/g, "nonce=''");
    const fresh = await register(
      request.agent(app),
      'fresh@example.org',
      'a password typed here',
      'New Group',
    );
    const taken = await register(
      request.agent(app),
      'TAKEN@example.org',
      'a password typed here',
      'Other Group',
    );
    expect(taken.status).to.equal(fresh.status);
    expect(taken.headers.location).to.equal(fresh.headers.location);
    expect(Boolean(taken.headers['set-cookie'])).to.equal(Boolean(fresh.headers['set-cookie']));
    expect(normalised(taken, 'TAKEN@example.org')).to.equal(normalised(fresh, 'fresh@example.org'));

    const [toFresh] = await recentMail(db, 1, 'fresh@example.org');
    expect(toFresh.subject).to.equal('Confirm your email address');
    const [toOwner] = await recentMail(db, 1, 'taken@example.org');
    expect(toOwner.subject).to.equal('Someone tried to create an account with your email address');
    expect(toOwner.body).to.contain('/account/sign-in').and.contain('/account/forgot-password');
    // The existing account is untouched: same password, no new organisation, still signed in elsewhere.
    expect((await signIn(request.agent(app), 'taken@example.org', 'the owner password')).status).to.equal(
      302,
    );
    expect(await db.query(`SELECT 1 FROM organization WHERE name = 'Other Group'`)).to.have.length(0);
    await owner.get('/account').expect(200);
  });

  it('an unconfirmed account cannot send anything to the stewards, is told why, and can confirm later', async () => {
    const agent = request.agent(app);
    expect(
      (await register(agent, 'later@example.org', 'a long enough password', 'Later Group')).status,
    ).to.equal(200);
    expect((await signIn(agent, 'later@example.org', 'a long enough password')).status).to.equal(302);
    const manage = cheerio.load((await agent.get('/manage').expect(200)).text);
    expect(manage('#field-confirm-email').text()).to.contain('Confirm your email address');
    const orgPath = manage('a[href^="/manage/organisations/"]').attr('href')!;
    const orgId = orgPath.split('/').pop()!;

    const newActivity = `/manage/organisations/${orgId}/activities/new`;
    let token = await csrfToken(agent, newActivity);
    const refused = await agent
      .post(newActivity)
      .type('form')
      .send({ _csrf: token, ...knitForm({ name: 'Waiting Knitters' }) })
      .expect(400);
    const page = cheerio.load(refused.text);
    expect(page('.govuk-error-summary a[href="#field-confirm-email"]').text()).to.contain(
      'Confirm your email address',
    );
    expect(page('#field-confirm-email button').text()).to.equal('Send the link again');
    expect(page('#field-name').val(), 'what was typed is kept').to.equal('Waiting Knitters');

    token = await csrfToken(agent, orgPath);
    await agent
      .post(orgPath)
      .type('form')
      .send({ _csrf: token, name: 'Renamed Group', description: '', email: '', website: '' })
      .expect(400);
    token = await csrfToken(agent, '/manage/claim?q=Renamed');
    await agent
      .post('/manage/claim')
      .type('form')
      .send({ _csrf: token, organisation: orgId, message: '' })
      .expect(400);
    const counts = (await db.query(
      `SELECT (SELECT count(*)::int FROM listing_draft) AS drafts, (SELECT count(*)::int FROM claim_request) AS claims,
              (SELECT count(*)::int FROM organization WHERE name = 'Renamed Group') AS renamed`,
    )) as { drafts: number; claims: number; renamed: number }[];
    expect(counts[0]).to.deep.equal({ drafts: 0, claims: 0, renamed: 0 });

    // The button sends a new link; opening it (signed in) confirms the address, and the same form now goes through.
    token = await csrfToken(agent, '/manage');
    await agent.post('/account/resend-confirmation').type('form').send({ _csrf: token }).expect(302);
    expect(await recentMail(db, 10, 'later@example.org')).to.have.length(2);
    const link = await mailedLink(db, 'later@example.org', '/account/confirm-email/');
    token = await csrfToken(agent, link);
    await agent.post(link).type('form').send({ _csrf: token }).expect(302).expect('Location', '/manage');
    expect((await agent.get('/manage').expect(200)).text).to.contain('your email address is confirmed');
    token = await csrfToken(agent, newActivity);
    await agent
      .post(newActivity)
      .type('form')
      .send({ _csrf: token, ...knitForm({ name: 'Waiting Knitters' }) })
      .expect(302);
  });

  it('npm run create-user makes accounts whose address counts as confirmed', async () => {
    const url = await testDatabaseUrl();
    const output = await new Promise<string>((resolve, reject) => {
      const args = [
        '--email',
        'operator-made@example.org',
        '--role',
        'organiser',
        '--password',
        'an operator password',
      ];
      const child = spawn(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', 'src/cli/create-user.ts', ...args],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
    });
    expect(output).to.contain('created organiser operator-made@example.org');
    const rows = (await db.query(
      `SELECT email_verified FROM user_account WHERE email = 'operator-made@example.org'`,
    )) as { email_verified: boolean }[];
    expect(rows).to.deep.equal([{ email_verified: true }]);
    expect(await recentMail(db, 5, 'operator-made@example.org')).to.have.length(0);
  });
});
