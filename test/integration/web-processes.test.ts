import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { answers, childrenOf, isAlive, killGroup, spawnServer } from '../support/processes.js';
import { createStores } from '../../src/db/stores.js';

describe('web processes (WEB_CONCURRENCY=2, the real server over the test database)', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: ChildProcess | null = null;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await importListings(
      createStores(db),
      convertHsdsDocument([service({ id: 'walk', name: 'Riverside Walking Group', at: EASTON })], 'fixtures'),
      { source: 'test' },
    );
  });

  after(() => {
    if (server) killGroup(server);
  });

  it('serves from two web processes beside the main one, which alone runs the jobs, and all of them stop together', async () => {
    const { child, port, output } = await spawnServer({ WEB_CONCURRENCY: '2' });
    server = child;
    expect(await answers(port, '/health', 60000), 'the server answered /health').to.equal(true);

    const main = child.pid!;
    const workers = childrenOf(main).filter((pid) =>
      /src\/server\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')),
    );
    expect(workers.length, 'web processes started by the main process').to.equal(2);
    for (let i = 0; i < 6; i++) {
      const page = await fetch(`http://127.0.0.1:${port}/search?q=walking`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain('Riverside Walking Group');
    }
    // The job queue's connections name the process that opened them.
    const queueConnections = (await db.query(
      `SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'directory-jobs:%'`,
    )) as { application_name: string }[];
    // Only this server's processes count: another test's server may share the test database.
    const ours = [main, ...workers].map((pid) => `directory-jobs:${pid}`);
    expect(
      queueConnections.map((c) => c.application_name).filter((name) => ours.includes(name)),
    ).to.deep.equal([`directory-jobs:${main}`]);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited, output()).to.equal(0);
    const alive = [main, ...workers].filter(isAlive);
    expect(alive, 'no web process outlives the main one').to.deep.equal([]);
  });
});
