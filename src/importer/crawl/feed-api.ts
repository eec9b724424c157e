// The parts of the Open Referral UK 3.0 API a crawl reads: the root's version, the page envelope
// (total_items, total_pages, page_number, size, contents), what the feed makes of modified_after and search, and
// its optional taxonomy lists.
import type { FeedClient } from './feed-client.js';
import type { FeedFaults } from './feed-faults.js';
import { recordId, type FeedVocabulary } from './feed-records.js';

type Json = Record<string, unknown>;

/** A crawl cannot go on: a root that is not ORUK 3, or that cannot be reached. One sentence. */
export class FeedRefused extends Error {}

/** The feed's address as a crawl keys it: http(s), without a trailing slash, query or fragment. */
export function feedAddress(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new FeedRefused(
      `"${target}" is not a web address: --format oruk reads a live API, like https://example.org/api`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FeedRefused(`"${target}" is not an http or https address`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** HSDS-UK-3.0, HSDS-3.0, 3.0, 3.0.1, 3.1: major version 3, however the feed spells it. */
export const isVersion3 = (version: string) => /(^|[^0-9.])v?3(\.\d+)*$/i.test(version.trim());

/** Reads the root and refuses anything but an ORUK / HSDS 3.x API. */
export async function checkRoot(client: FeedClient, base: string): Promise<string> {
  const root = `${base}/`;
  const answer = await client.getJson(root);
  if (!answer.ok) {
    if (answer.status === null) throw new FeedRefused(`could not reach ${root}: ${answer.reason}`);
    throw new FeedRefused(`${root} is not an Open Referral UK 3.0 API: its root answered ${answer.reason}`);
  }
  const version = (answer.json as Json | null)?.version;
  if (typeof version !== 'string' && typeof version !== 'number')
    throw new FeedRefused(`${root} is not an Open Referral UK 3.0 API: its root gives no version`);
  if (!isVersion3(String(version)))
    throw new FeedRefused(
      `${root} is not an Open Referral UK 3.0 API: its root gives version "${String(version)}", not 3.x`,
    );
  return String(version);
}

export interface FeedPage {
  totalItems: number | null;
  totalPages: number | null;
  lastPage: boolean | null;
  contents: unknown[];
}

/** The ORUK page envelope, or null when the answer is not one. */
export function feedPage(json: unknown): FeedPage | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const page = json as Json;
  if (!Array.isArray(page.contents)) return null;
  const count = (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
  return {
    totalItems: count(page.total_items),
    totalPages: count(page.total_pages),
    lastPage: typeof page.last_page === 'boolean' ? page.last_page : null,
    contents: page.contents,
  };
}

export const servicesPageUrl = (base: string, page: number, perPage: number, since: Date | null) =>
  `${base}/services?page=${page}&per_page=${perPage}${since ? `&modified_after=${encodeURIComponent(since.toISOString())}` : ''}`;

/** The feed's answer to one service filter, as a count, or null when it gave none. */
async function countWith(client: FeedClient, base: string, filter: string): Promise<number | null> {
  const answer = await client.getJson(`${base}/services?page=1&per_page=1${filter}`);
  if (!answer.ok) return null;
  const page = feedPage(answer.json);
  return page ? (page.totalItems ?? page.contents.length) : null;
}

/** What the feed makes of the filters a crawl relies on (modified_after) or any client would (search). */
export async function probeFilters(
  client: FeedClient,
  base: string,
  faults: FeedFaults,
): Promise<{ total: number; honoursModifiedAfter: boolean }> {
  const answer = await client.getJson(`${base}/services?page=1&per_page=1`);
  const page = answer.ok ? feedPage(answer.json) : null;
  if (!page)
    throw new FeedRefused(
      `${base}/services could not be read as a page of services: ${answer.ok ? 'it has no contents list' : answer.reason}`,
    );
  const total = page.totalItems ?? page.contents.length;
  if (total === 0) return { total, honoursModifiedAfter: false };
  // Nothing can have changed after tomorrow: a feed that honours the filter lists nothing.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  const changed = await countWith(client, base, `&modified_after=${encodeURIComponent(tomorrow)}`);
  const honoursModifiedAfter = changed === 0;
  if (!honoursModifiedAfter)
    faults.add(
      'modified_after ignored, so every service is fetched and compared by its content hash',
      `${base}/services?modified_after=${tomorrow}`,
      changed === null ? 'refused' : `listed ${changed} of ${total}`,
    );
  const word = 'zzqxjvw';
  const found = await countWith(client, base, `&search=${word}`);
  if (found === total)
    faults.add('search ignored', `${base}/services?search=${word}`, `listed all ${total} services`);
  return { total, honoursModifiedAfter };
}

/** Every record of an optional list (/taxonomies, /taxonomy_terms) by id; an absent or empty list is reported. */
async function optionalList(
  client: FeedClient,
  base: string,
  path: string,
  faults: FeedFaults,
): Promise<Map<string, Json>> {
  const records = new Map<string, Json>();
  for (let number = 1, pages = 1; number <= pages && number <= 10_000; number++) {
    const url = `${base}${path}?page=${number}&per_page=100`;
    const answer = await client.getJson(url);
    const page = answer.ok ? feedPage(answer.json) : null;
    if (!page) {
      const reason = answer.ok ? 'not a page of records' : answer.reason;
      faults.add('optional list not offered', url, reason);
      return records;
    }
    for (const record of page.contents) {
      const id = recordId(record);
      if (id) records.set(id, record as Json);
    }
    if (number === 1) pages = page.totalPages ?? (page.contents.length ? 10_000 : 1);
    if (page.contents.length === 0 || page.lastPage) break;
  }
  if (records.size === 0) faults.add('optional list empty', `${base}${path}`);
  return records;
}

export async function feedVocabulary(
  client: FeedClient,
  base: string,
  faults: FeedFaults,
): Promise<FeedVocabulary> {
  const [taxonomies, terms] = await Promise.all([
    optionalList(client, base, '/taxonomies', faults),
    optionalList(client, base, '/taxonomy_terms', faults),
  ]);
  return { taxonomies, terms };
}
