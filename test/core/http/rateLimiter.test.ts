// The shared rate limiter on a clock of the test's own: what it lets through, in which order, and for how long what
// the tenant said holds requests back. Under real load, against the emulator's token bucket, in
// test/core/rateLimitUnderLoad.test.ts.
import { MAX_BLOCK_MS, RateLimiter, parseRateLimitHeaders, type SentRequest } from "../../../provider/core/http/rateLimiter";

let now = 1_000_000;
const clock = () => now;
/** Aborted after each test, so that no waiter is left in a limiter's queue. */
let cleanup = new AbortController();
afterEach(() => {
  cleanup.abort();
  cleanup = new AbortController();
});

/** Asks for a place; `granted()` says whether it was given at once. */
function ask(limiter: RateLimiter, options: { ticket?: number; patience?: number } = {}) {
  let granted = false;
  // Settles true when the place is given, false when the test's cleanup aborts the wait.
  const place = limiter
    .acquire({ ticket: options.ticket ?? limiter.ticket(), patienceLeft: () => options.patience ?? Infinity, signal: cleanup.signal })
    .then(() => (granted = true), () => false);
  return { granted: async () => (await Promise.resolve(), granted), place };
}
/** A place, which must be given at once. */
async function take(limiter: RateLimiter): Promise<void> {
  expect(await ask(limiter).granted()).toBe(true);
}
/** A limiter past its cold start: the tenant has answered once, with a full bucket of `limit`. */
async function warm(limit = 50): Promise<RateLimiter> {
  const limiter = new RateLimiter(clock);
  await take(limiter);
  limiter.release(200, { limit, remaining: limit - 1, resetAt: now + 1_000 }, 0);
  return limiter;
}

describe("the shared rate limiter", () => {
  it("lets requests through while the tenant reports budget left", async () => {
    const limiter = await warm();
    limiter.release(200, { limit: 50, remaining: 10, resetAt: now + 3_000 }, 0);
    expect(limiter.delay()).toBe(0);
  });

  it("once the budget is spent, spaces requests at the refill rate the headers imply", async () => {
    const limiter = new RateLimiter(clock);
    await take(limiter);
    // 49 tokens (limit - remaining - 1, the safe side of the rounding) refill within the 5 s to the reset.
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 5_000 }, 0);
    expect(limiter.delay()).toBe(103); // ceil(5000 / 49): the bucket is empty right now
    now += 103;
    expect(limiter.delay()).toBe(0);
    await take(limiter);
    expect(limiter.delay()).toBeGreaterThanOrEqual(100);
    expect(limiter.delay()).toBeLessThanOrEqual(103);
  });

  it("counts requests still in flight against the reported budget", async () => {
    const limiter = await warm();
    await take(limiter);
    await take(limiter);
    await take(limiter);
    limiter.release(200, { limit: 50, remaining: 2, resetAt: now + 5_000 }, 0);
    // 2 left by the tenant's count, 2 more already on their way: nothing to spare.
    expect(limiter.delay()).toBeGreaterThan(0);
  });

  it("refills its mirror of the bucket at the estimated rate, never past the limit", async () => {
    const limiter = new RateLimiter(clock);
    await take(limiter);
    limiter.release(200, { limit: 3, remaining: 0, resetAt: now + 1_000 }, 0);
    now += 60_000;
    for (let i = 0; i < 3; i++) await take(limiter);
    expect(limiter.delay()).toBeGreaterThan(0);
  });

  it("after a 429, lets the whole limit less what is in flight go at the reset", async () => {
    const limiter = await warm(3);
    await take(limiter);
    await take(limiter);
    limiter.release(429, { limit: 3, remaining: 0, resetAt: now + 1_000 }, 0);
    now += 1_200;
    await take(limiter);
    await take(limiter);
    expect(await ask(limiter).granted()).toBe(false); // 3 - the one still in flight - these two
  });

  it("holds every request until x-ratelimit-reset after a 429", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 2_000 }, 0);
    expect(limiter.delay()).toBeGreaterThanOrEqual(2_000);
    expect(limiter.delay()).toBeLessThanOrEqual(2_100);
    expect(limiter.stats.rateLimited).toBe(1);
  });

  it("forgets a budget the tenant stops reporting, rather than counting down to a standstill", async () => {
    const limiter = new RateLimiter(clock);
    await take(limiter);
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 5_000 }, 0);
    limiter.release(200, {}, 0);
    expect(limiter.delay()).toBe(0);
  });

  it("prefers Retry-After to the reset after a 429", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { resetAt: now + 60_000, retryAfterMs: 1_000 }, 0);
    expect(limiter.delay()).toBeLessThanOrEqual(1_100);
  });

  it("backs off by the caller's fallback after a 429 with no headers at all", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, {}, 700);
    expect(limiter.delay()).toBeGreaterThanOrEqual(700);
  });

  it("forgets the spent budget once the reset time has passed", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 1_000 }, 0);
    now += 1_001;
    expect(limiter.delay()).toBe(0);
  });

  it("after a 429 whose reset is already past, backs off instead of going at once", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now - 30_000 }, 700);
    expect(limiter.delay()).toBeGreaterThanOrEqual(700);
  });

  it("returns the tenant's own word with a 429", () => {
    const limiter = new RateLimiter(clock);
    expect(limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 3_600_000 }, 0)).toEqual({ at: now, until: now + 3_600_000, told: "x-ratelimit-reset" });
    expect(limiter.release(429, { retryAfterMs: 0 }, 0)).toEqual({ at: now, until: now + 100, told: "Retry-After" });
    expect(limiter.release(200, { limit: 50, remaining: 3, resetAt: now + 1_000 }, 0)).toBeUndefined();
  });
});

describe("the cold start", () => {
  it("sends one request alone until the tenant has answered, then as its headers allow", async () => {
    const limiter = new RateLimiter(clock);
    await take(limiter);
    const second = ask(limiter);
    expect(await second.granted()).toBe(false);
    limiter.release(200, { limit: 50, remaining: 49, resetAt: now + 1_000 }, 0);
    expect(await second.granted()).toBe(true);
    for (let i = 0; i < 47; i++) await take(limiter);
  });
});

describe("the queue", () => {
  it("serves waiters in the order they first asked, a retry keeping its place", async () => {
    const limiter = await warm(2);
    limiter.release(200, { limit: 2, remaining: 0, resetAt: now + 1_000 }, 0);
    const order: string[] = [];
    const retried = limiter.ticket(); // asked first, was refused, asks again below after the later ones
    const later = [ask(limiter), ask(limiter)];
    later[0]!.place.then(() => order.push("second"));
    later[1]!.place.then(() => order.push("third"));
    ask(limiter, { ticket: retried }).place.then(() => order.push("first"));
    now += 2_000;
    limiter.release(200, { limit: 2, remaining: 2, resetAt: now }, 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["first", "second"]);
  });

  it("re-checks a waiter as soon as an answer reports budget, not after the wait it was first given", async () => {
    const limiter = await warm();
    await take(limiter);
    // The tenant reported nothing left and a slow refill: a wait of seconds.
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 9_000 }, 0);
    expect(limiter.delay()).toBeGreaterThan(100);
    const waiter = ask(limiter);
    expect(await waiter.granted()).toBe(false);
    // Another answer: the bucket has refilled faster than estimated.
    limiter.release(200, { limit: 50, remaining: 20, resetAt: now + 1_000 }, 0);
    expect(await waiter.granted()).toBe(true);
  });

  it("never fails a waiter: a budget predicted far below zero still ends in a place, at the latest at the reset", async () => {
    const limiter = await warm();
    for (let i = 0; i < 40; i++) await take(limiter);
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 3_000 }, 0); // 39 still in flight: -39
    const waiter = ask(limiter, { patience: 0 });
    expect(limiter.delay()).toBeLessThanOrEqual(3_000);
    now += 3_000;
    limiter.release(undefined, undefined, 0); // a request failed on the network: the queue is re-checked
    expect(await waiter.granted()).toBe(true);
  });
});

describe("what one answer can hold back", () => {
  it("holds requests at most MAX_BLOCK_MS after a 429 whose reset is an hour away, then lets one through to ask again", async () => {
    const limiter = await warm();
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 3_600_000 }, 0);
    expect(limiter.delay()).toBeLessThanOrEqual(MAX_BLOCK_MS + 100);
    now += MAX_BLOCK_MS + 100;
    await take(limiter);
    expect(await ask(limiter).granted()).toBe(false); // one at a time until the tenant answers
  });

  it("lets a request that cannot wait for the tenant's reset ask the tenant itself, one at a time", async () => {
    const limiter = await warm();
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 3_600_000 }, 0);
    expect(await ask(limiter, { patience: 120_000 }).granted()).toBe(true);
    expect(await ask(limiter, { patience: 120_000 }).granted()).toBe(false);
  });

  it("lifts the block when the tenant answers a request again", async () => {
    const limiter = await warm();
    limiter.release(429, { retryAfterMs: 1e15 }, 0);
    limiter.release(200, { limit: 50, remaining: 30, resetAt: now + 1_000 }, 0);
    expect(limiter.delay()).toBe(0);
  });
});

describe("answers that arrive out of order", () => {
  // On a loaded machine, or behind a proxy with several connections, the answer to an earlier request can arrive
  // after the answer to a later one: what it says about the bucket is older than what is already known.
  // Both leave within the same millisecond, as a burst does: only the order they left in tells them apart.
  async function twoInFlight(): Promise<{ limiter: RateLimiter; earlier: SentRequest; later: SentRequest }> {
    const limiter = await warm();
    const earlier = { order: await limiter.acquire({ ticket: limiter.ticket() }), at: now };
    const later = { order: await limiter.acquire({ ticket: limiter.ticket() }), at: now };
    now += 50;
    return { limiter, earlier, later };
  }

  it("gives no more than the bucket holds when the first answer arrives after the reset it announced", async () => {
    // The tenant's reset is when its bucket is full again, rounded to a second: an answer slowed down on the way (a
    // loaded machine) can arrive after it. What was sent since still counts against the full bucket.
    const limiter = new RateLimiter(clock);
    await take(limiter);
    now += 700;
    limiter.release(200, { limit: 50, remaining: 49, resetAt: now - 200 }, 0);
    const asked = Array.from({ length: 60 }, () => ask(limiter));
    const granted = await Promise.all(asked.map((a) => a.granted()));
    expect(granted.filter(Boolean)).toHaveLength(50);
  });

  it("keeps the block of a 429 when an older answer with budget arrives after it", async () => {
    const { limiter, earlier, later } = await twoInFlight();
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 2_000 }, 0, later);
    limiter.release(200, { limit: 50, remaining: 5, resetAt: now + 1_000 }, 0, earlier);
    expect(limiter.delay()).toBeGreaterThanOrEqual(2_000);
  });

  it("keeps a spent budget when an older answer reporting budget left arrives after it", async () => {
    const { limiter, earlier, later } = await twoInFlight();
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 5_000 }, 0, later);
    limiter.release(200, { limit: 50, remaining: 20, resetAt: now + 1_000 }, 0, earlier);
    expect(limiter.delay()).toBeGreaterThan(0);
  });

  it("still takes a newer answer's word over an older one's", async () => {
    const { limiter, earlier, later } = await twoInFlight();
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 2_000 }, 0, earlier);
    limiter.release(200, { limit: 50, remaining: 30, resetAt: now + 1_000 }, 0, later);
    expect(limiter.delay()).toBe(0);
  });
});

describe("reading the headers", () => {
  it("reads Auth0's headers, with x-ratelimit-reset in UNIX seconds", () => {
    expect(parseRateLimitHeaders({ "x-ratelimit-limit": "50", "x-ratelimit-remaining": "7", "x-ratelimit-reset": "1700000000", "retry-after": "3" })).toEqual({
      limit: 50,
      remaining: 7,
      resetAt: 1_700_000_000_000,
      retryAfterMs: 3_000,
    });
    expect(parseRateLimitHeaders({})).toEqual({});
  });

  it("reads a small x-ratelimit-reset as seconds to wait, as some gateways send it", () => {
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": "60" }, 1_000_000)).toEqual({ resetAt: 1_060_000 });
  });

  it("reads an x-ratelimit-reset in epoch milliseconds as milliseconds, not 57,000 years ahead", () => {
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": "1700000002000" }, 1_700_000_000_000)).toEqual({ resetAt: 1_700_000_002_000 });
  });
});
