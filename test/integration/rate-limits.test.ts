// Every limited action through the real app and Postgres: allowed up to its limit in RATE_LIMITS, then a 429
// with Retry-After and a page saying when to try again; and two separately built apps share one count.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { createOrganization } from '../../src/db/organization-store.js';
import { recentMail } from '../../src/db/mail-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { RATE_LIMITS, type LimitName } from '../../src/services/rate-limits.js';
import { csrfToken, mailedLink, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

const limit = (name: LimitName) => RATE_LIMITS[name].points;

/** A 429 that says when to try again, in the page and in Retry-After (within the limit's window). */
function expectRefused(res: request.Response, name: LimitName, words: string | RegExp) {
  expect(res.status, res.text.slice(0, 300)).to.equal(429);
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).to.be.within(RATE_LIMITS[name].seconds - 120, RATE_LIMITS[name].seconds);
  const text = cheerio.load(res.text)('main').text().replace(/\s+/g, ' ');
  expect(text).to.match(/Try again after \d\d:\d\d( tomorrow)? \(in (about )?\d+ (minute|hour)s?\)\./);
  expect(text).to.match(typeof words === 'string' ? new RegExp(words, 'i') : words);
}

/** Each attempt the limit allows answers `status`; the next one is refused. */
async function allowedThenRefused(
  name: LimitName,
  status: number,
  attempt: (i: number) => Promise<request.Response>,
  words: string | RegExp,
) {
  for (let i = 0; i < limit(name); i++)
    expect((await attempt(i)).status, `attempt ${i + 1}`).to.equal(status);
  expectRefused(await attempt(limit(name)), name, words);
}

describe('rate limits: every limited action, shared by all web processes (real app and Postgres)', function () {
  this.timeout(180000);
  let db: DataSource;
  let app: Express;

  // Behind the load balancer every request says where it came from; these tests come from many places.
  const agentFrom = (ip: string, on = app): Agent => request.agent(on).set('X-Forwarded-For', ip);

  const signIn = async (agent: Agent, email: string, password: string) => {
    const token = await csrfToken(agent, '/account/sign-in');
    return agent.post('/account/sign-in').type('form').send({ _csrf: token, email, password });
  };

  const register = async (agent: Agent, email: string) => {
    const token = await csrfToken(agent, '/account/register');
    const password = 'a long enough password';
    return agent
      .post('/account/register')
      .type('form')
      .send({ _csrf: token, email, password, confirmPassword: password, organisation: '' });
  };

  const askForReset = async (agent: Agent, email: string) => {
    const token = await csrfToken(agent, '/account/forgot-password');
    return agent.post('/account/forgot-password').type('form').send({ _csrf: token, email });
  };

  const report = async (agent: Agent, id: string, problem = 'The times are wrong') => {
    const token = await csrfToken(agent, `/activities/${id}/report`);
    return agent.post(`/activities/${id}/report`).type('form').send({ _csrf: token, problem, email: '' });
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    const listings = Array.from({ length: 11 }, (_, i) =>
      service({ id: `limited-${i}`, name: `Limited Walk ${i}`, at: EASTON, organization: 'limited' }),
    );
    await importListings(createStores(db), convertHsdsDocument(listings, 'fixtures'), { source: 'test' });
    app = buildApp(db);
    // Whatever the deployment's proxy setting, these tests stand behind one proxy hop.
    app.set('trust proxy', 1);
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM rate_limit`);
  });

  it('sign-in: many places guessing one account are stopped per account; a password reset lifts it', async () => {
    await signedInAgent(app, db, { email: 'owner@example.org', password: 'the right password' });
    const perPlace = limit('signInAccountFromAddress') - 1;
    for (let i = 0; i < limit('signInAccount'); i++) {
      const res = await signIn(
        agentFrom(`203.0.113.${1 + Math.floor(i / perPlace)}`),
        'Owner@example.org',
        `guess ${i}`,
      );
      expect(res.status, `guess ${i}`).to.equal(400);
    }
    // From yet another place, even the right password waits: the account is paused, with a way out.
    const locked = await signIn(agentFrom('198.51.100.7'), 'owner@example.org', 'the right password');
    expectRefused(locked, 'signInAccount', /more than one place.*reset your password/);

    const owner = agentFrom('198.51.100.8');
    expect((await askForReset(owner, 'owner@example.org')).status).to.equal(200);
    const link = await mailedLink(db, 'owner@example.org', '/account/reset-password/');
    const token = await csrfToken(owner, link);
    await owner
      .post(link)
      .type('form')
      .send({ _csrf: token, password: 'a new password now', confirmPassword: 'a new password now' })
      .expect(302);
    const after = await signIn(agentFrom('198.51.100.7'), 'owner@example.org', 'a new password now');
    expect(after.status).to.equal(302);
  });

  it('sign-in: guesses sent all at once cannot slip past the limit', async () => {
    await signedInAgent(app, db, { email: 'burst@example.org', password: 'the right password' });
    const agents = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const agent = agentFrom('203.0.113.40');
        return { agent, token: await csrfToken(agent, '/account/sign-in') };
      }),
    );
    const answers = await Promise.all(
      agents.map(({ agent, token }, i) =>
        agent
          .post('/account/sign-in')
          .type('form')
          .send({ _csrf: token, email: 'burst@example.org', password: `guess ${i}` }),
      ),
    );
    const statuses = answers.map((res) => res.status).sort();
    const allowed = limit('signInAccountFromAddress');
    expect(statuses).to.deep.equal([...Array(allowed).fill(400), ...Array(12 - allowed).fill(429)]);
  });

  it('sign-in: one connection trying many accounts is stopped', async () => {
    const from = agentFrom('203.0.113.50');
    await allowedThenRefused(
      'signInAddress',
      400,
      (i) => signIn(from, `nobody${i}@example.org`, 'a guess'),
      'from this connection',
    );
  });

  it('registration: limited per connection and per e-mail address (each attempt mails the address)', async () => {
    const from = agentFrom('203.0.113.60');
    await allowedThenRefused(
      'registerAddress',
      200,
      (i) => register(from, `new${i}@example.org`),
      'from this connection',
    );
    await allowedThenRefused(
      'registerEmail',
      200,
      (i) => register(agentFrom(`203.0.113.${70 + i}`), i % 2 ? 'Target@example.org' : 'target@example.org'),
      'already sent several emails',
    );
    expect(await recentMail(db, 50, 'target@example.org')).to.have.length(limit('registerEmail'));
  });

  it('password reset mails: limited per connection and per e-mail address', async () => {
    const from = agentFrom('203.0.113.100');
    await allowedThenRefused(
      'passwordResetAddress',
      200,
      (i) => askForReset(from, `someone${i}@example.org`),
      'from this connection',
    );
    const before = (await recentMail(db, 50, 'owner@example.org')).length;
    await allowedThenRefused(
      'passwordResetEmail',
      200,
      (i) =>
        askForReset(agentFrom(`203.0.113.${110 + i}`), i % 2 ? 'OWNER@example.org' : 'owner@example.org'),
      'several reset links',
    );
    const after = (await recentMail(db, 50, 'owner@example.org')).length;
    expect(after - before).to.equal(limit('passwordResetEmail'));
  });

  it('problem reports: limited per connection and per listing; a refused report is not stored', async () => {
    const from = agentFrom('203.0.113.130');
    await allowedThenRefused(
      'problemReportAddress',
      200,
      (i) => report(from, `limited-${i}`),
      'from this connection',
    );
    await db.query(`DELETE FROM rate_limit`);
    await db.query(`DELETE FROM problem_report`);
    await allowedThenRefused(
      'problemReportListing',
      200,
      (i) => report(agentFrom(`203.0.113.${140 + i}`), 'limited-0'),
      'many reports today',
    );
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM problem_report`)) as { n: number }[];
    expect(n).to.equal(limit('problemReportListing'));
  });

  it('claims: limited per account', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'claimer@example.org' });
    const orgs: string[] = [];
    for (let i = 0; i <= limit('claimAccount'); i++)
      orgs.push((await createOrganization(db, `Claimable ${i}`)).id);
    const claim = async (organisation: string) => {
      const token = await csrfToken(agent, '/account');
      return agent.post('/manage/claim').type('form').send({ _csrf: token, organisation, message: '' });
    };
    await allowedThenRefused('claimAccount', 302, (i) => claim(orgs[i]), 'several requests');
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM claim_request`)) as { n: number }[];
    expect(n).to.equal(limit('claimAccount'));
  });

  it('referral presses: limited per account and activity, and per account', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'lw-limits@example.org', role: 'link_worker' });
    const token = await csrfToken(agent, '/account');
    const refer = (id: string) =>
      agent.post(`/activities/${id}/referrals`).type('form').send({ _csrf: token });
    await allowedThenRefused('referralAccountListing', 303, () => refer('limited-0'), 'to this activity');

    let pressed = limit('referralAccountListing');
    for (let listing = 1; pressed < limit('referralAccount'); listing++)
      for (
        let i = 0;
        i < limit('referralAccountListing') && pressed < limit('referralAccount');
        i++, pressed++
      )
        expect((await refer(`limited-${listing}`)).status).to.equal(303);
    expectRefused(await refer('limited-10'), 'referralAccount', 'a great many referrals');
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM referral`)) as { n: number }[];
    expect(n).to.equal(limit('referralAccount'));
  });

  it('confirmation links sent again: limited per account', async () => {
    // Registered but not confirmed: sign in through the form without opening the link.
    const agent = agentFrom('203.0.113.200');
    expect((await register(agent, 'unconfirmed@example.org')).status).to.equal(200);
    expect((await signIn(agent, 'unconfirmed@example.org', 'a long enough password')).status).to.equal(302);
    const resend = async () => {
      const token = await csrfToken(agent, '/manage');
      return agent.post('/account/resend-confirmation').type('form').send({ _csrf: token });
    };
    await allowedThenRefused('confirmEmailAccount', 302, resend, 'several confirmation links');
    // The first mail at registration, then one per allowed press.
    expect(await recentMail(db, 50, 'unconfirmed@example.org')).to.have.length(
      1 + limit('confirmEmailAccount'),
    );
  });

  it('two separately built apps (two web processes, two connection pools) share one count', async () => {
    const other = createDataSource(await testDatabaseUrl(), 2);
    await other.initialize();
    try {
      const second = buildApp(other);
      second.set('trust proxy', 1);
      await signedInAgent(app, db, { email: 'shared@example.org', password: 'the right password' });
      const first = agentFrom('203.0.113.210');
      const next = agentFrom('203.0.113.210', second);
      const allowed = limit('signInAccountFromAddress');
      for (let i = 0; i < allowed; i++) {
        const res = await signIn(i % 2 ? next : first, 'shared@example.org', `guess ${i}`);
        expect(res.status, `guess ${i} on app ${(i % 2) + 1}`).to.equal(400);
      }
      for (const agent of [first, next])
        expectRefused(
          await signIn(agent, 'shared@example.org', 'the right password'),
          'signInAccountFromAddress',
          'for this account from here',
        );
    } finally {
      await other.destroy();
    }
  });
});
