// Accounts: register, sign in (rate limited), reset a forgotten password by a signed e-mailed link.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  addMember,
  clearSignInFailures,
  findUserByEmail,
  findUserById,
  insertUser,
  membershipsOf,
  recentSignInFailures,
  recordSignInFailure,
  updatePasswordHash,
  useToken,
  type Role,
  type UserAccount,
} from '../db/account-store.js';
import { recordAudit } from '../db/audit-log.js';
import { createOrganization } from '../db/organization-store.js';
import { signToken, verifyToken } from '../domain/signed-token.js';
import type { Mailer } from './mail.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// scrypt at N=2^15, r=8 uses 32 MiB per hash: memory-hard; cost measured by bench/password-hash.ts.
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
export const SIGN_IN_FAILURE_LIMIT = 5;
export const SIGN_IN_WINDOW_MINUTES = 15;
const RESET_LIFETIME_MS = 60 * 60 * 1000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(expected, actual);
}

export interface AccountSettings {
  sessionSecret: string;
  baseUrl: string;
}

export type SignInResult = { ok: true; user: UserAccount } | { ok: false; reason: 'wrong' | 'locked' };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function createAccounts(dataSource: DataSource, mailer: Mailer, settings: AccountSettings) {
  return {
    /** Creates an account; an organiser naming a new organisation becomes its first member. */
    async register(input: {
      email: string;
      password: string;
      role?: Role;
      organizationName?: string | null;
      trusted?: boolean;
    }): Promise<{ ok: true; user: UserAccount } | { ok: false; reason: 'taken' }> {
      const passwordHash = await hashPassword(input.password);
      return dataSource.transaction(async (db) => {
        const user = await insertUser(db, {
          email: input.email.trim(),
          passwordHash,
          role: input.role ?? 'organiser',
          trusted: input.trusted,
        });
        if (!user) return { ok: false as const, reason: 'taken' as const };
        await recordAudit(db, {
          user,
          action: 'register',
          entity: 'user_account',
          entityId: user.id,
          after: { email: user.email, role: user.role },
        });
        if (input.organizationName) {
          const organization = await createOrganization(db, input.organizationName);
          await addMember(db, user.id, organization.id);
          await recordAudit(db, {
            user,
            action: 'create',
            entity: 'organization',
            entityId: organization.id,
            after: { name: organization.name },
          });
        }
        return { ok: true as const, user };
      });
    },

    /** Checks the password; five failures for one address from one place lock it for 15 minutes. */
    async signIn(email: string, password: string, ip: string): Promise<SignInResult> {
      const key = `${ip}|${email.trim().toLowerCase()}`;
      if ((await recentSignInFailures(dataSource, key, SIGN_IN_WINDOW_MINUTES)) >= SIGN_IN_FAILURE_LIMIT) {
        return { ok: false, reason: 'locked' };
      }
      const found = await findUserByEmail(dataSource, email.trim());
      // An unknown address costs the same hashing time, so timing does not reveal who has an account.
      const matches = found
        ? await verifyPassword(password, found.passwordHash)
        : (await verifyPassword(password, await hashPassword('not-a-real-password')), false);
      if (!found || !matches) {
        await recordSignInFailure(dataSource, key);
        return { ok: false, reason: 'wrong' };
      }
      await clearSignInFailures(dataSource, key);
      const { passwordHash: _omit, ...user } = found;
      void _omit;
      return { ok: true, user };
    },

    findUser: (id: string) => findUserById(dataSource, id),
    memberships: (userId: string) => membershipsOf(dataSource, userId),

    /** Always behaves the same, whether or not the address has an account. */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await findUserByEmail(dataSource, email.trim());
      if (!user) return;
      const token = signToken('password-reset', user.id, settings.sessionSecret, RESET_LIFETIME_MS);
      await mailer.send(
        user.email,
        'Reset your password',
        [
          'Someone (hopefully you) asked to reset the password for your Community Activity Directory account.',
          '',
          `Choose a new password here within the next hour: ${settings.baseUrl}/account/reset-password/${token}`,
          '',
          'The link works once. If you did not ask for this, ignore this e-mail: your password has not changed.',
        ].join('\n'),
      );
    },

    checkResetToken(token: string) {
      return verifyToken(token, 'password-reset', settings.sessionSecret);
    },

    async resetPassword(
      token: string,
      password: string,
    ): Promise<{ ok: true; user: UserAccount } | { ok: false; reason: 'invalid' | 'expired' | 'used' }> {
      const check = verifyToken(token, 'password-reset', settings.sessionSecret);
      if (!check.valid) return { ok: false, reason: check.reason };
      const passwordHash = await hashPassword(password);
      return dataSource.transaction(async (db) => {
        const user = await findUserById(db, check.payload.subject);
        if (!user) return { ok: false as const, reason: 'invalid' as const };
        if (!(await useToken(db, check.payload.id))) return { ok: false as const, reason: 'used' as const };
        await updatePasswordHash(db, user.id, passwordHash);
        await recordAudit(db, { user, action: 'reset-password', entity: 'user_account', entityId: user.id });
        return { ok: true as const, user };
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
