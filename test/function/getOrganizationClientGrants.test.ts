// The function over real HTTP against the emulator: filters, paging, validation, faults and credentials.
import { getOrganizationClientGrants, type GetOrganizationClientGrantsArgs } from "../../provider/function/getOrganizationClientGrants";
import { ApiError, ConfigurationError, NetworkError, ValidationError } from "../../provider/core/errors";
import { toClientGrant } from "../../provider/core/schemas";
import { clearTokenCache } from "../../provider/core/tokens";
import { generateGrants, startEmulator, type Emulator } from "../../emulator";
import { withEnv } from "../helpers/env";

const ORG = "org_listingTests01";
const AUDIENCE_A = "https://api.a.example.com/";
const AUDIENCE_B = "https://api.b.example.com/";

let emulator: Emulator;
let token: string;

const grantRequests = () => emulator.requests.filter((r) => r.endpoint === "grants");
const list = (args: Partial<GetOrganizationClientGrantsArgs> = {}) =>
  getOrganizationClientGrants({
    organizationId: ORG,
    ...args,
    connection: { domain: emulator.origin, apiToken: token, ...args.connection },
    options: { maxAttempts: 3, ...args.options },
  } as GetOrganizationClientGrantsArgs);
const expected = (organizationId = ORG) => emulator.grantsOf(organizationId)!.map(toClientGrant);

beforeAll(async () => {
  emulator = await startEmulator({ seed: { organizations: { [ORG]: generateGrants(250, { organizationId: ORG, audiences: [AUDIENCE_A, AUDIENCE_B] }), org_empty: [] } } });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.resetLog();
  emulator.clearFaults();
  clearTokenCache();
});

describe("getOrganizationClientGrants", () => {
  it("returns every grant of a 250-grant organization in the API's order with exactly 3 requests of 100", async () => {
    const result = await list();
    expect(result.clientGrants).toEqual(expected());
    expect(result.total).toBe(250);
    expect(grantRequests()).toHaveLength(3);
    expect(grantRequests().map((r) => r.query.per_page)).toEqual(["100", "100", "100"]);
  });

  it("keeps fields Auth0 added beyond the six documented ones, camelCased", async () => {
    const result = await list();
    const wire = emulator.grantsOf(ORG)!.find((g) => Object.keys(g).some((k) => !["id", "client_id", "audience", "scope", "organization_usage", "allow_any_organization"].includes(k)))!;
    const extraKey = Object.keys(wire).find((k) => k.includes("_") && !["client_id", "organization_usage", "allow_any_organization"].includes(k))!;
    const camel = extraKey.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    expect(result.clientGrants.find((g) => g.id === wire.id)![camel]).toEqual(wire[extraKey]);
  });

  it("filters by audience", async () => {
    const result = await list({ audience: AUDIENCE_A });
    expect(result.clientGrants).toEqual(expected().filter((g) => g.audience === AUDIENCE_A));
    expect(result.audience).toBe(AUDIENCE_A);
  });

  it("filters by client id", async () => {
    const clientId = emulator.grantsOf(ORG)![7]!.client_id;
    const result = await list({ clientId });
    expect(result.clientGrants).toEqual(expected().filter((g) => g.clientId === clientId));
    expect(result.clientGrants.length).toBeGreaterThan(0);
  });

  it("combines audience and client id as AND", async () => {
    const grant = emulator.grantsOf(ORG)![7]!;
    const result = await list({ clientId: grant.client_id, audience: grant.audience });
    expect(result.clientGrants).toEqual(expected().filter((g) => g.clientId === grant.client_id && g.audience === grant.audience));
  });

  it("splits 23 grant ids into requests of at most 10 and merges them, each grant once", async () => {
    const ids = emulator.grantsOf(ORG)!.slice(100, 123).map((g) => g.id);
    const result = await list({ grantIds: [...ids, ids[0]!] });
    expect(result.clientGrants.map((g) => g.id).sort()).toEqual([...ids].sort());
    const sent = grantRequests().map((r) => [r.query.grant_ids].flat());
    expect(sent.map((s) => s.length).sort()).toEqual([10, 10, 3]);
    expect(sent.flat().sort()).toEqual([...ids].sort());
  });

  it("returns an empty list for an organization without grants, in one request", async () => {
    const result = await list({ organizationId: "org_empty" });
    expect(result).toEqual({ organizationId: "org_empty", total: 0, clientGrants: [] });
    expect(grantRequests()).toHaveLength(1);
  });

  it("fails with a 404 ApiError that names the organization for an unknown one", async () => {
    const error = await list({ organizationId: "org_doesNotExist" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, errorCode: "inexistent_organization" });
    expect((error as Error).message).toMatch(/org_doesNotExist.*check organizationId/);
  });

  it.each([
    ["organizationId longer than 50", { organizationId: "o".repeat(51) }, /organizationId: organizationId must be at most 50/],
    ["empty organizationId", { organizationId: "" }, /organizationId: organizationId must not be empty/],
    ["non-string organizationId", { organizationId: 42 }, /organizationId: organizationId must be a string/],
    ["audience longer than 600", { audience: "a".repeat(601) }, /audience: audience must be at most 600/],
    ["empty grant id", { grantIds: ["cgr_1", ""] }, /grantIds\[1\]: grantIds\[\] must not be empty/],
    ["empty grantIds", { grantIds: [] }, /grantIds: grantIds must hold at least one id/],
    ["unknown argument", { organisationId: "x" }, /unknown argument\(s\) organisationId/],
    ["concurrency out of range", { options: { concurrency: 0 } }, /options\.concurrency/],
    ["connection field of the wrong type", { connection: { domain: 3 } }, /connection\.domain/],
  ])("refuses %s before sending any request", async (_, args, message) => {
    const error = await list(args as Partial<GetOrganizationClientGrantsArgs>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect(emulator.requests).toHaveLength(0);
  });

  it("waits for x-ratelimit-reset after a 429 and then succeeds", async () => {
    const fault = emulator.addFault({ times: 1, fault: { kind: "rateLimited", resetAfterSeconds: 1 } });
    const result = await list({ organizationId: "org_empty" });
    expect(result.total).toBe(0);
    expect(fault.fired).toBe(1);
    expect(grantRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(grantRequests()[1]!.receivedAt - grantRequests()[0]!.receivedAt).toBeGreaterThanOrEqual(500);
  });

  it("retries 5xx answers and then succeeds", async () => {
    emulator.addFault({ times: 2, fault: { kind: "status", status: 503 } });
    const result = await list({ organizationId: "org_empty" });
    expect(result.total).toBe(0);
    expect(grantRequests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up after maxAttempts on a persistent 500 with a typed error that does not contain the token", async () => {
    emulator.addFault({ fault: { kind: "status", status: 500 } });
    const error = await list({ options: { maxAttempts: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as Error).message).toMatch(/gave up after 2 attempts/);
    expect(`${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`).not.toContain(token);
  });

  it("gives up on a connection that never answers with a NetworkError naming the timeout", async () => {
    emulator.addFault({ fault: { kind: "hang" } });
    const error = await list({ organizationId: "org_empty", options: { maxAttempts: 2, timeoutMs: 300 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/within 300 ms/);
  });

  it("cancels the listing's other requests once a page has failed, so none is retried afterwards", async () => {
    emulator.addFault({ times: 1, match: { endpoint: "grants", page: 2 }, fault: { kind: "hang" } });
    emulator.addFault({ match: { endpoint: "grants", page: 1 }, fault: { kind: "status", status: 400 } });
    await expect(list({ options: { timeoutMs: 300, concurrency: 2 } })).rejects.toMatchObject({ status: 400 });
    // Without the cancellation, page 2 would time out after 300 ms and be asked for again.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(grantRequests().filter((r) => r.query.page === "2")).toHaveLength(1);
  });

  it("starts a request's timeout only once it has a connection, so many listings at once do not time out", async () => {
    const orgs = Array.from({ length: 20 }, (_, i) => `org_many${String(i).padStart(2, "0")}`);
    for (const org of orgs) emulator.setOrganization(org, generateGrants(250, { organizationId: org }));
    emulator.setLatency(300);
    try {
      // 60 requests on 16 connections take four rounds of 300 ms; a timeout counted from the queue would fire.
      const results = await Promise.allSettled(orgs.map((organizationId) => list({ organizationId, options: { timeoutMs: 800, maxAttempts: 1 } })));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(emulator.counters.maxInFlight).toBeLessThanOrEqual(16);
    } finally {
      emulator.setLatency(0);
      for (const org of orgs) emulator.removeOrganization(org);
    }
  });

  it("says which scope is missing on a 403", async () => {
    const error = await list({ connection: { apiToken: emulator.issueToken(["read:clients"]) } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
    expect((error as Error).message).toMatch(/read:organization_client_grants/);
  });

  it("says the API token was refused on a 401", async () => {
    const error = await list({ connection: { apiToken: "not-a-token-the-tenant-knows" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toMatch(/auth0:apiToken \/ AUTH0_API_TOKEN/);
    expect((error as Error).message).not.toContain("not-a-token-the-tenant-knows");
  });

  describe("with client credentials", () => {
    const client = { clientId: "cc-client", clientSecret: "cc-secret-value-123" };
    beforeAll(() => emulator.addClient({ ...client, scopes: ["read:organization_client_grants"] }));
    const viaClient = (args: Partial<GetOrganizationClientGrantsArgs> = {}) => list({ ...args, connection: { apiToken: undefined, ...client } });

    it("requests one token for many calls", async () => {
      await Promise.all([viaClient(), viaClient({ audience: AUDIENCE_A }), viaClient({ organizationId: "org_empty" })]);
      await viaClient({ audience: AUDIENCE_B });
      expect(emulator.requests.filter((r) => r.endpoint === "token")).toHaveLength(1);
    });

    it("fetches one fresh token when the token expires mid-listing, and finishes the list", async () => {
      emulator.addFault({ times: 1, match: { endpoint: "grants", page: 1 }, fault: { kind: "expireToken" } });
      const result = await viaClient({ options: { concurrency: 1 } });
      expect(result.clientGrants).toEqual(expected());
      expect(emulator.requests.filter((r) => r.endpoint === "token")).toHaveLength(2);
    });

    it("fails on a second 401 rather than loop for tokens", async () => {
      emulator.addFault({ times: 2, match: { endpoint: "grants", page: 0 }, fault: { kind: "expireToken" } });
      const error = await viaClient({ organizationId: "org_empty" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401 });
      expect(emulator.requests.filter((r) => r.endpoint === "token")).toHaveLength(2);
      expect((error as Error).message).not.toContain(client.clientSecret);
    });

    it("does not lend a cached token to a call with another client secret", async () => {
      await viaClient();
      const wrong = await list({ connection: { apiToken: undefined, clientId: client.clientId, clientSecret: "not-the-secret-value" } }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(ApiError);
      expect(emulator.requests.filter((r) => r.endpoint === "token")).toHaveLength(2);
    });

    it("names the client credentials to fix when /oauth/token refuses them", async () => {
      const error = await list({ connection: { apiToken: undefined, clientId: "cc-client", clientSecret: "wrong-secret-value" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toMatch(/auth0:clientSecret/);
      expect((error as Error).message).not.toContain("wrong-secret-value");
    });
  });

  it("takes the domain and token from the AUTH0_* environment", async () => {
    const result = await withEnv({ AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token }, () => getOrganizationClientGrants({ organizationId: "org_empty" }));
    expect(result.total).toBe(0);
    expect(grantRequests()[0]!.tokenKnown).toBe(true);
  });

  it("refuses plain HTTP to a host that is not loopback", async () => {
    await expect(list({ connection: { domain: "http://tenant.example.com" } })).rejects.toThrow(ConfigurationError);
    await expect(list({ connection: { domain: "http://tenant.example.com" } })).rejects.toThrow(/only allowed for loopback/);
  });
});
