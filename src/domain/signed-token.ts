// Signed, expiring links (password reset, address confirmation, "still accurate"): an HMAC over a small JSON payload.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'password-reset' | 'confirm-email' | 'still-accurate' | 'shared-handout';

export interface TokenPayload {
  /** What the link is for; a token for one purpose is never accepted for another. */
  purpose: TokenPurpose;
  /** The user id or activity id the link acts on. */
  subject: string;
  /** Unique id, recorded when used so a link works once. */
  id: string;
  /** Expiry, epoch milliseconds. */
  expires: number;
  /** The account's credential version when the link was made: a later password change voids it. */
  version?: number;
}

const signature = (body: string, secret: string) =>
  createHmac('sha256', secret).update(body).digest('base64url');

export function signToken(
  purpose: TokenPurpose,
  subject: string,
  secret: string,
  lifetimeMs: number,
  now = new Date(),
  version?: number,
): string {
  const payload: TokenPayload = {
    purpose,
    subject,
    id: randomUUID(),
    expires: now.getTime() + lifetimeMs,
    ...(version === undefined ? {} : { version }),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${signature(body, secret)}`;
}

export type TokenCheck =
  { valid: true; payload: TokenPayload } | { valid: false; reason: 'invalid' | 'expired' };

export function verifyToken(
  token: string,
  purpose: TokenPurpose,
  secret: string,
  now = new Date(),
): TokenCheck {
  const [body, given, extra] = token.split('.');
  if (!body || !given || extra !== undefined) return { valid: false, reason: 'invalid' };
  const expected = Buffer.from(signature(body, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { valid: false, reason: 'invalid' };
  }
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return { valid: false, reason: 'invalid' };
  }
  if (payload.purpose !== purpose || typeof payload.subject !== 'string')
    return { valid: false, reason: 'invalid' };
  if (!(payload.expires > now.getTime())) return { valid: false, reason: 'expired' };
  return { valid: true, payload };
}
