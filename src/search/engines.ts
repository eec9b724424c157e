// Chooses the search engines from config: Postgres alone, or Meilisearch in front of Postgres with
// the outbox sync keeping it current and Postgres answering whenever Meilisearch cannot.
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { clearOutbox, enqueueAllServices } from '../db/search-outbox.js';
import { logger } from '../logger.js';
import { CachedSearchEngine, listingsVersion } from './cached-engine.js';
import type { SearchEngine } from './engine.js';
import { FallbackSearchEngine } from './fallback-engine.js';
import { MeilisearchEngine, meilisearchClient } from './meilisearch/meilisearch-engine.js';
import { OutboxSync, type DrainReport } from './meilisearch/outbox.js';
import { ACTIVITY_INDEX } from './meilisearch/settings.js';
import { PostgresSearchEngine } from './postgres/postgres-engine.js';

/** How often queued listing changes are pushed to Meilisearch while the index is being kept in sync. */
const OUTBOX_INTERVAL_MS = 2000;

export interface SearchEngines {
  searchEngine: SearchEngine;
  /** Every engine, for /health. */
  engines: SearchEngine[];
  /** After sessions roll forward: queue every listing so the index sees the new dates. */
  sessionsRefreshed(): Promise<void>;
  /**
   * Keeps the external index in sync with the outbox for `forMs` (or until the signal aborts); without one,
   * empties the outbox at once. Run by one process at a time: the search-outbox job.
   */
  syncIndex(options: { forMs: number; signal: AbortSignal }): Promise<DrainReport | { cleared: true }>;
}

/**
 * Searches read `readDataSource` (a read replica, or the database itself), and so does the result cache's version:
 * a result is kept under the version of what was searched, never the primary's newer one. The outbox, written with
 * every listing change, stays on `dataSource`.
 */
export async function createSearchEngines(
  config: Pick<Config, 'meili'>,
  dataSource: DataSource,
  readDataSource: DataSource = dataSource,
): Promise<SearchEngines> {
  const postgres = new PostgresSearchEngine(readDataSource);
  const cached = (engine: SearchEngine) =>
    new CachedSearchEngine(engine, () => listingsVersion(readDataSource));
  if (!config.meili) {
    return {
      searchEngine: cached(postgres),
      engines: [postgres],
      // The search-outbox job empties the outbox.
      sessionsRefreshed: () => Promise.resolve(),
      // Nothing drains the outbox without Meilisearch; switching it on later starts with `npm run reindex`.
      syncIndex: async () => {
        await clearOutbox(dataSource);
        return { cleared: true };
      },
    };
  }
  const meili = new MeilisearchEngine(config.meili, readDataSource);
  const searchEngine = new FallbackSearchEngine(meili, postgres, { timeoutMs: config.meili.timeoutMs });
  const sync = new OutboxSync(dataSource, meilisearchClient(config.meili), ACTIVITY_INDEX);
  logger.info(
    { url: config.meili.url, index: ACTIVITY_INDEX },
    'searching with Meilisearch, Postgres as fallback',
  );
  return {
    searchEngine: cached(searchEngine),
    engines: [postgres, searchEngine],
    sessionsRefreshed: async () => {
      await enqueueAllServices(dataSource);
    },
    syncIndex: ({ forMs, signal }) => sync.keepDraining({ forMs, everyMs: OUTBOX_INTERVAL_MS, signal }),
  };
}
