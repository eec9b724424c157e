import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { convertHsdsDocument } from '../../src/importer/hsds.js';
import { importListings } from '../../src/importer/import-listings.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { alive, childrenOf, freePort } from '../support/processes.js';

describe('web processes (WEB_CONCURRENCY=2, the real server over the test database)', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: ChildProcess | null = null;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await importListings(
      db,
      convertHsdsDocument([service({ id: 'walk', name: 'Riverside Walking Group', at: EASTON })], 'fixtures'),
      { source: 'test' },
    );
  });

  after(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
  });

  it('serves from two web processes beside the main one, and all of them stop together', async () => {
    const port = await freePort();
    // As `npm start` runs it: one node process with tsx's loader.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: await testDatabaseUrl(),
        PORT: String(port),
        WEB_CONCURRENCY: '2',
        SEED_ON_EMPTY: 'false',
        MEILI_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60000;
    let up = false;
    while (!up && Date.now() < deadline) {
      up = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (!up) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(up, 'the server answered /health').to.equal(true);

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

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited, output).to.equal(0);
    expect(alive([main, ...workers]), 'no web process outlives the main one').to.deep.equal([]);
  });
});
