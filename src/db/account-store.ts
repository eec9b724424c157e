// SQL for accounts, organisation membership, their sessions and one-time links.
import type { Role, UserAccount } from '../domain/account.js';
import type { Queryable } from './queryable.js';

interface UserRow {
  id: string;
  email: string;
  role: Role;
  trusted: boolean;
  email_verified: boolean;
  credential_version: number;
  created_at: Date;
  password_hash: string;
}

const USER_COLUMNS = `id::text, email, role, trusted, email_verified, credential_version, created_at, password_hash`;

const toUser = (row: UserRow): UserAccount => ({
  id: String(row.id),
  email: row.email,
  role: row.role,
  trusted: row.trusted,
  emailVerified: row.email_verified,
  credentialVersion: row.credential_version,
  createdAt: row.created_at,
});

export async function insertUser(
  db: Queryable,
  user: { email: string; passwordHash: string; role: Role; trusted?: boolean; emailVerified: boolean },
): Promise<UserAccount | null> {
  const rows = (await db.query(
    `INSERT INTO user_account (email, password_hash, role, trusted, email_verified) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ((lower(email))) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    [user.email, user.passwordHash, user.role, user.trusted ?? false, user.emailVerified],
  )) as UserRow[];
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<(UserAccount & { passwordHash: string }) | null> {
  const rows = (await db.query(`SELECT ${USER_COLUMNS} FROM user_account WHERE lower(email) = lower($1)`, [
    email,
  ])) as UserRow[];
  return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserAccount | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`SELECT ${USER_COLUMNS} FROM user_account WHERE id = $1`, [id])) as UserRow[];
  return rows[0] ? toUser(rows[0]) : null;
}

/**
 * A new password, which also confirms the address (the reset link reached it) and voids older credentials.
 * False when the credential version moved on meanwhile (another reset won).
 */
export async function updatePasswordHash(
  db: Queryable,
  userId: string,
  passwordHash: string,
  credentialVersion: number,
): Promise<boolean> {
  const rows = (await db.query(
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], whose length is always 2.
    `WITH changed AS (
       UPDATE user_account SET password_hash = $2, email_verified = true, credential_version = credential_version + 1
       WHERE id = $1 AND credential_version = $3 RETURNING id
     ) SELECT id FROM changed`,
    [userId, passwordHash, credentialVersion],
  )) as unknown[];
  return rows.length > 0;
}

export async function markEmailVerified(db: Queryable, userId: string): Promise<void> {
  await db.query(`UPDATE user_account SET email_verified = true WHERE id = $1`, [userId]);
}

/** Ends every session signed in as this user (rows of connect-pg-simple's http_session). */
export async function endSessionsOf(db: Queryable, userId: string): Promise<void> {
  await db.query(`DELETE FROM http_session WHERE sess->>'userId' = $1`, [userId]);
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

/** Marks a one-time link as used; false when it was used before. */
export async function useToken(db: Queryable, tokenId: string): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO used_token (token_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING token_id`,
    [tokenId],
  )) as unknown[];
  return rows.length > 0;
}

/** When a one-time link was used, or null if it never was. */
export async function tokenUsedAt(db: Queryable, tokenId: string): Promise<Date | null> {
  const rows = (await db.query(`SELECT used_at FROM used_token WHERE token_id = $1`, [tokenId])) as {
    used_at: Date;
  }[];
  return rows[0]?.used_at ?? null;
}
