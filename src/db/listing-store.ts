// Writes imported listings: each batch in one transaction, each activity replaced whole or not at all.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { refreshSessionsAndSearch } from './listing-refresh.js';
import { listingColumns, type Listing, type ListingOrigin } from './listing.js';
import { insertRows, type Column } from './batch-insert.js';
import { EDITOR_SOURCE_NAME, recordListingSources } from './listing-source-store.js';
import type { Queryable, Transactional } from './queryable.js';
import { enqueueSearchChanges } from './search-outbox.js';

const upsert = { key: ['id'], update: true };

export interface StoreResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
}

function sortedBy<T>(rows: T[], key: (row: T) => string): T[] {
  return rows
    .map((row) => [key(row), row] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}

const byId = <T extends { id: string }>(rows: T[]) => sortedBy(rows, (row) => row.id);

const sameValue = (stored: unknown, given: unknown) =>
  (stored ?? null) === (given ?? null) ||
  (stored != null && given != null && String(stored) === String(given));

/** The rows that are new or differ from what is stored, compared column by column. */
async function changedRows<T extends { id: string }>(
  db: EntityManager,
  table: string,
  columns: Column[],
  rows: T[],
): Promise<T[]> {
  if (rows.length === 0) return rows;
  const names = columns.map(([name, type]) => (type === 'polygon' ? `"${name}"::text` : `"${name}"`));
  const stored = new Map(
    (
      (await db.query(`SELECT ${names.join(', ')} FROM ${table} WHERE id = ANY($1)`, [
        rows.map((row) => row.id),
      ])) as Record<string, unknown>[]
    ).map((row) => [row.id as string, row]),
  );
  return rows.filter((row) => {
    const old = stored.get(row.id);
    return !old || columns.some(([name]) => !sameValue(old[name], (row as Record<string, unknown>)[name]));
  });
}

/** A stable fingerprint of everything a listing holds, so an unchanged re-import writes nothing. */
export function listingHash(listing: Listing): string {
  // Where it came from is not content: the same listing from two sources hashes the same.
  const { origin: _origin, ...content } = listing;
  // The order of children in a feed is not content: an export read back in id order hashes the same.
  const canonical: Listing = {
    ...content,
    locations: sortedBy(listing.locations, (b) => b.location.id).map((b) => ({
      location: b.location,
      addresses: byId(b.addresses),
      accessibility: byId(b.accessibility),
    })),
    serviceAtLocations: byId(listing.serviceAtLocations),
    schedules: byId(listing.schedules),
    cancellations: sortedBy(listing.cancellations, (c) => `${c.schedule_id}\u0000${c.date}`),
    taxonomies: byId(listing.taxonomies),
    terms: byId(listing.terms),
    attributes: byId(listing.attributes),
    contacts: byId(listing.contacts),
    phones: byId(listing.phones),
    costOptions: byId(listing.costOptions),
    serviceAreas: byId(listing.serviceAreas),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function unique<T extends { id: string }>(rows: T[]): T[] {
  return [...new Map(rows.map((row) => [row.id, row])).values()];
}

async function writeListings(
  db: EntityManager,
  listings: Listing[],
  source: string,
  now: string,
): Promise<void> {
  const columns = listingColumns(db.dataSource);
  const ids = listings.map((l) => l.service.id);
  const all = <T>(pick: (l: Listing) => T[]) => listings.flatMap(pick);

  // Rows several activities share (organisations, terms, venues) are written only when new or changed, in id
  // order: an unchanged shared row is never locked, so import batches can run side by side without waiting.
  const shared = async <T extends { id: string }>(table: string, columns: Column[], rows: T[]) =>
    insertRows(db, table, columns, byId(await changedRows(db, table, columns, unique(rows))), upsert);
  await shared(
    'organization',
    columns.organization,
    all((l) => (l.organization ? [l.organization] : [])),
  );
  await insertRows(db, 'taxonomy', columns.taxonomy, byId(unique(all((l) => l.taxonomies))), {
    key: ['id'],
    update: false,
  });
  // Terms referenced before their parents would break the parent link; parents are kept where known.
  await shared(
    'taxonomy_term',
    columns.taxonomyTerm,
    all((l) => l.terms),
  );
  const bundles = all((l) => l.locations);
  const locationIds = [...new Set(bundles.map((b) => b.location.id))].sort();
  await shared(
    'location',
    columns.location,
    bundles.map((b) => b.location),
  );
  // A venue's addresses are replaced: those no longer given go, the rest are upserted when changed.
  const addresses = bundles.flatMap((b) => b.addresses);
  const accessibility = bundles.flatMap((b) => b.accessibility);
  await db.query('DELETE FROM address WHERE location_id = ANY($1) AND id <> ALL($2)', [
    locationIds,
    addresses.map((a) => a.id),
  ]);
  await db.query('DELETE FROM accessibility WHERE location_id = ANY($1) AND id <> ALL($2)', [
    locationIds,
    accessibility.map((a) => a.id),
  ]);
  await shared('address', columns.address, addresses);
  await shared('accessibility', columns.accessibility, accessibility);

  const services = listings.map((l) => ({
    ...l.service,
    content_hash: listingHash(l),
    source,
    updated_at: now,
  }));
  await insertRows(db, 'service', columns.service, services, upsert);

  // Everything a service owns is replaced, so removed schedules, phones or tags really go.
  await db.query(
    `DELETE FROM phone WHERE service_id = ANY($1) OR contact_id IN (SELECT id FROM contact WHERE service_id = ANY($1))`,
    [ids],
  );
  await db.query('DELETE FROM contact WHERE service_id = ANY($1)', [ids]);
  await db.query('DELETE FROM schedule WHERE service_id = ANY($1)', [ids]);
  await db.query('DELETE FROM service_at_location WHERE service_id = ANY($1)', [ids]);
  await db.query('DELETE FROM cost_option WHERE service_id = ANY($1)', [ids]);
  await db.query('DELETE FROM service_area WHERE service_id = ANY($1)', [ids]);
  await db.query(`DELETE FROM attribute WHERE link_entity = 'service' AND link_id = ANY($1)`, [ids]);

  await insertRows(
    db,
    'service_at_location',
    columns.serviceAtLocation,
    all((l) => l.serviceAtLocations),
    upsert,
  );
  await insertRows(
    db,
    'schedule',
    columns.schedule,
    all((l) => l.schedules),
    upsert,
  );
  await insertRows(
    db,
    'schedule_cancellation',
    columns.cancellation,
    all((l) => l.cancellations),
    {
      key: ['schedule_id', 'date'],
      update: true,
    },
  );
  await insertRows(
    db,
    'attribute',
    columns.attribute,
    all((l) => l.attributes),
    upsert,
  );
  await insertRows(
    db,
    'contact',
    columns.contact,
    all((l) => l.contacts),
    upsert,
  );
  await insertRows(
    db,
    'phone',
    columns.phone,
    all((l) => l.phones),
    upsert,
  );
  await insertRows(
    db,
    'cost_option',
    columns.costOption,
    all((l) => l.costOptions),
    upsert,
  );
  await insertRows(
    db,
    'service_area',
    columns.serviceArea,
    all((l) => l.serviceAreas),
    upsert,
  );
}

/**
 * Stores a batch atomically. Listings whose content is unchanged are not touched; the rest are
 * replaced whole and their search data and session occurrences are rebuilt in the same transaction.
 */
export async function storeListings(
  dataSource: Transactional,
  listings: Listing[],
  options: { source: string; dryRun?: boolean; now?: Date },
): Promise<StoreResult> {
  const result: StoreResult = { inserted: [], updated: [], unchanged: [] };
  // Later duplicates of the same id in one batch win, as they would in a sequential import.
  const byId = new Map(listings.map((l) => [l.service.id, l]));
  const batch = [...byId.values()];
  const existing = new Map<string, string>(
    (
      (await dataSource.query('SELECT id, content_hash FROM service WHERE id = ANY($1)', [
        batch.map((l) => l.service.id),
      ])) as {
        id: string;
        content_hash: string;
      }[]
    ).map((row) => [row.id, row.content_hash]),
  );
  const changed: Listing[] = [];
  const now = options.now ?? new Date();
  const origins: { serviceId: string; origin: ListingOrigin }[] = [];
  for (const listing of batch) {
    const previous = existing.get(listing.service.id);
    const hash = previous === undefined && options.source !== 'editor' ? null : listingHash(listing);
    const origin = listing.origin ?? (options.source === 'editor' ? editorOrigin(listing, hash!, now) : null);
    if (origin) origins.push({ serviceId: listing.service.id, origin });
    if (previous === undefined) result.inserted.push(listing.service.id);
    else if (previous === hash) {
      result.unchanged.push(listing.service.id);
      continue;
    } else result.updated.push(listing.service.id);
    changed.push(listing);
  }
  if (options.dryRun) return result;
  // Listings found unchanged still record that their source gave them again: one statement for the batch.
  if (changed.length === 0) {
    await recordListingSources(dataSource, origins, now);
    return result;
  }
  await dataSource.transaction(async (db) => {
    // A bulk import can be run again, so its batches need not wait for the disk; a change typed in the
    // editor must.
    if (options.source !== 'editor') await db.query('SET LOCAL synchronous_commit = off');
    await writeListings(db, changed, options.source, now.toISOString());
    await recordListingSources(db, origins, now);
    await refreshSessionsAndSearch(
      db,
      changed.map((l) => l.service.id),
      now,
    );
    // Same transaction: an external search index can never miss a committed change.
    await enqueueSearchChanges(
      db,
      changed.map((l) => l.service.id),
      'upsert',
    );
  });
  return result;
}

/** A listing the group published in the editor: its own source, "the group itself". */
function editorOrigin(listing: Listing, hash: string, now: Date): ListingOrigin {
  return {
    kind: 'editor',
    name: EDITOR_SOURCE_NAME,
    address: '',
    sourceId: listing.service.id,
    fetchedAt: now.toISOString(),
    contentHash: hash,
    reviewedOn: listing.service.assured_date ?? null,
  };
}

/** Which of these organisation or taxonomy term ids the directory already holds. */
export async function existingIds(
  db: Queryable,
  table: 'organization' | 'taxonomy_term',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await db.query(`SELECT id FROM ${table} WHERE id = ANY($1)`, [ids])) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
