import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/domain/signed-token.js';
import { resetAccounts, signedInAgent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

const HOUR = 60 * 60 * 1000;

describe('Cache-Control: no-store on signed-in pages and secret-link pages (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  const { sessionSecret } = testConfig();

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db);
  });

  it('every page a signed-in steward is sent, so Back after signing out cannot show it again', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'steward@example.org', role: 'steward' });
    for (const path of [
      '/',
      '/search?q=walk',
      '/activities/walk',
      '/account',
      '/manage',
      '/steward',
      '/steward/mailbox',
      '/reports',
      '/shortlist',
      '/activities/walk/calendar.ics',
      '/no-such-page',
    ]) {
      const res = await agent.get(path);
      expect(res.headers['cache-control'], path).to.equal('no-store');
    }
  });

  it('pages reached by a secret link, valid, expired or altered', async () => {
    const { userId } = await signedInAgent(app, db, { email: 'forgot@example.org' });
    // A reset link as the mail carries it: for this account, at its current credential version (0).
    const reset = signToken('password-reset', userId, sessionSecret, HOUR, new Date(), 0);
    const handout = signToken(
      'shared-handout',
      JSON.stringify([{ id: 'walk', note: '' }]),
      sessionSecret,
      HOUR,
    );
    const expired = signToken('shared-handout', '[]', sessionSecret, HOUR, new Date(Date.now() - 2 * HOUR));
    const accurate = signToken('still-accurate', 'walk', sessionSecret, HOUR);
    for (const [path, status] of [
      [`/account/reset-password/${reset}`, 200],
      [`/account/reset-password/${reset}x`, 400],
      [`/handout/${handout}`, 200],
      [`/Handout/${handout}`, 200],
      [`/handout/${handout}/calendar.ics`, 200],
      [`/handout/${expired}`, 410],
      [`/handout/${handout}x`, 404],
      [`/still-accurate/${accurate}`, 200],
    ] as const) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(status);
      expect(res.headers['cache-control'], path).to.equal('no-store');
    }
  });

  it('leaves public pages anonymous visitors see cacheable as before', async () => {
    const res = await request(app).get('/activities/walk').expect(200);
    expect(res.headers['cache-control']).to.equal(undefined);
    const calendar = await request(app).get('/activities/walk/calendar.ics').expect(200);
    expect(calendar.headers['cache-control']).to.equal('no-cache');
  });
});
