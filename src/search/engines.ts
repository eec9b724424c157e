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
import { OutboxSync } from './meilisearch/outbox.js';
import { ACTIVITY_INDEX } from './meilisearch/settings.js';
import { PostgresSearchEngine } from './postgres/postgres-engine.js';

/** How often queued listing changes are pushed to Meilisearch. */
const OUTBOX_INTERVAL_MS = 2000;

export interface SearchEngines {
  searchEngine: SearchEngine;
  /** Every engine, for /health. */
  engines: SearchEngine[];
  /** After sessions roll forward: queue every listing so the index sees the new dates. */
  sessionsRefreshed(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `syncs: false` is for extra web processes: they search, and leave the outbox (emptying it, or pushing
 * it to Meilisearch) to the main process, so that exactly one process does it.
 */
export async function createSearchEngines(
  config: Pick<Config, 'meili'>,
  dataSource: DataSource,
  options: { syncs?: boolean } = {},
): Promise<SearchEngines> {
  const syncs = options.syncs !== false;
  const postgres = new PostgresSearchEngine(dataSource);
  if (!config.meili) {
    // Nothing drains the outbox without Meilisearch; switching it on later starts with `npm run reindex`.
    if (syncs) await clearOutbox(dataSource);
    return {
      searchEngine: new CachedSearchEngine(postgres, () => listingsVersion(dataSource)),
      engines: [postgres],
      sessionsRefreshed: () => (syncs ? clearOutbox(dataSource) : Promise.resolve()),
      stop: async () => undefined,
    };
  }
  const meili = new MeilisearchEngine(config.meili, dataSource);
  const searchEngine = new FallbackSearchEngine(meili, postgres, { timeoutMs: config.meili.timeoutMs });
  const sync = syncs ? new OutboxSync(dataSource, meilisearchClient(config.meili), ACTIVITY_INDEX) : null;
  sync?.start(OUTBOX_INTERVAL_MS);
  logger.info(
    { url: config.meili.url, index: ACTIVITY_INDEX },
    'searching with Meilisearch, Postgres as fallback',
  );
  return {
    searchEngine: new CachedSearchEngine(searchEngine, () => listingsVersion(dataSource)),
    engines: [postgres, searchEngine],
    sessionsRefreshed: async () => {
      if (syncs) await enqueueAllServices(dataSource);
    },
    stop: async () => sync?.stop(),
  };
}
