// A polite HTTP client for one live feed: at most N requests at a time, a time limit on each, and retries with
// exponential backoff on 429, 5xx, time-outs and network errors, honouring Retry-After (which pauses every request
// to the feed, not only the one told). Node's own fetch (undici), which keeps connections alive.
import type { FeedFaults } from './feed-faults.js';

export interface FeedClientOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** For each request, headers and body together. */
  timeoutMs: number;
  /** Tries after the first. */
  retries: number;
  /** The first backoff; each next one doubles, with jitter, up to maxDelayMs. */
  retryBaseMs: number;
  maxDelayMs: number;
  userAgent: string;
}

export const DEFAULT_FEED_CLIENT: Omit<FeedClientOptions, 'userAgent'> = {
  concurrency: 4,
  timeoutMs: 30_000,
  retries: 4,
  retryBaseMs: 500,
  maxDelayMs: 60_000,
};

/** What a GET gave: parsed JSON, or why there is none (after any retries). */
export type FeedAnswer =
  { ok: true; status: number; json: unknown } | { ok: false; status: number | null; reason: string };

const RETRIED_STATUS = (status: number) => status === 429 || (status >= 500 && status <= 599);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class FeedClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** A Retry-After holds back every request until then. */
  private pausedUntil = 0;

  constructor(
    private readonly options: FeedClientOptions,
    private readonly faults: FeedFaults,
  ) {}

  get concurrency(): number {
    return this.options.concurrency;
  }

  /** GETs a URL as JSON; never throws for what the feed answers or fails to. */
  async getJson(url: string): Promise<FeedAnswer> {
    let failure: FeedAnswer & { ok: false } = { ok: false, status: null, reason: 'not tried' };
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt));
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      const { answer, retry, retryAfter } = await this.withSlot(() => this.once(url));
      if (!retry) {
        if (attempt > 0 && answer.ok) this.faults.add('answered only after retrying', url, failure.reason);
        return answer;
      }
      failure = answer as FeedAnswer & { ok: false };
      if (retryAfter !== null)
        this.pausedUntil = Math.max(
          this.pausedUntil,
          Date.now() + Math.min(retryAfter, this.options.maxDelayMs),
        );
    }
    return { ...failure, reason: `${failure.reason}, after ${this.options.retries + 1} tries` };
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseMs * 2 ** (attempt - 1);
    return Math.min(this.options.maxDelayMs, base / 2 + Math.random() * (base / 2));
  }

  private async once(
    url: string,
  ): Promise<{ answer: FeedAnswer; retry: boolean; retryAfter: number | null }> {
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json', 'User-Agent': this.options.userAgent },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      const status = response.status;
      if (!response.ok) {
        const reason = `${status} ${response.statusText}`.trim();
        const retry = RETRIED_STATUS(status);
        return {
          answer: { ok: false, status, reason },
          retry,
          retryAfter: retry ? retryAfterMs(response.headers.get('retry-after')) : null,
        };
      }
      try {
        return {
          answer: { ok: true, status, json: JSON.parse(text) as unknown },
          retry: false,
          retryAfter: null,
        };
      } catch {
        return {
          answer: { ok: false, status, reason: 'the answer is not JSON' },
          retry: false,
          retryAfter: null,
        };
      }
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${this.options.timeoutMs / 1000} s` : networkReason(error);
      return { answer: { ok: false, status: null, reason }, retry: true, retryAfter: null };
    }
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.active >= this.options.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** undici says "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `network error ${cause.code}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
