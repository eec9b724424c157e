import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { setServiceStatus } from '../../src/db/service-store.js';
import { createStores } from '../../src/db/stores.js';
import { checkListName } from '../../src/domain/saved-list.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { buildApp } from '../support/app.js';
import { csrfFrom, csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { CLIFTON, EASTON, service } from '../support/fixtures.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

/** Imports listings as a feed would, replacing any with the same id. */
async function importServices(db: DataSource, services: Record<string, unknown>[]) {
  const report = await importListings(createStores(db), convertHsdsDocument(services, 'fixtures'), {
    source: 'test',
  });
  if (report.rejected > 0) throw new Error(`listings rejected: ${JSON.stringify(report)}`);
}

const WALK = {
  id: 'walk',
  name: 'Riverside Walking Group',
  at: { ...EASTON, name: 'Easton Community Centre', postcode: 'BS5 6AW' },
  needs: ['getting-active', 'loneliness'],
  suitability: ['new-members-welcome', 'someone-will-meet-you', 'bring-a-friend'],
  description: 'Gentle walks along the river, then tea; all paces welcome.',
  schedules: [{ id: 'sch-walk', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '11:30' }],
};

describe('saved lists (real app and Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;
  let worker: Agent;
  let workerId: string;
  let otherWorker: Agent;
  let organiser: Agent;
  let listId: string;

  async function shortlist(agent: Agent, ids: string[]) {
    for (const id of ids) {
      const page = await agent.get(`/shortlist/add?id=${encodeURIComponent(id)}`).expect(200);
      await agent
        .post('/shortlist/add')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), id, back: '/shortlist' })
        .expect(303);
    }
  }

  async function clearShortlist(agent: Agent) {
    const token = await csrfToken(agent, '/shortlist');
    await agent.post('/shortlist/clear').type('form').send({ _csrf: token }).expect(303);
  }

  async function shortlistIds(agent: Agent): Promise<string[]> {
    const $ = cheerio.load((await agent.get('/shortlist').expect(200)).text);
    return $('.shortlist__item')
      .map((_, el) => $(el).attr('data-activity-id'))
      .get();
  }

  /** Posts a form, taking the CSRF token from the page it is on. */
  async function post(agent: Agent, from: string, to: string, body: Record<string, string>, status: number) {
    const token = await csrfToken(agent, from);
    return agent
      .post(to)
      .type('form')
      .send({ _csrf: token, ...body })
      .expect(status);
  }

  /** Each activity on the list page with its tags. */
  async function listed(agent: Agent, id: string) {
    const $ = cheerio.load((await agent.get(`/saved-lists/${id}`).expect(200)).text);
    return $('.saved-list__item')
      .map((_, el) => ({
        id: $(el).attr('data-activity-id'),
        name: $(el).find('h2').text().replace(/\s+/g, ' ').trim(),
        tags: $(el)
          .find('.govuk-tag')
          .map((__, tag) => $(tag).text().trim())
          .get(),
      }))
      .get();
  }

  const errorSummary = (html: string) =>
    cheerio.load(html)('.govuk-error-summary__list').text().replace(/\s+/g, ' ').trim();

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    app = buildApp(db);
    ({ agent: worker, userId: workerId } = await signedInAgent(app, db, {
      email: 'lw@example.org',
      role: 'link_worker',
    }));
    ({ agent: otherWorker } = await signedInAgent(app, db, {
      email: 'lw2@example.org',
      role: 'link_worker',
    }));
    ({ agent: organiser } = await signedInAgent(app, db, { email: 'org@example.org' }));
  });

  it('saves the shortlist under a name, in its order, with each listing’s fingerprint', async () => {
    await shortlist(worker, ['tea', 'walk', 'art']);
    const page = await worker.get('/shortlist').expect(200);
    expect(cheerio.load(page.text)('a[href="/saved-lists/save"]').text()).to.contain('Save this list');
    expect(cheerio.load(page.text)('.govuk-service-navigation a[href="/saved-lists"]').text()).to.equal(
      'Saved lists',
    );

    const form = await worker.get('/saved-lists/save').expect(200);
    expect(cheerio.load(form.text)('#hint-name').text()).to.contain('Do not use the person’s name');
    const saved = await worker
      .post('/saved-lists/save')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), name: '  Tues   clinic 3 ' })
      .expect(303);
    listId = /^\/saved-lists\/(\d+)$/.exec(saved.headers.location)![1];

    const $ = cheerio.load((await worker.get(saved.headers.location).expect(200)).text);
    expect($('h1').text()).to.equal('Tues clinic 3');
    expect($('.govuk-notification-banner').text()).to.contain('Saved 3 activities as “Tues clinic 3”');
    expect(await listed(worker, listId)).to.deep.equal([
      { id: 'tea', name: 'Wednesday Tea, Cake & Chat', tags: [] },
      { id: 'walk', name: 'Riverside Walking Group', tags: [] },
      { id: 'art', name: 'Clifton Art Club', tags: [] },
    ]);

    const rows = (await db.query(
      `SELECT i.service_id, i.listing_hash = s.content_hash AS same, i.listing_status, l.owner_id::text AS owner
       FROM saved_list_item i JOIN saved_list l ON l.id = i.saved_list_id JOIN service s ON s.id = i.service_id
       ORDER BY i.position`,
    )) as { service_id: string; same: boolean; listing_status: string; owner: string }[];
    expect(rows.map((r) => [r.service_id, r.same, r.listing_status, r.owner])).to.deep.equal([
      ['tea', true, 'active', workerId],
      ['walk', true, 'active', workerId],
      ['art', true, 'active', workerId],
    ]);
    // Nothing but ids, times and fingerprints: no notes are kept with a saved list.
    const columns = (await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'saved_list_item' ORDER BY column_name`,
    )) as { column_name: string }[];
    expect(columns.map((c) => c.column_name)).to.deep.equal([
      'added_at',
      'listing_hash',
      'listing_status',
      'position',
      'saved_list_id',
      'service_id',
    ]);

    const index = cheerio.load((await worker.get('/saved-lists').expect(200)).text);
    const row = index(`li[data-saved-list=${listId}]`);
    expect(row.find('a').text()).to.equal('Tues clinic 3');
    expect(row.find('[data-count]').text().replace(/\s+/g, ' ').trim()).to.match(
      /^3 activities; last changed \d+ \w+ \d{4}, \d\d:\d\d$/,
    );
    expect(row.find('[data-changed]').text().trim()).to.equal('No changes since you saved it');
  });

  it('reopens a list as the shortlist, and straight into the printable handout', async () => {
    await clearShortlist(worker);
    expect(await shortlistIds(worker)).to.deep.equal([]);
    const opened = await post(worker, `/saved-lists/${listId}`, `/saved-lists/${listId}/open`, {}, 303);
    expect(opened.headers.location).to.equal('/shortlist');
    expect(await shortlistIds(worker)).to.deep.equal(['tea', 'walk', 'art']);

    await clearShortlist(worker);
    const printed = await post(
      worker,
      `/saved-lists/${listId}`,
      `/saved-lists/${listId}/open`,
      { then: 'handout' },
      303,
    );
    expect(printed.headers.location).to.equal('/shortlist/handout');
    const handout = cheerio.load((await worker.get('/shortlist/handout').expect(200)).text);
    expect(
      handout('.handout__name')
        .map((_, el) => handout(el).text())
        .get(),
    ).to.deep.equal(['Wednesday Tea, Cake & Chat', 'Riverside Walking Group', 'Clifton Art Club']);
  });

  it('shows what changed or closed after an import changes the listings, until marked as seen', async () => {
    await importServices(db, [
      service({ ...WALK, description: 'Now a longer walk up the hill, then tea.' }),
      service({
        id: 'art',
        name: 'Clifton Art Club',
        at: { ...CLIFTON, name: 'Clifton Library', postcode: 'BS8 1AA' },
        needs: ['arts-creativity'],
        status: 'inactive',
      }),
      service({
        id: 'tea',
        name: 'Wednesday Tea, Cake & Chat',
        at: { ...EASTON, name: 'St Mark’s Hall', postcode: 'BS5 6AW' },
        needs: ['loneliness'],
        status: 'temporarily closed',
      }),
    ]);
    expect(await listed(worker, listId)).to.deep.equal([
      {
        id: 'tea',
        name: 'Wednesday Tea, Cake & Chat',
        tags: ['Temporarily closed', 'Changed since you saved it'],
      },
      { id: 'walk', name: 'Riverside Walking Group', tags: ['Changed since you saved it'] },
      { id: 'art', name: 'Clifton Art Club', tags: ['No longer listed'] },
    ]);
    const index = cheerio.load((await worker.get('/saved-lists').expect(200)).text);
    expect(index(`li[data-saved-list=${listId}] .govuk-tag`).text().trim()).to.equal(
      '3 changed or closed since you saved them',
    );

    await post(worker, `/saved-lists/${listId}`, `/saved-lists/${listId}/seen`, {}, 303);
    expect(await listed(worker, listId)).to.deep.equal([
      { id: 'tea', name: 'Wednesday Tea, Cake & Chat', tags: ['Temporarily closed'] },
      { id: 'walk', name: 'Riverside Walking Group', tags: [] },
      { id: 'art', name: 'Clifton Art Club', tags: ['No longer listed'] },
    ]);

    // An organiser pausing an activity changes its status but not its content: still flagged.
    await setServiceStatus(db, 'walk', 'temporarily closed');
    expect((await listed(worker, listId))[1].tags).to.deep.equal([
      'Temporarily closed',
      'Changed since you saved it',
    ]);
    // Back as it was when seen: nothing to flag.
    await setServiceStatus(db, 'walk', 'active');
    expect((await listed(worker, listId))[1].tags).to.deep.equal([]);

    // Opening the list leaves out what is no longer listed, and says so.
    await clearShortlist(worker);
    await post(worker, `/saved-lists/${listId}`, `/saved-lists/${listId}/open`, {}, 303);
    const page = await worker.get('/shortlist').expect(200);
    expect(cheerio.load(page.text)('.govuk-notification-banner').text()).to.contain(
      '1 of its activities is no longer listed and was left out',
    );
    expect(await shortlistIds(worker)).to.deep.equal(['tea', 'walk']);
  });

  it('refuses names that are empty, too long or look like they identify a patient, and saves nothing', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM saved_list`);
    const refused: [string, string][] = [
      ['   ', 'Enter a name for the list'],
      ['x'.repeat(61), 'Name must be 60 characters or fewer'],
      ['Mrs Smith 943 476 5919', 'looks like it contains an NHS number'],
      ['9434765919', 'looks like it contains an NHS number'],
      ['Walk for BS5 6AW', 'looks like it contains a full postcode'],
      ['jo.bloggs@example.com', 'looks like it contains an email address'],
      ['call 07700 900123', 'looks like it contains a phone number'],
      ['+44 117 496 0000', 'looks like it contains a phone number'],
      ['tues clinic 3', 'You already have a list called “tues clinic 3”'],
    ];
    for (const [name, message] of refused) {
      const form = await worker.get('/saved-lists/save').expect(200);
      const res = await worker
        .post('/saved-lists/save')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), name })
        .expect(400);
      expect(errorSummary(res.text), name).to.contain(message);
      const $ = cheerio.load(res.text);
      expect($('title').text()).to.match(/^Error: /);
      expect($('.govuk-error-summary a').attr('href')).to.equal('#field-name');
      expect($('#field-name').val(), 'what was typed is shown again').to.equal(name);
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list`)).to.deep.equal(before);
    // A place, a date and a clinic number are fine.
    for (const name of ['BS5 walkers', 'Clinic 2026-12-04', 'Tues clinic 3 (room 12)'])
      expect(checkListName(name), name).to.deep.equal({ ok: true, name });
    expect(checkListName('x'.repeat(60)).ok).to.equal(true);
  });

  it('renames a list, removes an activity and deletes a list after asking', async () => {
    const renamed = await post(
      worker,
      `/saved-lists/${listId}/rename`,
      `/saved-lists/${listId}/rename`,
      { name: 'Thurs clinic 1' },
      303,
    );
    expect(renamed.headers.location).to.equal(`/saved-lists/${listId}`);
    const badName = await post(
      worker,
      `/saved-lists/${listId}/rename`,
      `/saved-lists/${listId}/rename`,
      { name: 'BS8 1AA' },
      400,
    );
    expect(errorSummary(badName.text)).to.contain('full postcode');

    await post(worker, `/saved-lists/${listId}`, `/saved-lists/${listId}/remove`, { id: 'walk' }, 303);
    const $ = cheerio.load((await worker.get(`/saved-lists/${listId}`).expect(200)).text);
    expect($('h1').text()).to.equal('Thurs clinic 1');
    expect($('.govuk-notification-banner').text()).to.contain('Removed Riverside Walking Group');
    expect((await listed(worker, listId)).map((i) => i.id)).to.deep.equal(['tea', 'art']);
    await post(worker, `/saved-lists/${listId}`, `/saved-lists/${listId}/remove`, { id: 'walk' }, 404);

    const confirm = cheerio.load((await worker.get(`/saved-lists/${listId}/delete`).expect(200)).text);
    expect(confirm('h1').text()).to.equal('Delete “Thurs clinic 1”?');
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list WHERE id = $1`, [listId])).to.deep.equal(
      [{ n: 1 }],
    );
    const deleted = await post(
      worker,
      `/saved-lists/${listId}/delete`,
      `/saved-lists/${listId}/delete`,
      {},
      303,
    );
    expect(deleted.headers.location).to.equal('/saved-lists');
    await worker.get(`/saved-lists/${listId}`).expect(404);
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list_item`)).to.deep.equal([{ n: 0 }]);
  });

  it('keeps a list to 20 activities and an account to 250 lists, refusing with a message', async () => {
    await importServices(
      db,
      Array.from({ length: 22 }, (_, n) =>
        service({ id: `extra-${n + 1}`, name: `Extra activity ${n + 1}`, at: EASTON, needs: ['loneliness'] }),
      ),
    );
    await clearShortlist(worker);
    await shortlist(
      worker,
      Array.from({ length: 18 }, (_, n) => `extra-${n + 1}`),
    );
    await post(worker, '/saved-lists/save', '/saved-lists/save', { name: 'Full list' }, 303);
    const [{ id: fullId }] = (await db.query(
      `SELECT id::text AS id FROM saved_list WHERE name = 'Full list'`,
    )) as {
      id: string;
    }[];

    // Two more fit (one already on the list is not counted twice)...
    await clearShortlist(worker);
    await shortlist(worker, ['extra-1', 'extra-19', 'extra-20']);
    const added = await post(worker, '/saved-lists/save', '/saved-lists/add', { list: fullId }, 303);
    expect(added.headers.location).to.equal(`/saved-lists/${fullId}`);
    expect((await listed(worker, fullId)).length).to.equal(20);
    // ...a twenty-first does not.
    await clearShortlist(worker);
    await shortlist(worker, ['extra-21']);
    const refused = await post(worker, '/saved-lists/save', '/saved-lists/add', { list: fullId }, 400);
    expect(errorSummary(refused.text)).to.contain('A saved list holds up to 20 activities');
    expect(cheerio.load(refused.text)('.govuk-error-summary a').attr('href')).to.equal('#field-list');
    expect((await listed(worker, fullId)).length).to.equal(20);

    // 250 lists: the one that reaches it is saved, the next is refused.
    await db.query(
      `INSERT INTO saved_list (owner_id, name) SELECT $1, 'List ' || n FROM generate_series(1, 248) AS n`,
      [workerId],
    );
    await post(worker, '/saved-lists/save', '/saved-lists/save', { name: 'List 249' }, 303);
    const over = await post(worker, '/saved-lists/save', '/saved-lists/save', { name: 'List 251' }, 400);
    expect(errorSummary(over.text)).to.contain('You have 250 saved lists, the most you can keep');
    expect(
      await db.query(`SELECT count(*)::int AS n FROM saved_list WHERE owner_id = $1`, [workerId]),
    ).to.deep.equal([{ n: 250 }]);
    const index = cheerio.load((await worker.get('/saved-lists').expect(200)).text);
    expect(index('li[data-saved-list]').length).to.equal(250);
    expect(index('.govuk-warning-text').text()).to.contain('You have reached the limit of 250 lists');
  });

  it('shows a list to its owner only: another account gets 404 and changes nothing', async () => {
    const [{ id }] = (await db.query(`SELECT id::text AS id FROM saved_list WHERE name = 'Full list'`)) as {
      id: string;
    }[];
    const before = await db.query(`SELECT name, updated_at FROM saved_list WHERE id = $1`, [id]);
    const itemsBefore = await db.query(
      `SELECT count(*)::int AS n FROM saved_list_item WHERE saved_list_id = $1`,
      [id],
    );
    for (const path of [`/saved-lists/${id}`, `/saved-lists/${id}/rename`, `/saved-lists/${id}/delete`]) {
      const res = await otherWorker.get(path).expect(404);
      expect(res.text).not.to.contain('Full list');
    }
    const token = await csrfToken(otherWorker, '/account');
    for (const [path, body] of [
      [`/saved-lists/${id}/open`, {}],
      [`/saved-lists/${id}/rename`, { name: 'Taken over' }],
      [`/saved-lists/${id}/remove`, { id: 'extra-1' }],
      [`/saved-lists/${id}/seen`, {}],
      [`/saved-lists/${id}/delete`, {}],
    ] as const)
      await otherWorker
        .post(path)
        .type('form')
        .send({ _csrf: token, ...body })
        .expect(404);
    // Nor can it add its shortlist to the list.
    await shortlist(otherWorker, ['walk']);
    const add = await post(otherWorker, '/saved-lists/save', '/saved-lists/add', { list: id }, 400);
    expect(errorSummary(add.text)).to.contain('Choose a saved list to add to');
    expect(await db.query(`SELECT name, updated_at FROM saved_list WHERE id = $1`, [id])).to.deep.equal(
      before,
    );
    expect(
      await db.query(`SELECT count(*)::int AS n FROM saved_list_item WHERE saved_list_id = $1`, [id]),
    ).to.deep.equal(itemsBefore);
    expect(
      cheerio.load((await otherWorker.get('/saved-lists').expect(200)).text)('li[data-saved-list]').length,
    ).to.equal(0);
    await otherWorker.get('/saved-lists/not-a-number').expect(404);
  });

  it('is for link workers and stewards: anonymous visitors are sent to sign in, organisers are refused', async () => {
    const anonymous = request.agent(app);
    for (const path of ['/saved-lists', '/saved-lists/save', '/saved-lists/1']) {
      const res = await anonymous.get(path).expect(302);
      expect(res.headers.location).to.equal(`/account/sign-in?next=${encodeURIComponent(path)}`);
    }
    const token = await csrfToken(anonymous, '/account/sign-in');
    await anonymous.post('/saved-lists/save').type('form').send({ _csrf: token, name: 'x' }).expect(403);
    await organiser.get('/saved-lists').expect(403);
    const organiserToken = await csrfToken(organiser, '/account');
    await organiser
      .post('/saved-lists/save')
      .type('form')
      .send({ _csrf: organiserToken, name: 'x' })
      .expect(403);
    const nav = cheerio.load((await organiser.get('/shortlist').expect(200)).text);
    expect(nav('a[href="/saved-lists"]').length).to.equal(0);
    expect(nav('a[href="/saved-lists/save"]').length).to.equal(0);
    const { agent: steward } = await signedInAgent(app, db, { email: 'st@example.org', role: 'steward' });
    await steward.get('/saved-lists').expect(200);
    // Without a CSRF token nothing is saved.
    await worker.post('/saved-lists/save').type('form').send({ name: 'No token' }).expect(403);
  });

  it('goes with its owner’s account', async () => {
    expect(
      await db.query(`SELECT count(*)::int AS n FROM saved_list WHERE owner_id = $1`, [workerId]),
    ).to.deep.equal([{ n: 250 }]);
    await db.query(`DELETE FROM user_account WHERE id = $1`, [workerId]);
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list`)).to.deep.equal([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list_item`)).to.deep.equal([{ n: 0 }]);
  });
});
