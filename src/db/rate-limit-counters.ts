// Attempts counted in the rate_limit table by rate-limiter-flexible over the app's own pool, so every web
// process shares one count. Services see only RateCounter; this file is the only one that knows the library.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

export interface RateCounterOptions {
  /** Kept with each key, so one table holds every limit. */
  name: string;
  points: number;
  seconds: number;
  /** One timer per process is enough to delete expired rows for every limit. */
  clearExpired: boolean;
}

export interface RateCounter {
  /** Counts one attempt; refused (with how long until the window ends) when the points are used up. */
  consume(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  /** Gives one attempt back. */
  reward(key: string): Promise<void>;
  /** Forgets the count. */
  forget(key: string): Promise<void>;
}

export function createRateCounter(dataSource: DataSource, options: RateCounterOptions): RateCounter {
  const limiter = new RateLimiterPostgres({
    storeClient: dataSource,
    storeType: 'typeorm',
    tableName: 'rate_limit',
    // Made by a migration: a web process never runs DDL.
    tableCreated: true,
    clearExpiredByTimeout: options.clearExpired,
    keyPrefix: options.name,
    points: options.points,
    duration: options.seconds,
  });
  return {
    consume: (key) =>
      limiter.consume(key).then(
        () => ({ ok: true as const }),
        (refusal: unknown) => {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          return { ok: false as const, retryAfterMs: refusal.msBeforeNext };
        },
      ),
    reward: async (key) => {
      await limiter.reward(key);
    },
    forget: async (key) => {
      await limiter.delete(key);
    },
  };
}
