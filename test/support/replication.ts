// Two real PostgreSQL servers from Debian's packages in streaming replication on loopback, in a temporary folder:
// a primary, and a hot standby copied from it by pg_basebackup. As root they run as the user "postgres", like the
// embedded server; they stop when the test calls stop() and, whatever happens, when this process exits.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  initialiseCluster,
  runServer,
  serverUser,
  type Binaries,
  type ServerProcess,
} from '../../src/db/postgres-process.js';
import type { Queryable } from '../../src/db/queryable.js';
import type { Missing } from './requirements.js';

/** Where Debian's postgresql-<version> packages put their programs and their extensions. */
export const DEBIAN_FOLDERS = { programs: '/usr/lib/postgresql', shared: '/usr/share/postgresql' };
const PROGRAMS = ['initdb', 'postgres', 'pg_basebackup'];
/** What the migrations create: Debian's postgresql-15 (and later) ships them in the server package. */
const EXTENSIONS = ['pg_trgm', 'unaccent', 'cube', 'earthdistance', 'btree_gist'];
const ACCOUNT = { name: 'directory', password: 'replication-test' };
const SERVER_FLAGS = [
  ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  // Test data is thrown away: no need to wait for the disk.
  ...['-c', 'fsync=off', '-c', 'shared_buffers=32MB', '-c', 'max_connections=60'],
];

/** The folder of the newest Debian PostgreSQL server (15 or later) with every program and extension needed. */
export function debianPostgres(ci: boolean, folders = DEBIAN_FOLDERS): { bin: string } | Missing {
  const versions = existsSync(folders.programs)
    ? readdirSync(folders.programs)
        .filter((name) => /^\d+$/.test(name) && Number(name) >= 15)
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const complete = versions.find(
    (version) =>
      PROGRAMS.every((program) => existsSync(path.join(folders.programs, version, 'bin', program))) &&
      EXTENSIONS.every((name) =>
        existsSync(path.join(folders.shared, version, 'extension', `${name}.control`)),
      ),
  );
  if (complete) return { bin: path.join(folders.programs, complete, 'bin') };
  return {
    fail: ci,
    reason:
      `Debian's PostgreSQL server (15 or later) is not installed: no ${folders.programs}/<version>/bin with ` +
      `${PROGRAMS.join(', ')} and the extensions ${EXTENSIONS.join(', ')} (apt-get install postgresql)` +
      (ci ? '; under CI=true it is required' : ''),
  };
}

/** Runs a program (as the server's user when root) to the end; throws with its output when it fails. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const user = serverUser();
  const child = spawn(file, args, { ...(user ?? {}), env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} failed (exit code ${code}): ${output}`)),
    );
  });
}

export interface Replication {
  primaryUrl: string;
  replicaUrl: string;
  /** Starts the primary, copies it and starts the standby; stop() cleans up after a start that failed half-way. */
  start(): Promise<void>;
  /** Stops whichever servers are running and removes the folder. */
  stop(): Promise<void>;
}

export function replicationPair(bin: string, ports: { primary: number; replica: number }): Replication {
  const binaries: Binaries = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
  const url = (port: number) => `postgres://${ACCOUNT.name}:${ACCOUNT.password}@127.0.0.1:${port}/postgres`;
  const running: ServerProcess[] = [];
  let folder: string | null = null;
  return {
    primaryUrl: url(ports.primary),
    replicaUrl: url(ports.replica),
    async start() {
      const user = serverUser();
      folder = await mkdtemp(path.join(os.tmpdir(), 'directory-replication-'));
      // The server's user enters the folder; only its own clusters inside are private.
      await chmod(folder, 0o755);
      const primaryDir = path.join(folder, 'primary');
      await initialiseCluster(binaries, primaryDir, user, {
        ...ACCOUNT,
        flags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      });
      running.push(await runServer(binaries, primaryDir, ports.primary, user, SERVER_FLAGS));
      const replicaDir = path.join(folder, 'replica');
      await mkdir(replicaDir, { mode: 0o700 });
      if (user) await chown(replicaDir, user.uid, user.gid);
      // -R writes standby.signal and primary_conninfo: the copy starts as a hot standby streaming from the primary.
      await run(
        path.join(bin, 'pg_basebackup'),
        [
          ...['-h', '127.0.0.1', '-p', String(ports.primary), '-U', ACCOUNT.name],
          ...['-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast'],
        ],
        { PGPASSWORD: ACCOUNT.password },
      );
      running.push(await runServer(binaries, replicaDir, ports.replica, user, SERVER_FLAGS));
    },
    async stop() {
      for (const server of running.splice(0).reverse()) await server.stop();
      if (folder) await rm(folder, { recursive: true, force: true });
      folder = null;
    },
  };
}

/**
 * Where the primary inserts its next WAL record: every commit so far lies before it, including an asynchronous one
 * (imports commit with synchronous_commit off) that is not yet written out, which pg_current_wal_lsn() would miss.
 */
export async function primaryLsn(primary: Queryable): Promise<string> {
  const [row] = (await primary.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')) as {
    lsn: string;
  }[];
  return row.lsn;
}

/** Resolves once the standby has replayed WAL up to `lsn` (polled, since replay has no notification). */
export async function replayedTo(replica: Queryable, lsn: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = (await replica.query(
      `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at`,
      [lsn],
    )) as { done: boolean; at: string }[];
    if (row.done) return;
    if (Date.now() > deadline)
      throw new Error(`the replica replayed only to ${row.at} in ${timeoutMs} ms, not to ${lsn}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The standby's replay position now. */
export async function replayLsn(replica: Queryable): Promise<string> {
  const [row] = (await replica.query('SELECT pg_last_wal_replay_lsn()::text AS lsn')) as { lsn: string }[];
  return row.lsn;
}

/** Stops the standby applying WAL (it keeps receiving it) until resumed, so the primary can move ahead of it. */
export async function pauseReplay(replica: Queryable): Promise<void> {
  await replica.query('SELECT pg_wal_replay_pause()');
  for (;;) {
    const [row] = (await replica.query(`SELECT pg_get_wal_replay_pause_state() AS state`)) as {
      state: string;
    }[];
    if (row.state === 'paused') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function resumeReplay(replica: Queryable): Promise<void> {
  await replica.query('SELECT pg_wal_replay_resume()');
}
