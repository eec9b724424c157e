import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { convertHsdsDocument } from '../../src/importer/hsds.js';
import { importListings } from '../../src/importer/import-listings.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { startServer, type RunningServer } from '../support/processes.js';

/** The live processes whose parent is this one. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((id) => {
      try {
        return Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1]) === pid;
      } catch {
        return false;
      }
    });
}

describe('web processes (WEB_CONCURRENCY=2, the real server over the test database)', function () {
  this.timeout(120000);
  let db: DataSource;
  let server: RunningServer | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'directory-web-'));

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
    server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves from two web processes beside the main one, and all of them stop together', async () => {
    server = await startServer({
      DATABASE_URL: await testDatabaseUrl(),
      DATA_DIR: dataDir,
      WEB_CONCURRENCY: '2',
    });
    const child = server.child;

    const [main] = childrenOf(child.pid!);
    const workers = childrenOf(main).filter((pid) =>
      /src\/server\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')),
    );
    expect(workers.length, 'web processes started by the main process').to.equal(2);
    for (let i = 0; i < 6; i++) {
      const page = await fetch(`${server.base}/search?q=walking`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain('Riverside Walking Group');
    }

    expect(await server.stop(), server.output()).to.equal(0);
    const alive = [main, ...workers].filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive, 'no web process outlives the main one').to.deep.equal([]);
  });
});
