import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { buildApp } from '../support/app.js';
import { csrfFrom, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

describe('shortlist and printable handout (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let agent: Agent;

  const order = async () => {
    const $ = cheerio.load((await agent.get('/shortlist').expect(200)).text);
    return $('.shortlist__item')
      .map((_, el) => $(el).attr('data-activity-id'))
      .get();
  };

  const postShortlist = async (body: Record<string, unknown>, status = 303) => {
    const page = await agent.get('/shortlist').expect(200);
    const $ = cheerio.load(page.text);
    const items = $('input[name=item]')
      .map((_, el) => $(el).val())
      .get();
    const notes = $('textarea[name=note]')
      .map((_, el) => $(el).text())
      .get();
    return agent
      .post('/shortlist')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), item: items, note: notes, ...body })
      .expect(status);
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db);
    agent = request.agent(app);
  });

  it('lets an anonymous visitor add from results without a session until they choose to', async () => {
    const results = await agent.get('/search?q=walking').expect(200);
    expect(results.headers['set-cookie'], 'browsing alone creates no session').to.equal(undefined);
    const form = cheerio.load(results.text)('li.result[data-activity-id=walk] form.shortlist-form');
    expect(form.attr('method')).to.equal('get');
    expect(form.attr('action')).to.equal('/shortlist/add');

    const confirm = await agent.get('/shortlist/add?id=walk&back=%2Fsearch%3Fq%3Dwalking').expect(200);
    expect(cheerio.load(confirm.text)('h1').text()).to.contain('Riverside Walking Group');
    const added = await agent
      .post('/shortlist/add')
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text), id: 'walk', back: '/search?q=walking' })
      .expect(303);
    expect(added.headers.location).to.equal('/search?q=walking');

    const after = cheerio.load((await agent.get('/search?q=walking').expect(200)).text);
    expect(after('li.result[data-activity-id=walk] form.shortlist-form').attr('action')).to.equal(
      '/shortlist/remove',
    );
    expect(after('.govuk-service-navigation a[href="/shortlist"]').text()).to.equal('Shortlist (1)');
    expect(after('.govuk-notification-banner--success').text()).to.contain('Added Riverside Walking Group');
  });

  it('adds from an activity page with one click once there is a session, and never leaves the site', async () => {
    const page = await agent.get('/activities/art').expect(200);
    const $ = cheerio.load(page.text);
    expect($('form.shortlist-form').attr('method')).to.equal('post');
    const res = await agent
      .post('/shortlist/add')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), id: 'art', back: '//evil.example/' })
      .expect(303);
    expect(res.headers.location).to.equal('/activities/art');
    await agent
      .post('/shortlist/add')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), id: 'tea' })
      .expect(303);
    expect(await order()).to.deep.equal(['walk', 'art', 'tea']);
  });

  it('refuses a POST without the CSRF token and an unknown activity', async () => {
    await agent.post('/shortlist/add').type('form').send({ id: 'walk' }).expect(403);
    const page = await agent.get('/shortlist').expect(200);
    await agent
      .post('/shortlist/add')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), id: 'nope' })
      .expect(404);
  });

  it('reorders with move up and move down buttons, keeping typed notes', async () => {
    await postShortlist({ action: 'up:tea' });
    expect(await order()).to.deep.equal(['walk', 'tea', 'art']);
    await postShortlist({ action: 'down:walk', note: ['Tuesday mornings suit you', '', ''] });
    expect(await order()).to.deep.equal(['tea', 'walk', 'art']);
    const $ = cheerio.load((await agent.get('/shortlist').expect(200)).text);
    expect($('li[data-activity-id=walk] textarea').text()).to.equal('Tuesday mornings suit you');
    expect($('li[data-activity-id=tea] button[value="up:tea"]')).to.have.length(0);
    expect($('li[data-activity-id=art] button[value="down:art"]')).to.have.length(0);
    expect($('#note-warning').text()).to.contain('Do not');
  });

  it('refuses a note over 200 characters, naming the activity', async () => {
    const res = await postShortlist({ action: 'save', note: ['x'.repeat(201), 'ok', ''] }, 400);
    expect(cheerio.load(res.text)('.govuk-error-summary').text())
      .to.contain('Wednesday Tea, Cake & Chat')
      .and.contain('200');
  });

  it('removes an item from the shortlist page', async () => {
    await postShortlist({ action: 'remove:art' });
    expect(await order()).to.deep.equal(['tea', 'walk']);
  });

  it('prints a handout with newcomer support, next dates, cost, QR code and the note, without navigation', async () => {
    const res = await agent.get('/shortlist/handout').expect(200);
    const $ = cheerio.load(res.text);
    expect($('.govuk-service-navigation, .govuk-footer, .app-search-form')).to.have.length(0);
    expect($('link[href="/static/css/handout.css"]')).to.have.length(1);
    expect(
      $('.handout__name')
        .map((_, el) => $(el).text())
        .get(),
    ).to.deep.equal(['Wednesday Tea, Cake & Chat', 'Riverside Walking Group']);
    const walk = $('.handout__item').eq(1);
    expect(walk.find('.handout__newcomer').text()).to.contain('Someone will meet you at the door');
    expect(walk.find('.handout__newcomer').text()).to.contain('You can bring a friend or carer');
    expect(walk.find('.handout__note').text()).to.contain('Tuesday mornings suit you');
    expect(walk.find('.next-dates li').first().text()).to.match(/Tuesday \d+ \w+, 10:00–11:30/);
    expect(walk.text()).to.contain('Free').and.contain('BS5 6AW');
    const qr = walk.find('.handout__qr img').attr('src')!;
    expect(qr.startsWith('data:image/svg+xml;base64,')).to.equal(true);
    expect(Buffer.from(qr.split(',')[1], 'base64').toString()).to.match(/^<svg/);
    expect(walk.find('.handout__qr a').attr('href')).to.match(/\/activities\/walk$/);
    expect($('.handout__item').eq(0).find('.cancellations').text()).to.contain('Hall closed');
  });

  it('clears the shortlist', async () => {
    const page = await agent.get('/shortlist').expect(200);
    const clearForm = cheerio.load(page.text)('form[action="/shortlist/clear"] input[name=_csrf]').val();
    await agent.post('/shortlist/clear').type('form').send({ _csrf: clearForm }).expect(303);
    expect(await order()).to.deep.equal([]);
    await agent.get('/shortlist/handout').expect(302);
  });
});
