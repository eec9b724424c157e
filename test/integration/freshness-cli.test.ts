import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { testDatabase, testDatabaseUrl } from '../support/database.js';
import { seedListingDueForReview } from '../support/freshness.js';
import { runCommand, startServer, type RunningServer } from '../support/processes.js';

describe('npm run freshness e-mails links on the public address, not on localhost (real server, command and Postgres)', function () {
  this.timeout(180000);
  let db: DataSource;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await testDatabase();
    await seedListingDueForReview(db);
    dataDir = mkdtempSync(path.join(tmpdir(), 'directory-freshness-'));
    env = {
      DATABASE_URL: await testDatabaseUrl(),
      DATA_DIR: dataDir,
      SESSION_SECRET: undefined,
      BASE_URL: undefined,
      SMTP_URL: undefined,
    };
  });

  const servers: RunningServer[] = [];
  const serve = async (more: NodeJS.ProcessEnv) => {
    const server = await startServer({ ...env, ...more });
    servers.push(server);
    return server;
  };

  after(() => {
    for (const server of servers) server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const dueAgain = () => db.query('DELETE FROM freshness_flag; DELETE FROM mail_outbox');
  const mailedLink = async () => /(\S+)\/still-accurate\//.exec((await recentMail(db, 1))[0].body)![1];

  it('without BASE_URL it uses the address the server last served on', async () => {
    const server = await serve({ BASE_URL: 'https://directory.example.org' });
    expect(await server.stop(), server.output()).to.equal(0);
    await dueAgain();
    const run = await runCommand('src/cli/freshness.ts', [], env);
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain(
      'sent 1 reminders (links on https://directory.example.org, the address the server last served on)',
    );
    expect(await mailedLink()).to.equal('https://directory.example.org');
  });

  it('BASE_URL, when given, wins', async () => {
    await dueAgain();
    const run = await runCommand('src/cli/freshness.ts', [], {
      ...env,
      BASE_URL: 'https://other.example.org/',
    });
    expect(run.code, run.output).to.equal(0);
    expect(await mailedLink()).to.equal('https://other.example.org');
  });

  it('refuses to mail links that only work on this machine when mail really goes out', async () => {
    const server = await serve({});
    expect(await server.stop()).to.equal(0);
    await dueAgain();
    // Nothing listens on port 9: the command must stop before it tries to send anything.
    const run = await runCommand('src/cli/freshness.ts', [], { ...env, SMTP_URL: 'smtp://127.0.0.1:9' });
    expect(run.code).to.equal(1);
    expect(run.output).to.match(
      /^freshness failed: the e-mailed links would point at http:\/\/localhost:\d+, which works only on this machine: set BASE_URL/,
    );
    expect(await recentMail(db, 1)).to.deep.equal([]);
    expect(await db.query('SELECT * FROM freshness_flag')).to.deep.equal([]);
    // Into the development mailbox (no SMTP_URL) such links are fine.
    expect((await runCommand('src/cli/freshness.ts', [], env)).code).to.equal(0);
  });
});
