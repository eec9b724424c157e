// What every import format provides, so the CLI, seeding and tests treat them all alike.
import path from 'node:path';
import type { Stores } from '../db/stores.js';
import type { ImportReport } from './import-listings.js';
import type { ListingEnricher } from './listing-enricher.js';
import type { CrawlSettings } from './crawl/oruk-crawl.js';

export interface RunImportOptions {
  format?: string;
  /** Column mapping for spreadsheet formats: a JSON file or inline "field=Column,..." (--map). */
  mapping?: string;
  /**
   * The source's name as people know it (--source-name "Bristol Community Directory"), recorded with every listing
   * it gives and shown on the activity's page; by default a feed's host or the file's (or folder's) name.
   */
  sourceName?: string;
  /**
   * Where the records were fetched from when `target` is a local copy (a v1 document a feed sync downloaded): the
   * source is then that address, the same on every sync, not the temporary file.
   */
  sourceAddress?: string;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /**
   * The area the feed covers, as a place name or postcode (--covers "Bristol"), for listings without a place; a
   * regional feed names each district (--covers Bristol --covers Yate).
   */
  covers?: string | string[];
  /** For --format oruk: how politely to crawl the feed (--concurrency, --timeout) and the User-Agent. */
  crawl?: CrawlSettings;
  /** Set by runImport: the steps that give listings a venue, an area or times from their words. */
  enrichers?: ListingEnricher[];
}

export interface ImportFormatHandler {
  name: string;
  /** One line for --help. */
  description: string;
  /** File endings this format reads, for folders and format guessing. */
  extensions: string[];
  run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport>;
}

/** A file's name relative to the working directory, for messages. */
export const shown = (file: string) => path.relative(process.cwd(), file) || file;
