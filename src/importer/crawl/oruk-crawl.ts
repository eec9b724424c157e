// A live Open Referral UK 3.0 API → the directory: page through /services, fetch each /services/{id} in full (list
// pages are often shallow), keep each record in the crawl state as it arrives, then import them all through the
// same checks and store as a file import. A run stopped part-way resumes from the crawl state; the next run asks
// only for what changed (modified_after) where the feed honours it, and skips records whose content hash is the one
// last imported either way.
import type { Stores } from '../../db/stores.js';
import { convertHsdsService } from '../hsds/service.js';
import {
  importListingFiles,
  type ConvertedRecord,
  type ImportReport,
  type ListingFile,
} from '../import-listings.js';
import type { RunImportOptions } from '../import-format.js';
import { DEFAULT_FEED_CLIENT, FeedClient, type FeedClientOptions } from './feed-client.js';
import { FeedFaults } from './feed-faults.js';
import {
  checkRoot,
  feedAddress,
  feedPage,
  feedVocabulary,
  probeFilters,
  servicesPageUrl,
  type FeedPage,
} from './feed-api.js';
import { contentHash, fieldsWithHtml, recordId, withFeedTerms, type FeedVocabulary } from './feed-records.js';

/** How politely to crawl (--concurrency, --timeout) and how the crawler names itself. */
export interface CrawlSettings extends Partial<FeedClientOptions> {
  /** Services asked for per list page. */
  perPage?: number;
  /**
   * Told, once the crawl is over, the id of every service the feed lists now, or null when some page or service
   * could not be read (so what is missing is not known). Where only changes were fetched (modified_after), the
   * list pages are read once more without it, ids only, for the whole list.
   */
  onListing?: (ids: string[] | null) => void;
}

export const DEFAULT_USER_AGENT = 'community-activity-directory (Open Referral UK 3.0 crawler)';
const DEFAULT_PER_PAGE = 50;
/** The next run asks for changes since the last one started, less this, in case the feed's clock is behind ours. */
const CLOCK_MARGIN_MS = 60 * 60 * 1000;
/** List pages read at the same time (their services' requests share the client's limit). */
const PAGE_WORKERS = 2;
const IMPORT_BATCH = 500;

interface RunTally {
  pagesRead: number;
  listed: number;
  fetched: number;
  pagesFailed: number;
  /** Services that could not be read for now (no answer, 429, 5xx): a later run tries them again. */
  servicesFailed: number;
}

export async function crawlOrukFeed(
  stores: Stores,
  target: string,
  options: RunImportOptions,
): Promise<ImportReport> {
  const base = feedAddress(target);
  const settings = options.crawl ?? {};
  const faults = new FeedFaults();
  const client = new FeedClient(
    { ...DEFAULT_FEED_CLIENT, userAgent: DEFAULT_USER_AGENT, ...withoutUndefined(settings) },
    faults,
  );
  const started = performance.now();
  const version = await checkRoot(client, base);
  const { total, honoursModifiedAfter } = await probeFilters(client, base, faults);

  const state = await stores.crawls.crawlFeedState(base);
  const resumed = state?.runStartedAt != null;
  let since: Date | null;
  if (resumed) since = state!.runSince;
  else {
    const last = state?.lastRunStartedAt ?? null;
    since = honoursModifiedAfter && last ? new Date(last.getTime() - CLOCK_MARGIN_MS) : null;
    await stores.crawls.startCrawlRun(base, {
      startedAt: options.now ?? new Date(),
      since,
      honoursModifiedAfter,
    });
  }
  const donePages = new Set(await stores.crawls.crawledPages(base));
  const seen = new Set(await stores.crawls.servicesSeenInRun(base));
  const readBefore = seen.size;
  // Listed on the pages read in this run or, for a resumed run, fetched before it stopped.
  const listedNow = new Set(seen);
  const tally: RunTally = { pagesRead: 0, listed: 0, fetched: 0, pagesFailed: 0, servicesFailed: 0 };
  const vocabulary = await feedVocabulary(client, base, faults);

  const perPage = settings.perPage ?? DEFAULT_PER_PAGE;
  const crawlPage = async (number: number, page: FeedPage) => {
    tally.pagesRead += 1;
    const complete = await Promise.all(
      page.contents.map((listed) => fetchService(listed, servicesPageUrl(base, number, perPage, since))),
    );
    if (complete.every(Boolean)) await stores.crawls.markPageCrawled(base, number);
  };
  /** One listed service, fetched in full and kept; false when it should be tried again by a later run. */
  const fetchService = async (listed: unknown, pageUrl: string): Promise<boolean> => {
    const id = recordId(listed);
    if (!id) {
      faults.add('listed record without an id', pageUrl);
      return true;
    }
    tally.listed += 1;
    listedNow.add(id);
    if (seen.has(id)) return true;
    seen.add(id);
    const url = `${base}/services/${encodeURIComponent(id)}`;
    const answer = await client.getJson(url);
    if (!answer.ok) {
      faults.add('service could not be read', url, answer.reason);
      seen.delete(id);
      // A 404 or a record that is not JSON is the feed's answer; no answer at all is worth asking again.
      const forNow = answer.status === null || answer.status === 429 || answer.status >= 500;
      if (forNow) tally.servicesFailed += 1;
      return !forNow;
    }
    const record = answer.json;
    const html = fieldsWithHtml(record);
    if (html.length) faults.add('HTML in fields (cleaned as every import cleans it)', id, html.join(', '));
    await stores.crawls.recordFetchedService(base, id, contentHash(record), JSON.stringify(record));
    tally.fetched += 1;
    return true;
  };

  const first = await readServicesPage(client, base, 1, perPage, since, faults);
  if (first) {
    await crawlPage(1, first);
    const knownPages = first.totalPages;
    if (knownPages !== null) {
      let next = 2;
      const worker = async () => {
        for (let number = next++; number <= knownPages; number = next++) {
          if (donePages.has(number)) continue;
          const page = await readServicesPage(client, base, number, perPage, since, faults);
          if (page) await crawlPage(number, page);
          else tally.pagesFailed += 1;
        }
      };
      await Promise.all(Array.from({ length: PAGE_WORKERS }, worker));
    } else if (first.contents.length && first.lastPage !== true) {
      // No page count: read on until an empty or last page.
      for (let number = 2; number <= 100_000; number++) {
        const page = await readServicesPage(client, base, number, perPage, since, faults);
        if (!page) {
          tally.pagesFailed += 1;
          break;
        }
        if (!donePages.has(number)) await crawlPage(number, page);
        if (page.contents.length === 0 || page.lastPage) break;
      }
    }
  } else tally.pagesFailed += 1;
  const crawlSeconds = (performance.now() - started) / 1000;

  const counts = await stores.crawls.crawlRunCounts(base);
  const report = await importListingFiles(stores, fetchedRecords(stores, base, vocabulary), {
    source: 'oruk',
    dryRun: options.dryRun,
    now: options.now,
    onProgress: options.onProgress,
    enrichers: options.enrichers,
  });
  const incomplete = tally.pagesFailed > 0 || tally.servicesFailed > 0;
  if (!options.dryRun) {
    const prefix = `${base}/services/`;
    const rejected = report.rejections.flatMap(({ position }) =>
      position.file.startsWith(prefix) ? [decodeURIComponent(position.file.slice(prefix.length))] : [],
    );
    await stores.crawls.settleImportedServices(base, rejected);
    if (!incomplete) await stores.crawls.finishCrawlRun(base);
  }
  if (settings.onListing)
    settings.onListing(
      incomplete || options.dryRun
        ? null
        : since
          ? await listedIds(client, base, perPage, faults)
          : [...listedNow],
    );
  // Unchanged: fetched and found as last imported, and, where only changes were asked for, the rest.
  report.unchanged += counts.unchangedSeen + (since ? counts.notSeen : 0);

  const rate = tally.fetched / Math.max(crawlSeconds, 0.001);
  const lines = [
    `crawled ${base}/ (version ${version}): ${plural(total, 'service')} offered; ${plural(tally.pagesRead, 'page')} ` +
      `read, ${plural(tally.listed, 'service')} listed on them, ${tally.fetched} fetched in ${crawlSeconds.toFixed(1)} s ` +
      `(${rate.toFixed(1)} services/s, ${client.concurrency} at a time)`,
    since
      ? `asked only for services changed since ${since.toISOString()} (modified_after)`
      : 'read every service the feed lists',
  ];
  if (counts.unchangedSeen)
    lines.push(
      `${plural(counts.unchangedSeen, 'record')} fetched as last imported (same content hash), not imported again`,
    );
  if (resumed)
    lines.push(
      `resumed the crawl started ${state!.runStartedAt!.toISOString()}: ${plural(donePages.size, 'page')} and ` +
        `${plural(readBefore, 'service')} had been read before it stopped`,
    );
  if (!since && !incomplete && counts.notSeen)
    lines.push(
      `no longer listed by the feed: ${plural(counts.notSeen, 'service')} imported by earlier crawls (left in the directory)`,
    );
  lines.push(...faults.lines());
  if (incomplete)
    lines.push(
      `the crawl is incomplete: ${plural(tally.pagesFailed, 'page')} of services and ` +
        `${plural(tally.servicesFailed, 'service')} could not be read; ` +
        'run the same command again to continue where it stopped',
    );
  else if (options.dryRun)
    lines.push('the crawl stays open: the next run without --dry-run imports what it read');
  report.details = [...lines, ...(report.details ?? [])];
  return report;
}

async function readServicesPage(
  client: FeedClient,
  base: string,
  number: number,
  perPage: number,
  since: Date | null,
  faults: FeedFaults,
): Promise<FeedPage | null> {
  const url = servicesPageUrl(base, number, perPage, since);
  const answer = await client.getJson(url);
  const page = answer.ok ? feedPage(answer.json) : null;
  if (!page)
    faults.add(
      'page of services could not be read',
      url,
      answer.ok ? 'not a page of services' : answer.reason,
    );
  return page;
}

/** Every id the feed's whole list of services gives (no modified_after), or null when a page could not be read. */
async function listedIds(
  client: FeedClient,
  base: string,
  perPage: number,
  faults: FeedFaults,
): Promise<string[] | null> {
  const ids = new Set<string>();
  for (let number = 1; number <= 100_000; number++) {
    const page = await readServicesPage(client, base, number, perPage, null, faults);
    if (!page) return null;
    for (const listed of page.contents) {
      const id = recordId(listed);
      if (id) ids.add(id);
    }
    const last =
      page.contents.length === 0 ||
      page.lastPage === true ||
      (page.totalPages !== null && number >= page.totalPages);
    if (last) break;
  }
  return [...ids];
}

/** Each record fetched in this run and not yet imported, as one "file" named by its address. */
async function* fetchedRecords(
  stores: Stores,
  base: string,
  vocabulary: FeedVocabulary,
): AsyncGenerator<ListingFile> {
  let after: string | null = null;
  for (;;) {
    const batch = await stores.crawls.fetchedServiceBatch(base, after, IMPORT_BATCH);
    for (const { serviceId, body } of batch) {
      const converted = convert(withFeedTerms(body, vocabulary));
      yield {
        file: `${base}/services/${encodeURIComponent(serviceId)}`,
        records: (async function* () {
          yield { index: 0, converted };
        })(),
      };
    }
    if (batch.length < IMPORT_BATCH) return;
    after = batch[batch.length - 1].serviceId;
  }
}

/** A record that trips the converter up is that record's problem, not the crawl's. */
function convert(record: unknown): ConvertedRecord {
  try {
    return convertHsdsService(record);
  } catch (error) {
    return { id: recordId(record), reasons: [error instanceof Error ? error.message : String(error)] };
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
