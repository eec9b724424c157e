import { expect } from 'chai';
import type { Express } from 'express';
import ICAL from 'ical.js';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

describe('activity calendar files (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let cancelledTeaDate: string;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    ({ cancelledTeaDate } = await seedLinkWorkerListings(db));
    app = buildApp(db);
  });

  it('serves an activity as a text/calendar download that ical.js reads back', async () => {
    const res = await request(app).get('/activities/tea/calendar.ics').expect(200);
    expect(res.headers['content-type']).to.equal('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).to.equal('attachment; filename=wednesday-tea-cake-chat.ics');
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.summary).to.equal('Wednesday Tea, Cake & Chat');
    expect(event.location).to.contain('St Mark’s Hall').and.contain('BS5 6AW');
    expect(event.uid).to.equal(`sch-tea@${new URL(loadConfig().baseUrl).host}`);
    expect(String(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('url'))).to.match(
      /\/activities\/tea$/,
    );
    const exdates = calendar
      .getFirstSubcomponent('vevent')!
      .getAllProperties('exdate')
      .map((p) => String(p.getFirstValue()).slice(0, 10));
    expect(exdates).to.deep.equal([cancelledTeaDate]);
  });

  it('answers 404 for an activity that does not exist', async () => {
    await request(app).get('/activities/nope/calendar.ics').expect(404);
  });
});
