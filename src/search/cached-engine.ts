// Recent search results, kept per web process: most searches repeat (the same district, need and day),
// and listings change rarely. A result is reused only while the listings are unchanged (a counter moved
// by trigger as each change commits, read from the database searched) and for at most a minute, so "next
// session" stays right. A result still in demand is refreshed in the background in its last quarter-minute,
// so busy searches never wait for it, and concurrent requests for a search not yet cached share one query.
import type { Queryable } from '../db/queryable.js';
import type { SearchEngine, SearchQuery, SearchResult } from './engine.js';

interface Entry {
  result: SearchResult;
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
  private readonly running = new Map<string, Promise<SearchResult>>();
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

  async search(query: SearchQuery): Promise<SearchResult> {
    const { now, ...rest } = query;
    const key = JSON.stringify(rest);
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
        this.fetch(key, query, version).catch(() => undefined);
      }
      return entry.result;
    }
    this.misses += 1;
    return this.fetch(key, query, version);
  }

  /**
   * Searches and stores the result; a search already running for the same key and version is shared, not repeated.
   * One begun under an older version may have read the listings before a change this request already sees.
   */
  private fetch(key: string, query: SearchQuery, version: string): Promise<SearchResult> {
    const runningKey = `${version} ${key}`;
    const running = this.running.get(runningKey);
    if (running) return running;
    const search = this.inner
      .search(query)
      .then((result) => {
        keepRecent(
          this.entries,
          key,
          { result, version, storedAt: query.now.getTime() },
          this.options.maxEntries,
        );
        return result;
      })
      .finally(() => this.running.delete(runningKey));
    this.running.set(runningKey, search);
    return search;
  }
}
