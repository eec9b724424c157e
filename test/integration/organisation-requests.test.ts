// An organiser whose group is not listed asks for it to be added; a steward approves or rejects it; the claim search
// finds organisations by their activities' names and through typos (real app and Postgres).
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { createStores } from '../../src/db/stores.js';
import { RATE_LIMITS } from '../../src/services/rate-limits.js';
import { csrfFrom, csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';

describe('asking for a new organisation, and the claim search (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let newcomer: Agent;
  let steward: Agent;

  const send = async (agent: Agent, fields: Record<string, string>) =>
    agent
      .post('/manage/new-organisation')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/manage/new-organisation'), ...fields });

  const claimMatches = async (agent: Agent, q: string) => {
    const $ = cheerio.load((await agent.get(`/manage/claim?q=${encodeURIComponent(q)}`).expect(200)).text);
    return $('.govuk-radios__label')
      .map((_, el) => $(el).text().trim())
      .get();
  };

  const requestStatuses = async (agent: Agent) => {
    const $ = cheerio.load((await agent.get('/manage/claim').expect(200)).text);
    return $('#requests ~ dl .govuk-summary-list__row')
      .map(
        (_, row) =>
          `${$(row).find('dt').text().trim()}: ${$(row).find('dd').text().replace(/\s+/g, ' ').trim()}`,
      )
      .get();
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await importListings(
      createStores(db),
      convertHsdsDocument(
        [
          service({ id: 'walk', name: 'Riverside Walk', at: EASTON, organization: 'riverside' }),
          service({ id: 'knit', name: 'Knit and Natter', at: EASTON, organization: 'eastknit' }),
          service({ id: 'choir', name: 'Easton Choir', at: EASTON, organization: 'choir' }),
        ],
        'fixtures',
      ),
      { source: 'test' },
    );
    app = buildApp(db);
    ({ agent: newcomer } = await signedInAgent(app, db, { email: 'ali@example.net' }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
  });

  it('claim search finds an organisation by its activities’ names and despite typos, closest first', async () => {
    // Fixture organisations are named "<id> Trust": "eastknit Trust" runs "Knit and Natter".
    expect(await claimMatches(newcomer, 'knitt and natter')).to.deep.equal([
      'eastknit Trust (runs Knit and Natter)',
    ]);
    expect(await claimMatches(newcomer, 'riversde trust')).to.deep.equal(['riverside Trust']);
    // Its own name ranks ahead of an activity's: "riverside" is both "riverside Trust" and "Riverside Walk".
    expect((await claimMatches(newcomer, 'riverside'))[0]).to.equal('riverside Trust');
    expect(await claimMatches(newcomer, 'choir')).to.deep.equal(['choir Trust']);
    expect(await claimMatches(newcomer, 'zzzz qqqq')).to.deep.equal([]);
  });

  it('a search that finds nothing offers to add the organisation, with the name typed in', async () => {
    const $ = cheerio.load((await newcomer.get('/manage/claim?q=Bristol%20Beekeepers').expect(200)).text);
    const link = $('a[data-new-organisation]');
    expect(link.text().replace(/\s+/g, ' ')).to.equal('Add your organisation to the directory');
    const form = cheerio.load((await newcomer.get(link.attr('href')!).expect(200)).text);
    expect(form('#field-name').val()).to.equal('Bristol Beekeepers');
  });

  it('refuses a request without what the organisation does, keeping what was typed', async () => {
    const res = await send(newcomer, {
      name: 'Bristol Beekeepers',
      description: '',
      email: 'bees@example',
      website: '',
    });
    expect(res.status).to.equal(400);
    const $ = cheerio.load(res.text);
    expect(
      $('.govuk-error-summary a')
        .map((_, a) => $(a).text())
        .get(),
    ).to.deep.equal([
      'Say what your organisation does',
      'Enter an email address in the correct format, like name@example.com',
    ]);
    expect($('#field-name').val()).to.equal('Bristol Beekeepers');
    expect($('#field-email').val()).to.equal('bees@example');
    expect(await db.query(`SELECT count(*)::int AS n FROM organization_request`)).to.deep.equal([{ n: 0 }]);
  });

  it('shows organisations already listed under a similar name once, with the way to claim them instead', async () => {
    const fields = {
      name: 'Riverside Walkers',
      description: 'We walk by the river.',
      email: '',
      website: '',
    };
    const first = await send(newcomer, fields);
    expect(first.status).to.equal(200);
    const $ = cheerio.load(first.text);
    expect(
      $('[data-similar] li strong')
        .map((_, el) => $(el).text())
        .get(),
    ).to.include('riverside Trust');
    expect($('[data-similar] a[href="/manage/claim?q=riverside%20Trust"]').text()).to.equal(
      'Ask to manage riverside Trust',
    );
    expect($('#field-description').text()).to.equal('We walk by the river.');
    expect(await db.query(`SELECT count(*)::int AS n FROM organization_request`)).to.deep.equal([{ n: 0 }]);
    // Sent again with the same name, it goes to the steward.
    const second = await send(newcomer, {
      ...fields,
      checkedName: $('input[name=checkedName]').val() as string,
    });
    expect(second.status).to.equal(302);
    expect(second.headers.location).to.equal('/manage/claim');
    expect(await requestStatuses(newcomer)).to.deep.equal(['Add Riverside Walkers: Waiting for a steward']);
  });

  it('a steward sees the request as labelled fields with similar organisations, and approving makes the organiser its manager', async () => {
    await send(newcomer, {
      name: 'Bristol Beekeepers',
      description: 'Beekeeping for beginners in Easton.',
      email: 'bees@example.org',
      website: 'bees.example.org',
    }).then((res) => expect(res.status).to.equal(302));
    const queue = cheerio.load((await steward.get('/steward').expect(200)).text);
    const link = queue('#organisation-requests-table a').filter(
      (_, a) => queue(a).text() === 'Bristol Beekeepers',
    );
    expect(link.length).to.equal(1);
    const page = await steward.get(link.attr('href')!).expect(200);
    const $ = cheerio.load(page.text);
    expect($('[data-status]').text()).to.equal('Waiting for a steward');
    const fields = $('[data-field]')
      .map((_, row) => `${$(row).find('dt').text()}: ${$(row).find('dd').text().trim()}`)
      .get();
    expect(fields).to.deep.equal([
      'Name: Bristol Beekeepers',
      'About the organisation: Beekeeping for beginners in Easton.',
      'Email address: bees@example.org',
      'Website: https://bees.example.org',
    ]);
    await steward
      .post(link.attr('href')!)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), decision: 'approve' })
      .expect(302)
      .expect('Location', '/steward');
    const [org] = (await db.query(
      `SELECT o.id, o.description, o.website, u.email FROM organization o
       JOIN organization_member m ON m.organization_id = o.id JOIN user_account u ON u.id = m.user_id
       WHERE o.name = 'Bristol Beekeepers'`,
    )) as { id: string; description: string; website: string; email: string }[];
    expect(org).to.include({
      description: 'Beekeeping for beginners in Easton.',
      website: 'https://bees.example.org',
      email: 'ali@example.net',
    });
    // The organiser manages it now and can list an activity under it.
    const manage = cheerio.load((await newcomer.get('/manage').expect(200)).text);
    expect(manage(`a[href="/manage/organisations/${org.id}"]`).text()).to.equal('Bristol Beekeepers');
    await newcomer.get(`/manage/organisations/${encodeURIComponent(org.id)}/activities/new`).expect(200);
    expect(await requestStatuses(newcomer)).to.include(
      'Add Bristol Beekeepers: Approved. Manage Bristol Beekeepers',
    );
    const [mail] = await recentMail(db, 1, 'ali@example.net');
    expect(mail.subject).to.equal('Approved: Bristol Beekeepers is in the directory');
    expect(mail.body).to.contain(`/manage/organisations/${org.id}`);
    // Decided already: a second approval is a 404 and makes nothing.
    await steward
      .post(link.attr('href')!)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), decision: 'approve' })
      .expect(404);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM organization WHERE name = 'Bristol Beekeepers'`),
    ).to.deep.equal([{ n: 1 }]);
  });

  it('a rejection needs a reason, which the organiser sees and is mailed', async () => {
    const [{ id }] = (await db.query(
      `SELECT id::text FROM organization_request WHERE proposed->>'name' = 'Riverside Walkers'`,
    )) as { id: string }[];
    const page = await steward.get(`/steward/organisation-requests/${id}`).expect(200);
    const missing = await steward
      .post(`/steward/organisation-requests/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), decision: 'reject', reason: '' })
      .expect(400);
    expect(cheerio.load(missing.text)('.govuk-error-summary a').text()).to.equal(
      'Say why, so the organiser can put it right',
    );
    await steward
      .post(`/steward/organisation-requests/${id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        decision: 'reject',
        reason: 'This is riverside Trust: ask to manage it.',
      })
      .expect(302);
    expect(await requestStatuses(newcomer)).to.include(
      'Add Riverside Walkers: Rejected: This is riverside Trust: ask to manage it.',
    );
    const [mail] = await recentMail(db, 1, 'ali@example.net');
    expect(mail.subject).to.equal('Not approved: Riverside Walkers');
    const decided = cheerio.load(
      (await steward.get(`/steward/organisation-requests/${id}`).expect(200)).text,
    );
    expect(decided('[data-status]').text()).to.equal('Rejected');
    expect(decided('form button[value=approve]').length).to.equal(0);
  });

  it('refuses a second request for the same name while the first waits, and limits requests per account', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'busy@example.net' });
    const fields = (name: string) => ({
      name,
      description: 'A group.',
      email: '',
      website: '',
      checkedName: name,
    });
    expect((await send(agent, fields('Lawrence Hill Gardeners'))).status).to.equal(302);
    const again = await send(agent, fields('Lawrence Hill Gardeners'));
    expect(again.status).to.equal(400);
    expect(cheerio.load(again.text)('.govuk-error-summary a').text()).to.equal(
      'You have already asked to add Lawrence Hill Gardeners: it is waiting for a steward',
    );
    // The refused repeat counted too: the limit is reached with the next ones.
    const points = RATE_LIMITS.organisationRequestAccount.points;
    for (let i = 2; i < points; i++)
      expect((await send(agent, fields(`Group number ${i}`))).status).to.equal(302);
    const refused = await send(agent, fields('One group too many'));
    expect(refused.status).to.equal(429);
    expect(refused.text).to.contain('You have asked to add several organisations today.');
  });

  it('the page for a new organisation says plainly that one is waiting', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'waiting@example.net' });
    await send(agent, {
      name: 'St Werburghs Swimmers',
      description: 'Cold water.',
      email: '',
      website: '',
      checkedName: 'St Werburghs Swimmers',
    });
    const $ = cheerio.load((await agent.get('/manage/new-organisation').expect(200)).text);
    expect($('[data-waiting]').text().replace(/\s+/g, ' ')).to.match(
      /^St Werburghs Swimmers: Waiting for a steward\. You asked on \d+ \w+ \d{4}, \d\d:\d\d\.$/,
    );
  });

  it('your listings say a request is waiting and offer to add an organisation not listed at all', async () => {
    const { agent } = await signedInAgent(app, db, { email: 'listings@example.net' });
    let $ = cheerio.load((await agent.get('/manage').expect(200)).text);
    expect($('main').text()).not.to.contain('waiting for a steward');
    expect($('a[href="/manage/new-organisation"]').text().replace(/\s+/g, ' ')).to.equal(
      'Ask to add your organisation',
    );
    await send(agent, {
      name: 'Easton Cold Water Club',
      description: 'Cold water.',
      email: '',
      website: '',
      checkedName: 'Easton Cold Water Club',
    });
    $ = cheerio.load((await agent.get('/manage').expect(200)).text);
    expect($('.govuk-inset-text').text().replace(/\s+/g, ' ').trim()).to.equal(
      'One of your requests is waiting for a steward. See your requests',
    );
    expect($('.govuk-inset-text a').attr('href')).to.equal('/manage/claim#requests');
  });
});
