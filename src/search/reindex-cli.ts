// npm run reindex: rebuilds every listing's search data and session occurrences from the listings,
// and, when MEILI_URL is set, the Meilisearch index too (built aside and swapped in).
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { logger } from '../logger.js';
import { meilisearchClient } from './meilisearch/meilisearch-engine.js';
import { reindexMeilisearch } from './meilisearch/reindex.js';
import { ACTIVITY_INDEX } from './meilisearch/settings.js';

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = 'warn';
  const database = await connectDatabase(config, 4);
  try {
    const started = Date.now();
    const count = await database.stores.listings.rollDirectoryForward(new Date());
    process.stdout.write(
      `reindexed ${count} activities for the postgres engine in ${Date.now() - started} ms\n`,
    );
    if (config.meili) {
      const meiliStarted = Date.now();
      // Indexing a large batch takes longer than a search may; only the per-request timeout is raised.
      const client = meilisearchClient({
        ...config.meili,
        timeoutMs: Math.max(config.meili.timeoutMs, 60000),
      });
      const report = await reindexMeilisearch(database.dataSource, client, ACTIVITY_INDEX);
      process.stdout.write(
        `reindexed ${report.documents} activities into meilisearch index "${ACTIVITY_INDEX}" in ${Date.now() - meiliStarted} ms (${report.outboxCleared} queued changes covered)\n`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
