import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { csrfFrom, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const LABEL = 'Times taken from the description';

/** An Open Referral UK v1 feed whose listings give their times only in words, as many council dumps do. */
const FEED = [
  {
    id: 'dt-walk',
    name: 'Park Strollers',
    description: '<p>A gentle stroll for all.</p><p>We meet every Tuesday 2pm–4pm at the park gates.</p>',
    organization: { id: 'dt-org-walk', name: 'Park Friends' },
  },
  {
    id: 'dt-choir',
    name: 'Hillside Singers',
    description: 'Sing with us on Thursdays 7-9pm in the community room.',
    organization: { id: 'dt-org-choir', name: 'Hillside Community Association' },
  },
  {
    id: 'dt-line',
    name: 'Listening line',
    description: 'Call us whenever you need to talk.',
    organization: { id: 'dt-org-line', name: 'Listening Line' },
  },
];

describe('times read from descriptions: proposed, searched with a label, decided by a steward (real app and Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;
  let steward: Agent;
  let feed: string;

  const importFeed = () => runImport(createStores(db), feed, { format: 'oruk-v1', now: NOW });
  const schedules = async (serviceId: string) =>
    (await db.query(
      `SELECT byday, to_char(opens_at, 'HH24:MI') AS opens, to_char(closes_at, 'HH24:MI') AS closes,
         from_description FROM schedule WHERE service_id = $1 ORDER BY id`,
      [serviceId],
    )) as { byday: string; opens: string; closes: string; from_description: string | null }[];
  const resultFor = async (query: string, serviceId: string) => {
    const page = await steward.get(`/search?${query}`).expect(200);
    const $ = cheerio.load(page.text);
    const result = $(`li.result[data-activity-id="${serviceId}"]`);
    return result.length ? result.text().replace(/\s+/g, ' ') : null;
  };
  const decide = async (serviceId: string, decision: 'approve' | 'reject', status: number) => {
    const queue = await steward.get('/steward?show=times').expect(200);
    return steward
      .post(`/steward/times/${serviceId}`)
      .type('form')
      .send({ _csrf: csrfFrom(queue.text), decision })
      .expect(status);
  };

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    app = buildApp(db);
    ({ agent: steward } = await signedInAgent(app, db, {
      email: 'times-steward@example.org',
      role: 'steward',
    }));
    feed = path.join(await mkdtemp(path.join(tmpdir(), 'described-times-')), 'feed.json');
    await writeFile(feed, JSON.stringify(FEED));
  });

  it('proposes the times a description states, and the import says how many', async () => {
    const report = await importFeed();
    expect(summaryLine(report)).to.equal('imported 3, updated 0, unchanged 0, rejected 0');
    expect(report.details).to.include(
      'times taken from the description, for a steward to confirm: 2 listings (2 schedules); confirmed before: 0; rejected before: 0',
    );
    expect(await schedules('dt-walk')).to.deep.equal([
      { byday: 'TU', opens: '14:00', closes: '16:00', from_description: 'Tuesday 2pm–4pm' },
    ]);
    expect(await schedules('dt-line')).to.deep.equal([]);
  });

  it('finds them by day and time of day, labelled, on the results, the activity page and in the API', async () => {
    const tuesdayAfternoon = await resultFor('day=TU&time=afternoon', 'dt-walk');
    expect(tuesdayAfternoon).to.contain('Next session: Tuesday').and.to.contain(LABEL);
    expect(await resultFor('day=TU&time=afternoon', 'dt-choir')).to.equal(null);
    expect(await resultFor('day=TH&time=evening', 'dt-choir')).to.contain(LABEL);

    const activity = cheerio.load((await steward.get('/activities/dt-walk').expect(200)).text);
    expect(activity('#times-from-description').text()).to.contain(LABEL);
    expect(activity('li.schedule').text().replace(/\s+/g, ' ')).to.contain(
      'From the description: “Tuesday 2pm–4pm”',
    );

    const api = (await steward.get('/api/services/dt-walk').expect(200)).body as {
      schedules: { byday: string; notes: string }[];
    };
    expect(api.schedules[0].byday).to.equal('TU');
    expect(api.schedules[0].notes).to.equal(`${LABEL}, not yet confirmed: "Tuesday 2pm–4pm"`);
  });

  it('lists them in the steward queue with the words they were read from', async () => {
    const $ = cheerio.load((await steward.get('/steward?show=times').expect(200)).text);
    expect($('#times').text()).to.contain('(2)');
    const walk = $('[data-described-times="dt-walk"]').text().replace(/\s+/g, ' ');
    expect(walk).to.contain('Park Strollers').and.to.contain('“Tuesday 2pm–4pm”').and.to.contain('Tuesday');
  });

  it('confirmed times lose the label, and the next import of the same words keeps them confirmed', async () => {
    expect((await decide('dt-walk', 'approve', 302)).headers.location).to.equal('/steward#times');
    expect((await schedules('dt-walk'))[0].from_description).to.equal(null);
    expect(await resultFor('day=TU&time=afternoon', 'dt-walk')).to.not.contain(LABEL);
    // A decided listing cannot be decided again.
    await decide('dt-walk', 'reject', 404);

    const again = await importFeed();
    expect(again.details).to.include(
      'times taken from the description, for a steward to confirm: 1 listings (1 schedules); confirmed before: 1; rejected before: 0',
    );
    expect(await schedules('dt-walk')).to.deep.equal([
      { byday: 'TU', opens: '14:00', closes: '16:00', from_description: null },
    ]);
    const [audit] = (await db.query(
      `SELECT action, actor FROM audit_log WHERE entity = 'service' AND entity_id = 'dt-walk'`,
    )) as { action: string; actor: string }[];
    expect(audit).to.deep.equal({
      action: 'confirm times from the description',
      actor: 'times-steward@example.org',
    });
  });

  it('rejected times go from search, and the next import does not propose the same words again', async () => {
    await decide('dt-choir', 'reject', 302);
    expect(await schedules('dt-choir')).to.deep.equal([]);
    expect(await resultFor('day=TH&time=evening', 'dt-choir')).to.equal(null);

    const again = await importFeed();
    expect(again.details).to.include(
      'times taken from the description, for a steward to confirm: 0 listings (0 schedules); confirmed before: 1; rejected before: 1',
    );
    expect(await schedules('dt-choir')).to.deep.equal([]);

    // New words are a new proposal.
    const changed = FEED.map((r) =>
      r.id === 'dt-choir' ? { ...r, description: 'Sing with us on Fridays 7-9pm in the community room.' } : r,
    );
    await writeFile(feed, JSON.stringify(changed));
    await importFeed();
    expect(await schedules('dt-choir')).to.deep.equal([
      { byday: 'FR', opens: '19:00', closes: '21:00', from_description: 'Fridays 7-9pm' },
    ]);
  });
});
