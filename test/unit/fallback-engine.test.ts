import { expect } from 'chai';
import type { IdPage, SearchEngine, SearchQuery, SearchResult } from '../../src/search/engine.js';
import { FallbackSearchEngine } from '../../src/search/fallback-engine.js';

// Engines written for this test: one that never answers, one that answers at once. The fallback logic
// is what is under test; the real engines are covered in test/integration/outbox.test.ts.
const answer = (engine: string): SearchResult => ({ hits: [], total: 0, page: 1, perPage: 20, engine });

class SilentEngine implements SearchEngine {
  readonly name = 'meilisearch';
  calls = 0;
  search(): Promise<SearchResult> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
  searchIds(): Promise<IdPage> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
  allIds(): Promise<string[]> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
  async health() {
    return { status: 'UP' as const };
  }
}

const postgres: SearchEngine = {
  name: 'postgres',
  search: async () => answer('postgres'),
  searchIds: async () => ({ ids: ['from-postgres'], total: 1 }),
  allIds: async () => ['from-postgres'],
  health: async () => ({ status: 'UP' }),
};

describe('FallbackSearchEngine', () => {
  const query = {} as SearchQuery;

  it('answers from the fallback when the primary does not answer within the timeout', async () => {
    const silent = new SilentEngine();
    const engine = new FallbackSearchEngine(silent, postgres, { timeoutMs: 150 });
    const started = performance.now();
    const result = await engine.search(query);
    const elapsed = performance.now() - started;
    expect(result.engine).to.equal('postgres');
    expect(elapsed).to.be.within(140, 150 + 200);
  });

  it('skips the primary during the cool-down, reports it DOWN, and tries it again afterwards', async () => {
    const silent = new SilentEngine();
    let now = 1_000_000;
    const engine = new FallbackSearchEngine(silent, postgres, {
      timeoutMs: 500,
      cooldownMs: 30000,
      clock: () => now,
    });
    await engine.search(query);
    expect(silent.calls).to.equal(1);
    const started = performance.now();
    await engine.search(query);
    expect(performance.now() - started, 'no wait while the breaker is open').to.be.below(200);
    expect(silent.calls).to.equal(1);
    const health = await engine.health();
    expect(health.status).to.equal('DOWN');
    expect(health.details!.error).to.match(/meilisearch did not answer within 500 ms/);
    now += 30001;
    expect((await engine.health()).status).to.equal('UP');
    await engine.search(query);
    expect(silent.calls).to.equal(2);
  });

  it("answers the API's id pages and streams from the fallback too", async () => {
    const silent = new SilentEngine();
    const engine = new FallbackSearchEngine(silent, postgres, { timeoutMs: 100 });
    expect(await engine.searchIds(query, 'service')).to.deep.equal({ ids: ['from-postgres'], total: 1 });
    expect(await engine.allIds(query, 'service_at_location')).to.deep.equal(['from-postgres']);
    expect(silent.calls, 'the second while the breaker is open goes straight to the fallback').to.equal(1);
  });
});
