// A client-side limiter shared by every request to one tenant in this process (and so by every resource one
// dynamic-provider host serves). It keeps a mirror of the tenant's token bucket from Auth0's x-ratelimit-* headers
// and slows down *before* the tenant says 429. Requests wait in one queue, served in the order they first asked
// (a retry keeps its place), and the head is re-checked whenever an answer changes what is known: nobody sleeps on
// a stale prediction. Until the tenant's first answer nothing is known, so one request goes alone (a cautious cold
// start). The limiter never fails a request: only the tenant's own 429 to that request can (retry.ts). And nothing
// the tenant said holds requests back longer than MAX_BLOCK_MS: then one is let through to ask again, so a single odd
// header cannot block a tenant for the rest of a process.
import { setTimeout as sleepTimer } from "node:timers";

export interface RateLimitHeaders {
  readonly limit?: number;
  readonly remaining?: number;
  /** Milliseconds since the epoch when the bucket is full again. */
  readonly resetAt?: number;
  /** Milliseconds to wait, from Retry-After. */
  readonly retryAfterMs?: number;
}

/** Below this, x-ratelimit-reset is seconds to wait (some gateways send that), not a date. */
const SECONDS_TO_WAIT_BELOW = 1e9;
/** From this on, x-ratelimit-reset is epoch milliseconds: as seconds it would be a date after the year 5000. */
const EPOCH_MILLISECONDS_FROM = 1e11;

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
  // Auth0 sends UNIX seconds; some gateways send seconds to wait (as a date that would be 1970), others milliseconds.
  const resetAt =
    reset === undefined ? undefined : reset < SECONDS_TO_WAIT_BELOW ? now + reset * 1000 : reset < EPOCH_MILLISECONDS_FROM ? reset * 1000 : reset;
  return { limit: num("x-ratelimit-limit"), remaining: num("x-ratelimit-remaining"), resetAt, retryAfterMs };
}

/** What the tenant said when it refused a request with a 429. */
export interface Refusal {
  /** When the refusal arrived. */
  readonly at: number;
  /** When the tenant said it would take requests again, as it said it. */
  readonly until: number;
  /** Which header said so, or none (then `until` is a backoff of our own). */
  readonly told: "Retry-After" | "x-ratelimit-reset" | "no usable reset";
}

/**
 * Beyond this, what a 429 says is not believed: no rate limit of Auth0 resets years ahead, but a misread unit or an
 * odd gateway can say so (Retry-After: 1000000000000). Such a refusal is waited out for MAX_BLOCK_MS, then asked again.
 */
export const IMPLAUSIBLE_WAIT_MS = 7 * 24 * 3_600_000;

/** When the refusal's requests may be expected to go again, as far as it is believable. */
export function believedUntil(refusal: Refusal): number {
  return refusal.until - refusal.at > IMPLAUSIBLE_WAIT_MS ? refusal.at + MAX_BLOCK_MS : refusal.until;
}

export interface AcquireOptions {
  /** The request's place in the queue, from `ticket()`; a retry passes the same one and keeps its place. */
  readonly ticket: number;
  /** How much longer the caller would wait for the tenant's rate limit (its patience left). A request that cannot
   *  wait as long as the tenant's last refusal says does not sleep: it asks the tenant itself, one at a time. */
  readonly patienceLeft?: () => number;
  readonly signal?: AbortSignal;
}

export interface RateLimiterStats {
  rateLimited: number;
}

/** The least a refused request waits, whatever Retry-After says: "Retry-After: 0" must not become a busy loop. */
const MIN_RETRY_WAIT_MS = 100;

/** What a 429 with these headers says. A reset already past (a clock ahead of Auth0's) would mean "go at once" and
 *  spin: the caller's fallback backoff is used instead. */
function refusalOf(headers: RateLimitHeaders, now: number, fallbackBackoffMs: number): Refusal {
  if (headers.retryAfterMs !== undefined) return { at: now, until: now + Math.max(headers.retryAfterMs, MIN_RETRY_WAIT_MS), told: "Retry-After" };
  if (headers.resetAt !== undefined && headers.resetAt > now) return { at: now, until: headers.resetAt, told: "x-ratelimit-reset" };
  return { at: now, until: now + fallbackBackoffMs, told: "no usable reset" };
}

/**
 * The longest anything the tenant said holds requests back: a Management API bucket refills within seconds (burst 50
 * at 16 per second: 3 s; burst 10 at 100 per minute: 6 s), so a wait beyond this is a misread or odd header, or the
 * tenant has changed its mind since. After it, one request goes to ask the tenant again.
 */
export const MAX_BLOCK_MS = 10_000;

/** Until the tenant's first answer, requests go one at a time: its bucket may hold as little as 2. */
const COLD_START_IN_FLIGHT = 1;

/** "Wait for an answer that is on its way": `release` re-checks the queue when it comes. */
const WAIT_FOR_ANSWER = Number.POSITIVE_INFINITY;

/** A request the limiter let go: `order` counts the places given, so answers can be told apart by when their
 *  requests left even within one millisecond; `at` is when it left. */
export interface SentRequest {
  readonly order: number;
  readonly at: number;
}

interface Waiter {
  readonly ticket: number;
  readonly options: AcquireOptions;
  readonly settle: (order: number) => void;
}

export class RateLimiter {
  /** Whether a request has come back at all (answered or failed): until then, the cold start. */
  private answered = false;
  private limit?: number;
  /** Tokens the tenant's bucket refills per millisecond, as far as its headers show; a lower bound. */
  private rate?: number;
  /** Requests that may still go at `updatedAt`, by the mirror of the tenant's bucket; undefined until told. */
  private tokens?: number;
  private updatedAt = 0;
  /** When the tenant said its bucket is full again; unset when that was more than MAX_BLOCK_MS away. */
  private resetAt?: number;
  /** Requests sent since the tenant's last report, which its `remaining` did not count: the bucket is full at the
   *  reset less these. */
  private spentSinceTold = 0;
  /** When the tenant last told anything (an answer with or without headers). */
  private toldAt = 0;
  /** The order of the request whose answer the mirror was last set from: an answer to a request that left before
   *  it was overtaken on its way back, and what it says of the bucket is older than what the mirror holds. */
  private informedBy = -1;
  /** Places given so far. */
  private given = 0;
  private blockedUntil = 0;
  private refusal?: Refusal;
  private inFlight = 0;
  private nextTicket = 0;
  private readonly queue: Waiter[] = [];
  private timer?: NodeJS.Timeout;
  readonly stats: RateLimiterStats = { rateLimited: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** A place in the queue for a new request. */
  ticket(): number {
    return this.nextTicket++;
  }

  /** How long a request of the given patience at the head of the queue would wait now (Infinity: until an answer
   *  on its way). */
  delay(patienceLeft = Number.POSITIVE_INFINITY): number {
    const now = this.now();
    return Math.max(0, this.nextSendAt(now, patienceLeft) - now);
  }

  /** Waits for a place, in ticket order, and takes it; answers the place's order (see SentRequest). */
  acquire(options: AcquireOptions): Promise<number> {
    options.signal?.throwIfAborted();
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        this.remove(waiter);
        reject(options.signal!.reason);
        this.pump();
      };
      const settle = (order: number) => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve(order);
      };
      const waiter: Waiter = { ticket: options.ticket, options, settle };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      // Sorted by ticket: a retried request goes back to where it first stood, not to the end.
      let at = this.queue.length;
      while (at > 0 && this.queue[at - 1]!.ticket > waiter.ticket) at--;
      this.queue.splice(at, 0, waiter);
      this.pump();
    });
  }

  /**
   * Records what an answer said and frees its place; `status` undefined when no answer came (a network error).
   * Call exactly once per granted `acquire`. Answers the refusal when the tenant said 429. `sent`, the request as
   * it left, tells an answer overtaken by a later request's from a fresh one, and makes the refill estimate safe
   * from the latency: the tenant's clock read between the request leaving and its answer arriving.
   */
  release(status: number | undefined, headers: RateLimitHeaders | undefined, fallbackBackoffMs: number, sent?: SentRequest): Refusal | undefined {
    this.inFlight = Math.max(0, this.inFlight - 1);
    // Even a request that got no answer ends the cold start: otherwise every request to a tenant that never answers
    // would wait for the one before it to time out.
    this.answered = true;
    try {
      if (status === undefined || !headers) return undefined;
      return this.record(status, headers, fallbackBackoffMs, sent);
    } finally {
      this.pump();
    }
  }

  private record(status: number, headers: RateLimitHeaders, fallbackBackoffMs: number, sent?: SentRequest): Refusal | undefined {
    const now = this.now();
    this.toldAt = now;
    if (sent !== undefined && sent.order < this.informedBy) return this.recordOvertaken(status, headers, fallbackBackoffMs, sent, now);
    if (sent !== undefined) this.informedBy = sent.order;
    if (status !== 429) {
      // The tenant is serving again: whatever an earlier refusal said no longer holds requests back (the mirror
      // still paces them from this answer's headers).
      this.blockedUntil = 0;
      this.refusal = undefined;
    }
    if (status !== 429 && headers.limit === undefined && headers.remaining === undefined && headers.resetAt === undefined) {
      // An answer without rate-limit headers: whatever budget an earlier answer told is no longer being reported,
      // so it is forgotten rather than counted down to a standstill.
      this.tokens = undefined;
      this.resetAt = undefined;
      return undefined;
    }
    const plausibleReset = this.learnRate(headers, now, sent?.at);
    // A reset further away than MAX_BLOCK_MS is not believed to be when the bucket is full again (see nextSendAt).
    if (headers.resetAt !== undefined) this.resetAt = headers.resetAt <= now + MAX_BLOCK_MS ? headers.resetAt : undefined;
    // The header counts what the tenant saw when it answered; requests still in flight will spend more of it.
    if (headers.remaining !== undefined) {
      this.tokens = headers.remaining - this.inFlight;
      this.updatedAt = now;
      this.spentSinceTold = this.inFlight;
    }
    if (status !== 429) return undefined;

    this.stats.rateLimited++;
    // The estimate compares the tenant's reset with the local clock; a clock running ahead overestimates the rate.
    // Halving it on a refusal bounds that to one 429 per reset.
    if (this.rate !== undefined) this.rate /= 2;
    const refusal = refusalOf(headers, now, fallbackBackoffMs);
    this.refusal = refusal;
    // A little jitter, so that several processes sharing the tenant do not all return at the same instant.
    this.blockedUntil = Math.max(this.blockedUntil, Math.min(believedUntil(refusal), now + MAX_BLOCK_MS) + Math.random() * 100);
    // At a believable reset the bucket is full again; after a bare Retry-After, or a reset too far away to believe,
    // only one request is known to be welcome: it asks, and its answer tells the rest.
    const full = refusal.told === "x-ratelimit-reset" && plausibleReset !== undefined;
    this.tokens = (full ? (this.limit ?? 1) : 1) - this.inFlight;
    this.updatedAt = this.blockedUntil;
    this.spentSinceTold = this.inFlight;
    return refusal;
  }

  /**
   * Learns the limit and the refill rate from one answer's headers, which holds for any answer, however late it
   * arrived; answers the reset if it is plausible (within MAX_BLOCK_MS).
   */
  private learnRate(headers: RateLimitHeaders, now: number, sentAt?: number): number | undefined {
    if (headers.limit !== undefined) this.limit = headers.limit;
    const plausibleReset = headers.resetAt !== undefined && headers.resetAt > now && headers.resetAt <= now + MAX_BLOCK_MS ? headers.resetAt : undefined;
    if (this.limit !== undefined && headers.remaining !== undefined && plausibleReset !== undefined) {
      // The bucket refills limit - remaining tokens by the reset. The reset is rounded up to a whole second and
      // remaining down to a whole token, so (limit - remaining - 1) / (reset - now) never overestimates the rate;
      // the largest such estimate seen is the best lower bound. The tenant read its clock before this answer
      // arrived, so the interval counts from when the request left. An answer that saw one token spent tells nothing.
      const refill = this.limit - headers.remaining - 1;
      const told = Math.min(now, sentAt ?? now);
      if (refill > 0) this.rate = Math.max(this.rate ?? 0, refill / (plausibleReset - told));
    }
    return plausibleReset;
  }

  /**
   * An answer overtaken on its way back by the answer to a later request (a loaded machine, several connections, a
   * proxy): the tenant counted it before what the mirror already holds, so its budget, its reset and a block it
   * would lift are out of date. Taking them would send a burst into an empty bucket, and every 429 of that burst
   * would be followed by more late answers. Only the refill rate it implies still holds. A 429 is still the
   * tenant's word for its own request, and is answered as such.
   */
  private recordOvertaken(status: number, headers: RateLimitHeaders, fallbackBackoffMs: number, sent: SentRequest, now: number): Refusal | undefined {
    this.learnRate(headers, now, sent.at);
    if (status !== 429) return undefined;
    this.stats.rateLimited++;
    return refusalOf(headers, now, fallbackBackoffMs);
  }

  /** The tokens the mirror holds at `at`, or undefined when the tenant reports no budget. */
  private availableAt(at: number): number | undefined {
    if (this.tokens === undefined) return undefined;
    let available = this.tokens + Math.max(0, at - this.updatedAt) * (this.rate ?? 0);
    // At the reset the tenant announced, its bucket is full but for what was sent since it said so.
    if (this.resetAt !== undefined && at >= this.resetAt) available = Math.max(available, (this.limit ?? 1) - this.spentSinceTold);
    return Math.min(this.limit ?? Number.POSITIVE_INFINITY, available);
  }

  /** The earliest time the head of the queue may go; WAIT_FOR_ANSWER when only an answer on its way can tell. */
  private nextSendAt(now: number, patienceLeft: number): number {
    if (!this.answered) return this.inFlight < COLD_START_IN_FLIGHT ? now : WAIT_FOR_ANSWER;
    // A request that cannot wait as long as the tenant's refusal says asks the tenant itself rather than sleep and
    // then fail on another request's word: one at a time, when no other answer is on its way.
    if (now < this.blockedUntil && this.refusal && believedUntil(this.refusal) - now > patienceLeft) return this.inFlight === 0 ? now : WAIT_FOR_ANSWER;
    let at = Math.max(now, this.blockedUntil);
    const available = this.availableAt(at);
    if (available !== undefined && available < 1) {
      if (this.rate !== undefined) at += Math.ceil((1 - available) / this.rate);
      // A reset still ahead refills the bucket then; one already past has been counted in `available` (an answer
      // slowed down on its way can arrive after the reset it announced), and says nothing of what comes next.
      else if (this.resetAt !== undefined && this.resetAt > at) at = this.resetAt;
      // Spent, and nothing says when it refills: wait for an answer, or probe with one request if none is coming.
      else if (this.inFlight > 0) return WAIT_FOR_ANSWER;
      if (this.resetAt !== undefined && this.resetAt > now) at = Math.min(at, this.resetAt);
    }
    // Nothing the tenant said holds requests longer than MAX_BLOCK_MS after it said it: then one goes to ask again.
    const stale = this.toldAt + MAX_BLOCK_MS;
    if (at > now && at > stale) return this.inFlight > 0 ? WAIT_FOR_ANSWER : Math.max(now, stale);
    return at;
  }

  /** Serves the queue from its head as far as the budget allows, and sets one timer for the next re-check. */
  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const at = this.nextSendAt(now, head.options.patienceLeft?.() ?? Number.POSITIVE_INFINITY);
      if (at === WAIT_FOR_ANSWER) return;
      if (at > now) {
        this.timer = sleepTimer(() => this.pump(), at - now);
        return;
      }
      this.queue.shift();
      const available = this.availableAt(now);
      if (available !== undefined) {
        this.tokens = available - 1;
        this.updatedAt = now;
      }
      this.spentSinceTold++;
      this.inFlight++;
      head.settle(this.given++);
    }
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
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
