import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { findUserByEmail } from '../../src/db/account-store.js';
import { verifyPassword } from '../../src/services/accounts.js';
import { resetAccounts } from '../support/accounts.js';
import { testDatabase, testDatabaseUrl } from '../support/database.js';
import { runCommand } from '../support/processes.js';

const PASSWORD = 'Kettle-Biscuit-4291';

/** Runs create-user at a real terminal (a pty from util-linux `script`), answering its prompts as a person would. */
async function atTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  answers: string[],
): Promise<{ code: number | null; screen: string }> {
  const command = ['node', '--import', 'tsx', 'src/cli/create-user.ts', ...args].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  const pending = [...answers];
  let waitingFor = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    // Type each answer only once its prompt is on the screen, as a person would (echo is off by then).
    const prompts = screen.match(/Password[^:\n]*: |The same password again: /g)?.length ?? 0;
    while (pending.length && prompts > waitingFor) {
      waitingFor++;
      child.stdin.write(`${pending.shift()}\r`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, screen };
}

describe('npm run create-user: the password is never echoed (real terminal, command and Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  before(async () => {
    db = await testDatabase();
    await resetAccounts(db);
    dataDir = mkdtempSync(path.join(tmpdir(), 'directory-create-user-'));
    env = { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: dataDir, SESSION_SECRET: undefined };
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const storedPasswordIs = async (email: string, password: string) =>
    verifyPassword(password, (await findUserByEmail(db, email))!.passwordHash);

  // `script` (util-linux, in Debian's essential bsdutils) gives the command a real terminal.
  const needsTerminal = (context: Mocha.Context) => {
    if (spawnSync('script', ['--version']).error) {
      console.log('      skipped: util-linux `script` is not installed');
      context.skip();
    }
  };

  it('at a terminal it asks twice, hidden, and shows the password nowhere', async function () {
    needsTerminal(this);
    const run = await atTerminal(['--email', 'first@example.org', '--role', 'steward'], env, [
      PASSWORD,
      PASSWORD,
    ]);
    expect(run.code, run.screen).to.equal(0);
    expect(run.screen).to.contain('Password (leave empty to have one made up): ');
    expect(run.screen).to.contain('created steward first@example.org');
    expect(run.screen).not.to.contain(PASSWORD);
    expect(await storedPasswordIs('first@example.org', PASSWORD)).to.equal(true);
  });

  it('at a terminal, two different answers create nothing', async function () {
    needsTerminal(this);
    const run = await atTerminal(['--email', 'second@example.org'], env, [
      PASSWORD,
      'something-else-entirely',
    ]);
    expect(run.code).to.equal(1);
    expect(run.screen).to.contain('create-user failed: the two passwords differ');
    expect(await findUserByEmail(db, 'second@example.org')).to.equal(null);
  });

  it('--password still works for scripts, with a warning about shell history', async () => {
    const run = await runCommand(
      'src/cli/create-user.ts',
      ['--email', 'script@example.org', '--password', PASSWORD],
      env,
    );
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain('warning: --password is kept in your shell history');
    expect(await storedPasswordIs('script@example.org', PASSWORD)).to.equal(true);
  });

  it('not at a terminal and without --password, one is made up and printed once', async () => {
    const run = await runCommand('src/cli/create-user.ts', ['--email', 'made-up@example.org'], env);
    expect(run.code, run.output).to.equal(0);
    const printed = /^password: (\S+)$/m.exec(run.output)![1];
    expect(run.output.split(printed)).to.have.length(2);
    expect(await storedPasswordIs('made-up@example.org', printed)).to.equal(true);
  });
});
