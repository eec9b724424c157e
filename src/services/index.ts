// Builds every use case once from the data layer; routes receive this one object.
import type { DataSource } from 'typeorm';
import type { KeyedConfig } from '../config.js';
import type { Queryable } from '../db/rows.js';
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
  /** The configuration with its session secret (see secret-key.ts); tests pass their own. */
  config: KeyedConfig;
}

export function createServices(deps: ServiceDependencies) {
  return {
    searchDirectory: createSearchDirectory(deps.dataSource, deps.searchEngine),
    activityDetails: createActivityDetails(deps.dataSource),
    openReferral: createOpenReferral(deps.dataSource),
    health: createHealth(deps.dataSource, deps.engines),
    ...createGroupServices(deps.dataSource, deps.config),
    ...createLinkWorkerServices(deps.dataSource, deps.config),
    isSampleData: sampleDataFlag(deps.dataSource),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Whether the directory holds the sample listings: asked on every page, so read at most once a minute. */
function sampleDataFlag(db: Queryable): () => Promise<boolean> {
  let known: { value: boolean; at: number } | null = null;
  return async () => {
    if (known && Date.now() - known.at < 60_000) return known.value;
    const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = 'sample_data'`)) as {
      value: unknown;
    }[];
    known = { value: rows[0]?.value === true, at: Date.now() };
    return known.value;
  };
}
