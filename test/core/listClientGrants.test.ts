// The whole listing in counts and order, never timings: how many requests a listing sends, that pages come back in the API's
// order whatever order they are answered in, that a listing without `total` walks pages one after another, that
// identical listings and token requests are shared, and that many listings under a tight rate limit all finish.
import { generateGrants, type Seed } from "../../emulator";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { toClientGrant } from "../../provider/core/schemas";
import { clearTokenCache } from "../../provider/core/tokens";
import { withEmulator, type EmulatorFixture, requestsTo } from "../helpers/emulator";

const SIZES = [0, 1, 100, 101, 1000, 1234] as const;
const orgOf = (size: number) => `org_perf${String(size).padStart(5, "0")}`;
const CLIENT = { clientId: "perf-client", clientSecret: "perf-secret" };

function tenant(organizations: Record<string, number>): Seed {
  return {
    organizations: Object.fromEntries(Object.entries(organizations).map(([id, size]) => [id, generateGrants(size, { organizationId: id })])),
    clients: [{ ...CLIENT, scopes: ["read:organization_client_grants"] }],
  };
}

const grantRequests = (fixture: EmulatorFixture) => requestsTo(fixture.emulator, "grants");
const expected = (fixture: EmulatorFixture, organizationId: string) => fixture.emulator.grantsOf(organizationId)!.map(toClientGrant);
const list = (fixture: EmulatorFixture, organizationId: string, options: object = {}) =>
  listClientGrants({ organizationId }, { connection: { domain: fixture.emulator.origin, apiToken: fixture.token }, options });

describe("without a rate limit", () => {
  const fixture = withEmulator({ seed: tenant(Object.fromEntries(SIZES.map((n) => [orgOf(n), n]))) });
  beforeEach(() => clearTokenCache());

  it.each(SIZES)("lists %i grants with exactly ceil(N/100) requests (one for an empty organization), each page once", async (size) => {
    const result = await list(fixture, orgOf(size));
    const pages = Math.max(1, Math.ceil(size / 100));
    expect(result.clientGrants).toEqual(expected(fixture, orgOf(size)));
    expect(grantRequests(fixture).map((r) => Number(r.query.page)).sort((a, b) => a - b)).toEqual(Array.from({ length: pages }, (_, i) => i));
  });

  it("assembles the pages in the API's order when a later page is answered before an earlier one", async () => {
    // Page 1 is held back until every other page has been answered (asserted below, so the test proves what it
    // claims), and still answered in full: ceil(N/100) requests, no retry.
    fixture.emulator.addFault({ match: { page: 1 }, times: 1, fault: { kind: "delay", ms: 500 } });
    const result = await list(fixture, orgOf(1234));

    const answered = grantRequests(fixture);
    const page1 = answered.find((r) => r.query.page === "1")!;
    expect(answered.filter((r) => r.query.page !== "1" && r.answeredAt! > page1.answeredAt!)).toEqual([]);
    expect(answered).toHaveLength(13);
    expect(result.clientGrants).toEqual(expected(fixture, orgOf(1234)));
  });

  // Without a count a short page is no proof of the end (a server may cap its page size), so the listing always
  // ends on an empty page: 1234 grants take 13 pages and the empty 14th (this was 13 requests, ending on the short one).
  it.each([
    [1234, 14],
    [1000, 11],
  ])("without `total`, pages %i grants strictly one after another (%i requests, ending on an empty page)", async (size, requests) => {
    fixture.emulator.addFault({ fault: { kind: "omitTotal" } });
    const result = await list(fixture, orgOf(size));

    const sent = grantRequests(fixture);
    expect(sent.map((r) => r.query.page)).toEqual(Array.from({ length: requests }, (_, i) => String(i)));
    // Each request arrived only after the one before it had been answered.
    for (const [i, r] of sent.entries()) if (i > 0) expect(r.receivedAt).toBeGreaterThanOrEqual(sent[i - 1]!.answeredAt!);
    expect(result.clientGrants).toEqual(expected(fixture, orgOf(size)));
  });

  it("shares one listing between identical calls in flight at the same time", async () => {
    const [first, second] = await Promise.all([list(fixture, orgOf(1234)), list(fixture, orgOf(1234))]);
    expect(second).toEqual(first);
    expect(grantRequests(fixture)).toHaveLength(13);
  });

  it("fetches the client-credentials token once for many concurrent listings", async () => {
    const connection = { domain: fixture.emulator.origin, ...CLIENT };
    const results = await Promise.all(SIZES.flatMap((n) => [listClientGrants({ organizationId: orgOf(n) }, { connection }), listClientGrants({ organizationId: orgOf(n), audience: "https://api.example.com/orders" }, { connection })]));
    expect(results).toHaveLength(2 * SIZES.length);
    expect(fixture.emulator.counters.requests.token).toBe(1);
    expect(grantRequests(fixture).every((r) => r.tokenKnown)).toBe(true);
  });
});

describe("under a tight rate limit", () => {
  // Ten listings of three pages each: 30 requests against a bucket of 10 refilled at 10 a second. Each test gets its
  // own emulator, so its origin (and with it the process-wide limiter for that origin) starts fresh with a full bucket.
  const ORGS = Array.from({ length: 10 }, (_, i) => `org_perfLimited${i}`);
  const limitedTenant = () => withEmulator({ seed: tenant(Object.fromEntries(ORGS.map((id) => [id, 300]))), rateLimit: { perSecond: 10, burst: 10 } });

  describe("ten listings at once", () => {
    const fixture = limitedTenant();

    it("all finish with every grant, in order", async () => {
      const outcomes = await Promise.allSettled(ORGS.map((id) => list(fixture, id)));
      expect(outcomes.map((o) => o.status)).toEqual(ORGS.map(() => "fulfilled"));
      expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value.clientGrants : []))).toEqual(ORGS.map((id) => expected(fixture, id)));
      expect(grantRequests(fixture).filter((r) => r.status === 200)).toHaveLength(30);
    });
  });

  describe("ten listings at once, counting 429s", () => {
    const fixture = limitedTenant();

    it("are no more than the requests already on their way when the budget first ran out", async () => {
      await Promise.all(ORGS.map((id) => list(fixture, id)));

      // Before the first answer the client cannot know the budget, so the first wave is one page 0 per listing: 10,
      // exactly the burst. From then on every request is sent against the budget the tenant reported minus what is
      // in flight, and a 429 holds everything until x-ratelimit-reset, when the bucket is full again. So a 429 can
      // only meet a request that was already on its way when the budget ran out: at most the requests in flight at
      // the first 429 (the refused one included).
      const sent = grantRequests(fixture);
      const first = sent.find((r) => r.status === 429);
      const inFlightAtFirst = first ? sent.filter((r) => r.receivedAt <= first.answeredAt! && (r.answeredAt ?? Infinity) >= first.answeredAt!).length : 0;
      expect(fixture.emulator.counters.tooManyRequests).toBeLessThanOrEqual(inFlightAtFirst);
    });
  });
});
