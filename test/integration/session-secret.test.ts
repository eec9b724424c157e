import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { recentMail } from '../../src/db/mail-store.js';
import { signToken } from '../../src/domain/signed-token.js';
import { secretFile } from '../../src/secret-key.js';
import { testDatabase, testDatabaseUrl } from '../support/database.js';
import { seedListingDueForReview } from '../support/freshness.js';
import { runCommand, startServer, type RunningServer } from '../support/processes.js';

const OLD_DEFAULT = 'development-only-session-secret';
const HOUR = 60 * 60 * 1000;

describe('session secret: the server, its web processes and the commands share a key nobody can guess', function () {
  this.timeout(180000);
  let db: DataSource;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: RunningServer | null = null;
  let stewardId: string;

  before(async () => {
    db = await testDatabase();
    const accounts = await seedListingDueForReview(db);
    const steward = await accounts.createAccount({
      email: 'first@example.org',
      password: 'steward password',
      role: 'steward',
    });
    if (!steward.ok) throw new Error('could not create the steward');
    stewardId = steward.user.id;
    dataDir = mkdtempSync(path.join(tmpdir(), 'directory-secret-'));
    // No SESSION_SECRET, as `npm start` on a fresh checkout.
    env = {
      DATABASE_URL: await testDatabaseUrl(),
      DATA_DIR: dataDir,
      SESSION_SECRET: undefined,
      NODE_ENV: undefined,
    };
  });

  after(() => {
    server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const resetPage = async (token: string) => {
    const res = await fetch(`${server!.base}/account/reset-password/${token}`);
    return { status: res.status, text: await res.text() };
  };

  it('refuses a reset link signed with the old built-in key, in every web process', async () => {
    server = await startServer({ ...env, WEB_CONCURRENCY: '2' });
    const forged = signToken('password-reset', stewardId, OLD_DEFAULT, HOUR, new Date(), 0);
    for (let i = 0; i < 4; i++) {
      const page = await resetPage(forged);
      expect(page.status).to.equal(400);
      expect(page.text).to.contain('This link is not valid');
    }
  });

  it('made a random key in DATA_DIR (0600) that the main and web processes sign and check with', async () => {
    const file = secretFile(dataDir);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(key).to.have.length.of.at.least(64);
    const genuine = signToken('password-reset', stewardId, key, HOUR, new Date(), 0);
    for (let i = 0; i < 4; i++) {
      const page = await resetPage(genuine);
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Choose a new password');
    }
  });

  const stillAccurateLink = async () => {
    // The server mails its reminders just after it starts listening.
    for (let i = 0; i < 50 && (await recentMail(db, 1)).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const [mail] = await recentMail(db, 1);
    return /\/still-accurate\/[\w.-]+/.exec(mail.body)![0];
  };

  it('the main process signed its own reminder with the key; the web processes accept it', async () => {
    const res = await fetch(`${server!.base}${await stillAccurateLink()}`);
    expect(res.status).to.equal(200);
    expect(await res.text()).not.to.contain('not valid');
    const forged = signToken('still-accurate', 'due', OLD_DEFAULT, HOUR);
    expect((await fetch(`${server!.base}/still-accurate/${forged}`)).status).to.equal(400);
  });

  it('npm run freshness signs its e-mailed links with the same key, which the server accepts', async () => {
    await db.query('DELETE FROM freshness_flag; DELETE FROM mail_outbox');
    const run = await runCommand('src/cli/freshness.ts', [], env);
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain('sent 1 reminders');
    const res = await fetch(`${server!.base}${await stillAccurateLink()}`);
    expect(res.status).to.equal(200);
    expect(await res.text()).not.to.contain('not valid');
  });

  it('keeps the key across restarts', async () => {
    const key = readFileSync(secretFile(dataDir), 'utf8');
    expect(await server!.stop(), server!.output()).to.equal(0);
    server = await startServer(env);
    expect(readFileSync(secretFile(dataDir), 'utf8')).to.equal(key);
    expect(
      (await resetPage(signToken('password-reset', stewardId, key.trim(), HOUR, new Date(), 0))).status,
    ).to.equal(200);
    expect(await server.stop()).to.equal(0);
  });

  it('will not start on a short or well-known SESSION_SECRET, saying why in one sentence', async () => {
    for (const [secret, reason] of [
      ['changeme', 'SESSION_SECRET is only 8 characters long'],
      ['changeme-changeme-changeme-changeme', 'SESSION_SECRET is a placeholder anyone could guess'],
    ]) {
      const run = await runCommand('src/server.ts', [], { ...env, SESSION_SECRET: secret, PORT: '0' });
      expect(run.code).to.equal(1);
      expect(run.output).to.contain(reason);
    }
  });
});
