// The real server for a benchmark, as `npm start` runs it, in its own process so its memory is its own:
// how long it takes to answer /health UP, when the jobs it sends at start have finished, each process's memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { projectRoot } from '../src/config.js';
import { JOB_SCHEMA } from '../src/jobs/job-queue.js';

const WAIT_MS = 15 * 60 * 1000;
const POLL_MS = 100;

export interface ServerOptions {
  databaseUrl: string;
  port: number;
  webProcesses: number;
  /** The server's own log (warnings and errors) goes here, not over the figures. */
  logFile: string;
}

export interface RunningServer {
  child: ChildProcess;
  /** From spawning the process to the first /health answer that says UP. */
  upSeconds: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthUp(base: string): Promise<boolean> {
  const response = await fetch(`${base}/health`).catch(() => null);
  if (!response) return false;
  const report = (await response.json().catch(() => null)) as { status?: string } | null;
  return response.status === 200 && report?.status === 'UP';
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const base = `http://127.0.0.1:${options.port}`;
  const log = openSync(options.logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      MEILI_URL: '',
      WEB_CONCURRENCY: String(options.webProcesses),
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before serving`))),
  );
  const up = (async () => {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      if (await healthUp(base)) return;
      await pause(POLL_MS);
    }
    throw new Error(`the server did not answer /health UP within ${WAIT_MS / 60000} minutes`);
  })();
  await Promise.race([up, exited]);
  return { child, upSeconds: (performance.now() - started) / 1000 };
}

/** Whether the jobs the server sent at start (all but the outbox, which runs on) have finished. */
async function startJobsDone(url: string): Promise<boolean> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job
       WHERE name IN ('roll-sessions', 'next-sessions', 'freshness') AND state < 'completed'`,
    );
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/** Waits for the start jobs (the sessions rolled forward in the background), so they do not compete. */
export async function waitForStartJobs(url: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await startJobsDone(url)) return;
    await pause(500);
  }
  throw new Error(`the server's start-up jobs did not finish within ${WAIT_MS / 60000} minutes`);
}

export interface ProcessMemory {
  pid: number;
  /** The main process runs the jobs and, with one process, serves too; web processes serve. */
  role: 'main' | 'web';
  /** VmHWM: the most it has held since it started. */
  peakMb: number;
  nowMb: number;
}

/**
 * Memory of the server's main process and of each web process: the main process's children running the same
 * program (node:cluster forks), not helpers such as the esbuild service tsx starts.
 */
export function serverMemory(pid: number): ProcessMemory[] {
  const status = (id: number) => readFileSync(`/proc/${id}/status`, 'utf8');
  const program = (id: number) => readlinkSync(`/proc/${id}/exe`);
  const mb = (text: string, field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  const webProcesses = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((id) => {
      try {
        return Number(/^PPid:\s+(\d+)$/m.exec(status(id))?.[1]) === pid && program(id) === program(pid);
      } catch {
        return false;
      }
    });
  return [pid, ...webProcesses].map((id, index) => {
    const text = status(id);
    return {
      pid: id,
      role: index === 0 ? 'main' : 'web',
      peakMb: mb(text, 'VmHWM'),
      nowMb: mb(text, 'VmRSS'),
    };
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
