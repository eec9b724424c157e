// Start-up failures a person can put right (a port in use, a folder that cannot be written) are told in one
// sentence that says what to do; anything else is a bug, logged with its stack trace.
import { createServer } from 'node:net';
import { logger } from './logger.js';

export class StartupProblem extends Error {}

export function portInUse(port: number, variable: string): StartupProblem {
  return new StartupProblem(
    `port ${port} is already in use by another program: stop that program, or set ${variable} to a free port.`,
  );
}

/** Refuses before the database starts when another program already listens on the web port. */
export async function checkPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, () => probe.close(() => resolve()));
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? portInUse(port, 'PORT') : error;
  });
}

const UNWRITABLE: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/** Why a folder or file cannot be written, in words. */
export function unwritableReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && UNWRITABLE[code]) ?? message ?? String(error);
}

/** DATA_DIR (or a file the directory keeps in it) cannot be written. */
export function unwritableDataDir(dataDir: string, error: unknown): StartupProblem {
  return new StartupProblem(
    `DATA_DIR ${dataDir} cannot be written (${unwritableReason(error)}): set DATA_DIR to a folder this user can write to.`,
  );
}

/** The sentence for a failure a person can put right, or null. */
export function startupProblem(error: unknown): string | null {
  if (error instanceof StartupProblem) return error.message;
  const { code, path, port } = (error ?? {}) as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE' && port) return portInUse(port, 'PORT').message;
  if (code && UNWRITABLE[code] && path) {
    return `${path} cannot be used (${unwritableReason(error)}): make it writable, or set DATA_DIR to a folder this user can write to.`;
  }
  return null;
}

export function reportStartFailure(error: unknown): void {
  const sentence = startupProblem(error);
  if (sentence) process.stderr.write(`could not start: ${sentence}\n`);
  else logger.fatal({ err: error }, 'could not start');
}
