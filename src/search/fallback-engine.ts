// Serves search from the primary engine (Meilisearch) and, when it fails or is slow, from the
// fallback (Postgres, the source of truth). After a failure the primary is skipped for a while, so
// each request does not wait for the timeout again.
import { logger } from '../logger.js';
import type { EngineHealth, IdPage, SearchEngine, SearchQuery, SearchResult, SearchUnit } from './engine.js';

export class FallbackSearchEngine implements SearchEngine {
  readonly name: string;
  private openUntil = 0;
  private lastError: string | null = null;

  constructor(
    private readonly primary: SearchEngine,
    private readonly fallback: SearchEngine,
    private readonly options: { timeoutMs: number; cooldownMs?: number; clock?: () => number },
  ) {
    this.name = primary.name;
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  /** True while the primary is being skipped after a failure. */
  get degraded(): boolean {
    return this.now() < this.openUntil;
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.answer((engine) => engine.search(query));
  }

  searchIds(query: SearchQuery, unit: SearchUnit): Promise<IdPage> {
    return this.answer((engine) => engine.searchIds(query, unit));
  }

  allIds(query: SearchQuery, unit: SearchUnit): Promise<string[]> {
    return this.answer((engine) => engine.allIds(query, unit));
  }

  private async answer<T>(ask: (engine: SearchEngine) => Promise<T>): Promise<T> {
    if (this.degraded) return ask(this.fallback);
    try {
      const result = await withDeadline(ask(this.primary), this.options.timeoutMs, this.primary.name);
      this.lastError = null;
      return result;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.openUntil = this.now() + (this.options.cooldownMs ?? 30000);
      logger.warn({ err: error, engine: this.primary.name }, 'search engine failed; using the fallback');
      return ask(this.fallback);
    }
  }

  /** The primary's own health, with the last search failure when requests are being diverted. */
  async health(): Promise<EngineHealth> {
    const health = await this.primary.health();
    if (health.status === 'UP' && this.degraded) {
      return {
        status: 'DOWN',
        details: { error: this.lastError, retryingAt: new Date(this.openUntil).toISOString() },
      };
    }
    return health;
  }
}

/** The client's own timeout covers each HTTP request; this bounds the whole search (several requests). */
async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
