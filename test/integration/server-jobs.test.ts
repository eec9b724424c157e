// The real server over a database whose sessions were last rolled yesterday, with the roll held back by a
// lock: it serves at once while the roll waits on the job queue, and on SIGTERM it waits for the running
// roll to finish before it exits, leaving no process behind.
import { expect } from 'chai';
import { DateTime } from 'luxon';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { resetData, resetJobQueue, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { jobRuns, sessionsRolledOn, setSessionsRolledOn, today, waitUntil } from '../support/jobs.js';
import { answers, isAlive, killGroup, spawnServer, type ServerProcess } from '../support/processes.js';
import { createStores } from '../../src/db/stores.js';

describe('server start-up and shutdown with timed jobs (the real server over the test database)', function () {
  this.timeout(120000);
  let db: DataSource;
  let locker: pg.Client;
  let server: ServerProcess;
  let main: number;
  const yesterday = DateTime.now().setZone('Europe/London').minus({ days: 1 }).toISODate()!;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetJobQueue(db);
    await importListings(
      createStores(db),
      convertHsdsDocument([service({ id: 'walk', name: 'Riverside Walking Group', at: EASTON })], 'fixtures'),
      { source: 'test', now: DateTime.now().minus({ days: 3 }).toJSDate() },
    );
    await setSessionsRolledOn(db, yesterday);
    // Reads go on; writing sessions (the roll) waits until this transaction ends.
    locker = new pg.Client(await testDatabaseUrl());
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE session_occurrence IN EXCLUSIVE MODE');
  });

  after(async () => {
    if (server) killGroup(server.child);
    await locker?.end();
    await resetJobQueue(db);
  });

  it('serves before the day’s roll-forward has finished', async () => {
    server = await spawnServer({ WEB_CONCURRENCY: '1' });
    const served = await answers(server.port, '/search?q=walking', 20000);
    expect(served, `no answer while the roll was held back:\n${server.output()}`).to.equal(true);
    const page = await fetch(`http://127.0.0.1:${server.port}/search?q=walking`);
    expect(await page.text()).to.contain('Riverside Walking Group');
    await waitUntil(
      async () => (await jobRuns(db, 'roll-sessions')).some((r) => r.state === 'active'),
      10000,
      'the roll is running',
    );
    expect(await sessionsRolledOn(db), 'the roll has not finished').to.equal(yesterday);
    main = server.child.pid!;
  });

  it('on SIGTERM waits for the running roll to finish, then exits leaving no process behind', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(server.child.exitCode, 'still waiting for the roll').to.equal(null);
    expect((await jobRuns(db, 'roll-sessions')).map((r) => r.state)).to.deep.equal(['active']);

    await locker.query('COMMIT');
    expect(await exited, server.output()).to.equal(0);
    const rolls = await jobRuns(db, 'roll-sessions');
    expect(rolls.map((r) => [r.state, r.output])).to.deep.equal([['completed', { activities: 1 }]]);
    expect(await sessionsRolledOn(db)).to.equal(today());
    expect(isAlive(main), 'the server process').to.equal(false);
    const queueConnections = (await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`,
      [`directory-jobs:${main}`],
    )) as { n: number }[];
    expect(queueConnections[0].n, 'job queue connections left open').to.equal(0);
  });
});
