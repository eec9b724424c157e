import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { buildApp } from '../support/app.js';
import { csrfFrom, csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

describe('referral counts (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let linkWorker: Agent;
  let steward: Agent;
  let organiser: Agent;

  const refer = async (agent: Agent, id: string, status: number) => {
    const token = await csrfToken(agent, '/shortlist/add?id=walk');
    return agent.post(`/activities/${id}/referrals`).type('form').send({ _csrf: token }).expect(status);
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db);
    ({ agent: linkWorker } = await signedInAgent(app, db, { email: 'lw@example.org', role: 'link_worker' }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'st@example.org', role: 'steward' }));
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'org@example.org',
      organizationIds: ['org-walk'],
    }));
  });

  it('shows link workers a "referred someone here" button and records a referral', async () => {
    const page = cheerio.load((await linkWorker.get('/activities/walk').expect(200)).text);
    const form = page(`form[action="/activities/walk/referrals"]`);
    expect(form.find('button').text()).to.equal('I referred someone here');
    const res = await linkWorker
      .post('/activities/walk/referrals')
      .type('form')
      .send({ _csrf: csrfFrom(page.html()) })
      .expect(303);
    expect(res.headers.location).to.equal('/activities/walk');
    const after = cheerio.load((await linkWorker.get('/activities/walk').expect(200)).text);
    expect(after('.govuk-notification-banner--success').text()).to.contain('Recorded');
    await refer(linkWorker, 'walk', 303);
    await refer(steward, 'art', 303);
  });

  it('keeps only the activity and the date, nothing about people', async () => {
    const columns = (await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'referral' ORDER BY ordinal_position`,
    )) as { column_name: string }[];
    expect(columns.map((c) => c.column_name)).to.deep.equal([
      'id',
      'service_id',
      'referred_on',
      'created_at',
    ]);
    const rows = (await db.query(
      `SELECT service_id, count(*)::int AS n FROM referral GROUP BY 1 ORDER BY 1`,
    )) as {
      service_id: string;
      n: number;
    }[];
    expect(rows).to.deep.equal([
      { service_id: 'art', n: 1 },
      { service_id: 'walk', n: 2 },
    ]);
  });

  it('refuses organisers and anonymous visitors, and unknown activities', async () => {
    const page = cheerio.load((await organiser.get('/activities/walk').expect(200)).text);
    expect(page('form[action="/activities/walk/referrals"]')).to.have.length(0);
    await refer(organiser, 'walk', 403);
    const anonymous = request.agent(app);
    await anonymous.get('/shortlist/add?id=walk').expect(200);
    await refer(anonymous, 'walk', 403);
    await refer(linkWorker, 'no-such-activity', 404);
  });

  it('shows organisers the monthly count for their own activities only', async () => {
    const $ = cheerio.load((await organiser.get('/manage/referrals').expect(200)).text);
    expect(
      $('main h2')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal(['Riverside Walking Group']);
    const thisMonth = DateTime.now().setZone('Europe/London').toFormat('MMMM yyyy');
    expect(
      $('tbody tr')
        .first()
        .find('td')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal([thisMonth, '2']);
    const manage = cheerio.load((await organiser.get('/manage').expect(200)).text);
    expect(manage('a[href="/manage/referrals"]')).to.have.length(1);
    await request(app).get('/manage/referrals').expect(302);
  });
});
