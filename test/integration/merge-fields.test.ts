// A merged listing read field by field (real Postgres and app): a field the kept listing lacks comes from the listing
// merged into it, named with that source on the activity page; where both have one, the newer wins, so the group's
// own edit beats a feed's older record and a feed's newer record beats the group's older edit; the activity page and
// the Open Referral API show the same values; neither row is written, and a split gives each listing its own again.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import { runImport } from '../../src/importer/run-import.js';
import { publishListing } from '../../src/services/listing-publisher.js';
import { csrfFrom, resetAccounts, signedInAgent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { orukProblems, SCHEMA_DIR } from '../support/oruk-schemas.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIRST = new Date('2026-11-20T09:00:00Z');
const SECOND = new Date('2026-11-27T09:00:00Z');
const THIRD = new Date('2026-12-01T09:00:00Z');
const FOURTH = new Date('2026-12-02T09:00:00Z');

async function writeJson(name: string, value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'merge-fields-'));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

const words = (value: string) => value.replace(/\s+/g, ' ').trim();

/** What the activity page shows for the composed fields, and which it marks as taken from another source. */
interface PageFields {
  description: string;
  phones: string[];
  email: string | null;
  website: string | null;
  cost: string[];
  howToJoin: string | null;
  eligibility: string | null;
  ages: string | null;
  contacts: string[];
  from: Record<string, string>;
}

describe('a merged listing read field by field (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => {
    await resetData(db);
    await resetAccounts(db);
    app = buildApp(db);
  });

  async function page(id: string): Promise<PageFields> {
    const $ = cheerio.load((await request(app).get(`/activities/${id}`).expect(200)).text);
    const paragraphs = (selector: string) =>
      $(selector)
        .map((_, p) => words($(p).text()))
        .get() as string[];
    const suits = paragraphs('section[aria-labelledby=suits] > p:not([data-from])');
    const join = $('section[aria-labelledby=contact]');
    return {
      description: words($('section[aria-labelledby=about] .prose').text()),
      phones: join
        .find('p.govuk-body:not(.app-break-words) > a[href^="tel:"]')
        .map((_, a) => words($(a).text()))
        .get(),
      email: join.find('p.app-break-words > a[href^="mailto:"]:first-child').text() || null,
      website: join.find('a:contains("Website")').attr('href') ?? null,
      cost: paragraphs('section[aria-labelledby=cost] > p:not([data-from])'),
      howToJoin:
        join
          .find('> p.govuk-body:not([data-from]):not(#no-contact)')
          .filter((_, p) => !$(p).find('a, strong').length)
          .first()
          .text() || null,
      ages: suits.find((line) => /^(Ages|Up to age)/.test(line)) ?? null,
      eligibility: suits.find((line) => !/^(Ages|Up to age)/.test(line)) ?? null,
      contacts: join
        .find('> p.app-break-words:has(strong)')
        .map((_, p) => words($(p).text()))
        .get(),
      from: Object.fromEntries(
        $('[data-from]')
          .map((_, p) => [[$(p).attr('data-from')!, words($(p).text())]])
          .get() as [string, string][],
      ),
    };
  }

  async function api(id: string): Promise<Json> {
    const body = (await request(app).get(`/api/services/${id}`).expect(200)).body as Json;
    // Valid ORUK 3.0 but for the ids, which the fixtures give as words rather than UUIDs.
    if (existsSync(SCHEMA_DIR))
      expect(
        orukProblems('service.json', body).filter((problem) => !problem.endsWith('must match format "uuid"')),
      ).to.deep.equal([]);
    return body;
  }

  /** The page and the API's full record agree on every composed field; the API's list agrees with its record. */
  async function expectAgreement(id: string): Promise<{ shown: PageFields; record: Json }> {
    const [shown, record] = await Promise.all([page(id), api(id)]);
    expect(shown.description).to.equal(words(record.description as string));
    expect(shown.phones).to.deep.equal((record.phones as Json[]).map((p) => p.number));
    expect(shown.email).to.equal(record.email ?? null);
    expect(shown.website).to.equal(record.url ?? null);
    expect(shown.howToJoin).to.equal(record.application_process ?? null);
    expect(shown.eligibility).to.equal(record.eligibility_description ?? null);
    expect(shown.contacts).to.deep.equal(
      (record.contacts as Json[]).map((c) =>
        words([c.name, ...(c.phones as Json[]).map((p) => p.number)].join(' ')),
      ),
    );
    const costText = (record.cost_options as Json[]).map((c) => c.option as string);
    expect(shown.cost.join(' ')).to.include(costText[0]);
    expect(shown.ages ?? '').to.include(record.minimum_age === undefined ? '' : String(record.minimum_age));
    const listed = (
      (await request(app).get('/api/services?per_page=50').expect(200)).body.contents as Json[]
    ).find((s) => s.id === id)!;
    for (const field of ['description', 'email', 'url', 'application_process', 'eligibility_description'])
      expect(listed[field], field).to.equal(record[field]);
    return { shown, record };
  }

  const rowOf = async (id: string) =>
    (
      (await db.query(
        `SELECT s.description, s.email, s.url, s.application_process, s.minimum_age,
           (SELECT array_agg(number ORDER BY id) FROM phone WHERE service_id = s.id) AS phones,
           (SELECT array_agg(name ORDER BY id) FROM contact WHERE service_id = s.id) AS contacts
         FROM service s WHERE s.id = $1`,
        [id],
      )) as Json[]
    )[0];

  /** The council's walk has a phone, e-mail, website, contact and more; the network's (kept) has none of them. */
  async function importBoth() {
    const council = await writeJson('council.json', [
      service({
        id: 'council-walk',
        name: 'Easton Health Walk',
        at: EASTON,
        assured: '2026-10-01',
        price: 2,
        extra: {
          email: 'walks@council.example.org',
          url: 'https://council.example.org/walks',
          phones: [{ id: 'ph-council-walk', number: '0117 496 0001' }],
          application_process: 'Ring the walk leader first.',
          eligibility_description: 'Anyone who can walk for an hour.',
          minimum_age: 18,
          contacts: [
            {
              id: 'contact-council-walk',
              name: 'Pat Leader',
              phones: [{ id: 'ph-contact-council-walk', number: '07700 900001' }],
            },
          ],
        },
      }),
    ]);
    const network = await writeJson('network.json', [
      service({ id: 'network-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-11-15' }),
    ]);
    await runImport(stores, council, { now: FIRST, sourceName: 'Council Directory' });
    const report = await runImport(stores, network, { now: SECOND, sourceName: 'Walking Network' });
    expect(report.details).to.include(
      '1 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
  }

  it('a field the kept listing lacks comes from the merged listing, marked with its source; no row is written', async () => {
    await importBoth();
    expect(
      (await db.query(
        `SELECT kept_service_id, merged_service_id FROM listing_merge WHERE status = 'merged'`,
      )) as Json[],
    ).to.deep.equal([{ kept_service_id: 'network-walk', merged_service_id: 'council-walk' }]);

    const { shown, record } = await expectAgreement('network-walk');
    expect(shown.phones).to.deep.equal(['0117 496 0001']);
    expect(shown.email).to.equal('walks@council.example.org');
    expect(shown.website).to.equal('https://council.example.org/walks');
    expect(shown.howToJoin).to.equal('Ring the walk leader first.');
    expect(shown.eligibility).to.equal('Anyone who can walk for an hour.');
    expect(shown.ages).to.equal('Ages 18 and over');
    expect(shown.contacts).to.deep.equal(['Pat Leader 07700 900001']);
    expect(shown.from).to.deep.equal({
      application_process: 'How to join (from Council Directory)',
      ages: 'Ages (from Council Directory)',
      eligibility: 'Who it is for (from Council Directory)',
      contacts: 'Contact (from Council Directory)',
      phones: 'Phone (from Council Directory)',
      email: 'Email (from Council Directory)',
      url: 'Website (from Council Directory)',
    });
    // Both give a description and a cost: the network's record arrived later, so its own stand, unmarked.
    expect(shown.description).to.equal('Easton Health Walk: a friendly session.');
    expect(shown.cost).to.deep.equal(['Free']);
    // The API's record shows the merged listing's rows as the kept service's own.
    expect(record.phones).to.deep.equal([
      { id: 'ph-council-walk', service_id: 'network-walk', number: '0117 496 0001' },
    ]);
    expect((record.contacts as Json[])[0]).to.include({
      id: 'contact-council-walk',
      service_id: 'network-walk',
    });
    expect(record.minimum_age).to.equal(18);

    // Nothing is lost and nothing is written over: each row holds what its own source gave.
    expect(await rowOf('network-walk')).to.include({
      email: null,
      url: null,
      application_process: null,
      phones: null,
    });
    expect(await rowOf('council-walk')).to.deep.include({
      email: 'walks@council.example.org',
      phones: ['0117 496 0001'],
      contacts: ['Pat Leader'],
    });
  });

  it('where both give a value the newer wins: the group’s edit over a feed’s older record, and the other way round', async () => {
    const group = (description: string, phone: string) =>
      service({
        id: 'group-walk',
        name: 'Easton Health Walk',
        at: EASTON,
        assured: '2026-11-01',
        description,
        extra: { phones: [{ id: 'ph-group-walk', number: phone }] },
      });
    const feedRecord = (description: string, phone: string, lastModified: string) => [
      service({
        id: 'feed-walk',
        name: 'Easton Health Walk',
        at: EASTON,
        assured: '2026-11-25',
        description,
        extra: {
          last_modified: lastModified,
          email: 'feed@example.org',
          phones: [{ id: 'ph-feed-walk', number: phone }],
        },
      }),
    ];
    await publishListing(stores, group('We walk from the library.', '0117 496 0100'), FIRST);
    // The feed's record was last changed in October, before the group's edit on 20 November.
    const feed = await writeJson(
      'feed.json',
      feedRecord('Walks from the park.', '0117 496 0200', '2026-10-01T00:00:00Z'),
    );
    const report = await runImport(stores, feed, { now: SECOND, sourceName: 'Bristol Feed' });
    expect(report.details).to.include(
      '1 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );

    let { shown } = await expectAgreement('group-walk');
    expect(shown.description).to.equal('We walk from the library.');
    expect(shown.phones).to.deep.equal(['0117 496 0100']);
    // The group gave no e-mail: the feed's is shown, marked.
    expect(shown.email).to.equal('feed@example.org');
    expect(shown.from).to.deep.equal({ email: 'Email (from Bristol Feed)' });

    // The feed changes its record after the group's edit: its newer description and phone win, marked.
    await writeFile(
      feed,
      JSON.stringify(feedRecord('Walks from the park gates.', '0117 496 0300', '2026-11-30T00:00:00Z')),
    );
    await runImport(stores, feed, { now: THIRD, sourceName: 'Bristol Feed' });
    ({ shown } = await expectAgreement('group-walk'));
    expect(shown.description).to.equal('Walks from the park gates.');
    expect(shown.phones).to.deep.equal(['0117 496 0300']);
    expect(shown.from).to.deep.include({
      description: 'Description (from Bristol Feed)',
      phones: 'Phone (from Bristol Feed)',
    });
    // Cost too: the feed's newer cost options replace the group's.
    expect(shown.from.cost).to.equal('Cost (from Bristol Feed)');

    // The group publishes again: its edit is now the newer, and its own values stand, unmarked.
    await publishListing(stores, group('We walk from the library, then the park.', '0117 496 0400'), FOURTH);
    ({ shown } = await expectAgreement('group-walk'));
    expect(shown.description).to.equal('We walk from the library, then the park.');
    expect(shown.phones).to.deep.equal(['0117 496 0400']);
    expect(shown.from).to.deep.equal({ email: 'Email (from Bristol Feed)' });
    // The feed's row still holds its own record.
    expect(await rowOf('feed-walk')).to.deep.include({
      description: 'Walks from the park gates.',
      phones: ['0117 496 0300'],
    });
  });

  it('after a split each listing shows only its own fields again', async () => {
    await importBoth();
    expect((await page('network-walk')).phones).to.deep.equal(['0117 496 0001']);
    const { agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' });
    const [merge] = (await db.query(`SELECT id::text FROM listing_merge`)) as Json[];
    const pairHtml = (await steward.get(`/steward/duplicates/${merge.id}`).expect(200)).text;
    await steward
      .post(`/steward/duplicates/${merge.id}/split`)
      .type('form')
      .send({ _csrf: csrfFrom(pairHtml) })
      .expect(302);

    const { shown: network, record } = await expectAgreement('network-walk');
    expect(network.phones).to.deep.equal([]);
    expect(network.email).to.equal(null);
    expect(network.contacts).to.deep.equal([]);
    expect(network.from).to.deep.equal({});
    expect(record.phones).to.deep.equal([]);
    expect(record).not.to.have.property('email');

    const { shown: council } = await expectAgreement('council-walk');
    expect(council.phones).to.deep.equal(['0117 496 0001']);
    expect(council.email).to.equal('walks@council.example.org');
    expect(council.from).to.deep.equal({});
  });
});
