// The timed jobs over the test database, built the way src/server.ts builds them, and what the queue recorded.
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { JOB_SCHEMA, type TimedJob } from '../../src/jobs/job-queue.js';
import { timedJobs } from '../../src/jobs/timed-jobs.js';
import { createSearchEngines } from '../../src/search/engines.js';
import { createServices } from '../../src/services/index.js';
import { testConfig } from './config.js';

export async function serverJobs(db: DataSource): Promise<TimedJob[]> {
  const search = await createSearchEngines({ meili: null }, db);
  const stores = createStores(db);
  const services = createServices({
    stores,
    searchEngine: () => search.searchEngine,
    engines: search.engines,
    config: testConfig(),
  });
  return timedJobs({
    stores,
    search,
    freshness: services.freshness,
    handouts: services.handouts,
    handoutMessages: services.handoutMessages,
    referralRequests: services.referralRequests,
  });
}

export interface JobRun {
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  output: Record<string, unknown> | null;
  started_on: Date | null;
  completed_on: Date | null;
}

/** Every run of a job the queue holds (finished runs stay in pgboss.job for 12 hours), oldest first. */
export async function jobRuns(db: DataSource, name: string): Promise<JobRun[]> {
  return (await db.query(
    `SELECT name, state, output, started_on, completed_on FROM ${JOB_SCHEMA}.job WHERE name = $1 ORDER BY created_on`,
    [name],
  )) as JobRun[];
}

export const today = () => DateTime.now().setZone('Europe/London').toISODate()!;

/** Marks the sessions as last rolled forward on this London date. */
export async function setSessionsRolledOn(db: DataSource, date: string): Promise<void> {
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ('sessions_rolled_on', to_jsonb($1::text))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [date],
  );
}

export async function sessionsRolledOn(db: DataSource): Promise<string | null> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = 'sessions_rolled_on'`)) as {
    value: string;
  }[];
  return rows[0]?.value ?? null;
}

export async function waitUntil(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
