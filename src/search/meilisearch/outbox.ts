// Drains the search outbox into Meilisearch. A change leaves the outbox only after Meilisearch has
// finished indexing it; while Meilisearch is down rows stay, count attempts and are retried with backoff.
import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { Meilisearch } from 'meilisearch';
import {
  claimOutboxEntries,
  completeOutboxEntries,
  failOutboxEntries,
  tryLockOutbox,
  type OutboxEntry,
} from '../../db/search-outbox.js';
import { logger } from '../../logger.js';
import { documentId, loadDocuments } from './documents.js';
import { activityIndexSettings } from './settings.js';

export interface DrainReport {
  /** Outbox rows applied to the index and removed. */
  applied: number;
  /** Outbox rows kept for a retry. */
  failed: number;
  error?: string;
}

const MAX_BACKOFF_MS = 5 * 60 * 1000;

export class OutboxSync {
  private failures = 0;
  private retryAt = 0;
  private settingsApplied = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Meilisearch,
    private readonly indexUid: string,
    private readonly options: { batchSize?: number; taskTimeoutMs?: number; now?: () => Date } = {},
  ) {}

  /** Applies pending changes batch by batch, oldest first, until none are left or one batch fails. */
  async drain(): Promise<DrainReport> {
    const report: DrainReport = { applied: 0, failed: 0 };
    for (;;) {
      const batch = await this.dataSource.transaction(async (db) => {
        // One drainer at a time across server instances, so an older state never overwrites a newer one.
        if (!(await tryLockOutbox(db))) return { applied: 0, failed: 0, done: true };
        const entries = await claimOutboxEntries(db, this.options.batchSize ?? 500);
        if (entries.length === 0) return { applied: 0, failed: 0, done: true };
        // A savepoint lets a failed read still record the attempt on the rows it claimed.
        await db.query('SAVEPOINT outbox_apply');
        try {
          await this.apply(db, entries);
          await completeOutboxEntries(
            db,
            entries.map((e) => e.id),
          );
          return { applied: entries.length, failed: 0, done: false };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await db.query('ROLLBACK TO SAVEPOINT outbox_apply');
          // The rows stay (committed with their attempt count), so nothing is lost.
          await failOutboxEntries(
            db,
            entries.map((e) => e.id),
            message,
          );
          return { applied: 0, failed: entries.length, done: true, error: message };
        }
      });
      report.applied += batch.applied;
      report.failed += batch.failed;
      if (batch.error) report.error = batch.error;
      if (batch.done) break;
    }
    if (report.failed > 0) {
      this.failures += 1;
      this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures);
    } else this.failures = 0;
    return report;
  }

  /** Pushes the latest state of each service named in the batch; later rows win over earlier ones. */
  private async apply(db: Parameters<typeof loadDocuments>[0], entries: OutboxEntry[]): Promise<void> {
    const latest = new Map<string, OutboxEntry['operation']>();
    for (const entry of entries) latest.set(entry.service_id, entry.operation);
    const upserts = [...latest].filter(([, op]) => op === 'upsert').map(([id]) => id);
    const deletes = [...latest].filter(([, op]) => op === 'delete').map(([id]) => id);
    const { documents, missing } = await loadDocuments(db, upserts, this.options.now?.() ?? new Date());
    deletes.push(...missing);
    const index = this.client.index(this.indexUid);
    const wait = { timeout: this.options.taskTimeoutMs ?? 60000 };
    // A first push would otherwise create the index without its filterable attributes.
    if (!this.settingsApplied) {
      const task = await index.updateSettings(activityIndexSettings()).waitTask(wait);
      if (task.status !== 'succeeded')
        throw new Error(`index settings failed: ${task.error?.message ?? task.status}`);
      this.settingsApplied = true;
    }
    if (documents.length) {
      const task = await index.addDocuments(documents, { primaryKey: 'doc_id' }).waitTask(wait);
      if (task.status !== 'succeeded')
        throw new Error(`indexing failed: ${task.error?.message ?? task.status}`);
    }
    if (deletes.length) {
      const task = await index.deleteDocuments(deletes.map(documentId)).waitTask(wait);
      if (task.status !== 'succeeded')
        throw new Error(`deleting failed: ${task.error?.message ?? task.status}`);
    }
  }

  /**
   * Drains every `everyMs` for `forMs` (one run of the search-outbox job), skipping turns while backing off
   * after a failure; an aborted signal ends it after the drain in progress.
   */
  async keepDraining(options: { forMs: number; everyMs: number; signal: AbortSignal }): Promise<DrainReport> {
    const until = Date.now() + options.forMs;
    const total: DrainReport = { applied: 0, failed: 0 };
    while (!options.signal.aborted && Date.now() < until) {
      if (Date.now() >= this.retryAt) {
        const report = await this.drain();
        total.applied += report.applied;
        total.failed += report.failed;
        if (report.error) {
          total.error = report.error;
          logger.warn({ ...report }, 'search index sync failed; will retry');
        }
      }
      // An abort ends the wait early; the loop condition then ends the run.
      await delay(Math.max(0, Math.min(options.everyMs, until - Date.now())), undefined, {
        signal: options.signal,
      }).catch(() => undefined);
    }
    return total;
  }
}
