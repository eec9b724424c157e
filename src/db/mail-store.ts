// The mail outbox: every message the directory sends, which doubles as the development mailbox.
import type { Queryable } from './queryable.js';

export interface StoredMail {
  id: string;
  to: string;
  subject: string;
  body: string;
  sentAt: Date | null;
  error: string | null;
  createdAt: Date;
}

export async function insertMail(db: Queryable, to: string, subject: string, body: string): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO mail_outbox (to_address, subject, body) VALUES ($1, $2, $3) RETURNING id::text`,
    [to, subject, body],
  )) as { id: string }[];
  return rows[0].id;
}

export async function markMailSent(db: Queryable, id: string, error: string | null): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET sent_at = CASE WHEN $2::text IS NULL THEN now() END, error = $2 WHERE id = $1`,
    [id, error],
  );
}

export async function recentMail(db: Queryable, limit = 50, to?: string): Promise<StoredMail[]> {
  const rows = (await db.query(
    `SELECT id::text, to_address, subject, body, sent_at, error, created_at FROM mail_outbox
     WHERE $2::text IS NULL OR lower(to_address) = lower($2) ORDER BY mail_outbox.id DESC LIMIT $1`,
    [limit, to ?? null],
  )) as {
    id: string;
    to_address: string;
    subject: string;
    body: string;
    sent_at: Date | null;
    error: string | null;
    created_at: Date;
  }[];
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    body: r.body,
    sentAt: r.sent_at,
    error: r.error,
    createdAt: r.created_at,
  }));
}
