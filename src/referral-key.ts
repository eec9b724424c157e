// The key sealing referral requests' personal details when REFERRAL_KEY is not set (never in production): 32 random
// bytes made on first use and kept in DATA_DIR (mode 0600) beside the session secret, so every process shares it.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sealingKeyProblem } from './domain/sealed-text.js';
import { logger } from './logger.js';
import { unwritableDataDir } from './startup-problem.js';

export const REFERRAL_KEY_FILE = 'referral-key';

/** The key from REFERRAL_KEY, or the one kept in dataDir (made the first time). */
export async function referralKey(configured: string | null, dataDir: string): Promise<Buffer> {
  if (configured !== null) return Buffer.from(configured, 'base64');
  return Buffer.from(await readOrCreateKey(path.join(dataDir, REFERRAL_KEY_FILE)), 'base64');
}

async function readOrCreateKey(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) {
    const problem = sealingKeyProblem(existing.trim());
    // Never replaced silently: a new key would make every sealed detail unreadable.
    if (problem)
      throw new Error(`The referral key in ${file} ${problem}; set REFERRAL_KEY or restore the file.`);
    return existing.trim();
  }
  const key = randomBytes(32).toString('base64');
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(draft, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw unwritableDataDir(path.dirname(file), error);
  }
  try {
    // Linked into place: of two processes starting at once, one key wins and both use it.
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readOrCreateKey(file);
  } finally {
    await unlink(draft);
  }
  logger.info({ file }, 'made a new referral key');
  return key;
}
