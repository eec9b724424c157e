// The listings that passed the first pass, kept until every record has been checked: in memory when the
// source was in memory already, otherwise in a temporary file (one JSON line each), so that storing them is a
// second streamed pass over exactly what was checked, however large the import.
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Listing } from './listing.js';

export interface AcceptedListings {
  add(record: number, listing: Listing): Promise<void>;
  /** In batches of `size`, in the order added, without the records left out. */
  batches(size: number, leftOut: (record: number) => boolean): AsyncGenerator<Listing[]>;
  close(): Promise<void>;
}

export class HeldListings implements AcceptedListings {
  private readonly held: { record: number; listing: Listing }[] = [];

  async add(record: number, listing: Listing): Promise<void> {
    this.held.push({ record, listing });
  }

  async *batches(size: number, leftOut: (record: number) => boolean): AsyncGenerator<Listing[]> {
    const kept = this.held.filter((item) => !leftOut(item.record)).map((item) => item.listing);
    for (let start = 0; start < kept.length; start += size) yield kept.slice(start, start + size);
  }

  async close(): Promise<void> {}
}

export class SpilledListings implements AcceptedListings {
  /** A failed write (a full disk), kept for the next call: an error event nobody hears would end the process. */
  private failure: Error | null = null;

  private constructor(
    private readonly handle: FileHandle,
    private readonly out: WriteStream,
  ) {
    out.on('error', (error) => (this.failure ??= error));
  }

  static async create(): Promise<SpilledListings> {
    const folder = await mkdtemp(path.join(tmpdir(), 'directory-import-'));
    const handle = await open(path.join(folder, 'accepted.ndjson'), 'w+');
    // Open and already unnamed: the space goes back when the import ends, even killed half-way.
    await rm(folder, { recursive: true, force: true });
    return new SpilledListings(handle, handle.createWriteStream({ autoClose: false }));
  }

  async add(record: number, listing: Listing): Promise<void> {
    if (this.failure) throw this.failure;
    // JSON.stringify escapes line breaks inside strings, so a line is always one listing.
    if (!this.out.write(`${record}\t${JSON.stringify(listing)}\n`)) await once(this.out, 'drain');
  }

  async *batches(size: number, leftOut: (record: number) => boolean): AsyncGenerator<Listing[]> {
    await this.written();
    let batch: Listing[] = [];
    let rest = '';
    const lines = this.handle.createReadStream({ start: 0, encoding: 'utf8', autoClose: false });
    for await (const chunk of lines) {
      const whole = (rest + (chunk as string)).split('\n');
      rest = whole.pop()!;
      for (const line of whole) {
        const tab = line.indexOf('\t');
        if (leftOut(Number(line.slice(0, tab)))) continue;
        batch.push(JSON.parse(line.slice(tab + 1)) as Listing);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length) yield batch;
  }

  async close(): Promise<void> {
    // Also after a failure part way: the writes in flight end (or fail, unwanted now) before the file closes.
    await this.written().catch(() => undefined);
    // A stream over a FileHandle holds it open until the stream is destroyed.
    this.out.destroy();
    await this.handle.close();
  }

  /** Every line written out. */
  private async written(): Promise<void> {
    if (!this.out.writableFinished && !this.failure) {
      this.out.end();
      await once(this.out, 'finish');
    }
    if (this.failure) throw this.failure;
  }
}
