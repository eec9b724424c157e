// A crawl of a live feed killed (SIGKILL, the real CLI process) part-way, twice, then run again: it resumes from the
// crawl state in the database, fetching only what it had not fetched, and ends with exactly what an uninterrupted
// crawl of the same feed stores. The feed is the directory's own API over the sample listings, on loopback.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp, serve } from '../support/app.js';
import { dropDatabase, emptyDatabase, inOrder, storedListings } from '../support/crawl.js';
import { resetData, testDatabase } from '../support/database.js';

const WHOLE = 'crawl_whole';
const KILLED = 'crawl_killed';

const count = async (db: DataSource, sql: string) => ((await db.query(sql)) as { n: number }[])[0].n;

/** Everything a crawl leaves behind but the listings version (a count of commits, not of content). */
async function crawlResult(db: DataSource) {
  const { services, counts } = await storedListings(db);
  const crawlState = (await db.query(
    `SELECT service_id, stored_hash, fetched_body IS NULL AS imported, seen_in_run FROM crawl_service ORDER BY service_id`,
  )) as unknown[];
  const feeds = (await db.query(
    `SELECT run_started_at IS NULL AS finished, run_since, honours_modified_after FROM crawl_feed`,
  )) as unknown[];
  return { services, counts, crawlState, feeds };
}

describe('fault: a crawl killed part-way resumes to the same state (real CLI, real HTTP, real Postgres)', function () {
  this.timeout(300000);
  let source: DataSource;
  let whole: DataSource;
  let killed: DataSource;
  let killedUrl: string;
  let server: Server;
  let api: string;

  before(async () => {
    source = await testDatabase();
    await resetData(source);
    await seedDirectory(createStores(source), path.join(projectRoot, 'seed-data'));
    ({ dataSource: whole } = await emptyDatabase(WHOLE));
    ({ dataSource: killed, url: killedUrl } = await emptyDatabase(KILLED));
    const served = await serve(buildApp(source));
    server = served.server;
    api = `${served.base}/api`;
  });

  after(async () => {
    server?.close();
    await dropDatabase(whole, WHOLE);
    await dropDatabase(killed, KILLED);
  });

  const crawlCommand = () => {
    // One node process (no npx or tsx wrapper), so SIGKILL stops the crawl itself.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/importer/cli.ts', api, '--format', 'oruk', '--concurrency', '1'],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: killedUrl, LOG_LEVEL: 'warn' },
        stdio: 'pipe',
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  };

  it('after two kills, a third run fetches only the rest and equals an uninterrupted crawl', async () => {
    const report = await runImport(createStores(whole), api, { format: 'oruk' });
    const total = report.imported;
    expect(summaryLine(report)).to.equal(`imported ${total}, updated 0, unchanged 0, rejected 0`);

    const fetched = () => count(killed, 'SELECT count(*)::int AS n FROM crawl_service WHERE seen_in_run');
    const kills: number[] = [];
    for (const killAt of [40, 110]) {
      const { child, output } = crawlCommand();
      const exited = once(child, 'exit');
      const deadline = Date.now() + 120000;
      while ((await fetched()) < killAt && child.exitCode === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill('SIGKILL');
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      expect(signal, `the crawl ended before its kill point:\n${output()}`).to.equal('SIGKILL');
      const done = await fetched();
      expect(done).to.be.within(killAt, total - 1);
      kills.push(done);
      // Killed while crawling: nothing imported yet, the run still open.
      expect(await count(killed, 'SELECT count(*)::int AS n FROM service')).to.equal(0);
      expect(
        await count(killed, 'SELECT count(*)::int AS n FROM crawl_feed WHERE run_started_at IS NOT NULL'),
      ).to.equal(1);
    }

    const { child, output } = crawlCommand();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, output()).to.equal(0);
    expect(output()).to.match(new RegExp(`^imported ${total}, updated 0, unchanged 0, rejected 0$`, 'm'));
    const resumed =
      /resumed the crawl started .*: (\d+) pages? and (\d+) services? had been read before it stopped/.exec(
        output(),
      );
    expect(resumed, output()).to.not.equal(null);
    expect(Number(resumed![2])).to.equal(kills[1]);
    // Only the rest was fetched.
    expect(output()).to.match(new RegExp(`listed on them, ${total - kills[1]} fetched`));
    console.log(
      `      killed after ${kills.join(' and ')} of ${total} services; then: ${output().split('\n')[0]}`,
    );

    expect(await crawlResult(killed)).to.deep.equal(await crawlResult(whole));
    const rows = async (db: DataSource) =>
      inOrder((await createStores(db).listings.readListingBatch(null, 10000))!);
    expect(await rows(killed)).to.deep.equal(await rows(whole));
  });
});
