// --format oruk: the target is the address of a live Open Referral UK 3.0 API, crawled (see oruk-crawl.ts).
import type { Stores } from '../../db/stores.js';
import type { ImportReport } from '../import-listings.js';
import type { ImportFormatHandler, RunImportOptions } from '../import-format.js';
import { crawlOrukFeed } from './oruk-crawl.js';

export const orukFormat: ImportFormatHandler = {
  name: 'oruk',
  description: 'a live Open Referral UK 3.0 API, crawled from its address (https://…/api); resumable',
  extensions: [],
  run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    return crawlOrukFeed(stores, target, options);
  },
};

/** An address rather than a file: read with --format oruk. */
export const isFeedAddress = (target: string) => /^https?:\/\//i.test(target);
