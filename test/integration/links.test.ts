import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createOrganization } from '../../src/db/organization-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { knitForm } from '../support/activity-form.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { createStores } from '../../src/db/stores.js';

const RULE = 'must be a web address (https://…), or a mailto: or tel: link';

describe('links in the editor, the organisation profile and on pages (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let orgId: string;
  let organiser: Agent;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
    app = buildApp(db);
    orgId = (await createOrganization(db, 'Easton Knitters')).id;
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: [orgId],
    }));
  });

  const post = async (path: string, body: Record<string, unknown>) =>
    organiser
      .post(path)
      .type('form')
      .send({ _csrf: await csrfToken(organiser, path), ...body });
  const errorsOn = (html: string) =>
    cheerio
      .load(html)('.govuk-error-summary li')
      .map((_, li) => cheerio.load(li).text().trim())
      .get();
  const lastDraft = async () =>
    (
      (await db.query(`SELECT document FROM listing_draft ORDER BY id DESC LIMIT 1`)) as {
        document: Record<string, unknown>;
      }[]
    )[0].document;

  it('the editor refuses other schemes for the booking and joining links, with the rule in the message', async () => {
    const path = `/manage/organisations/${orgId}/activities/new`;
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'java\tscript:alert(1)']) {
      const booking = await post(path, knitForm({ bookingUrl: bad }));
      expect(booking.status, bad).to.equal(400);
      expect(errorsOn(booking.text)).to.include(`Booking link ${RULE}`);
      const joining = await post(path, knitForm({ whereKind: 'online', onlineUrl: bad }));
      expect(joining.status, bad).to.equal(400);
      expect(errorsOn(joining.text)).to.include(`Joining link ${RULE}`);
    }
  });

  it('the editor takes mailto: and tel: links, and a bare web address as https://', async () => {
    const path = `/manage/organisations/${orgId}/activities/new`;
    expect((await post(path, knitForm({ bookingUrl: 'mailto:knit@example.org' }))).status).to.equal(302);
    expect((await lastDraft()).url).to.equal('mailto:knit@example.org');
    expect(
      (await post(path, knitForm({ whereKind: 'online', onlineUrl: 'meet.example.org/knit' }))).status,
    ).to.equal(302);
    const online = (await lastDraft()).service_at_locations as { location: { url: string } }[];
    expect(online[0].location.url).to.equal('https://meet.example.org/knit');
  });

  it('the organisation profile keeps to the same rule', async () => {
    const path = `/manage/organisations/${orgId}`;
    const bad = await post(path, { name: 'Easton Knitters', website: 'vbscript:msgbox(1)' });
    expect(bad.status).to.equal(400);
    expect(errorsOn(bad.text)).to.include(`Website ${RULE}`);
    expect((await post(path, { name: 'Easton Knitters', website: 'tel:01174960000' })).status).to.equal(302);
    // An organiser not yet trusted proposes the change; the steward sees it as it would be stored.
    const [draft] = (await db.query(
      `SELECT proposed FROM organization_draft WHERE organization_id = $1 ORDER BY id DESC LIMIT 1`,
      [orgId],
    )) as { proposed: { website: string } }[];
    expect(draft.proposed.website).to.equal('tel:01174960000');
  });

  it('pages never turn a stored bad address (from before the rule) into a link', async () => {
    await importListings(
      createStores(db),
      convertHsdsDocument(
        [service({ id: 'quiz', name: 'Quiz Night', online: true, at: EASTON })],
        'fixtures',
      ),
      {
        source: 'test',
      },
    );
    const links = async () => {
      const $ = cheerio.load((await request(app).get('/activities/quiz').expect(200)).text);
      return $('a')
        .map((_, a) => $(a).attr('href'))
        .get();
    };
    await db.query(`UPDATE service SET url = 'https://quiz.example.org' WHERE id = 'quiz'`);
    expect(await links()).to.include.members(['https://quiz.example.org', 'https://example.org/join']);

    await db.query(`UPDATE service SET url = 'javascript:alert(document.cookie)' WHERE id = 'quiz'`);
    await db.query(`UPDATE location SET url = ' JAVASCRIPT:alert(1)' WHERE id = 'loc-online-quiz'`);
    const hrefs = await links();
    expect(hrefs.filter((href) => !/^(https?:|mailto:|tel:|\/|#)/i.test(href.trim()))).to.deep.equal([]);
    const page = cheerio.load((await request(app).get('/activities/quiz').expect(200)).text);
    expect(page('a:contains("Website")').length).to.equal(0);
    expect(page('a:contains("joining link")').length).to.equal(0);
  });
});
