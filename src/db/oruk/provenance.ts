// Where each service came from, in Open Referral's terms: HSDS 3.0 `metadata` entries (resource_id, resource_type,
// last_action_date, last_action_type, field_name, previous_value, replacement_value, updated_by), from the
// listing_source table. Each source gives one entry per fact: its address (the feed or file; "editor" for the
// group's own edits), the service's id there and the hash of the record as received, all dated when that content
// arrived and updated by the source's name; and, when the publisher gave one, its own last-reviewed date. A listing
// that other sources' listings were merged into gives their entries too.
import { createHash } from 'node:crypto';
import type { Queryable } from '../queryable.js';
import { query, type OrukRecord } from './rows-to-records.js';

/** A stable UUID for one entry, from what it describes, so the same fact keeps its id on every request. */
function entryId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Each service's metadata entries, the source seen most recently first. */
export async function provenanceOf(db: Queryable, serviceIds: string[]): Promise<Map<string, OrukRecord[]>> {
  const byService = new Map<string, OrukRecord[]>();
  if (!serviceIds.length) return byService;
  const rows = await query(
    db,
    // A listing's own sources and those of the listings merged into it (listing_merge), as its page shows them.
    `WITH RECURSIVE listing(service_id, id, depth) AS (
       SELECT id, id, 0 FROM unnest($1::text[]) AS id
       UNION ALL
       SELECT listing.service_id, lm.merged_service_id, listing.depth + 1
       FROM listing_merge lm JOIN listing ON lm.kept_service_id = listing.id
       WHERE lm.status = 'merged' AND listing.depth < 20
     )
     SELECT listing.service_id, ls.kind, ls.address, ls.name, ls.source_id, ls.content_hash,
       ls.reviewed_on::text AS reviewed_on, to_char(ls.fetched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS fetched_on
     FROM listing JOIN listing_source ls ON ls.service_id = listing.id
     ORDER BY listing.service_id, ls.last_seen_at DESC, ls.kind, ls.address`,
    [serviceIds],
  );
  for (const row of rows) {
    const serviceId = row.service_id as string;
    const kind = row.kind as string;
    const address = row.address as string;
    const entry = (field: string, value: string, date: string, action: string): OrukRecord => ({
      id: entryId(serviceId, kind, address, field),
      resource_id: serviceId,
      resource_type: 'service',
      last_action_date: date,
      last_action_type: action,
      field_name: field,
      previous_value: '',
      replacement_value: value,
      updated_by: row.name as string,
    });
    const action = kind === 'editor' ? 'edit' : kind === 'feed' ? 'feed import' : 'file import';
    const fetchedOn = row.fetched_on as string;
    const entries = [
      entry('source', kind === 'editor' ? 'editor' : address, fetchedOn, action),
      entry('source_id', row.source_id as string, fetchedOn, action),
      entry('content_hash', `sha256:${row.content_hash as string}`, fetchedOn, action),
    ];
    if (row.reviewed_on) {
      const reviewed = row.reviewed_on as string;
      entries.push(entry('assured_date', reviewed, reviewed, 'review'));
    }
    const list = byService.get(serviceId);
    if (list) list.push(...entries);
    else byService.set(serviceId, entries);
  }
  return byService;
}
