// The health of the service and each dependency, as /health reports it.
import type { Stores } from '../db/stores.js';
import type { SearchEngine } from '../search/engine.js';

export interface HealthReport {
  status: 'UP' | 'DOWN';
  components: Record<string, { status: 'UP' | 'DOWN' | 'DEGRADED'; details?: Record<string, unknown> }>;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHealth(stores: Pick<Stores, 'ping'>, engines: SearchEngine[]) {
  return async function health(): Promise<HealthReport> {
    const report: HealthReport = { status: 'UP', components: {} };
    try {
      const started = Date.now();
      await withTimeout(stores.ping(), 2000, 'the database');
      report.components.database = { status: 'UP', details: { responseTimeMs: Date.now() - started } };
    } catch (error) {
      report.status = 'DOWN';
      report.components.database = { status: 'DOWN', details: { error: (error as Error).message } };
    }
    for (const engine of engines) {
      const result = await withTimeout(engine.health(), 2000, `search engine ${engine.name}`).catch(
        (error: Error) => ({
          status: 'DOWN' as const,
          details: { error: error.message },
        }),
      );
      report.components[`search:${engine.name}`] = result;
    }
    // With a fallback engine, search still answers when one engine is down: degraded, not down.
    if (engines.length > 1) {
      const up = engines.filter((e) => report.components[`search:${e.name}`].status === 'UP');
      report.components.search = {
        status: up.length === engines.length ? 'UP' : up.length > 0 ? 'DEGRADED' : 'DOWN',
        details: { available: up.map((e) => e.name) },
      };
    }
    return report;
  };
}
