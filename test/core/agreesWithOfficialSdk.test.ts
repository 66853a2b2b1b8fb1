// The official SDK, a client nobody here wrote, and this library read the same grants from the emulator, with and
// without filters: the emulator is only worth trusting where an independent client agrees with it.
import { generateGrants } from "../../emulator";
import { getOrganizationClientGrants } from "../../provider/function/getOrganizationClientGrants";
import { toClientGrant, toClientGrantVia, type ApiClientGrant } from "../../provider/core/schemas";
import { withEmulator } from "../helpers/emulator";
import { collect, officialSdk } from "../helpers/officialSdk";

const ORG = "org_sdkAgreement0001";
/** An organization with a few grants of its own, which ORG's grants with allow_any_organization reach as well. */
const OTHER_ORG = "org_sdkAgreement0002";
const grants = generateGrants(430, { organizationId: ORG, seed: 11 });
const fixture = withEmulator({ seed: { organizations: { [ORG]: grants, [OTHER_ORG]: generateGrants(4, { organizationId: OTHER_ORG, seed: 11 }) } } });

async function viaSdk(params: { audience?: string; client_id?: string; grant_ids?: string[] }): Promise<ApiClientGrant[]> {
  return collect(await officialSdk(fixture.emulator, { token: fixture.token }).organizations.clientGrants.list(ORG, { ...params, per_page: 100 }));
}

const viaUs = (args: { audience?: string; clientId?: string; grantIds?: string[] }) =>
  getOrganizationClientGrants({ organizationId: ORG, ...args, connection: { domain: fixture.emulator.origin, apiToken: fixture.token } });

test.each([
  ["no filter", {}, {}],
  ["an audience", { audience: grants[3]!.audience }, { audience: grants[3]!.audience }],
  ["a client id", { clientId: grants[5]!.client_id }, { client_id: grants[5]!.client_id }],
  ["ten grant ids", { grantIds: grants.slice(40, 50).map((g) => g.id) }, { grant_ids: grants.slice(40, 50).map((g) => g.id) }],
])("the official SDK and getOrganizationClientGrants agree with %s", async (_, ours, theirs) => {
  const [sdk, us] = await Promise.all([viaSdk(theirs), viaUs(ours)]);
  expect(sdk.length).toBeGreaterThan(0);
  expect(us.clientGrants).toEqual(sdk.map(toClientGrant));
});

describe("the grants that apply to every organization (includeAnyOrganization)", () => {
  async function anyOrganizationViaSdk(params: { audience?: string; client_id?: string }): Promise<ApiClientGrant[]> {
    const sdk = officialSdk(fixture.emulator, { token: fixture.emulator.issueToken(["read:client_grants"]) });
    return collect(await sdk.clientGrants.list({ ...params, allow_any_organization: true, take: 100 }));
  }

  const viaUsWithOption = (args: { audience?: string; clientId?: string }) =>
    getOrganizationClientGrants({
      organizationId: OTHER_ORG,
      ...args,
      includeAnyOrganization: true,
      connection: { domain: fixture.emulator.origin, apiToken: fixture.emulator.issueToken(["read:organization_client_grants", "read:client_grants"]) },
    });

  test.each([
    ["no filter", {}, {}],
    ["an audience", { audience: grants[3]!.audience }, { audience: grants[3]!.audience }],
    ["a client id", { clientId: grants[5]!.client_id }, { client_id: grants[5]!.client_id }],
  ])("are the SDK's tenant-wide grants with allow_any_organization, no deny and no association, with %s", async (_, ours, theirs) => {
    const [sdk, us] = await Promise.all([anyOrganizationViaSdk(theirs), viaUsWithOption(ours)]);
    // A grant associated with the organization is listed once, as an association.
    const own = new Set(fixture.emulator.grantsOf(OTHER_ORG)!.map((g) => g.id));
    const reaching = sdk.filter((g) => g.organization_usage !== "deny" && !own.has(g.id));
    expect(reaching.length).toBeGreaterThan(0);
    expect(us.clientGrants.filter((g) => g.grantedVia === "anyOrganization")).toEqual(reaching.map((g) => toClientGrantVia(g, "anyOrganization")));
  });
});
