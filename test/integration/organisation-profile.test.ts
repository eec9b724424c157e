import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { csrfFrom, csrfToken, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { testDatabase } from '../support/database.js';

describe('organisation profile changes wait for a steward unless the organiser is trusted (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let organiser: Agent;
  let steward: Agent;
  const profilePath = '/manage/organisations/riverside';
  const LIVE = {
    name: 'riverside Trust',
    description: 'Fictional test organisation.',
    email: undefined,
    website: undefined,
  };
  const PROPOSED = {
    name: 'Riverside Ramblers CIC',
    description: 'We walk by the river every week.',
    email: 'hello@ramblers.example',
    website: 'https://ramblers.example',
  };

  /** What the public sees: the activity page's "Run by" line and the Open Referral organisation record. */
  const publicView = async () => {
    const page = cheerio.load((await request(app).get('/activities/imported-walk').expect(200)).text);
    const api = (await request(app).get('/api/organizations/riverside').expect(200)).body as Record<
      string,
      unknown
    >;
    return {
      runBy: page('.activity__org').text(),
      api: { name: api.name, description: api.description, email: api.email, website: api.website },
    };
  };

  const sendProfile = async (agent: Agent, profile: Record<string, string>) =>
    agent
      .post(profilePath)
      .type('form')
      .send({ _csrf: await csrfToken(agent, profilePath), ...profile })
      .expect(302);

  const queuedDraftId = async () => {
    const queue = cheerio.load((await steward.get('/steward').expect(200)).text);
    const href = queue('a[href^="/steward/profile-drafts/"]').attr('href');
    return href ? href.split('/').pop()! : null;
  };

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    app = buildApp(db);
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: ['riverside'],
    }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
  });

  it('an untrusted organiser’s change shows nowhere public until a steward approves it', async () => {
    const sent = await sendProfile(organiser, PROPOSED);
    expect(sent.headers.location).to.equal(profilePath);
    expect(await publicView()).to.deep.equal({ runBy: `Run by ${LIVE.name}`, api: LIVE });

    // The organiser sees that it waits, what is live meanwhile, and their change in the form.
    const $ = cheerio.load((await organiser.get(profilePath).expect(200)).text);
    expect($('.govuk-notification-banner--success').text()).to.contain(
      'A steward will check the changes to your profile',
    );
    expect($('[data-profile-draft=pending]').text()).to.contain('Your changes are waiting for a steward');
    expect($('[data-live-profile] dd').first().text()).to.equal(LIVE.name);
    expect($('#field-name').val()).to.equal(PROPOSED.name);
    expect($('#field-website').val()).to.equal(PROPOSED.website);

    // The steward reads it as labelled fields, old beside new.
    const draftId = (await queuedDraftId())!;
    const review = cheerio.load((await steward.get(`/steward/profile-drafts/${draftId}`).expect(200)).text);
    const rows = review('#changes ~ dl [data-field]')
      .map((_, row) =>
        [review(row).find('dt'), review(row).find('[data-before]'), review(row).find('[data-after]')]
          .map((part) => part.text().replace(/\s+/g, ' ').trim())
          .join(' | '),
      )
      .get();
    expect(rows).to.deep.equal([
      `Name | Now: ${LIVE.name} | Proposed: ${PROPOSED.name}`,
      `About the organisation | Now: ${LIVE.description} | Proposed: ${PROPOSED.description}`,
      `Email address | Now: not given | Proposed: ${PROPOSED.email}`,
      `Website | Now: not given | Proposed: ${PROPOSED.website}`,
    ]);
    expect(await db.query(`SELECT name FROM organization WHERE id = 'riverside'`)).to.deep.equal([
      { name: LIVE.name },
    ]);
  });

  it('approval puts it live (public page, API, search text) with the audit trail and a mail to the organiser', async () => {
    const draftId = (await queuedDraftId())!;
    const review = await steward.get(`/steward/profile-drafts/${draftId}`).expect(200);
    await steward
      .post(`/steward/profile-drafts/${draftId}`)
      .type('form')
      .send({ _csrf: csrfFrom(review.text), decision: 'approve' })
      .expect(302)
      .expect('Location', '/steward');
    expect(await publicView()).to.deep.equal({ runBy: `Run by ${PROPOSED.name}`, api: PROPOSED });
    // The organisation's name is part of its activities' search text.
    const search = cheerio.load((await request(app).get('/search?q=Ramblers').expect(200)).text);
    expect(search('li.result[data-activity-id=imported-walk]').length).to.equal(1);

    const audit = (await db.query(
      `SELECT actor, action, fields FROM audit_log WHERE entity = 'organization' AND entity_id = 'riverside' ORDER BY id`,
    )) as { actor: string; action: string; fields: string[] }[];
    const allFields = ['description', 'email', 'name', 'website'];
    expect(audit).to.deep.equal([
      { actor: 'jan@example.org', action: 'propose-profile', fields: allFields },
      { actor: 'sam@example.org', action: 'approve-profile', fields: allFields },
    ]);
    const [mail] = await recentMail(db, 1, 'jan@example.org');
    expect(mail.subject).to.equal(`Approved: changes to ${PROPOSED.name}`);
    await steward
      .post(`/steward/profile-drafts/${draftId}`)
      .type('form')
      .send({ _csrf: csrfFrom(review.text), decision: 'approve' })
      .expect(404);
    expect(
      cheerio.load((await organiser.get(profilePath).expect(200)).text)('[data-profile-draft]').length,
    ).to.equal(0);
  });

  it('rejection leaves the live profile alone; the organiser sees the reason beside what is live', async () => {
    await sendProfile(organiser, { ...PROPOSED, name: 'Best Walks Ever!!!' });
    const draftId = (await queuedDraftId())!;
    const review = await steward.get(`/steward/profile-drafts/${draftId}`).expect(200);
    const token = csrfFrom(review.text);
    const noReason = await steward
      .post(`/steward/profile-drafts/${draftId}`)
      .type('form')
      .send({ _csrf: token, decision: 'reject', reason: '' })
      .expect(400);
    expect(cheerio.load(noReason.text)('.govuk-error-summary a[href="#field-reason"]').length).to.equal(1);
    await steward
      .post(`/steward/profile-drafts/${draftId}`)
      .type('form')
      .send({ _csrf: token, decision: 'reject', reason: 'Please keep the registered name' })
      .expect(302);
    expect(await publicView()).to.deep.equal({ runBy: `Run by ${PROPOSED.name}`, api: PROPOSED });
    const $ = cheerio.load((await organiser.get(profilePath).expect(200)).text);
    expect($('[data-profile-draft=rejected]').text()).to.contain('Please keep the registered name');
    expect($('[data-live-profile] dd').first().text()).to.equal(PROPOSED.name);
    expect($('#field-name').val()).to.equal('Best Walks Ever!!!');
    const [mail] = await recentMail(db, 1, 'jan@example.org');
    expect(mail.subject).to.equal(`Not approved: changes to ${PROPOSED.name}`);
    expect(mail.body).to.contain('Please keep the registered name');
    const [last] = (await db.query(
      `SELECT action, after->>'reason' AS reason FROM audit_log WHERE entity = 'organization' ORDER BY id DESC LIMIT 1`,
    )) as { action: string; reason: string }[];
    expect(last).to.deep.equal({ action: 'reject-profile', reason: 'Please keep the registered name' });
  });

  it('a trusted organiser’s or a steward’s change goes live at once and replaces one still waiting', async () => {
    await sendProfile(organiser, { ...PROPOSED, name: 'Waiting Name' });
    expect(await queuedDraftId()).not.to.equal(null);
    await sendProfile(steward, { ...PROPOSED, name: 'Riverside Ramblers' });
    expect((await publicView()).runBy).to.equal('Run by Riverside Ramblers');
    expect(await queuedDraftId(), 'the waiting change is replaced').to.equal(null);

    await db.query(`UPDATE user_account SET trusted = true WHERE email = 'jan@example.org'`);
    const saved = await sendProfile(organiser, { ...PROPOSED, name: 'Riverside Ramblers Trust' });
    expect(saved.headers.location).to.equal(profilePath);
    expect((await publicView()).runBy).to.equal('Run by Riverside Ramblers Trust');
    expect(await queuedDraftId()).to.equal(null);
    const page = cheerio.load((await organiser.get(profilePath).expect(200)).text);
    expect(page('.govuk-notification-banner--success').text()).to.contain(
      'Your organisation profile has been saved',
    );
    expect(page('[data-profile-draft]').length).to.equal(0);
  });
});
