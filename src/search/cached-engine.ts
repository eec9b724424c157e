// Recent search results, kept per web process: most searches repeat (the same district, need and day),
// and listings change rarely. A result is reused only while the listings are unchanged (a database-wide
// counter moved by triggers) and for at most a minute, so "next session" stays right.
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
      return entry.result;
    }
    this.misses += 1;
    const result = await this.inner.search(query);
    this.entries.delete(key);
    this.entries.set(key, { result, version, storedAt: at });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return result;
  }
}
