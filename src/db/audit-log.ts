// The audit log: who changed what, when, which fields, before and after.
import { changedFields } from '../domain/moderation.js';
import type { Queryable } from './queryable.js';

export interface AuditEntry {
  /** The signed-in user, or null for a signed link or the system. */
  user: { id: string; email: string } | null;
  /** Shown when there is no user: "still-accurate link", "freshness job". */
  actor?: string;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditRecord {
  id: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date;
}

export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (user_id, actor, action, entity, entity_id, fields, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.user?.id ?? null,
      entry.user?.email ?? entry.actor ?? 'system',
      entry.action,
      entry.entity,
      entry.entityId,
      changedFields(entry.before, entry.after),
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
    ],
  );
}

export async function auditEntries(
  db: Queryable,
  filter: { entity?: string; entityId?: string; limit?: number },
): Promise<AuditRecord[]> {
  const rows = (await db.query(
    `SELECT id::text, actor, action, entity, entity_id, fields, before, after, created_at FROM audit_log
     WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
     ORDER BY audit_log.id DESC LIMIT $3`,
    [filter.entity ?? null, filter.entityId ?? null, filter.limit ?? 100],
  )) as {
    id: string;
    actor: string;
    action: string;
    entity: string;
    entity_id: string;
    fields: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    created_at: Date;
  }[];
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    fields: r.fields,
    before: r.before,
    after: r.after,
    createdAt: r.created_at,
  }));
}
