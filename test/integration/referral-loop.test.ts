// The referral loop through the real app and Postgres: a group opts in, a link worker sends "someone would like to
// come" with consent, the details are sealed at rest, the group answers, the link worker sees it, every look is
// audited, the timed job reminds and closes, the clean-up erases, and reports count without personal data.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { unseal } from '../../src/domain/sealed-text.js';
import { timedJobs } from '../../src/jobs/timed-jobs.js';
import { createSearchEngines } from '../../src/search/engines.js';
import type { Services } from '../../src/services/index.js';
import { buildServices } from '../support/app.js';
import { csrfFrom, csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { TEST_REFERRAL_KEY, testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

const KEY = Buffer.from(TEST_REFERRAL_KEY, 'base64');
const PERSONAL = ['Margaret', '07700 900982', 'step-free'];

describe('the referral loop (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let services: Services;
  let app: Express;
  let linkWorker: Agent;
  let otherWorker: Agent;
  let organiser: Agent;
  let otherOrganiser: Agent;
  let requestId: string;
  let oldRequestId: string;
  let at = new Date();

  const page = async (agent: Agent, path: string, status = 200) =>
    cheerio.load((await agent.get(path).expect(status)).text);
  const errorLinks = ($: cheerio.CheerioAPI) =>
    $('.govuk-error-summary__list a')
      .map((_, a) => $(a).attr('href'))
      .get();
  const audits = async (entityId: string) =>
    (
      (await db.query(
        `SELECT actor, action FROM audit_log WHERE entity = 'referral_request' AND entity_id = $1 ORDER BY id`,
        [entityId],
      )) as { actor: string; action: string }[]
    ).map((r) => `${r.actor}: ${r.action}`);
  const mailTo = async (to: string) =>
    (await db.query(`SELECT subject, body FROM mail_outbox WHERE to_address = $1 ORDER BY id`, [to])) as {
      subject: string;
      body: string;
    }[];

  async function runJob(name: string) {
    const stores = createStores(db);
    const search = await createSearchEngines({ meili: null }, db);
    const job = timedJobs({
      stores,
      search,
      freshness: services.freshness,
      handouts: services.handouts,
      handoutMessages: services.handoutMessages,
      referralRequests: services.referralRequests,
      referralRetentionDays: 183,
      clock: { now: () => at },
    }).find((j) => j.name === name);
    expect(job, `a timed job named ${name}`).to.exist;
    return (await job!.run(new AbortController().signal)) as Record<string, unknown>;
  }

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await db.query('TRUNCATE referral_request, referral_setting');
    await seedLinkWorkerListings(db);
    services = buildServices(db, testConfig());
    app = createApp(services);
    ({ agent: linkWorker } = await signedInAgent(app, db, { email: 'lw@example.org', role: 'link_worker' }));
    ({ agent: otherWorker } = await signedInAgent(app, db, {
      email: 'lw2@example.org',
      role: 'link_worker',
    }));
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'org@example.org',
      organizationIds: ['org-walk'],
    }));
    ({ agent: otherOrganiser } = await signedInAgent(app, db, {
      email: 'art@example.org',
      organizationIds: ['org-art'],
    }));
  });

  it('offers "Refer someone" only once the group opts in, with an email for notifications', async () => {
    expect((await page(linkWorker, '/activities/walk'))('a[href="/activities/walk/refer"]')).to.have.length(
      0,
    );
    await linkWorker.get('/activities/walk/refer').expect(404);

    const settings = '/manage/organisations/org-walk/referral-settings';
    let $ = await page(organiser, settings);
    const blank = await organiser
      .post(settings)
      .type('form')
      .send({ _csrf: csrfFrom($.html()), takeReferrals: 'yes', notifyEmail: '' })
      .expect(400);
    $ = cheerio.load(blank.text);
    expect(errorLinks($)).to.deep.equal(['#field-notifyEmail']);
    expect($('title').text()).to.match(/^Error: /);
    const saved = await organiser
      .post(settings)
      .type('form')
      .send({ _csrf: csrfFrom(blank.text), takeReferrals: 'yes', notifyEmail: 'group@example.org' })
      .expect(303);
    expect(saved.headers.location).to.equal('/manage/referrals/inbox');
    // Another organisation's member can neither see nor change it.
    await otherOrganiser.get(settings).expect(404);

    $ = await page(linkWorker, '/activities/walk');
    expect($('a[href="/activities/walk/refer"]').text()).to.contain('Refer someone');
    expect((await page(organiser, '/activities/walk'))('a[href="/activities/walk/refer"]')).to.have.length(0);
    expect((await page(linkWorker, '/activities/art'))('a[href="/activities/art/refer"]')).to.have.length(0);
    // The existing monthly counts page is still there.
    await organiser.get('/manage/referrals').expect(200);
  });

  it('sends a request only with the person’s details and their recorded consent (GOV.UK error pattern)', async () => {
    let $ = await page(linkWorker, '/activities/walk/refer');
    expect($('#consent-wording').text()).to.contain('Riverside');
    const empty = await linkWorker
      .post('/activities/walk/refer')
      .type('form')
      .send({ _csrf: csrfFrom($.html()) })
      .expect(400);
    $ = cheerio.load(empty.text);
    expect(errorLinks($)).to.deep.equal(['#field-firstName', '#contactMethod-phone', '#consent-yes']);
    const badEmail = await linkWorker
      .post('/activities/walk/refer')
      .type('form')
      .send({
        _csrf: csrfFrom(empty.text),
        firstName: 'Margaret',
        contactMethod: 'email',
        contactDetail: 'not an address',
        consent: 'yes',
      })
      .expect(400);
    $ = cheerio.load(badEmail.text);
    expect(errorLinks($)).to.deep.equal(['#field-contactDetail']);
    expect($('#field-firstName').val(), 'what was typed comes back').to.equal('Margaret');

    const sent = await linkWorker
      .post('/activities/walk/refer')
      .type('form')
      .send({
        _csrf: csrfFrom(badEmail.text),
        firstName: 'Margaret',
        contactMethod: 'phone',
        contactDetail: '07700 900982',
        support: 'Needs step-free access and someone to meet her',
        consent: 'yes',
      })
      .expect(303);
    requestId = /^\/your-referrals\/([0-9a-f-]{36})$/.exec(sent.headers.location)![1];

    const [mail] = await mailTo('group@example.org');
    expect(mail.subject).to.equal('Someone would like to come to Riverside Walking Group');
    expect(mail.body).to.contain(`/manage/referrals/inbox/${requestId}`);
    for (const detail of PERSONAL) expect(mail.body).not.to.contain(detail);
  });

  it('keeps the details sealed at rest: no clear text in the row, the audit log or the mail', async () => {
    const [row] = (await db.query(`SELECT r.*, r::text AS whole FROM referral_request r WHERE id = $1`, [
      requestId,
    ])) as Record<string, string>[];
    for (const detail of PERSONAL) expect(row.whole).not.to.contain(detail);
    for (const column of ['first_name_sealed', 'contact_sealed', 'support_sealed'])
      expect(row[column]).to.match(/^v1:[A-Za-z0-9+/=]+$/);
    expect(unseal(KEY, requestId, row.first_name_sealed)).to.equal('Margaret');
    expect(() => unseal(KEY, '00000000-0000-0000-0000-000000000000', row.first_name_sealed)).to.throw();
    expect(row.consent_wording_version).to.equal('2026-12');
    expect(row.status).to.equal('new');
    const everything = JSON.stringify(await db.query(`SELECT * FROM audit_log`));
    for (const detail of PERSONAL) expect(everything).not.to.contain(detail);
  });

  it('lets the group see the request (each look audited) and move it on; a reason is required to turn it down', async () => {
    let $ = await page(organiser, '/manage/referrals/inbox');
    const row = $(`tr[data-request="${requestId}"]`);
    expect(row.find('.govuk-tag').text().trim()).to.equal('New');
    expect($.html()).not.to.contain('Margaret');
    expect(await audits(requestId)).to.deep.equal(['lw@example.org: send referral']);

    $ = await page(organiser, `/manage/referrals/inbox/${requestId}`);
    expect($('[data-field=firstName]').text()).to.equal('Margaret');
    expect($('[data-field=contactDetail]').text()).to.equal('07700 900982');
    expect($('[data-field=support]').text()).to.contain('step-free');
    expect($.text()).to.contain('lw@example.org');
    expect(await audits(requestId)).to.deep.equal([
      'lw@example.org: send referral',
      'org@example.org: view referral details (group)',
    ]);
    await otherOrganiser.get(`/manage/referrals/inbox/${requestId}`).expect(404);
    await linkWorker.get(`/manage/referrals/inbox/${requestId}`).expect(404);
    expect(await audits(requestId)).to.have.length(2);

    const refused = await organiser
      .post(`/manage/referrals/inbox/${requestId}/status`)
      .type('form')
      .send({ _csrf: csrfFrom($.html()), status: 'not_suitable', reason: '  ' })
      .expect(400);
    expect(errorLinks(cheerio.load(refused.text))).to.deep.equal(['#field-reason']);
    const status = async () =>
      (
        (await db.query(`SELECT status FROM referral_request WHERE id = $1`, [requestId])) as {
          status: string;
        }[]
      )[0].status;
    expect(await status()).to.equal('new');
    for (const next of ['contacted', 'joined']) {
      const token = await csrfToken(organiser, `/manage/referrals/inbox/${requestId}`);
      await organiser
        .post(`/manage/referrals/inbox/${requestId}/status`)
        .type('form')
        .send({ _csrf: token, status: next, reason: '' })
        .expect(303);
      expect(await status()).to.equal(next);
    }
    const changes = (await db.query(
      `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'change referral status' ORDER BY id`,
      [requestId],
    )) as { before: { status: string }; after: { status: string } }[];
    expect(changes.map((c) => `${c.before.status}→${c.after.status}`)).to.deep.equal([
      'new→contacted',
      'contacted→joined',
    ]);
  });

  it('shows the link worker the status and the SNOMED CT code; only their own requests, each look audited', async () => {
    const $ = await page(linkWorker, '/your-referrals');
    const row = $(`tr[data-request="${requestId}"]`);
    expect(row.find('.govuk-tag').text().trim()).to.equal('Joined');
    expect(row.text()).to.contain('871731000000106');
    expect($.text()).to.contain('Referral to social prescribing service');
    const detail = await page(linkWorker, `/your-referrals/${requestId}`);
    expect(detail('[data-field=status]').text()).to.equal('Joined');
    expect(detail('[data-field=snomed]').text()).to.equal('871731000000106');
    await otherWorker.get(`/your-referrals/${requestId}`).expect(404);
    await organiser.get(`/your-referrals/${requestId}`).expect(403);
    expect(
      (await audits(requestId)).filter((a) => a.includes('view referral details (link worker)')),
    ).to.deep.equal(['lw@example.org: view referral details (link worker)']);
  });

  it('shows the latest status and "Refer someone" on the link worker’s saved list', async () => {
    for (const id of ['walk', 'art']) {
      const add = await linkWorker.get(`/shortlist/add?id=${id}`).expect(200);
      await linkWorker
        .post('/shortlist/add')
        .type('form')
        .send({ _csrf: csrfFrom(add.text), id, back: '/shortlist' })
        .expect(303);
    }
    const form = await linkWorker.get('/saved-lists/save').expect(200);
    const saved = await linkWorker
      .post('/saved-lists/save')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), name: 'Tues clinic' })
      .expect(303);
    const $ = await page(linkWorker, saved.headers.location);
    const walk = $('[data-activity-id="walk"]');
    expect(walk.find('[data-referral-status] strong').text()).to.equal('Joined');
    expect(walk.find('a[href="/activities/walk/refer"]')).to.have.length(1);
    const art = $('[data-activity-id="art"]');
    expect(art.find('[data-referral-status]')).to.have.length(0);
    expect(art.find('a[href="/activities/art/refer"]'), 'the art club takes no referrals').to.have.length(0);
  });

  it('reminds the group and tells the link worker after five working days without an answer, once', async () => {
    const target = (await services.referralRequests.target('walk'))!;
    const lw = {
      id: String(
        (
          (await db.query(`SELECT id FROM user_account WHERE email = 'lw@example.org'`)) as { id: string }[]
        )[0].id,
      ),
      email: 'lw@example.org',
    };
    // Monday 2 November 2026, 10:00 (GMT): five working days later is Monday 9 November, 10:00.
    oldRequestId = await services.referralRequests.send(
      target,
      lw,
      { firstName: 'Margaret', contactMethod: 'phone', contactDetail: '07700 900982', support: null },
      new Date('2026-11-02T10:00:00Z'),
    );
    const before = (await mailTo('group@example.org')).length;
    for (const notYet of ['2026-11-06T17:00:00Z', '2026-11-08T23:00:00Z', '2026-11-09T09:59:00Z']) {
      at = new Date(notYet);
      expect(await runJob('referral-reminders'), notYet).to.deep.equal({ reminded: 0, closed: 0 });
    }
    at = new Date('2026-11-09T10:00:00Z');
    expect(await runJob('referral-reminders')).to.deep.equal({ reminded: 1, closed: 0 });
    const groupMail = (await mailTo('group@example.org')).slice(before);
    expect(groupMail.map((m) => m.subject)).to.deep.equal([
      'Reminder: someone would like to come to Riverside Walking Group',
    ]);
    expect((await mailTo('lw@example.org')).map((m) => m.subject)).to.include(
      'No answer yet from ' + target.organizationName,
    );
    expect(await runJob('referral-reminders')).to.deep.equal({ reminded: 0, closed: 0 });
  });

  it('closes a request still unanswered after four weeks as "closed: no answer"', async () => {
    at = new Date('2026-11-30T09:59:00Z');
    expect(await runJob('referral-reminders')).to.deep.equal({ reminded: 0, closed: 0 });
    at = new Date('2026-11-30T10:01:00Z');
    expect(await runJob('referral-reminders')).to.deep.equal({ reminded: 0, closed: 1 });
    const $ = await page(linkWorker, '/your-referrals');
    expect($(`tr[data-request="${oldRequestId}"] .govuk-tag`).text().trim()).to.equal('Closed: no answer');
    expect($(`tr[data-request="${requestId}"] .govuk-tag`).text().trim()).to.equal('Joined');
    expect(await audits(oldRequestId)).to.include('referral reminders job: close referral: no answer');
    const closedMail = (await mailTo('lw@example.org')).filter((m) =>
      m.subject.startsWith('Referral closed: no answer'),
    );
    expect(closedMail).to.have.length(1);
    expect(closedMail[0].body).to.contain(`/your-referrals/${oldRequestId}`);
    for (const detail of PERSONAL) expect(closedMail[0].body).not.to.contain(detail);
  });

  it('erases the personal details after the retention period, keeping the status and dates, and audits it', async () => {
    // 183 days (six months) after 2 November 2026, 10:00.
    at = new Date('2027-05-04T10:01:00Z');
    const output = await runJob('retention');
    expect(output.referralRequests).to.equal(1);
    const rows = (await db.query(
      `SELECT id::text, first_name_sealed, contact_sealed, support_sealed, status_reason_sealed, status,
              created_at, erased_at FROM referral_request ORDER BY created_at`,
    )) as Record<string, unknown>[];
    const [old, recent] = rows;
    expect(old.id).to.equal(oldRequestId);
    expect([
      old.first_name_sealed,
      old.contact_sealed,
      old.support_sealed,
      old.status_reason_sealed,
    ]).to.deep.equal([null, null, null, null]);
    expect(old.status).to.equal('closed_no_answer');
    expect(old.created_at).to.be.instanceOf(Date);
    expect(old.erased_at).to.be.instanceOf(Date);
    expect(recent.first_name_sealed, 'a request inside its period keeps its details').to.be.a('string');
    expect(await audits(oldRequestId)).to.include('retention clean-up: erase referral details');
    const $ = await page(organiser, `/manage/referrals/inbox/${oldRequestId}`);
    expect($.text()).to.contain('erased at the end of the retention period');
    expect($('[data-field=firstName]')).to.have.length(0);
    expect(await runJob('retention')).to.include({ referralRequests: 0 });
  });

  it('says the configured retention period on the privacy page, and needs REFERRAL_KEY in production', async () => {
    const privacy = async (server: Express) =>
      cheerio
        .load(
          (
            await (
              await signedInAgent(server, db, { email: `p${Date.now()}@example.org` })
            ).agent.get('/privacy')
          ).text,
        )('[data-retention=referralRequests] [data-period]')
        .text();
    expect(await privacy(app)).to.contain('6 months');
    const shorter = createApp(buildServices(db, { ...testConfig(), referralRetentionDays: 90 }));
    expect(await privacy(shorter)).to.contain('90 days');
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(48).toString('base64url'),
      OPERATOR_NAME: 'Op',
      OPERATOR_EMAIL: 'op@example.org',
      BASE_URL: 'https://directory.example.org',
    };
    expect(() => loadConfig(production)).to.throw(/REFERRAL_KEY must be set in production/);
    expect(() => loadConfig({ ...production, REFERRAL_KEY: 'short' })).to.throw(/REFERRAL_KEY must be 32/);
    expect(loadConfig({ ...production, REFERRAL_KEY: TEST_REFERRAL_KEY }).referralKey).to.equal(
      TEST_REFERRAL_KEY,
    );
    expect(() => loadConfig({ REFERRAL_RETENTION_DAYS: '0' })).to.throw(/REFERRAL_RETENTION_DAYS/);
  });

  it('reports counts by status, need and month, and "joined" as a share of those answered, with no personal data', async () => {
    const target = (await services.referralRequests.target('walk'))!;
    const lw = {
      id: String(
        (
          (await db.query(`SELECT id FROM user_account WHERE email = 'lw@example.org'`)) as { id: string }[]
        )[0].id,
      ),
      email: 'lw@example.org',
    };
    const org = {
      id: String(
        (
          (await db.query(`SELECT id FROM user_account WHERE email = 'org@example.org'`)) as { id: string }[]
        )[0].id,
      ),
      email: 'org@example.org',
    };
    const third = await services.referralRequests.send(target, lw, {
      firstName: 'Bert',
      contactMethod: 'email',
      contactDetail: 'bert@example.org',
      support: null,
    });
    expect(await services.referralRequests.setStatus(third, org, 'could_not_reach', null)).to.deep.equal({
      ok: false,
      message: 'Give the reason, so the link worker can help the person another way',
    });
    expect(
      await services.referralRequests.setStatus(third, org, 'could_not_reach', 'No answer on three calls'),
    ).to.deep.equal({ ok: true });

    const $ = await page(linkWorker, '/reports');
    expect($('[data-joined-share]').text().replace(/\s+/g, ' ')).to.contain(
      '50% of those the group answered (1 of 2)',
    );
    const statuses = $('#referral-requests-months thead th')
      .map((_, th) => $(th).text().trim())
      .get();
    const cells = (selector: string) =>
      Object.fromEntries(
        $(selector)
          .find('td')
          .map((i, td) => [[statuses[i + 1], $(td).text().trim()]])
          .get() as [string, string][],
      );
    const november = cells('#referral-requests-months tr[data-month="2026-11"]');
    expect(november).to.include({ 'Closed: no answer': '1', All: '1' });
    const loneliness = cells('#referral-requests-needs tr[data-need="loneliness"]');
    expect(loneliness).to.include({
      Joined: '1',
      'Could not reach': '1',
      'Closed: no answer': '1',
      All: '3',
      'Joined of answered': '50%',
    });
    expect($('#referral-requests-needs tr[data-need="arts-creativity"]')).to.have.length(0);
    for (const detail of [...PERSONAL, 'Bert', 'No answer on three calls'])
      expect($.html()).not.to.contain(detail);
  });

  it('limits how many requests one account sends to one activity in a day (429)', async () => {
    // The clean-up above ran six months on, so the day's counts start afresh here.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const token = await csrfToken(linkWorker, '/activities/walk/refer');
      const res = await linkWorker.post('/activities/walk/refer').type('form').send({ _csrf: token });
      statuses.push(res.status);
      if (res.status === 429)
        expect(res.text).to.contain('You have sent several referral requests to this activity today.');
    }
    expect(statuses).to.deep.equal([400, 400, 400, 400, 400, 429]);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM referral_request`)) as { n: number }[],
      'refused and invalid attempts store nothing',
    ).to.deep.equal([{ n: 3 }]);
  });
});
