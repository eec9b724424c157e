import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { createOrganization } from '../../src/db/organization-store.js';
import { csrfFrom, csrfToken, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { testDatabase } from '../support/database.js';
import { knitForm } from '../support/activity-form.js';

describe('stewards: review queue, claims, problem reports and the audit log (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let orgId: string;
  let organiser: Agent;
  let steward: Agent;

  const submitNew = async (name: string) => {
    const path = `/manage/organisations/${orgId}/activities/new`;
    const token = await csrfToken(organiser, path);
    const res = await organiser
      .post(path)
      .type('form')
      .send({ _csrf: token, ...knitForm({ name }) })
      .expect(302);
    return res.headers.location.split('/').pop()!;
  };

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    app = buildApp(db);
    orgId = (await createOrganization(db, 'Easton Knitters')).id;
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: [orgId],
    }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
  });

  it('shows new activities in the queue; approving publishes them and tells the organiser', async () => {
    const draftId = await submitNew('Knit and Natter');
    const queue = await steward.get('/steward').expect(200);
    const $ = cheerio.load(queue.text);
    expect($(`a[href="/steward/drafts/${draftId}"]`).text()).to.equal('Knit and Natter');
    const review = await steward.get(`/steward/drafts/${draftId}`).expect(200);
    expect(review.text).to.contain('Every other Tuesday');
    await steward
      .post(`/steward/drafts/${draftId}`)
      .type('form')
      .send({ _csrf: csrfFrom(review.text), decision: 'approve' })
      .expect(302)
      .expect('Location', '/steward');
    const [row] = (await db.query(
      `SELECT s.name FROM listing_draft d JOIN service s ON s.id = d.service_id WHERE d.id = $1`,
      [draftId],
    )) as { name: string }[];
    expect(row.name).to.equal('Knit and Natter');
    const mail = await recentMail(db, 1);
    expect(mail[0]).to.include({ to: 'jan@example.org', subject: 'Approved: Knit and Natter' });
    // A decided draft cannot be decided again.
    await steward
      .post(`/steward/drafts/${draftId}`)
      .type('form')
      .send({ _csrf: csrfFrom(review.text), decision: 'approve' })
      .expect(404);
  });

  it('rejecting needs a reason, which the organiser sees', async () => {
    const draftId = await submitNew('Knit Club');
    const review = await steward.get(`/steward/drafts/${draftId}`).expect(200);
    const token = csrfFrom(review.text);
    const missing = await steward
      .post(`/steward/drafts/${draftId}`)
      .type('form')
      .send({ _csrf: token, decision: 'reject', reason: '' })
      .expect(400);
    expect(cheerio.load(missing.text)('.govuk-error-summary a[href="#field-reason"]').length).to.equal(1);
    await steward
      .post(`/steward/drafts/${draftId}`)
      .type('form')
      .send({ _csrf: token, decision: 'reject', reason: 'Please add the <b>room</b> name' })
      .expect(302);
    const page = await organiser.get(`/manage/organisations/${orgId}`).expect(200);
    expect(page.text).to.contain('Please add the &lt;b&gt;room&lt;/b&gt; name');
    const draftPage = await organiser.get(`/manage/drafts/${draftId}`).expect(200);
    expect(draftPage.text).to.contain('Not approved');
    expect(await db.query(`SELECT 1 FROM service WHERE name = 'Knit Club'`)).to.deep.equal([]);

    // The organiser changes the rejected proposal and sends it again; the steward approves and trusts them.
    const edit = await organiser.get(`/manage/drafts/${draftId}/edit`).expect(200);
    expect(cheerio.load(edit.text)('#field-name').val()).to.equal('Knit Club');
    const resent = await organiser
      .post(`/manage/drafts/${draftId}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(edit.text),
        ...knitForm({ name: 'Knit Club', venueName: 'Room 2, Easton Centre' }),
      })
      .expect(302);
    const newDraft = resent.headers.location.split('/').pop()!;
    expect(newDraft).not.to.equal(draftId);
    const secondReview = await steward.get(`/steward/drafts/${newDraft}`).expect(200);
    await steward
      .post(`/steward/drafts/${newDraft}`)
      .type('form')
      .send({ _csrf: csrfFrom(secondReview.text), decision: 'approve', trustAuthor: 'yes' })
      .expect(302);
    expect(await db.query(`SELECT trusted FROM user_account WHERE email = 'jan@example.org'`)).to.deep.equal([
      { trusted: true },
    ]);
    await db.query(`UPDATE user_account SET trusted = false WHERE email = 'jan@example.org'`);
  });

  it('keeps every change in the audit log with who, when, fields, before and after', async () => {
    const res = await steward.get('/steward/audit?entity=service').expect(200);
    const $ = cheerio.load(res.text);
    const entries = $('.moj-timeline__item');
    const actions = entries
      .map((_, item) => $(item).find('.moj-timeline__title').text().split(' · ')[0])
      .get();
    expect(actions).to.include.members(['New activity proposed', 'Approved', 'Rejected']);
    const approve = entries
      .filter((_, item) => $(item).find('.moj-timeline__title').text().startsWith('Approved ·'))
      .filter((_, item) => $(item).find('[data-after]').text().includes('"name": "Knit and Natter"'));
    expect(approve.length).to.equal(1);
    expect(approve.find('.moj-timeline__byline').text()).to.equal('by sam@example.org');
    expect(approve.find('[data-fields]').text()).to.contain('schedules');
    expect(approve.find('time').attr('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('an organiser claims an imported listing; once a steward approves they can manage it', async () => {
    await organiser.get('/manage/activities/imported-walk').expect(404);
    const search = await organiser.get('/manage/claim?q=riverside').expect(200);
    const $ = cheerio.load(search.text);
    expect($('input[name=organisation]').val()).to.equal('riverside');
    await organiser
      .post('/manage/claim')
      .type('form')
      .send({ _csrf: csrfFrom(search.text), organisation: 'riverside', message: 'I lead the walks' })
      .expect(302);
    const queue = await steward.get('/steward').expect(200);
    expect(queue.text).to.contain('I lead the walks');
    const claimId = /\/steward\/claims\/(\d+)/.exec(queue.text)![1];
    await steward
      .post(`/steward/claims/${claimId}`)
      .type('form')
      .send({ _csrf: csrfFrom(queue.text), decision: 'approve' })
      .expect(302);
    const manage = await organiser.get('/manage/activities/imported-walk').expect(200);
    expect(manage.text).to.contain('Riverside Walk');
    // The editor starts from the imported listing, so nothing has to be typed again.
    const edit = cheerio.load(
      (await organiser.get('/manage/activities/imported-walk/edit').expect(200)).text,
    );
    expect(edit('#field-name').val()).to.equal('Riverside Walk');
    expect(edit('#field-postcode').val()).to.equal('BS5 6XX');
    expect(edit('#pattern-weekly').is(':checked')).to.equal(true);
    expect(edit('#days-TU').is(':checked')).to.equal(true);
    expect([edit('#field-opensAt').val(), edit('#field-closesAt').val()]).to.deep.equal(['10:00', '12:00']);
    expect(edit('#costKind-free').is(':checked')).to.equal(true);
  });

  it('anyone can report a problem (CSRF, honeypot, length limits); reports reach the queue', async () => {
    const visitor = request.agent(app);
    const form = await visitor.get('/activities/imported-walk/report').expect(200);
    const token = csrfFrom(form.text);
    await visitor
      .post('/activities/imported-walk/report')
      .type('form')
      .send({ problem: 'No CSRF' })
      .expect(403);
    const long = await visitor
      .post('/activities/imported-walk/report')
      .type('form')
      .send({ _csrf: token, problem: 'x'.repeat(2001), email: 'not an email' })
      .expect(400);
    const $ = cheerio.load(long.text);
    expect(
      $('.govuk-error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['#field-problem', '#field-email']);
    expect(String($('#field-problem').val()).length).to.equal(2001);
    await visitor
      .post('/activities/imported-walk/report')
      .type('form')
      .send({ _csrf: token, problem: 'Spam from a bot', website: 'http://spam.example' })
      .expect(200);
    await visitor
      .post('/activities/imported-walk/report')
      .type('form')
      .send({ _csrf: token, problem: 'The walk moved to Thursdays <script>window.__xss=1</script>' })
      .expect(200);
    const reports = (await db.query(`SELECT problem FROM problem_report`)) as { problem: string }[];
    expect(reports.map((r) => r.problem)).to.deep.equal([
      'The walk moved to Thursdays <script>window.__xss=1</script>',
    ]);
    const queue = await steward.get('/steward').expect(200);
    expect(queue.text).to.contain('The walk moved to Thursdays &lt;script&gt;');
    const reportId = /\/steward\/reports\/(\d+)/.exec(queue.text)![1];
    await steward
      .post(`/steward/reports/${reportId}`)
      .type('form')
      .send({ _csrf: csrfFrom(queue.text) })
      .expect(302);
    expect((await steward.get('/steward').expect(200)).text).to.contain('No open reports.');
    // Resolving it again changes nothing and says so.
    await steward
      .post(`/steward/reports/${reportId}`)
      .type('form')
      .send({ _csrf: csrfFrom(queue.text) })
      .expect(404);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'resolve-report'`),
    ).to.deep.equal([{ n: 1 }]);
  });

  it('shows the development mailbox to stewards only', async () => {
    const res = await steward.get('/steward/mailbox').expect(200);
    expect(res.text).to.contain('SMTP_URL is not set');
    expect(res.text).to.contain('Approved: Knit and Natter');
    await organiser.get('/steward/mailbox').expect(403);
  });
});
