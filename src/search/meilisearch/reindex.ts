// Full rebuild of the Meilisearch index from Postgres into a fresh index that is then swapped in,
// so search keeps answering from the old index while the new one fills.
import type { Meilisearch } from 'meilisearch';
import type { DataSource } from 'typeorm';
import { clearOutbox, pendingOutboxIds } from '../../db/search-outbox.js';
import { allServiceIds, loadDocuments } from './documents.js';
import { activityIndexSettings } from './settings.js';

export interface ReindexReport {
  documents: number;
  /** Outbox rows the rebuild made redundant and removed. */
  outboxCleared: number;
}

async function succeeded(
  promise: {
    waitTask(options?: { timeout?: number }): Promise<{ status: string; error?: { message: string } | null }>;
  },
  what: string,
) {
  const task = await promise.waitTask({ timeout: 10 * 60 * 1000 });
  if (task.status !== 'succeeded') throw new Error(`${what} failed: ${task.error?.message ?? task.status}`);
}

export async function reindexMeilisearch(
  dataSource: DataSource,
  client: Meilisearch,
  indexUid: string,
  options: { batchSize?: number; now?: Date } = {},
): Promise<ReindexReport> {
  const batchSize = options.batchSize ?? 1000;
  const now = options.now ?? new Date();
  // Changes committed before the rebuild reads anything are covered by it; later ones stay queued.
  const covered = await pendingOutboxIds(dataSource);
  const building = `${indexUid}_new`;
  await client.deleteIndexIfExists(building);
  await succeeded(client.createIndex(building, { primaryKey: 'doc_id' }), `creating ${building}`);
  const index = client.index(building);
  await succeeded(index.updateSettings(activityIndexSettings()), `settings of ${building}`);
  const ids = await allServiceIds(dataSource);
  let documents = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = await loadDocuments(dataSource, ids.slice(i, i + batchSize), now);
    await succeeded(
      index.addDocuments(batch.documents, { primaryKey: 'doc_id' }),
      `indexing into ${building}`,
    );
    documents += batch.documents.length;
  }
  // The swap needs both indexes to exist; the first reindex creates the live one empty.
  const live = await client.getRawIndex(indexUid).catch(() => null);
  if (!live) await succeeded(client.createIndex(indexUid, { primaryKey: 'doc_id' }), `creating ${indexUid}`);
  await succeeded(client.swapIndexes([{ indexes: [indexUid, building], rename: false }]), 'swapping indexes');
  await succeeded(client.deleteIndex(building), `removing the old ${indexUid}`);
  await clearOutbox(dataSource, covered);
  return { documents, outboxCleared: covered.length };
}
