import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import ICAL from 'ical.js';
import QRCode from 'qrcode';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { csrfFrom, resetAccounts, testAccounts } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

const BASE_URL = 'https://directory.example.org';
// Every header a client could use to pose as another site; proxies are trusted, so this is the worst case.
const HOSTILE = {
  Host: 'evil.example',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'http',
  Forwarded: 'host=evil.example;proto=http',
};

describe('public URLs come from BASE_URL, never from Host or X-Forwarded-* (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db, testConfig({ ...process.env, BASE_URL, TRUST_PROXY: 'true' }));
  });

  const noHostileUrl = (text: string) => expect(text).not.to.contain('evil.example');

  it('the API root points at its OpenAPI document on BASE_URL', async () => {
    const res = await request(app).get('/api/').set(HOSTILE).expect(200);
    expect(res.body.openapi_url).to.equal(`${BASE_URL}/api/openapi.json`);
  });

  it('password reset mails link to BASE_URL', async () => {
    const accounts = testAccounts(db);
    await accounts.createAccount({
      email: 'reset@example.org',
      password: 'a long password',
      role: 'organiser',
    });
    const agent = request.agent(app);
    const page = await agent.get('/account/forgot-password').set(HOSTILE).expect(200);
    await agent
      .post('/account/forgot-password')
      .set(HOSTILE)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'reset@example.org' })
      .expect(200);
    const [mail] = await recentMail(db, 1);
    expect(mail.body).to.contain(`${BASE_URL}/account/reset-password/`);
    noHostileUrl(mail.body);
  });

  it('share links, handout links and QR codes, and calendar UIDs and URLs use BASE_URL', async () => {
    const agent = request.agent(app);
    const add = await agent.get('/shortlist/add?id=walk').set(HOSTILE).expect(200);
    await agent
      .post('/shortlist/add')
      .set(HOSTILE)
      .type('form')
      .send({ _csrf: csrfFrom(add.text), id: 'walk' })
      .expect(303);
    const before = await agent.get('/shortlist').set(HOSTILE).expect(200);
    await agent
      .post('/shortlist/share')
      .set(HOSTILE)
      .type('form')
      .send({ _csrf: csrfFrom(before.text) })
      .expect(303);
    const shortlist = cheerio.load((await agent.get('/shortlist').set(HOSTILE).expect(200)).text);
    const share = shortlist('a[data-share-link]');
    expect(share.text()).to.match(new RegExp(`^${BASE_URL}/handout/`));

    const handout = await request(app).get(share.attr('href')!).set(HOSTILE).expect(200);
    const $ = cheerio.load(handout.text);
    expect($('a[href^="https://"]').first().attr('href')).to.equal(`${BASE_URL}/activities/walk`);
    const qr = Buffer.from($('img[src^="data:image/svg+xml"]').first().attr('src')!.split(',')[1], 'base64');
    // The same options as the handout: the code must be exactly the one for the BASE_URL link.
    const expected = await QRCode.toString(`${BASE_URL}/activities/walk`, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    expect(qr.toString()).to.equal(expected);
    noHostileUrl(handout.text);

    for (const path of ['/activities/walk/calendar.ics', `${share.attr('href')}/calendar.ics`]) {
      const ics = await request(app).get(path).set(HOSTILE).expect(200);
      const event = new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('uid')).to.equal('sch-walk@directory.example.org');
      expect(event.getFirstPropertyValue('url')).to.equal(`${BASE_URL}/activities/walk`);
      noHostileUrl(ics.text);
    }
  });
});
