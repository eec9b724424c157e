import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';

describe('an organiser’s activity page: restore a cancelled session, close only after confirming (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let organiser: Agent;
  const manage = '/manage/activities/daily-walk';

  const sessionsOn = async (date: string) =>
    (
      (await db.query(
        `SELECT count(*)::int AS n FROM session_occurrence WHERE service_id = 'daily-walk' AND local_date = $1`,
        [date],
      )) as { n: number }[]
    )[0].n;
  const status = async () =>
    ((await db.query(`SELECT status FROM service WHERE id = 'daily-walk'`)) as { status: string }[])[0]
      .status;
  const postForm = async (path: string, body: Record<string, string>, expected: number) => {
    const page = await organiser.get(manage).expect(200);
    return organiser
      .post(path)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...body })
      .expect(expected);
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await importListings(
      createStores(db),
      convertHsdsDocument(
        [
          service({
            id: 'daily-walk',
            name: 'Daily Walk',
            at: EASTON,
            organization: 'walkers',
            schedules: [
              {
                id: 'sch-daily-walk',
                freq: 'WEEKLY',
                byday: 'MO,TU,WE,TH,FR,SA,SU',
                opens_at: '10:00',
                closes_at: '11:00',
              },
            ],
          }),
        ],
        'fixtures',
      ),
      { source: 'test' },
    );
    app = buildApp(db);
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'walk@example.org',
      organizationIds: ['walkers'],
    }));
  });

  it('restores a cancelled session: back in that date’s sessions and search, off the list, audited, once', async () => {
    const page = cheerio.load((await organiser.get(manage).expect(200)).text);
    const date = page('#field-date option[value!=""]').eq(2).attr('value')!;
    await postForm(`${manage}/cancel-date`, { date, reason: 'Path flooded' }, 302);
    expect(await sessionsOn(date)).to.equal(0);

    const cancelled = cheerio.load((await organiser.get(manage).expect(200)).text);
    const form = cancelled('.cancelled-sessions form');
    expect(form.length).to.equal(1);
    expect(form.text()).to.contain('Path flooded');
    expect(form.attr('action')).to.equal(`${manage}/restore-date`);
    expect(form.find('input[name=date]').val()).to.equal(date);
    expect(form.find('button').text()).to.match(/^Restore this session on \d{1,2} [A-Z][a-z]+ \d{4}$/);

    await db.query('DELETE FROM search_outbox');
    const restored = await postForm(`${manage}/restore-date`, { date }, 302);
    expect(restored.headers.location).to.equal(manage);
    expect(await sessionsOn(date)).to.equal(1);
    const left = (await db.query(`SELECT count(*)::int AS n FROM schedule_cancellation`)) as { n: number }[];
    expect(left[0].n).to.equal(0);
    const outbox = (await db.query(
      `SELECT operation FROM search_outbox WHERE service_id = 'daily-walk'`,
    )) as {
      operation: string;
    }[];
    expect(outbox.map((r) => r.operation)).to.deep.equal(['upsert']);
    const audit = (await db.query(
      `SELECT before->>'reason' AS reason FROM audit_log WHERE action = 'restore-date' AND entity_id = 'daily-walk'`,
    )) as { reason: string }[];
    expect(audit).to.deep.equal([{ reason: 'Path flooded' }]);

    const after = await organiser.get(manage).expect(200);
    expect(after.text).to.contain('is back on');
    expect(cheerio.load(after.text)('.cancelled-sessions').length).to.equal(0);
    const search = await organiser.get(`/search?q=daily+walk&from=${date}&to=${date}`).expect(200);
    expect(search.text).to.contain('Daily Walk');

    // Restoring a date that is not cancelled changes nothing and says so.
    await postForm(`${manage}/restore-date`, { date }, 404);
    await postForm(`${manage}/restore-date`, { date: 'not a date' }, 404);
  });

  it('does not restore a cancelled date that has already passed', async () => {
    const [schedule] = (await db.query(`SELECT id FROM schedule WHERE service_id = 'daily-walk'`)) as {
      id: string;
    }[];
    await db.query('DELETE FROM schedule_cancellation');
    await db.query(
      `INSERT INTO schedule_cancellation (schedule_id, date, reason) VALUES ($1, current_date - 3, 'Storm')`,
      [schedule.id],
    );
    const page = cheerio.load((await organiser.get(manage).expect(200)).text);
    expect(page('.cancelled-sessions').length).to.equal(0);
    const past = (await db.query(`SELECT (current_date - 3)::text AS d`)) as { d: string }[];
    await postForm(`${manage}/restore-date`, { date: past[0].d }, 404);
    const kept = (await db.query(`SELECT reason FROM schedule_cancellation`)) as { reason: string }[];
    expect(kept).to.deep.equal([{ reason: 'Storm' }]);
  });

  it('asks before closing for good: the button leads to a confirmation, and only its answer closes', async () => {
    const page = cheerio.load((await organiser.get(manage).expect(200)).text);
    const close = page('a.govuk-button--warning');
    expect(close.text().trim()).to.equal('Close it for good');
    expect(close.attr('href')).to.equal(`${manage}/status`);

    const confirmation = await organiser.get(`${manage}/status`).expect(200);
    const $ = cheerio.load(confirmation.text);
    expect($('h1').text()).to.equal('Close Daily Walk for good?');
    expect($('title').text()).to.contain('Close Daily Walk for good?');
    expect($('form input[name=confirm]').val()).to.equal('yes');
    expect($('a.govuk-link[href="/manage/activities/daily-walk"]').text()).to.equal('No, keep it listed');
    expect(await status()).to.equal('active');

    // A form that does not carry the answer (an old page, a double click) is asked again, and nothing changes.
    const again = await postForm(`${manage}/status`, { status: 'inactive' }, 200);
    expect(cheerio.load(again.text)('h1').text()).to.equal('Close Daily Walk for good?');
    expect(await status()).to.equal('active');

    await postForm(`${manage}/status`, { status: 'inactive', confirm: 'yes' }, 302);
    expect(await status()).to.equal('inactive');
    const closed = await organiser.get(manage).expect(200);
    expect(closed.text).to.contain('You can reopen it from this page');
    expect(cheerio.load(closed.text)('button[value=active]').text()).to.contain('Reopen');
    // Once closed there is nothing to confirm: the confirmation page leads back to the activity.
    await organiser.get(`${manage}/status`).expect(302).expect('Location', manage);

    await postForm(`${manage}/status`, { status: 'active' }, 302);
    expect(await status()).to.equal('active');
  });
});
