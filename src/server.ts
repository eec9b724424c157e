// Composition root: config → database → engines → services → createApp → listen.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/database.js';
import { refreshAllDerivedData, refreshNextSessions, sessionsRolledToday } from './db/derived-data.js';
import { isEmpty, seedDirectory } from './importer/seed.js';
import { logger } from './logger.js';
import { createSearchEngines } from './search/engines.js';
import { createServices } from './services/index.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  const database = await connectDatabase(config);
  const { dataSource } = database;

  if (config.seedOnEmpty && (await isEmpty(dataSource))) {
    logger.info({ seedDir: config.seedDir }, 'empty directory: loading the sample listings');
    await seedDirectory(dataSource, config.seedDir);
  } else if (!(await sessionsRolledToday(dataSource, new Date()))) {
    // Sessions are expanded a fixed number of days ahead: roll them forward once a day, not on every start.
    await refreshAllDerivedData(dataSource, new Date());
  } else {
    await refreshNextSessions(dataSource, new Date());
  }
  const search = await createSearchEngines(config, dataSource);
  await search.sessionsRefreshed();
  const rollForward = setInterval(() => {
    refreshAllDerivedData(dataSource, new Date())
      .then(() => search.sessionsRefreshed())
      .catch((error: unknown) => logger.error({ err: error }, 'could not refresh sessions'));
  }, DAY_MS);
  rollForward.unref();
  // Ranking reads each service's next session; move it on as sessions pass.
  const nextSessions = setInterval(() => {
    refreshNextSessions(dataSource, new Date()).catch((error: unknown) =>
      logger.error({ err: error }, 'could not refresh next sessions'),
    );
  }, HOUR_MS);
  nextSessions.unref();

  const services = createServices({
    dataSource,
    searchEngine: () => search.searchEngine,
    engines: search.engines,
    config,
  });
  // Flags listings due a review and reminds their organisers, once at start and then daily.
  const checkFreshness = () =>
    services.freshness
      .run(new Date())
      .then((result) => logger.info(result, 'freshness check'))
      .catch((error: unknown) => logger.error({ err: error }, 'could not check freshness'));
  void checkFreshness();
  const freshnessTimer = setInterval(() => void checkFreshness(), DAY_MS);
  freshnessTimer.unref();
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
    clearInterval(nextSessions);
    clearInterval(freshnessTimer);
    await search.stop();
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
