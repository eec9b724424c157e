// The real server and commands as separate processes, the way an operator runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';
import { testDatabaseUrl } from './database.js';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

export interface RunningServer {
  child: ChildProcess;
  base: string;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** After a failed test: the server and its web processes, whatever state they are in. */
  kill(): void;
}

/** Its own process group, so the server's web processes can be stopped with it. */
export const killGroup = (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/** The server as `npm start` runs it (one node process with tsx's loader), once /health answers. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      SEED_ON_EMPTY: 'false',
      MEILI_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that kill() reaches the web processes too.
    detached: true,
  });
  const output = collect(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  let up = false;
  while (!up && child.exitCode === null && Date.now() < deadline) {
    up = await fetch(`${base}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!up) {
    killGroup(child);
    throw new Error(`the server did not start:\n${output()}`);
  }
  return {
    child,
    base,
    output,
    stop: () => {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
    kill: () => killGroup(child),
  };
}

/**
 * Runs a TypeScript command (e.g. src/cli/freshness.ts) to the end: its exit code and everything it wrote.
 * An env value of undefined leaves that variable out; a command still running after timeoutMs is killed.
 */
export async function runCommand(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collect(child);
  const timer = setTimeout(() => killGroup(child), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output: output() };
}

const scratchDirs: string[] = [];
process.once('exit', () => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A DATA_DIR for one server, removed when the test run ends. */
function scratchDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'directory-server-'));
  scratchDirs.push(dir);
  return dir;
}

/** Each live process and its parent. */
function parents(): Map<number, number> {
  const found = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const ppid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      found.set(Number(name), Number(ppid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The live processes whose parent is this one. */
export function childrenOf(pid: number): number[] {
  return [...parents()].filter(([, ppid]) => ppid === pid).map(([child]) => child);
}

/** Every live process below this one. */
export function descendantsOf(pid: number): number[] {
  const all = parents();
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of all) if (ppid === parent) (found.push(child), visit(child));
  };
  visit(pid);
  return found;
}

export const alive = (pids: number[]) => pids.filter(isAlive);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Everything it has written so far. */
  output(): string;
}

/** Starts `src/server.ts` as `npm start` runs it (one node process with tsx's loader). */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: await testDatabaseUrl(),
      // The server keeps its generated session key in DATA_DIR: a folder of its own, not the project's.
      DATA_DIR: scratchDataDir(),
      PORT: String(port),
      SEED_ON_EMPTY: 'false',
      MEILI_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that killGroup() reaches the web processes too.
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, port, output: () => output };
}

/** Polls the path until it answers 200 or the time is up; true when it answered. */
export async function answers(port: number, path: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}${path}`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
