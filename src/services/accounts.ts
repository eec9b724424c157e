// Accounts: register and confirm the address by a mailed link, sign in (rate limited), reset a forgotten
// password by a signed mailed link (which ends the account's other sessions and voids older links).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Stores } from '../db/stores.js';
import type { Role, UserAccount } from '../domain/account.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { FormError } from '../domain/form-error.js';
import type { PublicLinks } from '../domain/public-links.js';
import { signToken, verifyToken } from '../domain/signed-token.js';
import type { Mailer } from './mail.js';
import { createRateLimits, type LimitName, type RateLimits } from './rate-limits.js';

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
const RESET_LIFETIME_MS = 60 * 60 * 1000;
// A day: long enough for slow mail or someone who registers in the evening and reads mail next morning.
export const CONFIRM_LIFETIME_HOURS = 24;

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

/** How passwords are hashed and checked; tests count the calls through it. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const scryptHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };

export interface AccountSettings {
  sessionSecret: string;
  links: PublicLinks;
}

export type SignInResult =
  | { ok: true; user: UserAccount }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; limit: LimitName; retryAfterMs: number };

export type LinkProblem = 'invalid' | 'expired' | 'used';

/** One spelling per mailbox for counting and lookups: addresses differ only in case by accident. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Nothing reaches the stewards' queue from an account whose address is not confirmed. */
export function mustConfirmEmail(user: UserAccount): FormError[] {
  if (user.emailVerified) return [];
  return [
    {
      field: 'confirm-email',
      message:
        'Confirm your email address before you send anything to the directory team: open the link we emailed you, or press "Send the link again".',
    },
  ];
}

interface NewAccount {
  email: string;
  password: string;
  role?: Role;
  organisationName?: string | null;
  trusted?: boolean;
}

export function createAccounts(
  stores: Stores,
  mailer: Mailer,
  settings: AccountSettings,
  options: { rateLimits?: RateLimits; hasher?: PasswordHasher; clock?: Clock } = {},
) {
  const { links } = settings;
  const clock = options.clock ?? systemClock;
  const limits = options.rateLimits ?? createRateLimits(stores, settings.sessionSecret);
  const hasher = options.hasher ?? scryptHasher;
  // An unknown address is checked against this hash of a secret nobody knows: one hash check either way.
  const decoyHash = hasher.hash(randomBytes(32).toString('base64url'));

  const auditAccount = (db: Stores, user: UserAccount, action: string, after?: Record<string, unknown>) =>
    db.audit.recordAudit({ user, action, entity: 'user_account', entityId: user.id, after });

  async function insertAccount(
    db: Stores,
    input: NewAccount,
    passwordHash: string,
    emailVerified: boolean,
  ): Promise<UserAccount | null> {
    const user = await db.accounts.insertUser({
      email: input.email.trim(),
      passwordHash,
      role: input.role ?? 'organiser',
      trusted: input.trusted,
      emailVerified,
    });
    if (!user) return null;
    await auditAccount(db, user, 'register', { email: user.email, role: user.role });
    if (input.organisationName) {
      const organisation = await db.organizations.createOrganization(input.organisationName);
      await db.accounts.addMember(user.id, organisation.id);
      await db.audit.recordAudit({
        user,
        action: 'create',
        entity: 'organization',
        entityId: organisation.id,
        after: { name: organisation.name },
      });
    }
    return user;
  }

  async function sendConfirmLink(user: UserAccount): Promise<void> {
    const token = signToken(
      'confirm-email',
      user.id,
      settings.sessionSecret,
      CONFIRM_LIFETIME_HOURS * 3600_000,
      clock.now(),
    );
    await mailer.send(
      user.email,
      'Confirm your email address',
      [
        'Thank you for creating an account on the Community Activity Directory.',
        '',
        `Confirm this is your email address here within ${CONFIRM_LIFETIME_HOURS} hours: ${links.confirmEmail(token)}`,
        '',
        'Until you do, nothing you write is sent to the directory team.',
        'If you did not create this account, ignore this email: the account stays unconfirmed and can send nothing.',
      ].join('\n'),
    );
  }

  return {
    /** An account made by an operator (npm run create-user) or a test: its address counts as confirmed. */
    async createAccount(
      input: NewAccount,
    ): Promise<{ ok: true; user: UserAccount } | { ok: false; reason: 'taken' }> {
      const passwordHash = await hasher.hash(input.password);
      const user = await stores.transaction((db) => insertAccount(db, input, passwordHash, true));
      return user ? { ok: true, user } : { ok: false, reason: 'taken' };
    },

    /**
     * Registration through the form. The answer is the same whether or not the address has an account: a new
     * account gets a link to confirm the address, an existing one a note that someone tried to register with it.
     */
    async register(input: { email: string; password: string; organisationName: string | null }) {
      const passwordHash = await hasher.hash(input.password);
      const user = await stores.transaction((db) => insertAccount(db, input, passwordHash, false));
      if (user) return sendConfirmLink(user);
      const existing = await stores.accounts.findUserByEmail(input.email.trim());
      await mailer.send(
        existing?.email ?? input.email.trim(),
        'Someone tried to create an account with your email address',
        [
          'Someone (perhaps you) tried to create an account on the Community Activity Directory with this email address.',
          'You already have an account, so nothing has changed.',
          '',
          `Sign in here: ${links.signIn}`,
          `If you have forgotten your password, reset it here: ${links.forgotPassword}`,
          '',
          'If this was not you, you can ignore this email.',
        ].join('\n'),
      );
    },

    /** Sends a new confirmation link (the route limits how often); false when already confirmed. */
    async resendConfirmLink(user: UserAccount): Promise<boolean> {
      if (user.emailVerified) return false;
      await sendConfirmLink(user);
      return true;
    },

    checkConfirmLink(token: string) {
      return verifyToken(token, 'confirm-email', settings.sessionSecret, clock.now());
    },

    async confirmEmail(
      token: string,
    ): Promise<{ ok: true; user: UserAccount } | { ok: false; reason: LinkProblem }> {
      const check = verifyToken(token, 'confirm-email', settings.sessionSecret, clock.now());
      if (!check.valid) return { ok: false, reason: check.reason };
      return stores.transaction(async (db) => {
        const user = await db.accounts.findUserById(check.payload.subject);
        if (!user) return { ok: false as const, reason: 'invalid' as const };
        if (!(await db.accounts.useToken(check.payload.id)))
          return { ok: false as const, reason: 'used' as const };
        await db.accounts.markEmailVerified(user.id);
        await auditAccount(db, user, 'confirm-email');
        return { ok: true as const, user: { ...user, emailVerified: true } };
      });
    },

    /**
     * Checks the password; wrong ones are counted per account and connection, per account and per connection
     * (RATE_LIMITS). The same work for known and unknown addresses: one hash check, so timing tells nothing.
     */
    async signIn(email: string, password: string, ip: string): Promise<SignInResult> {
      const address = normaliseEmail(email);
      const counted = {
        signInAccountFromAddress: `${ip}|${address}`,
        signInAccount: address,
        signInAddress: ip,
      };
      // Counted before the check, atomically, so guesses sent all at once cannot slip past the limit.
      const allowed = await limits.consume(counted);
      if (!allowed.ok)
        return { ok: false, reason: 'locked', limit: allowed.limit, retryAfterMs: allowed.retryAfterMs };
      const found = await stores.accounts.findUserByEmail(address);
      const matches = await hasher.verify(password, found?.passwordHash ?? (await decoyHash));
      if (!found || !matches) return { ok: false, reason: 'wrong' };
      // Only wrong passwords count: a right one is given back, and clears its connection's count.
      await limits.reset({ signInAccountFromAddress: counted.signInAccountFromAddress });
      await limits.giveBack({ signInAccount: counted.signInAccount, signInAddress: counted.signInAddress });
      const { passwordHash: _omit, ...user } = found;
      void _omit;
      return { ok: true, user };
    },

    findUser: (id: string) => stores.accounts.findUserById(id),
    memberships: (userId: string) => stores.accounts.membershipsOf(userId),

    /** Always behaves the same, whether or not the address has an account. */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await stores.accounts.findUserByEmail(email.trim());
      if (!user) return;
      const token = signToken(
        'password-reset',
        user.id,
        settings.sessionSecret,
        RESET_LIFETIME_MS,
        clock.now(),
        user.credentialVersion,
      );
      await mailer.send(
        user.email,
        'Reset your password',
        [
          'Someone (hopefully you) asked to reset the password for your Community Activity Directory account.',
          '',
          `Choose a new password here within the next hour: ${links.resetPassword(token)}`,
          '',
          'The link works once. If you did not ask for this, ignore this e-mail: your password has not changed.',
        ].join('\n'),
      );
    },

    /**
     * A reset link is void once expired, used, or made before the password last changed; a used one says when.
     * Reads only: opening the link changes nothing.
     */
    async checkResetToken(
      token: string,
    ): Promise<{ ok: true } | { ok: false; reason: LinkProblem; usedAt?: Date | null }> {
      const check = verifyToken(token, 'password-reset', settings.sessionSecret, clock.now());
      if (!check.valid) return { ok: false, reason: check.reason };
      const user = await stores.accounts.findUserById(check.payload.subject);
      if (!user) return { ok: false, reason: 'invalid' };
      if (check.payload.version === user.credentialVersion) return { ok: true };
      return { ok: false, reason: 'used', usedAt: await stores.accounts.tokenUsedAt(check.payload.id) };
    },

    /** Sets the new password, confirms the address, ends every session of the account and lifts its sign-in lock. */
    async resetPassword(
      token: string,
      password: string,
    ): Promise<{ ok: true; user: UserAccount } | { ok: false; reason: LinkProblem }> {
      const check = verifyToken(token, 'password-reset', settings.sessionSecret, clock.now());
      if (!check.valid) return { ok: false, reason: check.reason };
      const passwordHash = await hasher.hash(password);
      const result = await stores.transaction(async (db) => {
        const user = await db.accounts.findUserById(check.payload.subject);
        if (!user) return { ok: false as const, reason: 'invalid' as const };
        const version = check.payload.version;
        if (version !== user.credentialVersion || !(await db.accounts.useToken(check.payload.id)))
          return { ok: false as const, reason: 'used' as const };
        if (!(await db.accounts.updatePasswordHash(user.id, passwordHash, version)))
          return { ok: false as const, reason: 'used' as const };
        await db.accounts.endSessionsOf(user.id);
        await auditAccount(db, user, 'reset-password');
        const changed: UserAccount = { ...user, emailVerified: true, credentialVersion: version + 1 };
        return { ok: true as const, user: changed };
      });
      if (result.ok) await limits.reset({ signInAccount: normaliseEmail(result.user.email) });
      return result;
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
