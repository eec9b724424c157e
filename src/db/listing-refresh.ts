// Everything search reads from listings, rebuilt: for a batch of listings just written, and for the whole
// directory each day (the roll), so sessions stay filled to the horizon and stale words drop out.
import type { EntityManager } from 'typeorm';
import type { Transactional } from './queryable.js';
import { mergePendingSearchEntries, refreshSearchFields } from './search-fields.js';
import { addSearchWords, rebuildSearchWords, refreshWordRarity } from './search-words.js';
import { recordSessionsRolled, refreshOccurrences } from './session-occurrences.js';

/**
 * Rebuilds what search reads from these listings: their sessions expanded to the horizon, the next-session
 * summaries, the search fields and the typo words. With `words: false` the caller adds the search words itself,
 * once for many batches (rebuildSearchWords).
 */
export async function refreshSessionsAndSearch(
  db: EntityManager,
  serviceIds: string[],
  now: Date,
  options: { words?: boolean } = {},
): Promise<void> {
  if (serviceIds.length === 0) return;
  // Sessions first, so the one update of each service row carries its search text and its session summary.
  const { summaries } = await refreshOccurrences(db, serviceIds, now);
  await refreshSearchFields(db, serviceIds, summaries);
  if (options.words !== false) await addSearchWords(db, serviceIds);
}

/**
 * Rolls the whole directory forward (run daily): every service's sessions and search data rebuilt from today, in
 * batches, each its own transaction. An aborted signal stops it between batches, before the day is recorded as
 * rolled, so the next run starts again.
 */
export async function rollDirectoryForward(
  dataSource: Transactional,
  now: Date,
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  const ids = ((await dataSource.query('SELECT id FROM service ORDER BY id')) as { id: string }[]).map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const batch = ids.slice(i, i + batchSize);
    await dataSource.transaction((db) => refreshSessionsAndSearch(db, batch, now, { words: false }));
  }
  await mergePendingSearchEntries(dataSource);
  // Words that no listed activity uses any more stop being offered as corrections.
  await rebuildSearchWords(dataSource);
  await refreshWordRarity(dataSource);
  await recordSessionsRolled(dataSource, now);
  return ids.length;
}
