// A client-side limiter shared by every request to one tenant in this process (and so by every resource one
// dynamic-provider host serves). It reads Auth0's x-ratelimit-* headers and slows down *before* the tenant says 429:
// once the budget it was told about is spent, it spreads the next requests evenly over the time until the bucket
// refills instead of bursting into a wall of 429s at the reset.
import { setTimeout as sleep } from "node:timers/promises";

export interface RateLimitHeaders {
  readonly limit?: number;
  readonly remaining?: number;
  /** Milliseconds since the epoch when the bucket is full again. */
  readonly resetAt?: number;
  /** Milliseconds to wait, from Retry-After. */
  readonly retryAfterMs?: number;
}

export function parseRateLimitHeaders(headers: Record<string, string | string[] | undefined>, now = Date.now()): RateLimitHeaders {
  const num = (name: string): number | undefined => {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    return raw === undefined || raw === "" || !Number.isFinite(value) ? undefined : value;
  };
  const reset = num("x-ratelimit-reset");
  const retryAfterSeconds = num("retry-after");
  let retryAfterMs = retryAfterSeconds === undefined ? undefined : Math.max(0, retryAfterSeconds * 1000);
  if (retryAfterMs === undefined && typeof headers["retry-after"] === "string") {
    const date = Date.parse(headers["retry-after"]);
    if (!Number.isNaN(date)) retryAfterMs = Math.max(0, date - now);
  }
  return { limit: num("x-ratelimit-limit"), remaining: num("x-ratelimit-remaining"), resetAt: reset === undefined ? undefined : reset * 1000, retryAfterMs };
}

export interface RateLimiterStats {
  /** Time requests spent waiting for the limiter, summed. */
  waitedMs: number;
  rateLimited: number;
}

/** How often a request re-checks the budget while an answer that will tell the new reset is on its way. */
const PROBE_WAIT_MS = 25;

export class RateLimiter {
  private limit?: number;
  private remaining?: number;
  private resetAt?: number;
  private blockedUntil = 0;
  private nextSlot = 0;
  private inFlight = 0;
  readonly stats: RateLimiterStats = { waitedMs: 0, rateLimited: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** How long a request would wait right now; the caller may refuse to wait that long. */
  delay(): number {
    return this.wait(false);
  }

  /**
   * Waits for a place and takes it. Gives up without taking one, answering `undefined`, as soon as the wait would
   * run past `maxWaitMs`: a 429 that another request meets while this one waits can push the reset an hour away.
   * Otherwise answers how long it waited.
   */
  async acquire(maxWaitMs = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<number | undefined> {
    let waited = 0;
    for (let wait = this.wait(true); wait > 0; wait = this.wait(true)) {
      if (waited + wait > maxWaitMs) return undefined;
      this.stats.waitedMs += wait;
      waited += wait;
      await sleep(wait, undefined, { signal });
    }
    this.inFlight++;
    if (this.remaining !== undefined) this.remaining--;
    return waited;
  }

  /** The wait before the next request may go; with `take`, a free pacing slot is claimed. */
  private wait(take: boolean): number {
    const now = this.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    if (this.resetAt !== undefined && now >= this.resetAt) {
      // The bucket is full again: the whole limit may go, and the next answer tells the new reset. Until then the
      // budget is counted down locally, so a queue of waiting requests cannot all go in one wave.
      if (!take) return 0;
      this.remaining = this.limit;
      this.resetAt = undefined;
      this.nextSlot = 0;
    }
    if (this.remaining === undefined || this.remaining > 0) return 0;
    if (this.resetAt === undefined) {
      // Spent, and no answer has told the new reset yet: wait for one, or probe with one request if none is coming.
      return this.inFlight === 0 ? 0 : PROBE_WAIT_MS;
    }
    // Spent: one request per refill interval until the reset. The first slot is an interval after the budget ran
    // out, not at once: at that moment the bucket is empty.
    const interval = (this.resetAt - now) / Math.max(1, this.limit ?? 1);
    if (this.nextSlot === 0) this.nextSlot = now + interval;
    if (now < this.nextSlot) return this.nextSlot - now;
    if (take) this.nextSlot = now + interval;
    return 0;
  }

  /** Records what a response said and frees its place. Call exactly once per `acquire`. */
  release(status: number | undefined, headers: RateLimitHeaders | undefined, fallbackBackoffMs: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!headers) return;
    if (status !== 429 && headers.limit === undefined && headers.remaining === undefined && headers.resetAt === undefined) {
      // An answer without rate-limit headers: whatever budget an earlier answer told is no longer being reported,
      // so it is forgotten rather than counted down to a standstill.
      this.remaining = undefined;
      this.resetAt = undefined;
      return;
    }
    if (headers.limit !== undefined) this.limit = headers.limit;
    if (headers.resetAt !== undefined) this.resetAt = headers.resetAt;
    // The header counts what the tenant saw when it answered; requests still in flight will spend more of it.
    if (headers.remaining !== undefined) this.remaining = headers.remaining - this.inFlight;
    if (this.remaining !== undefined && this.remaining > 0) this.nextSlot = 0;
    if (status === 429) {
      this.stats.rateLimited++;
      const until = headers.retryAfterMs !== undefined ? this.now() + headers.retryAfterMs : headers.resetAt ?? this.now() + fallbackBackoffMs;
      // A little jitter, so that several processes sharing the tenant do not all return at the same instant.
      this.blockedUntil = Math.max(this.blockedUntil, until + Math.random() * 100);
      this.remaining = 0;
    }
  }
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per tenant origin for the whole process. */
export function rateLimiterFor(origin: string): RateLimiter {
  let limiter = limiters.get(origin);
  if (!limiter) {
    limiter = new RateLimiter();
    limiters.set(origin, limiter);
  }
  return limiter;
}
