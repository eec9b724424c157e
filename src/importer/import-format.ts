// What every import format provides, so the CLI, seeding and tests treat them all alike.
import path from 'node:path';
import type { Stores } from '../db/stores.js';
import type { ImportReport } from './import-listings.js';

export interface RunImportOptions {
  format?: string;
  /** Column mapping for spreadsheet formats: a JSON file or inline "field=Column,..." (--map). */
  mapping?: string;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
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
