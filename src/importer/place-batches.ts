// Writes a stream of places in fixed-size batches, one batch in flight while the next is being read,
// so a 1.7-million-row import keeps parsing and Postgres busy at once in constant memory.
import type { PlaceMergeCounts, Stores } from '../db/stores.js';
import type { Place } from '../domain/place.js';

export const PLACE_BATCH_SIZE = 20000;

export class PlaceBatchWriter {
  readonly counts: PlaceMergeCounts = { imported: 0, updated: 0, unchanged: 0 };
  private batch: Place[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly places: Pick<Stores['places'], 'mergePlaces'>,
    private readonly options: { dryRun?: boolean; batchSize?: number } = {},
  ) {}

  /** Resolves at once unless a full batch has to wait for the previous one to be written. */
  async add(place: Place): Promise<void> {
    this.batch.push(place);
    if (this.batch.length >= (this.options.batchSize ?? PLACE_BATCH_SIZE)) await this.flush();
  }

  /** Writes what is left and returns the totals; throws the first write error. */
  async finish(): Promise<PlaceMergeCounts> {
    await this.flush();
    await this.writing;
    return this.counts;
  }

  private async flush(): Promise<void> {
    await this.writing;
    const rows = this.batch;
    this.batch = [];
    if (rows.length === 0) return;
    this.writing = this.places.mergePlaces(rows, { dryRun: this.options.dryRun }).then((done) => {
      this.counts.imported += done.imported;
      this.counts.updated += done.updated;
      this.counts.unchanged += done.unchanged;
    });
    // Awaited by the next flush or by finish(); this only stops a failure counting as unhandled meanwhile.
    this.writing.catch(() => undefined);
  }
}
