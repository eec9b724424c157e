// Composition root: config → database → engines → services → createApp → listen.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/database.js';
import { refreshAllDerivedData } from './db/derived-data.js';
import { isEmpty, seedDirectory } from './importer/seed.js';
import { logger } from './logger.js';
import { PostgresSearchEngine } from './search/postgres/postgres-engine.js';
import { createServices } from './services/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  const database = await connectDatabase(config);
  const { dataSource } = database;

  if (config.seedOnEmpty && (await isEmpty(dataSource))) {
    logger.info({ seedDir: config.seedDir }, 'empty directory: loading the sample listings');
    await seedDirectory(dataSource, config.seedDir);
  } else {
    // Sessions are expanded a fixed number of days ahead, so roll them forward on every start.
    await refreshAllDerivedData(dataSource, new Date());
  }
  const rollForward = setInterval(() => {
    refreshAllDerivedData(dataSource, new Date()).catch((error: unknown) =>
      logger.error({ err: error }, 'could not refresh sessions'),
    );
  }, DAY_MS);
  rollForward.unref();

  const postgres = new PostgresSearchEngine(dataSource);
  const services = createServices({ dataSource, searchEngine: () => postgres, engines: [postgres] });
  const app = createApp(services);
  const server: Server = app.listen(config.port, () => {
    logger.info(
      { url: config.baseUrl, database: database.embedded ? 'embedded' : 'external' },
      'directory is serving',
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    clearInterval(rollForward);
    server.close();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
});
