// Timed work on a Postgres job queue (pg-boss), so any number of app instances on one database run each
// scheduled run once. pg-boss stays behind this file: the rest of the code sees TimedJob and JobQueue.
import PgBoss from 'pg-boss';
import { logger } from '../logger.js';

/** The queue's own schema, installed and migrated by pg-boss at start (the database user needs CREATE). */
export const JOB_SCHEMA = 'pgboss';
const ZONE = 'Europe/London';
/** How long stopping waits for running jobs before they are failed, to be retried by the queue. */
const STOP_GRACE_MS = 20_000;
/** How often the queue fails runs past their time limit (an instance died), for a retry, and archives old runs. */
const MAINTENANCE_SECONDS = 30;

export interface TimedJob {
  /** The queue's name: rows in pgboss.job (and pgboss.archive) show each run, its state and output. */
  name: string;
  /** When it runs, as cron in Europe/London. */
  cron: string;
  /** Also run once, in the background, when the queue starts and this says so. */
  dueAtStart?: () => Promise<boolean>;
  /** A failed run is retried this many times, with exponential backoff from retryDelaySeconds. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A run still going after this long counts as failed (and is retried). */
  expireInSeconds: number;
  /** A frequent job logs its runs at debug level; failures are always logged. */
  quiet?: boolean;
  /** One run; the signal aborts when the process stops. What it returns is kept as the run's output. */
  run(signal: AbortSignal): Promise<object>;
}

export interface JobQueue {
  /** Stops taking jobs, asks running ones to finish, and waits for them (failing, for a retry, any that don't). */
  stop(): Promise<void>;
}

/** Logs queue errors (a database outage makes every poll fail) at most once a minute. */
function throttledErrorLog(): (error: unknown) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    if (Date.now() - lastAt < 60_000) {
      suppressed++;
      return;
    }
    logger.error({ err: error, suppressed }, 'job queue error');
    lastAt = Date.now();
    suppressed = 0;
  };
}

/** Instances starting together on a new database can deadlock creating one queue; a retry finds it made. */
async function retriedOnDeadlock(register: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await register();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200 * attempt));
    }
  }
}

/**
 * Installs the queue's schema if needed, registers each job's queue, schedule and worker, and sends the jobs
 * due at start. Each job's queue is `stately`: at most one run waiting and one running across every instance,
 * so a slow run never overlaps the next and duplicate sends collapse into one.
 */
export async function startJobQueue(databaseUrl: string, jobs: TimedJob[]): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: JOB_SCHEMA,
    max: 4,
    // The pid shows in pg_stat_activity which process runs the jobs.
    application_name: `directory-jobs:${process.pid}`,
    // Scheduled runs are queued within seconds of their minute; every instance checks, one queues.
    cronMonitorIntervalSeconds: 10,
    cronWorkerIntervalSeconds: 2,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss.on('error', throttledErrorLog());
  try {
    await boss.start();
  } catch (error) {
    throw new Error(
      `could not start the job queue in schema "${JOB_SCHEMA}" (the database user needs the right to create it, ` +
        `or an existing schema "${JOB_SCHEMA}" it owns): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const stopping = new AbortController();
  for (const job of jobs) {
    const queue: PgBoss.Queue = {
      name: job.name,
      policy: 'stately',
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds,
    };
    await retriedOnDeadlock(async () => {
      await boss.createQueue(job.name, queue);
      // A queue made by an earlier version keeps its old settings otherwise.
      await boss.updateQueue(job.name, queue);
      await boss.schedule(job.name, job.cron, {}, { tz: ZONE });
    });
    await boss.work(job.name, { includeMetadata: true }, async ([run]) => {
      const started = Date.now();
      try {
        const output = await job.run(stopping.signal);
        logger[job.quiet ? 'debug' : 'info'](
          { job: job.name, ms: Date.now() - started, ...output },
          'job done',
        );
        return output;
      } catch (error) {
        const retry = run.retryCount < run.retryLimit;
        logger.error(
          { err: error, job: job.name, attempt: run.retryCount + 1 },
          retry ? 'job failed; it will be retried' : 'job failed',
        );
        throw error;
      }
    });
  }
  // A schedule left by a job that no longer exists would queue runs nobody takes.
  const names = new Set(jobs.map((j) => j.name));
  for (const schedule of await boss.getSchedules()) {
    if (!names.has(schedule.name)) await boss.unschedule(schedule.name);
  }
  for (const job of jobs) {
    if (await job.dueAtStart?.()) await boss.send(job.name, {});
  }
  return {
    async stop() {
      stopping.abort();
      await boss.stop({ graceful: true, timeout: STOP_GRACE_MS, wait: true, close: true });
    },
  };
}
