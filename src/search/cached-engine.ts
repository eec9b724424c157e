// Recent search results, kept per web process: most searches repeat (the same district, need and day),
// and listings change rarely. A result is reused only while the listings are unchanged (a database-wide
// counter moved by triggers) and for at most a minute, so "next session" stays right. A result still in
// demand is refreshed in the background in its last quarter-minute, so busy searches never wait for it,
// and concurrent requests for a search not yet cached share one database query.
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

export async function listingsVersion(db: Queryable): Promise<string> {
  const rows = (await db.query('SELECT last_value, is_called FROM listings_version')) as {
    last_value: number;
    is_called: boolean;
  }[];
  return `${rows[0].last_value}:${rows[0].is_called}`;
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

  /** Searches and stores the result; a search already running for the same key is shared, not repeated. */
  private fetch(key: string, query: SearchQuery, version: string): Promise<SearchResult> {
    const running = this.running.get(key);
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
      .finally(() => this.running.delete(key));
    this.running.set(key, search);
    return search;
  }
}
