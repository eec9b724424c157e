// Database rows → Open Referral UK JSON records: null fields left out, links made absolute, rows grouped
// under the records they belong to, and records returned in the order their ids were asked for.
import type { Queryable } from '../queryable.js';

/** A JSON object as the API sends it: HSDS field names, null fields left out. */
export type OrukRecord = Record<string, unknown>;

export type Row = Record<string, unknown>;
export const query = (db: Queryable, sql: string, values: unknown[]) =>
  db.query(sql, values) as Promise<Row[]>;

/** Drops null fields: ORUK types most fields as plain strings or numbers, never null. */
export function compact(row: Record<string, unknown>): OrukRecord {
  const out: OrukRecord = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Fields typed `format: uri`; a bare "www.example.org" gains its scheme, anything unusable is left out. */
function absoluteUri(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const candidate = value.trim();
  for (const attempt of [candidate, `https://${candidate}`]) {
    try {
      const url = new URL(attempt);
      if (/^https?:$/.test(url.protocol) && !url.hostname.includes('.')) continue;
      return attempt === candidate ? candidate : url.toString();
    } catch {
      // not a URL in this form; try the next
    }
  }
  return null;
}

export function withUris(row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out = { ...row };
  for (const field of fields) if (field in out) out[field] = absoluteUri(out[field]);
  return out;
}

export function groupBy<T extends Record<string, unknown>>(rows: T[], key: keyof T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const value = row[key];
    if (typeof value !== 'string') continue;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return groups;
}

export const inOrder = <T>(ids: string[], byId: Map<string, T>): T[] =>
  ids.map((id) => byId.get(id)).filter((record): record is T => record !== undefined);
