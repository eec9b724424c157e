// Builds every use case once from the data layer; routes receive this one object.
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../config.js';
import type { SearchEngine } from '../search/engine.js';
import { createActivityDetails } from './activity-details.js';
import { createGroupServices } from './groups.js';
import { createHealth } from './health.js';
import { createLinkWorkerServices } from './link-worker.js';
import { createOpenReferral } from './open-referral.js';
import { createSearchDirectory } from './search-directory.js';

export interface ServiceDependencies {
  dataSource: DataSource;
  /** The engine to use for this request: the configured one, or the fallback when it is down. */
  searchEngine: () => SearchEngine;
  engines: SearchEngine[];
  /** Defaults to the environment's configuration (tests pass their own). */
  config?: Config;
}

export function createServices(deps: ServiceDependencies) {
  return {
    searchDirectory: createSearchDirectory(deps.dataSource, deps.searchEngine),
    activityDetails: createActivityDetails(deps.dataSource),
    openReferral: createOpenReferral(deps.dataSource),
    health: createHealth(deps.dataSource, deps.engines),
    ...createGroupServices(deps.dataSource, deps.config ?? loadConfig()),
    ...createLinkWorkerServices(deps.dataSource, deps.config ?? loadConfig()),
    isSampleData: async () => {
      const rows = (await deps.dataSource.query(
        `SELECT value FROM directory_metadata WHERE key = 'sample_data'`,
      )) as { value: unknown }[];
      return rows[0]?.value === true;
    },
  };
}

export type Services = ReturnType<typeof createServices>;
