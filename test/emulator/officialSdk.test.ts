// The emulator judged by a client we did not write: the official auth0 SDK v7 must list every seeded grant of an
// organization, page after page, and every grant of the tenant through its checkpoints, exactly as it does against Auth0.
import type { ManagementClient } from "auth0";
import { generateGrants } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { withEmulator } from "../helpers/emulator";
import { collect, officialSdk } from "../helpers/officialSdk";

const BIG_ORG = "org_sdkBig0000000001";
const grants = generateGrants(230, { organizationId: BIG_ORG, seed: 7 });
const fixture = withEmulator({
  seed: {
    organizations: { [BIG_ORG]: grants },
    clients: [{ clientId: "sdk-client", clientSecret: "sdk-secret", scopes: ["read:organization_client_grants"] }],
  },
});

const sdkWithToken = () => officialSdk(fixture.emulator, { token: fixture.token });

const listAll = async (client: ManagementClient, params: { per_page?: number } = {}): Promise<ApiClientGrant[]> =>
  collect(await client.organizations.clientGrants.list(BIG_ORG, params));

test("for-await over the SDK's Page lists exactly the seeded grants with its default page size", async () => {
  expect(await listAll(sdkWithToken())).toEqual(grants);
});

test("the SDK walks pages 0..4 of 50 one after another, then asks for an empty page 5", async () => {
  await listAll(sdkWithToken());
  expect(fixture.emulator.requests.map((r) => r.query.page)).toEqual(["0", "1", "2", "3", "4", "5"]);
});

test("with per_page=100 the SDK lists the same grants", async () => {
  expect(await listAll(sdkWithToken(), { per_page: 100 })).toEqual(grants);
});

test("the SDK's client-credentials flow gets a token from the emulator and lists every grant", async () => {
  const client = officialSdk(fixture.emulator, { clientId: "sdk-client", clientSecret: "sdk-secret" });
  expect(await listAll(client, { per_page: 100 })).toEqual(grants);
});

test("the SDK reports a 403 from the emulator as its ForbiddenError", async () => {
  const client = officialSdk(fixture.emulator, { token: fixture.emulator.issueToken(["read:clients"]) });
  await expect(client.organizations.clientGrants.list(BIG_ORG)).rejects.toMatchObject({ statusCode: 403, name: "ForbiddenError" });
});

describe("the tenant-wide endpoint, GET /api/v2/client-grants (clientGrants.list)", () => {
  // The tenant's grants as the emulator lists them: this seed's organization grants, in id order.
  const tenantGrants = () => [...grants].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sdkWithScopes = (scopes: string[]) => officialSdk(fixture.emulator, { token: fixture.emulator.issueToken(scopes) });

  const listTenant = async (client: ManagementClient, params: Parameters<ManagementClient["clientGrants"]["list"]>[0] = {}): Promise<ApiClientGrant[]> =>
    collect(await client.clientGrants.list(params));

  test("for-await over the SDK's Page follows the checkpoints (take 50, then from=next) through every grant of the tenant", async () => {
    expect(await listTenant(sdkWithScopes(["read:client_grants"]))).toEqual(tenantGrants());
    const queries = fixture.emulator.requests.map((r) => r.query);
    expect(queries).toHaveLength(Math.ceil(grants.length / 50));
    expect(queries[0]).toEqual({ include_totals: "true", take: "50" });
    expect(queries.slice(1).every((q) => typeof q.from === "string" && q.take === "50")).toBe(true);
  });

  test.each([
    ["allow_any_organization", { allow_any_organization: true }, (g: ApiClientGrant) => g.allow_any_organization === true],
    ["audience", { audience: grants[3]!.audience }, (g: ApiClientGrant) => g.audience === grants[3]!.audience],
    ["client_id", { client_id: grants[5]!.client_id }, (g: ApiClientGrant) => g.client_id === grants[5]!.client_id],
  ])("the SDK's %s filter lists exactly the matching grants", async (_, params, keep) => {
    const expected = tenantGrants().filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await listTenant(sdkWithScopes(["read:client_grants"]), { ...params, take: 100 })).toEqual(expected);
  });

  test("the SDK reports the emulator's 403 for a token without read:client_grants as its ForbiddenError", async () => {
    await expect(sdkWithScopes(["read:organization_client_grants"]).clientGrants.list()).rejects.toMatchObject({ statusCode: 403, name: "ForbiddenError" });
  });
});
