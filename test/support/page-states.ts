// The directory the page-state browser tests look at: the link worker listings plus one not checked for over a
// year (with a session every day, so "Tomorrow" would show), an organiser's draft, a claim and a problem report
// waiting for the steward, and accounts for each role. Made through the real forms where a person would use one.
import type { Express } from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { storePlaces } from '../../src/db/place-store.js';
import { createStores } from '../../src/db/stores.js';
import { TimesFromDescriptions } from '../../src/importer/described-times.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { knitForm } from './activity-form.js';
import { csrfToken, resetAccounts, signedInAgent } from './accounts.js';
import { resetData } from './database.js';
import { LEEDS, service } from './fixtures.js';
import { seedLinkWorkerListings } from './link-worker.js';

export const PASSWORD = 'correct horse battery';
export const ACCOUNTS = {
  organiser: 'organiser@example.org',
  claimant: 'claimant@example.org',
  linkWorker: 'link.worker@example.org',
  steward: 'steward@example.org',
} as const;
/** The organisation the organiser manages: the walking group's. */
export const ORGANISER_ORG = 'org-walk';
/** A listing last checked 14 months ago, meeting every day. */
export const STALE_ID = 'chair';

export async function seedPageStates(db: DataSource, app: Express): Promise<void> {
  await resetData(db);
  await resetAccounts(db);
  await seedLinkWorkerListings(db);
  const assured = DateTime.now().setZone('Europe/London').minus({ months: 14 }).toISODate()!;
  const stale = convertHsdsDocument(
    [
      service({
        id: STALE_ID,
        name: 'Chair-Based Exercise Every Morning',
        at: { ...LEEDS, name: 'Chapeltown Community Centre', postcode: 'LS7 3HB' },
        needs: ['getting-active'],
        assured,
        schedules: [
          {
            id: 'sch-chair',
            freq: 'WEEKLY',
            byday: 'MO,TU,WE,TH,FR,SA,SU',
            opens_at: '10:00',
            closes_at: '11:00',
          },
        ],
      }),
      // Said nowhere where it is: a search near a place leaves it out and says so. Its times are only in its
      // description: proposed from there, labelled, and waiting in the steward's queue.
      service({
        id: 'placeless',
        name: 'Telephone Befriending',
        at: null,
        needs: ['loneliness'],
        description: 'A volunteer rings you for a chat. We call every Tuesday 2pm–4pm and Friday 10am–12pm.',
        schedules: [],
      }),
    ],
    'fixtures',
  );
  const stores = createStores(db);
  await importListings(stores, stale, {
    source: 'test',
    enrichers: [await TimesFromDescriptions.create(stores)],
  });
  // Exeter: no listing near it, for "What's on" with nothing on.
  await storePlaces(db, [
    { kind: 'outcode', key: 'LS7', name: 'LS7', area: 'Leeds', ...LEEDS },
    { kind: 'outcode', key: 'EX1', name: 'EX1', area: 'Exeter', latitude: 50.7236, longitude: -3.5275 },
  ]);

  const { agent: organiser } = await signedInAgent(app, db, {
    email: ACCOUNTS.organiser,
    password: PASSWORD,
    organizationIds: [ORGANISER_ORG],
  });
  const newActivity = `/manage/organisations/${ORGANISER_ORG}/activities/new`;
  await organiser
    .post(newActivity)
    .type('form')
    .send({ _csrf: await csrfToken(organiser, newActivity), ...knitForm() })
    .expect(302);

  const { agent: claimant } = await signedInAgent(app, db, { email: ACCOUNTS.claimant, password: PASSWORD });
  await claimant
    .post('/manage/claim')
    .type('form')
    .send({
      _csrf: await csrfToken(claimant, '/manage/claim?q=art'),
      organisation: 'org-art',
      message: 'I run the art club',
    })
    .expect(302);

  const reporter = request.agent(app);
  // The token first: the agent sends the session cookie it has when a request is made.
  const reportToken = await csrfToken(reporter, '/activities/walk/report');
  await reporter
    .post('/activities/walk/report')
    .type('form')
    .send({
      _csrf: reportToken,
      problem: 'The walk now starts at the library',
      email: '',
    })
    .expect(200);

  await signedInAgent(app, db, { email: ACCOUNTS.linkWorker, password: PASSWORD, role: 'link_worker' });
  await signedInAgent(app, db, {
    email: ACCOUNTS.steward,
    password: PASSWORD,
    role: 'steward',
    trusted: true,
  });
}
