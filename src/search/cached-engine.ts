// Recent search results, kept per web process: most searches repeat (the same district, need and day),
// and listings change rarely. A result is reused only while the listings are unchanged (a database-wide
// counter moved by triggers) and for at most a minute, so "next session" stays right. A result still in
// demand is refreshed in the background in its last quarter-minute, so busy searches never wait for it,
// and concurrent requests for a search not yet cached share one database query.
import type { Queryable } from '../db/rows.js';
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
      // Re-inserting keeps the map in least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, entry);
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
        this.entries.delete(key);
        this.entries.set(key, { result, version, storedAt: query.now.getTime() });
        while (this.entries.size > this.options.maxEntries) {
          this.entries.delete(this.entries.keys().next().value as string);
        }
        return result;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, search);
    return search;
  }
}
