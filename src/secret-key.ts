// The session secret when SESSION_SECRET is not set (never in production): a random key made on first start and
// kept in DATA_DIR (mode 0600), so the server, its web processes and the commands that sign links share it.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, KeyedConfig } from './config.js';
import { sessionSecretProblem } from './domain/session-secret.js';
import { logger } from './logger.js';
import { unwritableDataDir } from './startup-problem.js';

export const SECRET_FILE = 'session-secret';

export const secretFile = (dataDir: string) => path.join(dataDir, SECRET_FILE);

/** Reads the key file, making it first when there is none. */
export async function readOrCreateSecret(dataDir: string): Promise<string> {
  const file = secretFile(dataDir);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing === null) return createSecret(file);
  const secret = existing.trim();
  const problem = sessionSecretProblem(secret);
  if (problem)
    throw new Error(
      `The session secret in ${file} ${problem}; delete the file to have a new one made, or set SESSION_SECRET.`,
    );
  if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    logger.warn({ file }, 'the session secret file could be read by others: made it private (0600)');
  }
  return secret;
}

/** Written aside, then linked into place: never half written, and of two processes starting at once one wins. */
async function createSecret(file: string): Promise<string> {
  const dataDir = path.dirname(file);
  const secret = randomBytes(48).toString('base64url');
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(draft, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw unwritableDataDir(dataDir, error);
  }
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readOrCreateSecret(path.dirname(file));
  } finally {
    await unlink(draft);
  }
  logger.info({ file }, 'made a new session secret');
  return secret;
}

/** The config with its session secret: SESSION_SECRET when given, else the key kept in DATA_DIR. */
export async function withSessionSecret(config: Config): Promise<KeyedConfig> {
  if (config.sessionSecret !== null) return { ...config, sessionSecret: config.sessionSecret };
  return { ...config, sessionSecret: await readOrCreateSecret(config.dataDir) };
}
