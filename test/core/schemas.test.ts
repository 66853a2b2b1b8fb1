// The shapes every surface shares (provider/core/schemas.ts): the caller's filters, the API's grants and pages, and
// the camelCased result, with nothing lost on the way.
import {
  apiClientGrantSchema,
  apiClientGrantsPageSchema,
  clientGrantSchema,
  filtersSchema,
  FILTER_KEYS,
  toClientGrant,
  tuningSchema,
  type ApiClientGrant,
} from "../../provider/core/schemas";

const wire: ApiClientGrant = { id: "cgr_1", client_id: "c1", audience: "https://api/", scope: ["read:x"], organization_usage: "allow", allow_any_organization: false };

describe("toClientGrant", () => {
  test("camelCases the documented fields", () => {
    expect(toClientGrant(wire)).toEqual({ id: "cgr_1", clientId: "c1", audience: "https://api/", scope: ["read:x"], organizationUsage: "allow", allowAnyOrganization: false });
  });

  test("keeps fields Auth0 adds, camelCased at the top level, with nested values as they came", () => {
    const grant = toClientGrant({ ...wire, is_system: true, authorization_details_types: ["payment_x"], default_for: { third_party_clients: true } } as ApiClientGrant);

    expect(grant).toMatchObject({ isSystem: true, authorizationDetailsTypes: ["payment_x"], defaultFor: { third_party_clients: true } });
  });

  test("never writes an added field over a documented one: the added one keeps its wire name", () => {
    const grant = toClientGrant({ ...wire, clientId: "from-an-added-field" } as ApiClientGrant);

    expect(grant.clientId).toBe("c1");
    expect(grant).not.toHaveProperty("clientId", "from-an-added-field");
    expect(Object.values(grant)).toContain("from-an-added-field");
  });

  test("leaves organizationUsage and allowAnyOrganization absent when Auth0 did not send them", () => {
    const { organization_usage: _u, allow_any_organization: _a, ...bare } = wire;

    expect(Object.keys(toClientGrant(bare))).toEqual(["id", "clientId", "audience", "scope"]);
  });
});

describe("the API's shapes", () => {
  test("a page is a bare array or an envelope whose total may be missing", () => {
    expect(apiClientGrantsPageSchema.safeParse([wire]).success).toBe(true);
    expect(apiClientGrantsPageSchema.safeParse({ client_grants: [wire], start: 0, limit: 100 }).success).toBe(true);
  });

  test("a grant without an id, or with an organization_usage Auth0 does not document, is refused", () => {
    expect(apiClientGrantSchema.safeParse({ ...wire, id: "" }).success).toBe(false);
    expect(apiClientGrantSchema.safeParse({ ...wire, organization_usage: "sometimes" }).success).toBe(false);
  });
});

describe("the caller's arguments", () => {
  test("the filters' names come from the schema, in its order", () => {
    expect(FILTER_KEYS).toEqual(["organizationId", "audience", "clientId", "grantIds", "includeAnyOrganization"]);
  });

  test("an organization id that URL normalisation would fold into another path is refused", () => {
    for (const organizationId of [".", "..", "org\u0000x", "\uD800"]) expect(filtersSchema.safeParse({ organizationId }).success).toBe(false);
  });

  test("the tuning knobs have safe defaults", () => {
    expect(tuningSchema.parse({})).toMatchObject({ concurrency: 8, maxAttempts: 4, timeoutMs: 30_000, rateLimitPatienceMs: 120_000, maxListingAttempts: 3 });
  });

  test("every field of the result carries a description, for the plugin's schema and the SDKs generated from it", () => {
    for (const [name, field] of Object.entries(clientGrantSchema.shape)) expect([name, field.description]).toEqual([name, expect.any(String)]);
  });
});
