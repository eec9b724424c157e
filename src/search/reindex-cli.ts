// npm run reindex: rebuilds every listing's search data and session occurrences from the listings.
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { refreshAllDerivedData } from '../db/derived-data.js';
import { logger } from '../logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = 'warn';
  const database = await connectDatabase(config, 4);
  try {
    const started = Date.now();
    const count = await refreshAllDerivedData(database.dataSource, new Date());
    process.stdout.write(
      `reindexed ${count} activities for the postgres engine in ${Date.now() - started} ms\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
