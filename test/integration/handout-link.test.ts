import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import ICAL from 'ical.js';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { insertCancellation } from '../../src/db/activity-store.js';
import { signToken } from '../../src/domain/signed-token.js';
import { SHARE_LINK_LIFETIME_MS } from '../../src/services/handouts.js';
import { buildApp } from '../support/app.js';
import { csrfFrom } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings, weekdayAfterAWeek } from '../support/link-worker.js';
import { testConfig } from '../support/config.js';

describe('handout share link (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let sharePath: string;
  const { sessionSecret: secret, baseUrl } = testConfig();
  const host = new URL(baseUrl).host;

  const flipOneCharacter = (token: string, at: number) =>
    token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db);
    const worker = request.agent(app);
    for (const id of ['walk', 'tea']) {
      const page = await worker.get(`/shortlist/add?id=${id}`).expect(200);
      await worker
        .post('/shortlist/add')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), id })
        .expect(303);
    }
    const page = await worker.get('/shortlist').expect(200);
    await worker
      .post('/shortlist')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        action: 'save',
        item: ['walk', 'tea'],
        note: ['Ask for Sam at the door', ''],
      })
      .expect(303);
    const $ = cheerio.load((await worker.get('/shortlist').expect(200)).text);
    sharePath = $('a[data-share-link]').attr('href')!;
    expect($('a[data-share-link]').text().startsWith(`${baseUrl}/handout/`)).to.equal(true);
  });

  it('opens the same handout on another device, without a session or personal data', async () => {
    const res = await request(app).get(sharePath).expect(200);
    expect(res.headers['set-cookie']).to.equal(undefined);
    const $ = cheerio.load(res.text);
    expect(
      $('.handout__name')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal(['Riverside Walking Group', 'Wednesday Tea, Cake & Chat']);
    expect($('.handout__note').text()).to.contain('Ask for Sam at the door');
    expect($('a[href$="/calendar.ics"]').text()).to.equal('Add these to your calendar');
    const payload = JSON.parse(Buffer.from(sharePath.split('/')[2].split('.')[0], 'base64url').toString());
    expect(Object.keys(payload).sort()).to.deep.equal(['expires', 'id', 'purpose', 'subject']);
    expect(JSON.parse(payload.subject)).to.deep.equal([
      { id: 'walk', note: 'Ask for Sam at the door' },
      { id: 'tea', note: '' },
    ]);
    expect(payload.expires - Date.now()).to.be.closeTo(SHARE_LINK_LIFETIME_MS, 60_000);
  });

  it('serves a subscribable feed of every activity that picks up a later cancellation', async () => {
    const feed = (await request(app).get(`${sharePath}/calendar.ics`).expect(200)).text;
    const events = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).to.have.members([
      `sch-walk@${host}`,
      `sch-tea@${host}`,
    ]);
    const walkExdates = () =>
      new ICAL.Component(ICAL.parse(feed))
        .getAllSubcomponents('vevent')
        .find((e) => e.getFirstPropertyValue('uid') === `sch-walk@${host}`)!
        .getAllProperties('exdate');
    expect(walkExdates()).to.have.length(0);

    const cancelled = weekdayAfterAWeek(2);
    await insertCancellation(db, 'sch-walk', cancelled, 'Leader away');
    const later = (await request(app).get(`${sharePath}/calendar.ics`).expect(200)).text;
    const walk = new ICAL.Component(ICAL.parse(later))
      .getAllSubcomponents('vevent')
      .find((e) => e.getFirstPropertyValue('uid') === `sch-walk@${host}`)!;
    expect(walk.getAllProperties('exdate').map((p) => String(p.getFirstValue()).slice(0, 10))).to.deep.equal([
      cancelled,
    ]);
  });

  it('answers 404 for a link with any character changed, in the payload or the signature', async () => {
    const token = sharePath.split('/')[2];
    const dot = token.indexOf('.');
    for (const at of [5, dot - 2, dot + 3, token.length - 2]) {
      const forged = flipOneCharacter(token, at);
      const res = await request(app).get(`/handout/${forged}`).expect(404);
      expect(res.text).not.to.contain('Riverside Walking Group');
      await request(app).get(`/handout/${forged}/calendar.ics`).expect(404);
    }
  });

  it('answers 404 for a signed token made for another purpose or with another secret', async () => {
    const subject = JSON.stringify([{ id: 'walk', note: '' }]);
    await request(app)
      .get(`/handout/${signToken('still-accurate', subject, secret, 60_000)}`)
      .expect(404);
    await request(app)
      .get(`/handout/${signToken('shared-handout', subject, 'some-other-secret', 60_000)}`)
      .expect(404);
  });

  it('answers 410 with a clear message once the link has expired', async () => {
    const subject = JSON.stringify([{ id: 'walk', note: '' }]);
    const longAgo = new Date(Date.now() - SHARE_LINK_LIFETIME_MS - 60_000);
    const expired = signToken('shared-handout', subject, secret, SHARE_LINK_LIFETIME_MS, longAgo);
    const res = await request(app).get(`/handout/${expired}`).expect(410);
    expect(cheerio.load(res.text)('main').text()).to.contain(
      'This handout link has expired; ask your link worker for a new one',
    );
    await request(app).get(`/handout/${expired}/calendar.ics`).expect(410);
  });
});
