// The real server and commands as separate processes, the way an operator runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { projectRoot } from '../../src/config.js';

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

/** Its own process group, so the server's children (tsx's, cluster's) can be stopped with it. */
const killGroup = (child: ChildProcess) => {
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

/** `npm start` as it runs (through the tsx command, which passes signals on), once /health answers; env as for runCommand. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/server.ts'], {
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
