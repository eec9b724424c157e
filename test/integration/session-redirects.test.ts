// A browser follows a redirect as soon as its headers arrive, on another keep-alive socket, while the changed
// session may still be on its way to Postgres. The next page must show the change every time, not most times.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { csrfFrom, resetAccounts, testAccounts } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

const JOURNEYS = 50;
const VISITORS = 5;
const EMAIL = 'redirects@example.org';
const PASSWORD = 'correct horse battery';

describe('every redirect after a session change shows the change on the next page (real socket, keep-alive)', function () {
  this.timeout(240000);
  let db: DataSource;
  let server: Server;
  let base: string;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await seedLinkWorkerListings(db);
    const accounts = testAccounts(db);
    const created = await accounts.createAccount({ email: EMAIL, password: PASSWORD, role: 'link_worker' });
    if (!created.ok) throw new Error('could not create the account');
    server = buildApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  // Not closeAllConnections: a redirect's last byte may still wait for the session store's touch, and cutting it
  // off would fail the next suite with an "aborted" response.
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** One visitor's journey; what the next page failed to show is added to `misses`. */
  async function journey(n: number, misses: string[]): Promise<void> {
    // A new visitor each time, as a browser would be; superagent follows the redirect on its headers.
    const agent = request.agent(base);
    const confirm = await agent.get('/shortlist/add?id=walk&back=%2Fshortlist').expect(200);
    const added = await agent
      .post('/shortlist/add')
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text), id: 'walk', back: '/shortlist' })
      .redirects(1)
      .expect(200);
    const list = cheerio.load(added.text);
    if (list('.shortlist__item[data-activity-id=walk]').length !== 1)
      misses.push(`journey ${n}: the shortlist after "Add" did not hold the activity`);
    if (!list('.govuk-notification-banner--success').text().includes('Added Riverside Walking Group'))
      misses.push(`journey ${n}: no "Added" message after "Add"`);

    const note = `Meet Sam at the gate, journey ${n}`;
    const shortlist = await agent.get('/shortlist').expect(200);
    if (cheerio.load(shortlist.text)('textarea[name=note]').length !== 1) {
      misses.push(`journey ${n}: the added activity was lost from the shortlist for good`);
    } else {
      const saved = await agent
        .post('/shortlist')
        .type('form')
        .send({ _csrf: csrfFrom(shortlist.text), item: 'walk', note, action: 'save' })
        .redirects(1)
        .expect(200);
      if (cheerio.load(saved.text)('textarea[name=note]').text() !== note)
        misses.push(`journey ${n}: the shortlist after "Save notes" showed the old note`);
    }

    const signIn = await agent.get('/account/sign-in').expect(200);
    const account = await agent
      .post('/account/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(signIn.text), email: EMAIL, password: PASSWORD, next: '/account' })
      .redirects(1)
      .expect(200);
    const signedOut = await agent
      .post('/account/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(account.text) })
      .redirects(1)
      .expect(200);
    if (!cheerio.load(signedOut.text)('body').text().includes('You have signed out.'))
      misses.push(`journey ${n}: no "You have signed out." message after signing out`);
  }

  it(`${JOURNEYS} times over (${VISITORS} visitors at once): add to shortlist, save a note, sign out`, async () => {
    const misses: string[] = [];
    await Promise.all(
      Array.from({ length: VISITORS }, async (_, visitor) => {
        for (let n = visitor + 1; n <= JOURNEYS; n += VISITORS) await journey(n, misses);
      }),
    );
    expect(misses, `${misses.length} misses in ${JOURNEYS} journeys`).to.deep.equal([]);
  });
});
