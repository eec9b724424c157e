import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { RATE_LIMITS } from '../../src/services/rate-limits.js';
import { csrfToken, resetAccounts, signedInAgent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';

describe('trusted proxy headers only when TRUST_PROXY says so (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
  });

  beforeEach(() => resetAccounts(db));

  /** Wrong passwords, each "from" a different made-up address, then the right one from yet another. */
  async function signInAfterFailures(app: Express): Promise<number> {
    const email = 'target@example.org';
    await signedInAgent(app, db, { email, password: 'the right password' });
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/account/sign-in');
    const attempt = (password: string, from: string) =>
      agent
        .post('/account/sign-in')
        .set('X-Forwarded-For', from)
        .type('form')
        .send({ _csrf: token, email, password });
    for (let i = 0; i < RATE_LIMITS.signInAccountFromAddress.points; i++)
      await attempt('wrong password', '203.0.113.1');
    return (await attempt('the right password', '198.51.100.7')).status;
  }

  it('by default X-Forwarded-For is ignored: made-up addresses do not get fresh sign-in attempts', async () => {
    const app = buildApp(db);
    expect(app.get('trust proxy')).to.equal(false);
    expect(await signInAfterFailures(app)).to.equal(429);
  });

  it('with TRUST_PROXY=1 the address the proxy adds is the client address', async () => {
    const app = buildApp(db, testConfig({ ...process.env, TRUST_PROXY: '1' }));
    expect(await signInAfterFailures(app)).to.equal(302);
  });
});
