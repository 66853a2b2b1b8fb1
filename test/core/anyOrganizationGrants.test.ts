// includeAnyOrganization in the core listing, against the emulator: who can reach an organization is its associated
// grants plus the tenant's grants with allow_any_organization (unless organization_usage is deny), each saying how
// it applies; the tenant-wide listing is shared by the organizations of a deployment, goes through the retries, and
// a token without read:client_grants fails the listing instead of leaving those grants out.
import { AnyOrganizationListings, READ_CLIENT_GRANTS } from "../../provider/core/anyOrganizationGrants";
import { ApiError, MissingScopeError, ValidationError } from "../../provider/core/errors";
import { listClientGrants, type ListOptions } from "../../provider/core/listClientGrants";
import { toClientGrant, type ApiClientGrant } from "../../provider/core/schemas";
import {
  ANY_ORG_ALLOW,
  ANY_ORG_DENY,
  ANY_ORG_REQUIRE,
  ASSOCIATED_AND_ANY,
  AUDITOR,
  BACK_OFFICE,
  BILLING_API,
  anyOrganizationTenant,
  expectedReach,
  ORG_Y,
  ORG_Z,
  REPORTS_API,
  tokenWithBothScopes,
} from "../helpers/anyOrganizationTenant";
import { withEmulator, requestsTo } from "../helpers/emulator";

const fixture = withEmulator({ seed: anyOrganizationTenant() });
const tenantRequests = () => requestsTo(fixture.emulator, "tenantGrants");
const organizationRequests = () => requestsTo(fixture.emulator, "grants");

function list(args: Record<string, unknown>, options: ListOptions & { token?: string } = {}) {
  const { token = tokenWithBothScopes(fixture.emulator), ...rest } = options;
  return listClientGrants(args, { connection: { domain: fixture.emulator.origin, apiToken: token }, ...rest });
}

describe("with includeAnyOrganization", () => {
  test("lists the associated grants, then the any-organization grants that are not deny, each saying how it applies", async () => {
    const result = await list({ organizationId: ORG_Z, includeAnyOrganization: true });

    expect(result).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true, total: 133, clientGrants: expectedReach(fixture.emulator, ORG_Z) });
    expect(result.clientGrants.filter((g) => g.grantedVia === "anyOrganization").map((g) => g.id)).toEqual([ANY_ORG_ALLOW.id, ANY_ORG_REQUIRE.id]);
  });

  test("lists a grant that is both associated and allowed for any organization once, as an association", async () => {
    const result = await list({ organizationId: ORG_Z, includeAnyOrganization: true });

    expect(result.clientGrants.filter((g) => g.id === ASSOCIATED_AND_ANY.id)).toEqual([expect.objectContaining({ grantedVia: "association", allowAnyOrganization: true })]);
  });

  test("reaches another organization through the same grants, never one with organization_usage deny nor one without allow_any_organization", async () => {
    const result = await list({ organizationId: ORG_Y, includeAnyOrganization: true });

    // In the tenant endpoint's order (by id); the grant associated with Z reaches Y through allow_any_organization.
    expect(result.clientGrants.filter((g) => g.grantedVia === "anyOrganization").map((g) => g.id)).toEqual([ANY_ORG_ALLOW.id, ANY_ORG_REQUIRE.id, ASSOCIATED_AND_ANY.id]);
    expect(result.clientGrants.filter((g) => g.grantedVia === "association").map((g) => g.id)).toEqual(fixture.emulator.grantsOf(ORG_Y)!.map((g) => g.id));
  });

  test("asks the tenant endpoint for allow_any_organization=true with the audience and clientId filters, offset-paged with totals", async () => {
    await list({ organizationId: ORG_Z, audience: BILLING_API, clientId: BACK_OFFICE, includeAnyOrganization: true });

    expect(tenantRequests().map((r) => r.query)).toEqual([
      { allow_any_organization: "true", audience: BILLING_API, client_id: BACK_OFFICE, page: "0", per_page: "100", include_totals: "true" },
    ]);
  });

  test.each([
    ["an audience", { audience: REPORTS_API }],
    ["a client id", { clientId: AUDITOR }],
    ["grant ids, which the tenant endpoint does not take", { grantIds: [ANY_ORG_ALLOW.id, ANY_ORG_DENY.id, ASSOCIATED_AND_ANY.id] }],
    ["an audience and a client id", { audience: BILLING_API, clientId: AUDITOR }],
  ])("applies %s to both kinds of grants", async (_, filters) => {
    const result = await list({ organizationId: ORG_Z, ...filters, includeAnyOrganization: true });

    expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z, filters));
    expect(result.total).toBe(result.clientGrants.length);
  });

  test("reads every page of a tenant with more than one page of any-organization grants", async () => {
    const many: ApiClientGrant[] = Array.from({ length: 250 }, (_, i) => ({ ...ANY_ORG_ALLOW, id: `cgr_many${String(i).padStart(12, "0")}` }));
    fixture.emulator.replaceData(anyOrganizationTenant({ anyOrganizationGrants: many }));

    const result = await list({ organizationId: ORG_Y, includeAnyOrganization: true });

    expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Y));
    expect(tenantRequests().map((r) => r.query.page).sort()).toEqual(["0", "1", "2"]);
  });

  test("retries the tenant-wide listing through the same retry policy as every page (a 503, then the answer)", async () => {
    const fault = fixture.emulator.addFault({ match: { endpoint: "tenantGrants" }, times: 1, fault: { kind: "status", status: 503 } });

    const result = await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { options: { maxAttempts: 2 } });

    expect(fault.fired).toBe(1);
    expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z));
  });

  test("fails, naming the tenant-wide listing, when that listing keeps failing: never the associated grants alone", async () => {
    fixture.emulator.addFault({ match: { endpoint: "tenantGrants" }, fault: { kind: "status", status: 503 } });

    await expect(list({ organizationId: ORG_Z, includeAnyOrganization: true }, { options: { maxAttempts: 2 } })).rejects.toThrow(
      /allow_any_organization.*HTTP 503/,
    );
  });

  test("refuses a tenant-wide page that breaks the schema, as it refuses an organization's", async () => {
    fixture.emulator.addFault({ match: { endpoint: "tenantGrants" }, times: 1, fault: { kind: "schemaBreak", breakage: "scopeNotArray" } });

    await expect(list({ organizationId: ORG_Z, includeAnyOrganization: true })).rejects.toMatchObject({ code: "ERR_AUTH0_GRANTS_RESPONSE_FORMAT" });
  });
});

describe("a token without read:client_grants", () => {
  const onlyOrganizationScope = () => fixture.emulator.issueToken(["read:organization_client_grants"]);

  test("fails the listing with a MissingScopeError naming read:client_grants and where to grant it", async () => {
    const error = await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { token: onlyOrganizationScope() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingScopeError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "ERR_AUTH0_GRANTS_MISSING_SCOPE", scope: READ_CLIENT_GRANTS, status: 403 });
    expect((error as Error).message).toMatch(/needs the scope read:client_grants.*Applications > APIs > Auth0 Management API/);
  });

  test("still lists without the option, and sends no tenant-wide request", async () => {
    const result = await list({ organizationId: ORG_Z }, { token: onlyOrganizationScope() });

    expect(result.total).toBe(131);
    expect(tenantRequests()).toEqual([]);
  });
});

describe("without includeAnyOrganization", () => {
  test.each([
    ["left out", {}],
    ["false", { includeAnyOrganization: false }],
  ])("(%s) the result is today's: the associated grants, no grantedVia, and no tenant-wide request", async (_, option) => {
    const result = await list({ organizationId: ORG_Z, ...option });

    expect(result).toEqual({ organizationId: ORG_Z, ...option, total: 131, clientGrants: fixture.emulator.grantsOf(ORG_Z)!.map(toClientGrant) });
    expect(tenantRequests()).toEqual([]);
    expect(organizationRequests()).toHaveLength(2);
  });

  test("refuses a value that is not a boolean before anything is sent", async () => {
    await expect(list({ organizationId: ORG_Z, includeAnyOrganization: "yes" })).rejects.toThrow(ValidationError);
    await expect(list({ organizationId: ORG_Z, includeAnyOrganization: "yes" })).rejects.toThrow("includeAnyOrganization: includeAnyOrganization must be a boolean");
    expect(fixture.emulator.requests).toEqual([]);
  });
});

describe("one tenant-wide listing per deployment", () => {
  const organizations = (count: number) => Array.from({ length: count }, (_, i) => `org_deployment${String(i).padStart(5, "0")}`);
  beforeEach(() => {
    const seed = anyOrganizationTenant();
    fixture.emulator.replaceData({ ...seed, organizations: { ...seed.organizations, ...Object.fromEntries(organizations(20).map((id) => [id, []])) } });
  });

  test("20 organizations read one after another with the deployment's listings cost 20 listings plus one", async () => {
    const listings = new AnyOrganizationListings();
    const token = tokenWithBothScopes(fixture.emulator);
    for (const organizationId of organizations(20)) {
      const result = await list({ organizationId, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });
      expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, organizationId));
    }

    expect(organizationRequests()).toHaveLength(20);
    expect(tenantRequests()).toHaveLength(1);
  });

  test("20 organizations read at once share the listing in flight even without the deployment's listings", async () => {
    const token = tokenWithBothScopes(fixture.emulator);
    await Promise.all(organizations(20).map((organizationId) => list({ organizationId, includeAnyOrganization: true }, { token })));

    expect(organizationRequests()).toHaveLength(20);
    expect(tenantRequests()).toHaveLength(1);
  });

  test("a filtered read is served from the deployment's unfiltered listing, filtered here", async () => {
    const listings = new AnyOrganizationListings();
    const token = tokenWithBothScopes(fixture.emulator);
    await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });
    const filtered = await list({ organizationId: ORG_Y, audience: REPORTS_API, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });

    expect(filtered.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Y, { audience: REPORTS_API }));
    expect(tenantRequests()).toHaveLength(1);
  });

  test("another token does not borrow the listing: it is read again with that token", async () => {
    const listings = new AnyOrganizationListings();
    await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { anyOrganizationListings: listings });
    const refused = list({ organizationId: ORG_Y, includeAnyOrganization: true }, { token: fixture.emulator.issueToken(["read:organization_client_grants"]), anyOrganizationListings: listings });

    await expect(refused).rejects.toThrow(MissingScopeError);
    expect(tenantRequests().map((r) => r.status)).toEqual([200, 403]);
  });

  test("a failed listing is not kept: the next read of the deployment tries again", async () => {
    const listings = new AnyOrganizationListings();
    const token = tokenWithBothScopes(fixture.emulator);
    fixture.emulator.addFault({ match: { endpoint: "tenantGrants" }, times: 1, fault: { kind: "status", status: 500 } });
    await expect(list({ organizationId: ORG_Z, includeAnyOrganization: true }, { token, anyOrganizationListings: listings, options: { maxAttempts: 1 } })).rejects.toThrow(ApiError);

    const result = await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });
    expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z));
  });

  test("a caller changing its result does not change what the next organization gets", async () => {
    const listings = new AnyOrganizationListings();
    const token = tokenWithBothScopes(fixture.emulator);
    const first = await list({ organizationId: ORG_Y, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });
    for (const grant of first.clientGrants) grant.scope.push("write:everything");

    const second = await list({ organizationId: ORG_Z, includeAnyOrganization: true }, { token, anyOrganizationListings: listings });
    expect(second.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z));
  });
});
