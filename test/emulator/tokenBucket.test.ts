// The tenant's rate limit: a token bucket on Management API requests, reported in Auth0's x-ratelimit-* headers.
// One request a second refills slowly enough that a busy machine cannot blur "three allowed, then 429".
import { TokenBucket } from "../../emulator";
import { ORG, call, listPage, requestToken, withEmulator } from "../helpers/emulator";

const fixture = withEmulator({ rateLimit: { perSecond: 1, burst: 3 } });
const rateHeaders = (headers: Readonly<Record<string, unknown>>) => ({
  limit: headers["x-ratelimit-limit"],
  remaining: headers["x-ratelimit-remaining"],
  reset: headers["x-ratelimit-reset"],
});

test("a 200 carries the limit (the burst), the whole requests remaining and the reset second", async () => {
  const before = Math.floor(Date.now() / 1000);
  const answer = await listPage(fixture, ORG);
  expect(rateHeaders(answer.headers)).toEqual({ limit: "3", remaining: "2", reset: expect.stringMatching(/^\d+$/) });
  expect(Number(answer.headers["x-ratelimit-reset"])).toBeGreaterThanOrEqual(before);
});

test("remaining counts down with each request", async () => {
  const answers = [await listPage(fixture, ORG), await listPage(fixture, ORG), await listPage(fixture, ORG)];
  expect(answers.map((a) => a.headers["x-ratelimit-remaining"])).toEqual(["2", "1", "0"]);
});

test("the request after the burst answers 429 with Auth0's body", async () => {
  await Promise.all([listPage(fixture, ORG), listPage(fixture, ORG), listPage(fixture, ORG)]);
  const answer = await listPage(fixture, ORG);
  expect({ status: answer.status, body: answer.json() }).toEqual({
    status: 429,
    body: { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" },
  });
});

test("a 429 carries the rate-limit headers too, with nothing remaining", async () => {
  await Promise.all([listPage(fixture, ORG), listPage(fixture, ORG), listPage(fixture, ORG)]);
  expect(rateHeaders((await listPage(fixture, ORG)).headers)).toEqual({ limit: "3", remaining: "0", reset: expect.any(String) });
});

test("the reset second is no later than the time the bucket needs to refill", async () => {
  await Promise.all([listPage(fixture, ORG), listPage(fixture, ORG), listPage(fixture, ORG)]);
  const answer = await listPage(fixture, ORG);
  // Three requests at one a second refill in 3 s, rounded up to a whole second.
  expect(Number(answer.headers["x-ratelimit-reset"])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000 + 3));
});

test("a refused request takes nothing from the bucket, so waiting 1/perSecond is enough", async () => {
  fixture.emulator.setRateLimit({ perSecond: 5, burst: 1 });
  await listPage(fixture, ORG);
  const refused = await listPage(fixture, ORG);
  await new Promise((resolve) => setTimeout(resolve, 220));
  expect([refused.status, (await listPage(fixture, ORG)).status]).toEqual([429, 200]);
});

test("errors of the Management API carry the headers as well", async () => {
  expect(rateHeaders((await listPage(fixture, ORG, {}, "bad-token")).headers).limit).toBe("3");
});

test("unknown Management API paths count against the limit and carry the headers", async () => {
  expect(rateHeaders((await call(fixture.emulator, "/api/v2/users")).headers).remaining).toBe("2");
});

test("the token endpoint is not rate limited and sends no rate-limit headers", async () => {
  const answers = await Promise.all(
    Array.from({ length: 5 }, () =>
      requestToken(fixture.emulator, { grant_type: "client_credentials", client_id: "test-client", client_secret: "test-secret", audience: fixture.emulator.audience }),
    ),
  );
  expect(answers.map((a) => [a.status, a.headers["x-ratelimit-limit"]])).toEqual(Array(5).fill([200, undefined]));
});

test("429s are counted", async () => {
  await Promise.all(Array.from({ length: 5 }, () => listPage(fixture, ORG)));
  expect(fixture.emulator.counters.tooManyRequests).toBe(2);
});

test("setRateLimit(undefined) turns the limit off and the headers with it", async () => {
  fixture.emulator.setRateLimit(undefined);
  const answers = await Promise.all(Array.from({ length: 5 }, () => listPage(fixture, ORG)));
  expect(answers.map((a) => [a.status, a.headers["x-ratelimit-limit"]])).toEqual(Array(5).fill([200, undefined]));
});

describe("TokenBucket", () => {
  const clock = (start = 1_000_000) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  test("a fresh bucket allows `burst` requests and then refuses", () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 2 }, clock().now);
    expect([bucket.take().allowed, bucket.take().allowed, bucket.take().allowed]).toEqual([true, true, false]);
  });

  test("remaining counts whole requests only", () => {
    const time = clock();
    const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, time.now);
    bucket.take();
    bucket.take();
    time.advance(400); // 0.8 of a request back
    expect(bucket.take()).toMatchObject({ allowed: false, remaining: 0 });
  });

  test("reset is the UNIX second, rounded up, at which the bucket is full again", () => {
    const time = clock(10_000_000);
    const bucket = new TokenBucket({ perSecond: 2, burst: 4 }, time.now);
    bucket.take();
    bucket.take();
    bucket.take(); // one left: three to refill at two a second = 1.5 s
    expect(bucket.take().reset).toBe(Math.ceil(10_000_000 / 1000 + 2)); // four taken: 2 s
  });

  test("the bucket never holds more than burst", () => {
    const time = clock();
    const bucket = new TokenBucket({ perSecond: 100, burst: 3 }, time.now);
    time.advance(60_000);
    expect(bucket.take().remaining).toBe(2);
  });
});
