// Ports and process trees for tests that start the real server as a child process (Linux /proc).
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

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

export const alive = (pids: number[]) =>
  pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
