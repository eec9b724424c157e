import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import ICAL from 'ical.js';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { insertCancellation } from '../../src/db/service-store.js';
import { signToken } from '../../src/domain/signed-token.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { SHARE_LINK_LIFETIME_MS } from '../../src/services/handouts.js';
import { createServices, type Services } from '../../src/services/index.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { service } from '../support/fixtures.js';
import { seedLinkWorkerListings, weekdayAfterAWeek } from '../support/link-worker.js';
import { testConfig } from '../support/config.js';
import { createStores } from '../../src/db/stores.js';

describe('handout share links kept on the server (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let services: Services;
  let worker: Agent;
  let sharePath: string;
  const { sessionSecret: secret, baseUrl } = testConfig();
  const host = new URL(baseUrl).host;
  const LINK = /^\/handout\/[A-Za-z0-9_-]{22}$/;

  const flipOneCharacter = (token: string, at: number) =>
    token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);

  const shortlistPage = async (agent: Agent) =>
    cheerio.load((await agent.get('/shortlist').expect(200)).text);

  /** Builds a shortlist through the real forms: add each activity, then save the notes. */
  async function shortlist(agent: Agent, ids: string[], notes: string[]) {
    for (const id of ids) {
      const page = await agent.get(`/shortlist/add?id=${id}`).expect(200);
      await agent
        .post('/shortlist/add')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), id })
        .expect(303);
    }
    const page = await agent.get('/shortlist').expect(200);
    await agent
      .post('/shortlist')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), action: 'save', item: ids, note: notes })
      .expect(303);
  }

  /** Presses "Make a share link" and returns the newest link's path. */
  async function makeLink(agent: Agent): Promise<string> {
    const page = await agent.get('/shortlist').expect(200);
    await agent
      .post('/shortlist/share')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303)
      .expect('Location', '/shortlist#share-links');
    return (await shortlistPage(agent))('a[data-share-link]').first().attr('href')!;
  }

  async function stopLink(agent: Agent, path: string, status: number) {
    const id = path.split('/')[2];
    const token = csrfFrom((await agent.get('/shortlist').expect(200)).text);
    return agent.post(`/shortlist/share/${id}/stop`).type('form').send({ _csrf: token }).expect(status);
  }

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    const engine = new PostgresSearchEngine(db);
    services = createServices({
      stores: createStores(db),
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    app = createApp(services);
    worker = request.agent(app);
    await shortlist(worker, ['walk', 'tea'], ['Ask for Sam at the door', '']);
    sharePath = await makeLink(worker);
  });

  it('opens the same handout on another device, without a session; the link holds only a random id', async () => {
    expect(sharePath).to.match(LINK);
    const $page = await shortlistPage(worker);
    expect($page('a[data-share-link]').first().text()).to.equal(`${baseUrl}${sharePath}`);
    expect($page('#share').next().next().text()).to.match(
      /The link holds only a random code\. The activities and notes it shows are kept on the directory’s server\s+until \d{1,2} \w+ \d{4} and deleted within a day after that\./,
    );
    const res = await request(app).get(sharePath).expect(200).expect('Referrer-Policy', 'no-referrer');
    expect(res.headers['set-cookie']).to.equal(undefined);
    const $ = cheerio.load(res.text);
    expect(
      $('.handout__name')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal(['Riverside Walking Group', 'Wednesday Tea, Cake & Chat']);
    expect($('.handout__note').text()).to.contain('Ask for Sam at the door');
    expect($('a[href$="/calendar.ics"]').text()).to.equal('Add these to your calendar');
    const [row] = (await db.query(
      `SELECT items, extract(epoch FROM expires_at - created_at) * 1000 AS lifetime FROM shared_handout WHERE id = $1`,
      [sharePath.split('/')[2]],
    )) as { items: unknown; lifetime: number }[];
    expect(row.items).to.deep.equal([
      { id: 'walk', note: 'Ask for Sam at the door' },
      { id: 'tea', note: '' },
    ]);
    expect(Number(row.lifetime)).to.equal(SHARE_LINK_LIFETIME_MS);
  });

  it('keeps a 20-activity shortlist with 200-character notes behind a link under 100 characters', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `club-${i + 1}`);
    const converted = convertHsdsDocument(
      ids.map((id) => service({ id, name: `Club ${id}` })),
      'fixtures',
    );
    await importListings(createStores(db), converted, { source: 'test' });
    // Three-byte characters: the signed link that carried these notes was 16,665 characters and got a 431.
    const notes = ids.map((id) => `${id}: `.padEnd(200, '’'));
    const busy = request.agent(app);
    await shortlist(busy, ids, notes);
    const path = await makeLink(busy);
    const url = (await shortlistPage(busy))('a[data-share-link]').first().text();
    expect(url.length, url).to.be.below(100);
    expect(path).to.match(LINK);
    const $ = cheerio.load((await request(app).get(path).expect(200)).text);
    expect(
      $('.handout__note p')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal(notes);
  });

  it('gives the same link for the same shortlist, and a new one once the shortlist changes', async () => {
    expect(await makeLink(worker)).to.equal(sharePath);
    await shortlist(worker, ['art'], ['Saturdays']);
    const changed = await makeLink(worker);
    expect(changed).not.to.equal(sharePath);
    const $ = await shortlistPage(worker);
    expect(
      $('[data-shared-handout]')
        .map((_, li) => $(li).attr('data-shared-handout'))
        .get(),
    ).to.deep.equal([changed.split('/')[2], sharePath.split('/')[2]]);
    expect(
      $(`[data-shared-handout=${sharePath.split('/')[2]}]`)
        .text()
        .replace(/\s+/g, ' '),
    ).to.contain('Shows 2 activities (Riverside Walking Group, Wednesday Tea, Cake & Chat) and your notes');
  });

  it('serves a subscribable feed of every activity that picks up a later cancellation', async () => {
    const feed = (await request(app).get(`${sharePath}/calendar.ics`).expect(200)).text;
    const events = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).to.have.members([
      `sch-walk@${host}`,
      `sch-tea@${host}`,
    ]);
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

  it('answers 404 for a link with any character changed', async () => {
    const id = sharePath.split('/')[2];
    for (const at of [0, 10, id.length - 1]) {
      const forged = flipOneCharacter(id, at);
      const res = await request(app).get(`/handout/${forged}`).expect(404);
      expect(res.text).not.to.contain('Riverside Walking Group');
      await request(app).get(`/handout/${forged}/calendar.ics`).expect(404);
    }
    await request(app).get(`/handout/${id}x`).expect(404);
  });

  it('answers 410 once a link has expired, and the daily clean-up deletes it with its notes', async () => {
    const expiring = request.agent(app);
    await shortlist(expiring, ['art'], ['Bring an apron']);
    const path = await makeLink(expiring);
    const id = path.split('/')[2];
    await db.query(`UPDATE shared_handout SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const res = await request(app).get(path).expect(410);
    expect(cheerio.load(res.text)('main').text()).to.contain(
      'This handout link has expired; ask your link worker for a new one',
    );
    await request(app).get(`${path}/calendar.ics`).expect(410);
    expect(await services.handouts.deleteExpiredSharedHandouts(new Date())).to.equal(1);
    expect(await db.query(`SELECT id FROM shared_handout WHERE id = $1`, [id])).to.deep.equal([]);
    await request(app).get(path).expect(404);
    await request(app).get(sharePath).expect(200);
  });

  it('the session that made a link can stop it: 410 "stopped" and its notes deleted; another session cannot', async () => {
    const other = request.agent(app);
    await shortlist(other, ['walk'], ['Another person’s note']);
    await stopLink(other, sharePath, 404);
    await request(app).get(sharePath).expect(200);

    await stopLink(worker, sharePath, 303);
    const res = await request(app).get(sharePath).expect(410);
    expect(cheerio.load(res.text)('main').text()).to.contain(
      'The person who shared this handout link has stopped it; ask your link worker for a new one.',
    );
    const feed = await request(app).get(`${sharePath}/calendar.ics`).expect(410);
    expect(feed.text).to.contain('stopped');
    expect(
      await db.query(`SELECT items FROM shared_handout WHERE id = $1`, [sharePath.split('/')[2]]),
    ).to.deep.equal([{ items: [] }]);
    expect((await shortlistPage(worker))(`[data-shared-handout=${sharePath.split('/')[2]}]`).length).to.equal(
      0,
    );
    await stopLink(worker, sharePath, 404);
  });

  it('a signed-in link worker can stop, from another session, a link they made', async () => {
    const first = await signedInAgent(app, db, { email: 'lw@example.org', role: 'link_worker' });
    await shortlist(first.agent, ['tea'], ['Wednesdays']);
    const path = await makeLink(first.agent);
    const later = request.agent(app);
    const signIn = await later.get('/account/sign-in').expect(200);
    await later
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(signIn.text), email: 'lw@example.org', password: 'correct horse battery' })
      .expect(302);
    expect((await shortlistPage(later))('a[data-share-link]').attr('href')).to.equal(path);
    await stopLink(later, path, 303);
    await request(app).get(path).expect(410);
  });

  it('links signed before links were kept on the server still open, read-only, until they expire', async () => {
    const subject = JSON.stringify([{ id: 'walk', note: 'Old note' }]);
    const signed = signToken('shared-handout', subject, secret, SHARE_LINK_LIFETIME_MS);
    const $ = cheerio.load((await request(app).get(`/handout/${signed}`).expect(200)).text);
    expect($('.handout__note p').text()).to.equal('Old note');
    await request(app).get(`/handout/${signed}/calendar.ics`).expect(200);
    const dot = signed.indexOf('.');
    for (const at of [5, dot - 2, dot + 3, signed.length - 2])
      await request(app)
        .get(`/handout/${flipOneCharacter(signed, at)}`)
        .expect(404);
    await request(app)
      .get(`/handout/${signToken('still-accurate', subject, secret, 60_000)}`)
      .expect(404);
    await request(app)
      .get(`/handout/${signToken('shared-handout', subject, 'some-other-secret', 60_000)}`)
      .expect(404);
    const longAgo = new Date(Date.now() - SHARE_LINK_LIFETIME_MS - 60_000);
    const expired = signToken('shared-handout', subject, secret, SHARE_LINK_LIFETIME_MS, longAgo);
    await request(app).get(`/handout/${expired}`).expect(410);
    await request(app).get(`/handout/${expired}/calendar.ics`).expect(410);
  });
});
