// SQL for accounts, organisation membership, sign-in failures and one-time links.
import type { Queryable } from './rows.js';

export type Role = 'organiser' | 'link_worker' | 'steward';
export const ROLES: readonly Role[] = ['organiser', 'link_worker', 'steward'];

export interface UserAccount {
  id: string;
  email: string;
  role: Role;
  trusted: boolean;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  trusted: boolean;
  created_at: Date;
  password_hash: string;
}

const toUser = (row: UserRow): UserAccount => ({
  id: String(row.id),
  email: row.email,
  role: row.role,
  trusted: row.trusted,
  createdAt: row.created_at,
});

export async function insertUser(
  db: Queryable,
  user: { email: string; passwordHash: string; role: Role; trusted?: boolean },
): Promise<UserAccount | null> {
  const rows = (await db.query(
    `INSERT INTO user_account (email, password_hash, role, trusted) VALUES ($1, $2, $3, $4)
     ON CONFLICT ((lower(email))) DO NOTHING
     RETURNING id::text, email, role, trusted, created_at, password_hash`,
    [user.email, user.passwordHash, user.role, user.trusted ?? false],
  )) as UserRow[];
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<(UserAccount & { passwordHash: string }) | null> {
  const rows = (await db.query(
    `SELECT id::text, email, role, trusted, created_at, password_hash FROM user_account WHERE lower(email) = lower($1)`,
    [email],
  )) as UserRow[];
  return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserAccount | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(
    `SELECT id::text, email, role, trusted, created_at, password_hash FROM user_account WHERE id = $1`,
    [id],
  )) as UserRow[];
  return rows[0] ? toUser(rows[0]) : null;
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query(`UPDATE user_account SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
}

export async function setTrusted(db: Queryable, userId: string, trusted: boolean): Promise<void> {
  await db.query(`UPDATE user_account SET trusted = $2 WHERE id = $1`, [userId, trusted]);
}

export async function membershipsOf(db: Queryable, userId: string): Promise<{ id: string; name: string }[]> {
  return (await db.query(
    `SELECT o.id, o.name FROM organization_member m JOIN organization o ON o.id = m.organization_id
     WHERE m.user_id = $1 ORDER BY o.name`,
    [userId],
  )) as { id: string; name: string }[];
}

export async function isMember(db: Queryable, userId: string, organizationId: string): Promise<boolean> {
  const rows = (await db.query(
    `SELECT 1 FROM organization_member WHERE user_id = $1 AND organization_id = $2`,
    [userId, organizationId],
  )) as unknown[];
  return rows.length > 0;
}

export async function addMember(db: Queryable, userId: string, organizationId: string): Promise<void> {
  await db.query(
    `INSERT INTO organization_member (user_id, organization_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [userId, organizationId],
  );
}

export async function organiserEmails(db: Queryable, organizationId: string): Promise<string[]> {
  const rows = (await db.query(
    `SELECT u.email FROM organization_member m JOIN user_account u ON u.id = m.user_id
     WHERE m.organization_id = $1 ORDER BY u.email`,
    [organizationId],
  )) as { email: string }[];
  return rows.map((r) => r.email);
}

export async function recentSignInFailures(
  db: Queryable,
  key: string,
  windowMinutes: number,
): Promise<number> {
  const rows = (await db.query(
    `SELECT count(*)::int AS n FROM sign_in_failure WHERE key = $1 AND failed_at > now() - make_interval(mins => $2)`,
    [key, windowMinutes],
  )) as { n: number }[];
  return rows[0].n;
}

export async function recordSignInFailure(db: Queryable, key: string): Promise<void> {
  await db.query(`INSERT INTO sign_in_failure (key) VALUES ($1)`, [key]);
  // Old failures are worthless; trimming here keeps the table small without a separate job.
  await db.query(`DELETE FROM sign_in_failure WHERE failed_at < now() - interval '1 day'`);
}

export async function clearSignInFailures(db: Queryable, key: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_failure WHERE key = $1`, [key]);
}

/** Marks a one-time link as used; false when it was used before. */
export async function useToken(db: Queryable, tokenId: string): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO used_token (token_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING token_id`,
    [tokenId],
  )) as unknown[];
  return rows.length > 0;
}
