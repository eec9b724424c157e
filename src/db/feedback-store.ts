// SQL for feedback sent from the contact page, one more kind of item in the steward queue.
import { returnedRows, type Queryable } from './queryable.js';

export interface FeedbackItem {
  id: string;
  topic: string;
  message: string;
  replyEmail: string | null;
  status: 'open' | 'handled';
  createdAt: Date;
}

const FEEDBACK_SELECT = `SELECT id::text, topic, message, reply_email, status, created_at FROM feedback`;

type FeedbackRow = {
  id: string;
  topic: string;
  message: string;
  reply_email: string | null;
  status: FeedbackItem['status'];
  created_at: Date;
};

const toFeedback = (r: FeedbackRow): FeedbackItem => ({
  id: r.id,
  topic: r.topic,
  message: r.message,
  replyEmail: r.reply_email,
  status: r.status,
  createdAt: r.created_at,
});

export async function insertFeedback(
  db: Queryable,
  feedback: { topic: string; message: string; replyEmail: string | null },
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO feedback (topic, message, reply_email) VALUES ($1, $2, $3) RETURNING id::text`,
    [feedback.topic, feedback.message, feedback.replyEmail],
  )) as { id: string }[];
  return rows[0].id;
}

export async function openFeedback(db: Queryable): Promise<FeedbackItem[]> {
  return ((await db.query(`${FEEDBACK_SELECT} WHERE status = 'open' ORDER BY id`)) as FeedbackRow[]).map(
    toFeedback,
  );
}

export async function findFeedback(db: Queryable, id: string): Promise<FeedbackItem | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${FEEDBACK_SELECT} WHERE id = $1`, [id])) as FeedbackRow[];
  return rows[0] ? toFeedback(rows[0]) : null;
}

/** Marks feedback handled; false when it was handled already or does not exist. */
export async function markFeedbackHandled(db: Queryable, id: string, stewardId: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(id)) return false;
  const rows = await returnedRows(
    db,
    `UPDATE feedback SET status = 'handled', handled_by = $2, handled_at = now()
     WHERE id = $1 AND status = 'open' RETURNING id`,
    [id, stewardId],
  );
  return rows.length > 0;
}
