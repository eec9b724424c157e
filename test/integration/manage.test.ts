import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { findUserByEmail } from '../../src/db/account-store.js';
import { createOrganization } from '../../src/db/organization-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { createApp } from '../../src/app.js';
import { csrfFrom, csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { knitForm, nextWeekday } from '../support/activity-form.js';
import { EASTON } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';
import { createStores } from '../../src/db/stores.js';

describe('organisers manage their activities: editor, schedule builder, cancel a date (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let services: Services;
  let orgId: string;
  let organiser: Agent;

  /** The search outbox's operations for one activity, oldest first. */
  const outboxOf = async (id: string) =>
    (
      (await db.query('SELECT operation FROM search_outbox WHERE service_id = $1 ORDER BY id', [id])) as {
        operation: string;
      }[]
    ).map((row) => row.operation);
  const post = async (agent: Agent, path: string, body: Record<string, unknown>, status: number) => {
    const token = await csrfToken(
      agent,
      path.endsWith('/cancel-date') || path.endsWith('/status')
        ? path.replace(/\/(cancel-date|status)$/, '')
        : path,
    );
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: token, ...body })
      .expect(status);
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [
      { kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON },
      { kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON },
    ]);
    const engine = new PostgresSearchEngine(db);
    services = createServices({
      stores: createStores(db),
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    app = createApp(services);
    orgId = (await createOrganization(db, 'Easton Knitters')).id;
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: [orgId],
    }));
    await signedInAgent(app, db, { email: 'steward@example.org', role: 'steward' });
  });

  it('lists the organiser’s organisations', async () => {
    const res = await organiser.get('/manage').expect(200);
    expect(cheerio.load(res.text)(`a[href="/manage/organisations/${orgId}"]`).text()).to.equal(
      'Easton Knitters',
    );
  });

  it('re-renders the editor with a linked error summary and keeps everything typed', async () => {
    const path = `/manage/organisations/${orgId}/activities/new`;
    const res = await post(
      organiser,
      path,
      knitForm({
        name: '',
        postcode: 'ZZ1 1ZZ',
        pattern: 'weekly',
        firstDate: '',
        opensAt: '14:00',
        closesAt: '13:00',
      }),
      400,
    );
    const $ = cheerio.load(res.text);
    const links = $('.govuk-error-summary a')
      .map((_, a) => $(a).attr('href'))
      .get();
    // A group of boxes is linked by its first box: a link to its fieldset would move focus nowhere.
    expect(links).to.include.members(['#field-name', '#field-postcode', '#days-MO', '#field-closesAt']);
    for (const href of links) {
      expect($(href).length, `${href} exists`).to.equal(1);
      expect($(href).is('input, select, textarea'), `${href} is a control`).to.equal(true);
    }
    // Each message beside its field has an id that the field (or its group) names in aria-describedby.
    for (const id of ['error-name', 'error-days', 'error-postcode']) {
      expect($(`#${id}`).length, id).to.equal(1);
      expect($(`[aria-describedby~=${id}]`).length, `described by ${id}`).to.equal(1);
    }
    expect($('#field-description').text()).to.contain('- Wool provided');
    expect($('#field-postcode').val()).to.equal('ZZ1 1ZZ');
    expect($('#needs-loneliness').is(':checked')).to.equal(true);
    expect($('#newcomer-someone-will-meet-you').is(':checked')).to.equal(true);
    expect($('#pattern-weekly').is(':checked')).to.equal(true);
    expect($('title').text()).to.match(/^Error:/);
  });

  it('previews the next dates of an every-other-week schedule without saving', async () => {
    const first = nextWeekday(2);
    const res = await post(
      organiser,
      `/manage/organisations/${orgId}/activities/new`,
      knitForm({ action: 'preview' }),
      200,
    );
    const $ = cheerio.load(res.text);
    expect($('.preview-dates').text()).to.contain('Every other Tuesday');
    const dates = $('.preview-dates .next-dates li')
      .map((_, li) => $(li).text())
      .get();
    expect(dates).to.have.length(6);
    const expected = DateTime.fromISO(first).plus({ weeks: 2 }).toFormat('cccc d MMMM');
    expect(dates[1]).to.contain(expected);
    const drafts = (await db.query(`SELECT count(*)::int AS n FROM listing_draft`)) as { n: number }[];
    expect(drafts[0].n).to.equal(0);
  });

  it('"Preview the dates" reports every problem of the form, and still previews dates that are right', async () => {
    const res = await post(
      organiser,
      `/manage/organisations/${orgId}/activities/new`,
      knitForm({ action: 'preview', name: '', postcode: '', costKind: 'paid', costAmount: 'lots' }),
      400,
    );
    const $ = cheerio.load(res.text);
    expect(
      $('.govuk-error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['#field-name', '#field-postcode', '#field-costAmount']);
    expect($('.preview-dates .next-dates li')).to.have.length(6);
    // A problem with the schedule itself: no preview, and the date's error links to its day box.
    const bad = await post(
      organiser,
      `/manage/organisations/${orgId}/activities/new`,
      knitForm({
        action: 'preview',
        name: '',
        'startDate[day]': '6',
        'startDate[month]': '',
        'startDate[year]': '2026',
      }),
      400,
    );
    const $bad = cheerio.load(bad.text);
    expect(
      $bad('.govuk-error-summary a')
        .map((_, a) => `${$bad(a).attr('href')} ${$bad(a).text().trim()}`)
        .get(),
    ).to.deep.equal([
      '#field-name Enter the name of the activity',
      '#field-startDate-day First date must include a month',
    ]);
    expect($bad('.preview-dates')).to.have.length(0);
  });

  it('without JavaScript, "Show the questions for this choice" shows the chosen parts and keeps every value', async () => {
    const res = await post(
      organiser,
      `/manage/organisations/${orgId}/activities/new`,
      knitForm({
        action: 'reveal',
        whereKind: 'online',
        onlineUrl: 'https://meet.example/knit',
        pattern: 'monthly',
        weekOfMonth: '-1',
        monthDay: 'FR',
        costKind: 'paid',
        costAmount: '2',
        name: '',
      }),
      200,
    );
    const $ = cheerio.load(res.text);
    expect($('.govuk-error-summary')).to.have.length(0);
    const shown = $('.govuk-radios__conditional:not([hidden])')
      .map((_, el) => $(el).attr('id'))
      .get();
    expect(shown).to.deep.equal([
      'conditional-whereKind-online',
      'conditional-pattern-monthly',
      'conditional-costKind-paid',
    ]);
    // The venue and fortnight answers are hidden, still there to come back to.
    expect($('#field-postcode').val()).to.equal('BS5 6AW');
    expect($('#field-day').val()).to.equal('TU');
    expect($('#field-firstDate-day').val()).to.equal(String(Number(nextWeekday(2).slice(8))));
    expect($('#field-monthDay').val()).to.equal('FR');
    expect($('#field-onlineUrl').val()).to.equal('https://meet.example/knit');
  });

  it('opens a form stored before the date boxes (dates as YYYY-MM-DD, the monthly day in "day")', async () => {
    const jan = (await findUserByEmail(db, 'jan@example.org'))!;
    const stores = createStores(db);
    const draftId = await stores.listingDrafts.insertDraft({
      serviceId: 'act-old-form',
      organizationId: orgId,
      authorId: jan.id,
      document: { name: 'Old form' },
      form: {
        ...knitForm({ name: 'Old form', pattern: 'monthly', day: 'WE', weekOfMonth: '1' }),
        startDate: '2026-01-06',
        endDate: '2026-07-21',
        firstDate: '2026-01-13',
      },
    });
    const res = await organiser.get(`/manage/drafts/${draftId}/edit`).expect(200);
    const $ = cheerio.load(res.text);
    expect(['day', 'month', 'year'].map((part) => $(`#field-startDate-${part}`).val())).to.deep.equal([
      '6',
      '1',
      '2026',
    ]);
    expect(['day', 'month', 'year'].map((part) => $(`#field-endDate-${part}`).val())).to.deep.equal([
      '21',
      '7',
      '2026',
    ]);
    expect($('#field-firstDate-day').val()).to.equal('13');
    expect($('#field-monthDay').val()).to.equal('WE');
    expect($('#pattern-monthly').is(':checked')).to.equal(true);
    await db.query('DELETE FROM listing_draft WHERE id = $1', [draftId]);
  });

  let serviceId: string;

  it('sends a new activity for review; it is not published until a steward approves it', async () => {
    const res = await post(organiser, `/manage/organisations/${orgId}/activities/new`, knitForm(), 302);
    expect(res.headers.location).to.match(/^\/manage\/drafts\/\d+$/);
    const page = await organiser.get(res.headers.location).expect(200);
    expect(page.text).to.contain('Waiting for a steward');
    const draft = (await db.query(`SELECT service_id, status FROM listing_draft`)) as {
      service_id: string;
      status: string;
    }[];
    expect(draft).to.have.length(1);
    expect(draft[0].status).to.equal('pending');
    serviceId = draft[0].service_id;
    expect(await db.query(`SELECT id FROM service WHERE id = $1`, [serviceId])).to.deep.equal([]);

    const steward = (await findUserByEmail(db, 'steward@example.org'))!;
    const draftId = res.headers.location.split('/').pop()!;
    expect(await services.moderation.approveDraft(steward, draftId)).to.equal(true);
    const [service] = (await db.query(
      `SELECT source, status, capacity_status, assured_date::text FROM service WHERE id = $1`,
      [serviceId],
    )) as { source: string; status: string; capacity_status: string; assured_date: string }[];
    expect(service).to.include({ source: 'editor', status: 'active', capacity_status: 'spaces' });
    expect(service.assured_date).to.equal(DateTime.now().setZone('Europe/London').toISODate());
    const dates = (
      (await db.query(
        `SELECT local_date::text AS d FROM session_occurrence WHERE service_id = $1 ORDER BY starts_at LIMIT 3`,
        [serviceId],
      )) as { d: string }[]
    ).map((r) => r.d);
    const first = DateTime.fromISO(nextWeekday(2));
    expect(dates).to.deep.equal([0, 2, 4].map((w) => first.plus({ weeks: w }).toISODate()));

    const publicPage = await organiser.get(`/activities/${serviceId}`).expect(200);
    const $ = cheerio.load(publicPage.text);
    expect(
      $('.prose ul li')
        .map((_, li) => $(li).text())
        .get(),
    ).to.deep.equal(['Tea and biscuits', 'Wool provided']);
    expect($('.tags').text()).to.contain('Someone will meet you');
  });

  it('an edit by an organiser not yet trusted waits for review; a trusted organiser’s edit publishes at once', async () => {
    const path = `/manage/activities/${serviceId}/edit`;
    const form = await organiser.get(path).expect(200);
    expect(cheerio.load(form.text)('#field-name').val()).to.equal('Tuesday Knit and Natter');
    await post(organiser, path, knitForm({ name: 'Knit and Natter (Tuesdays)' }), 302);
    let [service] = (await db.query(`SELECT name FROM service WHERE id = $1`, [serviceId])) as {
      name: string;
    }[];
    expect(service.name).to.equal('Tuesday Knit and Natter');

    await db.query(`UPDATE user_account SET trusted = true WHERE email = 'jan@example.org'`);
    const res = await post(
      organiser,
      path,
      knitForm({ name: 'Knit and Natter', capacity: 'waiting_list' }),
      302,
    );
    expect(res.headers.location).to.equal(`/manage/activities/${serviceId}`);
    [service] = (await db.query(`SELECT name, capacity_status FROM service WHERE id = $1`, [serviceId])) as {
      name: string;
    }[];
    expect(service).to.deep.equal({ name: 'Knit and Natter', capacity_status: 'waiting_list' });
    const audit = (await db.query(
      `SELECT action, fields FROM audit_log WHERE entity = 'service' AND entity_id = $1 ORDER BY id`,
      [serviceId],
    )) as { action: string; fields: string[] }[];
    expect(audit.map((a) => a.action)).to.deep.equal([
      'propose-new',
      'approve',
      'propose-edit',
      'propose-edit',
      'publish (trusted organiser)',
    ]);
    expect(audit[4].fields).to.include.members(['name', 'capacity_status']);
    await db.query(`UPDATE user_account SET trusted = false WHERE email = 'jan@example.org'`);
  });

  it('cancels one date with a reason: gone from that date’s sessions, shown on the page, kept through later edits', async () => {
    const second = DateTime.fromISO(nextWeekday(2)).plus({ weeks: 2 }).toISODate()!;
    const manage = `/manage/activities/${serviceId}`;
    const page = await organiser.get(manage).expect(200);
    expect(cheerio.load(page.text)(`#field-date option[value="${second}"]`).length).to.equal(1);
    const token = csrfFrom(page.text);
    const missing = await organiser
      .post(`${manage}/cancel-date`)
      .type('form')
      .send({ _csrf: token, date: second, reason: '' })
      .expect(400);
    expect(cheerio.load(missing.text)('.govuk-error-summary a[href="#field-reason"]').length).to.equal(1);
    await db.query('DELETE FROM search_outbox');
    await organiser
      .post(`${manage}/cancel-date`)
      .type('form')
      .send({ _csrf: token, date: second, reason: 'Half-term holiday' })
      .expect(302);
    expect(await outboxOf(serviceId)).to.deep.equal(['upsert']);
    const onDay = (await db.query(
      `SELECT 1 FROM session_occurrence WHERE service_id = $1 AND local_date = $2`,
      [serviceId, second],
    )) as unknown[];
    expect(onDay).to.have.length(0);
    const search = await organiser.get(`/search?q=knit&from=${second}&to=${second}`).expect(200);
    expect(search.text).not.to.contain('Knit and Natter');
    const first = nextWeekday(2);
    const other = await organiser.get(`/search?q=knit&from=${first}&to=${first}`).expect(200);
    expect(other.text).to.contain('Knit and Natter');
    const publicPage = await organiser.get(`/activities/${serviceId}`).expect(200);
    expect(cheerio.load(publicPage.text)('.cancellations').text()).to.contain('Half-term holiday');

    // A later published edit keeps the cancelled date.
    const steward = (await findUserByEmail(db, 'steward@example.org'))!;
    const pending = (await db.query(`SELECT id::text FROM listing_draft WHERE status = 'pending'`)) as {
      id: string;
    }[];
    expect(pending).to.have.length(0);
    await post(
      organiser,
      `/manage/activities/${serviceId}/edit`,
      knitForm({ name: 'Knit and Natter', costKind: 'paid', costAmount: '2' }),
      302,
    );
    const [draft] = (await db.query(`SELECT id::text FROM listing_draft WHERE status = 'pending'`)) as {
      id: string;
    }[];
    await services.moderation.approveDraft(steward, draft.id);
    const still = (await db.query(`SELECT reason FROM schedule_cancellation WHERE date = $1`, [second])) as {
      reason: string;
    }[];
    expect(still).to.deep.equal([{ reason: 'Half-term holiday' }]);
  });

  it('pauses and reopens an activity', async () => {
    const manage = `/manage/activities/${serviceId}`;
    await db.query('DELETE FROM search_outbox');
    await post(organiser, `${manage}/status`, { status: 'temporarily closed' }, 302);
    // Queued for an external search index in the same transaction, as every stored change is.
    expect(await outboxOf(serviceId)).to.deep.equal(['upsert']);
    let [row] = (await db.query(`SELECT status FROM service WHERE id = $1`, [serviceId])) as {
      status: string;
    }[];
    expect(row.status).to.equal('temporarily closed');
    const publicPage = await organiser.get(`/activities/${serviceId}`).expect(200);
    expect(publicPage.text).to.contain('Temporarily closed');
    await post(organiser, `${manage}/status`, { status: 'active' }, 302);
    [row] = (await db.query(`SELECT status FROM service WHERE id = $1`, [serviceId])) as { status: string }[];
    expect(row.status).to.equal('active');
    await post(organiser, `${manage}/status`, { status: 'deleted' }, 404);
  });

  it('saves a trusted organiser’s organisation profile at once, with an audit entry', async () => {
    // An untrusted organiser's profile change waits for a steward (organisation-profile.test.ts).
    await db.query(`UPDATE user_account SET trusted = true WHERE email = 'jan@example.org'`);
    const path = `/manage/organisations/${orgId}`;
    const bad = await post(organiser, path, { name: '', website: 'javascript:alert(1)' }, 400);
    expect(
      cheerio
        .load(bad.text)('.govuk-error-summary a')
        .map((_, a) => cheerio.load(bad.text)(a).attr('href'))
        .get(),
    ).to.deep.equal(['#field-name', '#field-website']);
    await post(
      organiser,
      path,
      { name: 'Easton Knitters CIC', description: 'We knit.', email: '', website: 'https://knit.example' },
      302,
    );
    const audit = (await db.query(
      `SELECT fields, before->>'name' AS before, after->>'name' AS after FROM audit_log WHERE entity = 'organization' AND action = 'update-profile'`,
    )) as { fields: string[]; before: string; after: string }[];
    expect(audit).to.deep.equal([
      { fields: ['description', 'name', 'website'], before: 'Easton Knitters', after: 'Easton Knitters CIC' },
    ]);
  });
});
