// A client-side limiter shared by every request to one tenant in this process (and so by every resource one
// dynamic-provider host serves). It keeps a mirror of the tenant's token bucket from Auth0's x-ratelimit-* headers
// and slows down *before* the tenant says 429: a request goes when the mirror holds a token, and otherwise waits for
// the refill, at a rate estimated from the headers so that it can only be too low, never too high.
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
  // Auth0 sends UNIX seconds; some gateways send seconds to wait, which as a date would be 1970.
  const resetAt = reset === undefined ? undefined : reset < 1e9 ? now + reset * 1000 : reset * 1000;
  return { limit: num("x-ratelimit-limit"), remaining: num("x-ratelimit-remaining"), resetAt, retryAfterMs };
}

export interface RateLimiterStats {
  rateLimited: number;
}

/** The least a refused request waits, whatever Retry-After says: "Retry-After: 0" must not become a busy loop. */
const MIN_RETRY_WAIT_MS = 100;

/** How often a request re-checks the budget while an answer that will tell more is on its way. */
const PROBE_WAIT_MS = 25;

export class RateLimiter {
  private limit?: number;
  /** Tokens the tenant's bucket refills per millisecond, as far as its headers show; a lower bound. */
  private rate?: number;
  /** Requests that may still go at `updatedAt`, by the mirror of the tenant's bucket; undefined until told. */
  private tokens?: number;
  private updatedAt = 0;
  private resetAt?: number;
  private blockedUntil = 0;
  private inFlight = 0;
  readonly stats: RateLimiterStats = { rateLimited: 0 };

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
      waited += wait;
      await sleep(wait, undefined, { signal });
    }
    this.inFlight++;
    return waited;
  }

  private available(now: number): number | undefined {
    if (this.tokens === undefined) return undefined;
    const refilled = this.tokens + Math.max(0, now - this.updatedAt) * (this.rate ?? 0);
    return Math.min(this.limit ?? Number.POSITIVE_INFINITY, refilled);
  }

  /** The wait before the next request may go; with `take`, a token of the mirrored bucket is spent. */
  private wait(take: boolean): number {
    const now = this.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    let available = this.available(now);
    if (available === undefined) return 0;
    // Without a known refill rate, the bucket is known to be full again only at the reset the tenant announced.
    if (available < 1 && this.rate === undefined && this.resetAt !== undefined && now >= this.resetAt) available = this.limit ?? 1;
    if (available >= 1) {
      if (take) {
        this.tokens = available - 1;
        this.updatedAt = now;
      }
      return 0;
    }
    if (this.rate !== undefined) return Math.max(1, Math.ceil((1 - available) / this.rate));
    if (this.resetAt !== undefined) return this.resetAt - now;
    // Spent, and nothing says when it refills: wait for an answer, or probe with one request if none is coming.
    return this.inFlight === 0 ? 0 : PROBE_WAIT_MS;
  }

  /** Records what a response said and frees its place. Call exactly once per `acquire`. */
  release(status: number | undefined, headers: RateLimitHeaders | undefined, fallbackBackoffMs: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!headers) return;
    const now = this.now();
    if (status !== 429 && headers.limit === undefined && headers.remaining === undefined && headers.resetAt === undefined) {
      // An answer without rate-limit headers: whatever budget an earlier answer told is no longer being reported,
      // so it is forgotten rather than counted down to a standstill.
      this.tokens = undefined;
      this.resetAt = undefined;
      return;
    }
    if (headers.limit !== undefined) this.limit = headers.limit;
    if (headers.resetAt !== undefined) this.resetAt = headers.resetAt;
    if (this.limit !== undefined && headers.remaining !== undefined && headers.resetAt !== undefined && headers.resetAt > now) {
      // The bucket refills limit - remaining tokens by the reset. The reset is rounded up to a whole second and
      // remaining down to a whole token, so (limit - remaining - 1) / (reset - now) never overestimates the rate;
      // the largest such estimate seen is the best lower bound. An answer that saw one token spent tells nothing.
      const refill = this.limit - headers.remaining - 1;
      if (refill > 0) this.rate = Math.max(this.rate ?? 0, refill / (headers.resetAt - now));
    }
    // The header counts what the tenant saw when it answered; requests still in flight will spend more of it.
    if (headers.remaining !== undefined) {
      this.tokens = headers.remaining - this.inFlight;
      this.updatedAt = now;
    }
    if (status === 429) {
      this.stats.rateLimited++;
      // The estimate compares the tenant's reset with the local clock; a clock running ahead overestimates the
      // rate. Halving it on a refusal bounds that to one 429 per reset.
      if (this.rate !== undefined) this.rate /= 2;
      // A reset already past (a clock ahead of Auth0's) would mean "go at once" and spin: back off instead.
      const reset = headers.resetAt !== undefined && headers.resetAt > now ? headers.resetAt : undefined;
      const until = headers.retryAfterMs !== undefined ? now + Math.max(headers.retryAfterMs, MIN_RETRY_WAIT_MS) : (reset ?? now + fallbackBackoffMs);
      // A little jitter, so that several processes sharing the tenant do not all return at the same instant.
      this.blockedUntil = Math.max(this.blockedUntil, until + Math.random() * 100);
      // At the reset the bucket is full again; after a bare Retry-After only one request is known to be welcome.
      const full = headers.retryAfterMs === undefined && headers.resetAt !== undefined;
      this.tokens = (full ? (this.limit ?? 1) : 1) - this.inFlight;
      this.updatedAt = this.blockedUntil;
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
