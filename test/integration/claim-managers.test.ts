import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

describe('a claim on an organisation that already has managers (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let manager: Agent;
  let claimant: Agent;
  let steward: Agent;

  const claim = async (agent: Agent, organisation: string, message: string) => {
    const page = await agent.get(`/manage/claim?q=${organisation}`).expect(200);
    await agent
      .post('/manage/claim')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), organisation, message })
      .expect(302);
  };

  /** The steward queue's block for the claim on this organisation. */
  const claimBlock = async (organisationName: string) => {
    const $ = cheerio.load((await steward.get('/steward').expect(200)).text);
    const block = $('[data-claim-request]').filter(
      (_, el) => $(el).find('p strong').eq(1).text() === organisationName,
    );
    return {
      managers: block
        .find('ul[data-managers] li')
        .map((_, li) => $(li).text())
        .get(),
      nobody: block.find('p[data-managers]').text(),
      concern: block.find('[data-concern]').text(),
    };
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
          service({ id: 'choir', name: 'Easton Choir', at: EASTON, organization: 'choir' }),
        ],
        'fixtures',
      ),
      { source: 'test' },
    );
    app = buildApp(db);
    ({ agent: manager } = await signedInAgent(app, db, {
      email: 'pat@example.org',
      organizationIds: ['riverside'],
    }));
    await db.query(`UPDATE organization_member SET created_at = '2025-03-04T10:00:00Z'`);
    ({ agent: claimant } = await signedInAgent(app, db, { email: 'newcomer@example.net' }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
    await claim(claimant, 'riverside', 'I run the Tuesday walk, call me on 07700 900123');
  });

  it('shows the steward the organisation’s current managers and since when', async () => {
    const block = await claimBlock('riverside Trust');
    expect(block.managers).to.deep.equal(['pat@example.org, since 4 March 2025, 10:00']);
    await claim(claimant, 'choir', '');
    expect((await claimBlock('choir Trust')).nobody).to.equal(
      'Nobody manages choir Trust in the directory yet.',
    );
  });

  it('mails the current managers that someone asked, without the claimant’s address or message', async () => {
    const mail = await recentMail(db, 10, 'pat@example.org');
    expect(mail.map((m) => m.subject)).to.deep.equal(['Someone asked to manage riverside Trust']);
    expect(mail[0].body).to.contain('/manage/organisations/riverside');
    expect(mail[0].body).not.to.contain('newcomer');
    expect(mail[0].body).not.to.contain('07700');
    // An organisation nobody manages yet: nobody to tell.
    const all = await recentMail(db, 50);
    expect(all.filter((m) => m.subject.includes('choir'))).to.deep.equal([]);
  });

  it('a manager who does not know who asked can say so, and the steward sees it', async () => {
    const page = await manager.get('/manage/organisations/riverside').expect(200);
    const $ = cheerio.load(page.text);
    expect($('#claims').text()).to.equal('Requests to manage riverside Trust');
    expect(page.text).not.to.contain('newcomer@example.net');
    const action = $('li[data-claim] form').attr('action')!;
    await manager
      .post(action)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(302);
    expect((await claimBlock('riverside Trust')).concern).to.contain(
      'pat@example.org, who manages it now, does not know who this is',
    );
    // A claim on another organisation cannot be answered from this one's page.
    const [choir] = (await db.query(
      `SELECT id::text FROM claim_request WHERE organization_id = 'choir'`,
    )) as {
      id: string;
    }[];
    await manager
      .post(`/manage/organisations/riverside/claims/${choir.id}/concern`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(404);
    expect(await db.query(`SELECT concern_at FROM claim_request WHERE id = $1`, [choir.id])).to.deep.equal([
      { concern_at: null },
    ]);
    // Only a manager of that organisation can: the claimant, with their own token, gets a 404.
    const token = csrfFrom((await claimant.get('/account').expect(200)).text);
    await claimant.post(action).type('form').send({ _csrf: token }).expect(404);
  });
});
