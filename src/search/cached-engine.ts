// Recent search results, kept per web process: most searches repeat (the same district, need and day),
// and listings change rarely. A result is reused only while the listings are unchanged (a counter moved
// by trigger as each change commits, read from the database searched) and for at most a minute, so "next
// session" stays right. A result still in demand is refreshed in the background in its last quarter-minute,
// so busy searches never wait for it, and concurrent requests for a search not yet cached share one query.
import type { Queryable } from '../db/queryable.js';
import type { IdPage, SearchEngine, SearchQuery, SearchResult, SearchUnit } from './engine.js';

/** A search result or a page of ids: the API's id pages are kept beside the pages' results. */
type Answer = SearchResult | IdPage;

interface Entry {
  result: Answer;
  version: string;
  storedAt: number;
}

export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
}

/** Stores a value as the most recently used (a Map keeps insertion order) and forgets the least recently
 * used beyond the limit. */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
}

/**
 * The listings version of the database searched: it moves when a listing change commits (by trigger), so a read
 * replica gives the version of what it has replayed, never the primary's newer one.
 */
export async function listingsVersion(db: Queryable): Promise<string> {
  const rows = (await db.query('SELECT version FROM listings_version')) as { version: number }[];
  return String(rows[0].version);
}

export class CachedSearchEngine implements SearchEngine {
  readonly name: string;
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<Answer>>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: SearchEngine,
    private readonly version: () => Promise<string>,
    private readonly options: CacheOptions = { ttlMs: 60_000, maxEntries: 2000 },
  ) {
    this.name = inner.name;
  }

  health() {
    return this.inner.health();
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.answer(query, 'search', () => this.inner.search(query)) as Promise<SearchResult>;
  }

  searchIds(query: SearchQuery, unit: SearchUnit): Promise<IdPage> {
    return this.answer(query, unit, () => this.inner.searchIds(query, unit)) as Promise<IdPage>;
  }

  /** Whole result sets are streamed once and are too large to keep. */
  allIds(query: SearchQuery, unit: SearchUnit): Promise<string[]> {
    return this.inner.allIds(query, unit);
  }

  private async answer(query: SearchQuery, kind: string, work: () => Promise<Answer>): Promise<Answer> {
    const { now, ...rest } = query;
    const key = `${kind}:${JSON.stringify(rest)}`;
    const version = await this.version();
    const entry = this.entries.get(key);
    const at = now.getTime();
    if (
      entry &&
      entry.version === version &&
      at - entry.storedAt < this.options.ttlMs &&
      at >= entry.storedAt
    ) {
      this.hits += 1;
      keepRecent(this.entries, key, entry, this.options.maxEntries);
      if (at - entry.storedAt > this.options.ttlMs * 0.75) {
        this.fetch(key, at, version, work).catch(() => undefined);
      }
      return entry.result;
    }
    this.misses += 1;
    return this.fetch(key, at, version, work);
  }

  /**
   * Searches and stores the result; a search already running for the same key and version is shared, not repeated.
   * One begun under an older version may have read the listings before a change this request already sees.
   */
  private fetch(key: string, at: number, version: string, work: () => Promise<Answer>): Promise<Answer> {
    const runningKey = `${version} ${key}`;
    const running = this.running.get(runningKey);
    if (running) return running;
    const search = work()
      .then((result) => {
        keepRecent(this.entries, key, { result, version, storedAt: at }, this.options.maxEntries);
        return result;
      })
      .finally(() => this.running.delete(runningKey));
    this.running.set(runningKey, search);
    return search;
  }
}
