import { RateLimiter, parseRateLimitHeaders } from "../../../provider/core/http/rateLimiter";

describe("the shared rate limiter", () => {
  let now = 1_000_000;
  const clock = () => now;

  it("lets requests through while the tenant reports budget left", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(200, { limit: 50, remaining: 10, resetAt: now + 3_000 }, 0);
    expect(limiter.delay()).toBe(0);
  });

  it("once the budget is spent, spaces requests at the refill rate the headers imply", async () => {
    const limiter = new RateLimiter(clock);
    await limiter.acquire();
    // 49 tokens (limit - remaining - 1, the safe side of the rounding) refill within the 5 s to the reset.
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 5_000 }, 0);
    expect(limiter.delay()).toBe(103); // ceil(5000 / 49): the bucket is empty right now
    now += 103;
    expect(limiter.delay()).toBe(0);
    await limiter.acquire();
    expect(limiter.delay()).toBeGreaterThanOrEqual(100);
    expect(limiter.delay()).toBeLessThanOrEqual(103);
  });

  it("counts requests still in flight against the reported budget", async () => {
    const limiter = new RateLimiter(clock);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    limiter.release(200, { limit: 50, remaining: 2, resetAt: now + 5_000 }, 0);
    // 2 left by the tenant's count, 2 more already on their way: nothing to spare.
    expect(limiter.delay()).toBeGreaterThan(0);
  });

  it("refills its mirror of the bucket at the estimated rate, never past the limit", async () => {
    const limiter = new RateLimiter(clock);
    await limiter.acquire();
    limiter.release(200, { limit: 3, remaining: 0, resetAt: now + 1_000 }, 0);
    now += 60_000;
    for (let i = 0; i < 3; i++) expect(await limiter.acquire(0)).toBe(0);
    expect(limiter.delay()).toBeGreaterThan(0);
  });

  it("after a 429, lets the whole limit less what is in flight go at the reset", async () => {
    const limiter = new RateLimiter(clock);
    await limiter.acquire();
    await limiter.acquire();
    limiter.release(429, { limit: 3, remaining: 0, resetAt: now + 1_000 }, 0);
    now += 1_200;
    expect(await limiter.acquire(0)).toBe(0);
    expect(await limiter.acquire(0)).toBe(0);
    expect(await limiter.acquire(0)).toBeUndefined(); // 3 - the one still in flight - these two
  });

  it("holds every request until x-ratelimit-reset after a 429", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 2_000 }, 0);
    expect(limiter.delay()).toBeGreaterThanOrEqual(2_000);
    expect(limiter.delay()).toBeLessThanOrEqual(2_100);
    expect(limiter.stats.rateLimited).toBe(1);
  });

  it("gives up at once, taking no place, when the wait would run past the caller's patience", async () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now + 3_600_000 }, 0);
    expect(await limiter.acquire(120_000)).toBeUndefined();
    limiter.release(200, { limit: 50, remaining: 50, resetAt: now + 1 }, 0);
    expect(limiter.delay()).toBeGreaterThan(3_000_000); // still blocked, and no place was taken
  });

  it("forgets a budget the tenant stops reporting, rather than counting down to a standstill", async () => {
    const limiter = new RateLimiter(clock);
    await limiter.acquire();
    limiter.release(200, { limit: 50, remaining: 0, resetAt: now + 5_000 }, 0);
    await limiter.acquire(0).catch(() => undefined);
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

  it("after a 429 whose reset is already past, backs off instead of going at once", () => {
    const limiter = new RateLimiter(clock);
    limiter.release(429, { limit: 50, remaining: 0, resetAt: now - 30_000 }, 700);
    expect(limiter.delay()).toBeGreaterThanOrEqual(700);
  });
});
