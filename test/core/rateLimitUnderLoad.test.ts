// The shared rate limiter over real HTTP, in counts and order, never timings: many listings at once against the
// emulator's token bucket (Auth0's x-ratelimit-* headers), and hand-written servers whose rate-limit headers are odd.
import { setTimeout as sleep } from "node:timers/promises";
import { generateGrants, startEmulator, type Emulator } from "../../emulator";
import { TokenBucket, rateLimitHeaders } from "../../emulator/tokenBucket";
import { RateLimitError } from "../../provider/core/errors";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { toClientGrant } from "../../provider/core/schemas";
import { envelope, someGrants } from "../../scripts/hostileServer";
import { listFrom, serving } from "../helpers/hostileServer";
import { requestsTo } from "../helpers/emulator";

describe("200 organizations listed at once, against a bucket of 50 refilled at 20 a second", () => {
  const ORGS = Array.from({ length: 200 }, (_, i) => `org_load${String(i).padStart(3, "0")}`);

  // Two runs, each against a fresh emulator: a fresh origin, so a fresh limiter that starts cold.
  it.each([1, 2])("run %i: every listing completes at the default options, no request is refused, page 0s are served in the order asked", async () => {
    const emulator: Emulator = await startEmulator({
      seed: { organizations: Object.fromEntries(ORGS.map((id) => [id, generateGrants(60, { organizationId: id })])) },
      latencyMs: 20,
      rateLimit: { perSecond: 20, burst: 50 },
    });
    try {
      const connection = { domain: emulator.origin, apiToken: emulator.issueToken() };
      const outcomes = await Promise.allSettled(ORGS.map((organizationId) => listClientGrants({ organizationId }, { connection })));

      const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String((o.reason as Error).message)] : []));
      expect(failures).toEqual([]);
      expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value.clientGrants : []))).toEqual(ORGS.map((id) => emulator.grantsOf(id)!.map(toClientGrant)));
      expect({ requests: emulator.counters.requests.grants, refused: emulator.counters.tooManyRequests }).toEqual({ requests: 200, refused: 0 });
      // First come, first served: the listing started i-th is among the first i + 16 served (16 connections may
      // deliver a few requests out of order on the wire, but no listing waits behind those started after it).
      const served = requestsTo(emulator, "grants").map((r) => decodeURIComponent(r.path.split("/")[4]!));
      expect([...served].sort()).toEqual(ORGS);
      const lateness = ORGS.map((id, i) => served.indexOf(id) - i);
      expect(Math.max(...lateness)).toBeLessThanOrEqual(16);
    } finally {
      await emulator.stop();
    }
  });
});

describe("answers slowed down and reordered on their way back, as on a loaded machine", () => {
  // The bucket decides when a request arrives; its answer then takes 0-600 ms to come back (a fixed scramble, the
  // same in every run), so answers arrive after the reset they announce and after answers to later requests.
  it("200 listings at once: all complete, and the tenant refuses none", async () => {
    const bucket = new TokenBucket({ perSecond: 20, burst: 50 });
    const page = someGrants(30);
    let refused = 0;
    const outcome = await serving(
      async (r) => {
        const decision = bucket.take();
        await sleep((r.index * 7_919) % 600);
        if (decision.allowed) return { headers: rateLimitHeaders(decision), json: envelope(page, r as never, page.length) };
        refused++;
        return { status: 429, headers: rateLimitHeaders(decision), json: { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" } };
      },
      async (server) => {
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => listFrom(server, { organizationId: `org_slow${String(i).padStart(3, "0")}` })));
        return { failures: results.filter((r) => r instanceof Error).map(String), requests: server.requests.length };
      },
    );
    expect({ ...outcome, refused }).toEqual({ failures: [], requests: 200, refused: 0 });
  });
});

describe("what a 429 says", () => {
  const page = someGrants(30);
  /** Refuses request number `refused` (0-based) with `headers`, answers the others in full. */
  const refusing = (refused: number, headers: Record<string, string>) => (r: { index: number; page: number; perPage: number }) =>
    r.index === refused
      ? { status: 429, headers, json: { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" } }
      : { json: envelope(page, r as never, page.length) };

  it("reads an x-ratelimit-reset in epoch milliseconds as such: the listing waits about a second and completes", async () => {
    const [result, requests] = await serving(
      (r) => refusing(0, { "x-ratelimit-limit": "50", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.now() + 1_000) })(r),
      async (server) => [await listFrom(server), server.requests.length] as const,
    );
    expect(result).toMatchObject({ total: 30 });
    expect(requests).toBe(2);
  });

  it("lets a later call ask the tenant again after one odd Retry-After: 1000000000000, instead of failing it without a request", async () => {
    const outcome = await serving(refusing(0, { "retry-after": "1000000000000" }), async (server) => {
      const first = await listFrom(server, {}, { rateLimitPatienceMs: 1_000 });
      const later = await listFrom(server, {}, { rateLimitPatienceMs: 1_000 });
      return { first, later, requests: server.requests.length };
    });
    // The later call is sent and answered; the refused one fails on the tenant's own word, saying so.
    expect({ later: outcome.later, requests: outcome.requests }).toMatchObject({ later: { total: 30 }, requests: 2 });
    expect(outcome.first).toBeInstanceOf(RateLimitError);
    expect((outcome.first as Error).message).toMatch(/\(Retry-After, not believable\)\).*beyond the patience of 1 s/);
  });

  it("never fails a request on the limiter's prediction alone: one it predicts must wait past its patience waits, and is sent", async () => {
    // The first answer leaves no budget and a refill of one request in 3 s: beyond a patience of 1 s. The tenant has
    // refused nothing, so the second call waits for its turn rather than fail.
    const headers = (r: { index: number }) => ({ "x-ratelimit-limit": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 3 + r.index) });
    const outcome = await serving(
      (r) => ({ headers: headers(r), json: envelope(page, r as never, page.length) }),
      async (server) => {
        const first = await listFrom(server, {}, { rateLimitPatienceMs: 1_000 });
        const second = await listFrom(server, {}, { rateLimitPatienceMs: 1_000 });
        return { first, second, requests: server.requests.length };
      },
    );
    expect(outcome).toMatchObject({ first: { total: 30 }, second: { total: 30 }, requests: 2 });
  });
});
