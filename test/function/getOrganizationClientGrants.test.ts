// The function over real HTTP against the emulator: filters, paging, validation and where its settings come from.
// Retries, tokens and the API's error hints are the core's, tested under test/core/ (http/retry, tokens, managementApi).
import { getOrganizationClientGrants, type GetOrganizationClientGrantsArgs } from "../../provider/function/getOrganizationClientGrants";
import { ConfigurationError, ValidationError } from "../../provider/core/errors";
import { toClientGrant } from "../../provider/core/schemas";
import { clearTokenCache } from "../../provider/core/tokens";
import { generateGrants, startEmulator, type Emulator } from "../../emulator";
import { withEnv } from "../helpers/env";
import { requestsTo } from "../helpers/emulator";

const ORG = "org_listingTests01";
const AUDIENCE_A = "https://api.a.example.com/";
const AUDIENCE_B = "https://api.b.example.com/";

let emulator: Emulator;
let token: string;

const grantRequests = () => requestsTo(emulator, "grants");
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
