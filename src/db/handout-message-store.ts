// SQL for handouts sent to a person by email or text message. Once a message's status is final its full address
// or number is cleared, here and in the mail outbox, leaving the masked form.
import type { MessageChannel, MessageStatus } from '../domain/handout-message.js';
import type { Queryable } from './queryable.js';

export interface HandoutMessageRecord {
  id: string;
  channel: MessageChannel;
  status: MessageStatus;
  /** The full address or number, null once the status is final. */
  recipient: string | null;
  recipientMasked: string;
  body: string;
  shareLink: string;
  notifyId: string | null;
  attempts: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id::text, channel, status, recipient, recipient_masked, body, share_link, notify_id, attempts, error,
  created_at, updated_at`;

interface Row {
  id: string;
  channel: MessageChannel;
  status: MessageStatus;
  recipient: string | null;
  recipient_masked: string;
  body: string;
  share_link: string;
  notify_id: string | null;
  attempts: number;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const record = (r: Row): HandoutMessageRecord => ({
  id: r.id,
  channel: r.channel,
  status: r.status,
  recipient: r.recipient,
  recipientMasked: r.recipient_masked,
  body: r.body,
  shareLink: r.share_link,
  notifyId: r.notify_id,
  attempts: r.attempts,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertHandoutMessage(
  db: Queryable,
  message: {
    channel: MessageChannel;
    recipient: string;
    recipientMasked: string;
    body: string;
    shareLink: string;
    mailId: string | null;
    at: Date;
  },
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO handout_message (channel, recipient, recipient_masked, body, share_link, mail_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id::text`,
    [
      message.channel,
      message.recipient,
      message.recipientMasked,
      message.body,
      message.shareLink,
      message.mailId,
      message.at,
    ],
  )) as { id: string }[];
  return rows[0].id;
}

export async function findHandoutMessage(db: Queryable, id: string): Promise<HandoutMessageRecord | null> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM handout_message WHERE id = $1`, [id])) as Row[];
  return rows[0] ? record(rows[0]) : null;
}

/** Messages of one channel in one status, oldest first. */
export async function handoutMessagesIn(
  db: Queryable,
  channel: MessageChannel,
  status: MessageStatus,
  limit: number,
): Promise<HandoutMessageRecord[]> {
  const rows = (await db.query(
    `SELECT ${COLUMNS} FROM handout_message WHERE status = $1 AND channel = $2 ORDER BY id LIMIT $3`,
    [status, channel, limit],
  )) as Row[];
  return rows.map(record);
}

/** The newest messages of a channel, for the stewards' mailbox. */
export async function recentHandoutMessages(
  db: Queryable,
  channel: MessageChannel,
  limit: number,
): Promise<HandoutMessageRecord[]> {
  const rows = (await db.query(
    `SELECT ${COLUMNS} FROM handout_message WHERE channel = $1 ORDER BY id DESC LIMIT $2`,
    [channel, limit],
  )) as Row[];
  return rows.map(record);
}

/** Whether the mail server took the message's mail: sent, refused (with the error), or not tried yet. */
export async function mailOutcome(
  db: Queryable,
  mailId: string,
): Promise<{ sentAt: Date | null; error: string | null } | null> {
  const rows = (await db.query(`SELECT sent_at, error FROM mail_outbox WHERE id = $1`, [mailId])) as {
    sent_at: Date | null;
    error: string | null;
  }[];
  return rows[0] ? { sentAt: rows[0].sent_at, error: rows[0].error } : null;
}

/** Notify has the message: its id and a status still to be final. */
export async function markHandoutMessageSending(
  db: Queryable,
  id: string,
  notifyId: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE handout_message SET status = 'sending', notify_id = $2, attempts = attempts + 1, error = NULL,
       updated_at = $3 WHERE id = $1`,
    [id, notifyId, at],
  );
}

/** A try that did not reach Notify: counted, with why, and left waiting for the next run. */
export async function recordHandoutMessageAttempt(
  db: Queryable,
  id: string,
  error: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE handout_message SET attempts = attempts + 1, error = $2, updated_at = $3 WHERE id = $1`,
    [id, error, at],
  );
}

/**
 * The final status: the full address or number is cleared, and the mail outbox's copy of an email is addressed
 * to the masked form from now on.
 */
export async function finishHandoutMessage(
  db: Queryable,
  id: string,
  status: MessageStatus,
  error: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    `WITH done AS (
       UPDATE handout_message SET status = $2, error = $3, recipient = NULL, updated_at = $4
       WHERE id = $1 RETURNING mail_id, recipient_masked)
     UPDATE mail_outbox SET to_address = done.recipient_masked FROM done WHERE mail_outbox.id = done.mail_id`,
    [id, status, error, at],
  );
}

/** Messages past waiting or sending too long, whose full address or number should go: their ids. */
export async function overdueHandoutMessages(
  db: Queryable,
  waitingSince: Date,
  sendingSince: Date,
): Promise<{ id: string; status: MessageStatus }[]> {
  return (await db.query(
    `SELECT id::text, status FROM handout_message
     WHERE (status = 'waiting' AND created_at < $1) OR (status = 'sending' AND updated_at < $2) ORDER BY id`,
    [waitingSince, sendingSince],
  )) as { id: string; status: MessageStatus }[];
}
