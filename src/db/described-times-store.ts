// Times read from descriptions (schedule rows with `from_description` set) waiting for a steward, and the
// stewards' decisions on them, which the next import of the same words respects.
import { evidenceOf } from '../domain/description-times.js';
import type { Queryable } from './queryable.js';

export interface TimesDecision {
  /** Each proposed schedule's words, one a line, in the proposals' order. */
  evidence: string;
  decision: 'confirmed' | 'rejected';
}

export interface ProposedSchedule {
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  opens_at: string | null;
  closes_at: string | null;
  from_description: string;
}

export interface ListingWithProposedTimes {
  serviceId: string;
  name: string;
  organizationName: string | null;
  schedules: ProposedSchedule[];
}

/** Every decision stewards have made, by service id (few: one per listing a steward looked at). */
export async function timesDecisions(db: Queryable): Promise<Map<string, TimesDecision>> {
  const rows = (await db.query(
    'SELECT service_id, evidence, decision FROM described_times_decision',
  )) as (TimesDecision & { service_id: string })[];
  return new Map(rows.map((r) => [r.service_id, { evidence: r.evidence, decision: r.decision }]));
}

/** Listings whose times were read from their description and wait for a steward: the oldest first. */
export async function proposedTimes(
  db: Queryable,
  limit: number,
): Promise<{ total: number; listings: ListingWithProposedTimes[] }> {
  const [{ total }] = (await db.query(
    'SELECT count(DISTINCT service_id)::int AS total FROM schedule WHERE from_description IS NOT NULL',
  )) as { total: number }[];
  const rows = (await db.query(
    `WITH waiting AS (
       SELECT s.id, s.name, o.name AS organization_name, s.updated_at FROM service s
       LEFT JOIN organization o ON o.id = s.organization_id
       WHERE s.id IN (SELECT service_id FROM schedule WHERE from_description IS NOT NULL)
       ORDER BY s.updated_at, s.id LIMIT $1)
     SELECT w.id AS service_id, w.name, w.organization_name, sc.freq, sc.interval, sc.byday,
       to_char(sc.opens_at, 'HH24:MI') AS opens_at, to_char(sc.closes_at, 'HH24:MI') AS closes_at,
       sc.from_description
     FROM waiting w JOIN schedule sc ON sc.service_id = w.id AND sc.from_description IS NOT NULL
     ORDER BY w.updated_at, w.id, sc.id`,
    [limit],
  )) as (ProposedSchedule & { service_id: string; name: string; organization_name: string | null })[];
  const listings = new Map<string, ListingWithProposedTimes>();
  for (const { service_id, name, organization_name, ...schedule } of rows) {
    let listing = listings.get(service_id);
    if (!listing) {
      listing = { serviceId: service_id, name, organizationName: organization_name, schedules: [] };
      listings.set(service_id, listing);
    }
    listing.schedules.push(schedule);
  }
  return { total, listings: [...listings.values()] };
}

/**
 * A steward's decision on a listing's proposed times: confirmed ones become plain schedules, rejected ones go.
 * Kept with the words decided on. Gives those words; null when nothing was waiting. The caller refreshes what search
 * reads from the listing, in the same transaction.
 */
export async function decideProposedTimes(
  db: Queryable,
  serviceId: string,
  decision: 'confirmed' | 'rejected',
  stewardId: string,
  now: Date,
): Promise<string | null> {
  const waiting = (await db.query(
    `SELECT id, from_description FROM schedule WHERE service_id = $1 AND from_description IS NOT NULL
     ORDER BY id FOR UPDATE`,
    [serviceId],
  )) as { id: string; from_description: string }[];
  if (waiting.length === 0) return null;
  const evidence = evidenceOf(waiting);
  await db.query(
    decision === 'confirmed'
      ? 'UPDATE schedule SET from_description = NULL WHERE service_id = $1 AND from_description IS NOT NULL'
      : 'DELETE FROM schedule WHERE service_id = $1 AND from_description IS NOT NULL',
    [serviceId],
  );
  await db.query(
    `INSERT INTO described_times_decision (service_id, evidence, decision, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (service_id) DO UPDATE SET evidence = EXCLUDED.evidence, decision = EXCLUDED.decision,
       decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
    [serviceId, evidence, decision, stewardId, now],
  );
  return evidence;
}
