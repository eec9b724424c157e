// The steward reads a proposal as labelled fields in words, the directory's value beside the proposed one, and every
// state as a plain word (real app and Postgres).
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createOrganization } from '../../src/db/organization-store.js';
import { knitForm } from '../support/activity-form.js';
import { csrfFrom, csrfToken, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { testDatabase } from '../support/database.js';
import { seedImportedWalk } from '../support/imported-walk.js';

/** What a page must never show a steward: a raw record, an id, or a state's code. */
const RAW = [/"[a-z_]+":/, /[0-9a-f]{8}-[0-9a-f]{4}-/, /\bpending\b/, /pending_review/, /taxonomy_term/];

describe('the steward’s comparison of a proposal with the directory (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let organiser: Agent;
  let steward: Agent;
  let orgId: string;

  /** Each row of the comparison as "Label: Now … | Proposed …". */
  const comparison = (html: string) => {
    const $ = cheerio.load(html);
    return Object.fromEntries(
      $('#changes ~ dl [data-field]')
        .map((_, row) => [
          [
            $(row).find('dt').text().trim(),
            {
              before: $(row).find('[data-before]').text().replace(/\s+/g, ' ').trim(),
              after: $(row).find('[data-after]').text().replace(/\s+/g, ' ').trim(),
            },
          ],
        ])
        .get() as unknown as [string, { before: string; after: string }][],
    );
  };

  const expectReadable = (html: string) => {
    const text = cheerio.load(html)('main').text();
    for (const pattern of RAW) expect(text, `page shows ${pattern}`).not.to.match(pattern);
  };

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    app = buildApp(db);
    orgId = (await createOrganization(db, 'Easton Knitters')).id;
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: ['riverside', orgId],
    }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
  });

  it('an edit of an imported listing: each changed field labelled, old → new in words, the rest folded away', async () => {
    const path = '/manage/activities/imported-walk/edit';
    const res = await organiser
      .post(path)
      .type('form')
      .send({
        _csrf: await csrfToken(organiser, path),
        ...knitForm({ name: 'Riverside Walk', venueName: 'Riverside Walk venue', address1: '1 Test Street' }),
      })
      .expect(302);
    const [{ id }] = (await db.query(
      `SELECT id::text FROM listing_draft WHERE service_id = 'imported-walk' AND status = 'pending'`,
    )) as { id: string }[];
    expect(res.headers.location).to.contain(id);
    const page = await steward.get(`/steward/drafts/${id}`).expect(200);
    const rows = comparison(page.text);
    expect(rows.When.before).to.match(/^Now: Every Tuesday, 10:00 ?(to|–|-) ?12:00/);
    expect(rows.When.after).to.match(/^Proposed: Every other Tuesday/);
    expect(rows.When.after).to.match(/10:00 ?(to|–|-) ?12:00/);
    expect(rows['Needs it helps with']).to.deep.equal({
      before: 'Now: not given',
      after: 'Proposed: Loneliness and social connection, Arts and creativity',
    });
    expect(rows.Description.after).to.contain('Bring your knitting, or learn.');
    expect(rows.Where.before).to.equal('Now: Riverside Walk venue, 1 Test Street, Bristol, BS5 6XX');
    expect(rows.Where.after).to.equal('Proposed: Riverside Walk venue, 1 Test Street, Bristol, BS5 6AW');
    expect(rows['Contact phone']).to.deep.equal({
      before: 'Now: not given',
      after: 'Proposed: 0117 496 0000',
    });
    // Unchanged fields are summarised, not repeated.
    expect(Object.keys(rows)).not.to.include('Name');
    const $ = cheerio.load(page.text);
    expect($('#unchanged summary').text().trim()).to.match(/^Unchanged \(\d+ fields\)$/);
    expect($('#unchanged dt').first().text()).to.equal('Name');
    expect($('[data-status]').text()).to.equal('Waiting for a steward');
    expect($('pre').length, 'no raw record').to.equal(0);
    expectReadable(page.text);

    await steward
      .post(`/steward/drafts/${id}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), decision: 'approve' })
      .expect(302);
    const decided = cheerio.load((await steward.get(`/steward/drafts/${id}`).expect(200)).text);
    expect(decided('[data-status]').text()).to.equal('Approved');
  });

  it('a later edit is compared with the version last approved', async () => {
    const path = '/manage/activities/imported-walk/edit';
    await organiser
      .post(path)
      .type('form')
      .send({
        _csrf: await csrfToken(organiser, path),
        ...knitForm({
          name: 'Riverside Walk',
          venueName: 'Riverside Walk venue',
          address1: '1 Test Street',
          costKind: 'paid',
          costAmount: '3',
          capacity: 'waiting_list',
        }),
      })
      .expect(302);
    const [{ id }] = (await db.query(
      `SELECT id::text FROM listing_draft WHERE service_id = 'imported-walk' AND status = 'pending'`,
    )) as { id: string }[];
    const page = await steward.get(`/steward/drafts/${id}`).expect(200);
    const rows = comparison(page.text);
    expect(Object.keys(rows).sort()).to.deep.equal(['Cost', 'Spaces']);
    expect(rows.Cost).to.deep.equal({ before: 'Now: Free', after: 'Proposed: £3.00 per session' });
    expect(rows.Spaces).to.deep.equal({ before: 'Now: Spaces available', after: 'Proposed: Waiting list' });
    expectReadable(page.text);
  });

  it('a new listing shows each of its fields under its label', async () => {
    const path = `/manage/organisations/${orgId}/activities/new`;
    const res = await organiser
      .post(path)
      .type('form')
      .send({ _csrf: await csrfToken(organiser, path), ...knitForm() })
      .expect(302);
    const draftId = res.headers.location.split('/').pop()!;
    const page = await steward.get(`/steward/drafts/${draftId}`).expect(200);
    const $ = cheerio.load(page.text);
    expect($('#changes').text()).to.equal('Everything proposed');
    const fields = Object.fromEntries(
      $('[data-field]')
        .map((_, row) => [[$(row).find('dt').text(), $(row).find('dd').text().trim()]])
        .get() as unknown as [string, string][],
    );
    expect(fields.Name).to.equal('Tuesday Knit and Natter');
    expect(fields['Help for newcomers']).to.equal('New members welcome, Someone will meet you');
    expect(fields.When).to.match(/^Every other Tuesday/);
    expect(fields.Cost).to.equal('Free');
    expectReadable(page.text);
  });

  it('the profile draft shows changed fields old → new, the others folded away, its state in words', async () => {
    const path = '/manage/organisations/riverside';
    await organiser
      .post(path)
      .type('form')
      .send({
        _csrf: await csrfToken(organiser, path),
        name: 'riverside Trust',
        description: 'Walks by the river, every week.',
        email: '',
        website: '',
      })
      .expect(302);
    const [{ id }] = (await db.query(`SELECT id::text FROM organization_draft WHERE status = 'pending'`)) as {
      id: string;
    }[];
    const page = await steward.get(`/steward/profile-drafts/${id}`).expect(200);
    expect(comparison(page.text)).to.deep.equal({
      'About the organisation': {
        before: 'Now: Fictional test organisation.',
        after: 'Proposed: Walks by the river, every week.',
      },
    });
    const $ = cheerio.load(page.text);
    expect(
      $('#unchanged dt')
        .map((_, dt) => $(dt).text())
        .get(),
    ).to.deep.equal(['Name', 'Email address', 'Website']);
    expect($('[data-status]').text()).to.equal('Waiting for a steward');
    expectReadable(page.text);
  });

  it('the queue and the audit log name states and actions in words', async () => {
    const queue = await steward.get('/steward').expect(200);
    expectReadable(queue.text);
    const audit = cheerio.load((await steward.get('/steward/audit').expect(200)).text);
    const titles = audit('.moj-timeline__title')
      .map((_, t) => audit(t).text().trim())
      .get();
    expect(titles).to.include.members([
      'Change proposed · activity imported-walk',
      'Approved · activity imported-walk',
      'Profile change proposed · organisation riverside',
    ]);
    for (const title of titles) expect(title, title).not.to.match(/^[a-z]+-[a-z-]+ ·/);
  });
});
