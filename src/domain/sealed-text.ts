// Personal details sealed with AES-256-GCM before they reach the database: a fresh 12-byte nonce per value, and
// the record's id as associated data, so a sealed value copied onto another record does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The key as REFERRAL_KEY gives it: 32 bytes in base64; a sentence saying what is wrong, or null. */
export function sealingKeyProblem(base64: string): string | null {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim())
    return 'must be 32 random bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`)';
  return null;
}

export function seal(key: Buffer, recordId: string, text: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(recordId, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The text, or an error when the key or record is wrong or the value was altered. */
export function unseal(key: Buffer, recordId: string, sealed: string): string {
  const [version, data] = sealed.split(':', 2);
  if (version !== VERSION || !data) throw new Error('not a sealed value this version can open');
  const bytes = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(recordId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
