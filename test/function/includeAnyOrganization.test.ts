// includeAnyOrganization through the function, both forms, against the emulator: the grants that reach the
// organization without an association are listed and say so, and one run of a program (one deployment) reads the
// tenant-wide listing once however many organizations it reads, while the next run reads it again.
import * as pulumi from "@pulumi/pulumi";
import { getOrganizationClientGrants, getOrganizationClientGrantsOutput } from "../../provider/function/getOrganizationClientGrants";
import { MissingScopeError } from "../../provider/core/errors";
import { ANY_ORG_ALLOW, anyOrganizationTenant, BOTH_SCOPES, expectedReach, ORG_Y, ORG_Z, tokenWithBothScopes } from "../helpers/anyOrganizationTenant";
import { withEmulator, requestsTo } from "../helpers/emulator";
import { observe } from "../helpers/outputs";

const fixture = withEmulator({ seed: anyOrganizationTenant() });
const tenantRequests = () => requestsTo(fixture.emulator, "tenantGrants");
const connection = () => ({ domain: fixture.emulator.origin, apiToken: tokenWithBothScopes(fixture.emulator) });

/** The Output's value (see observe). */
const resolved = async <T>(output: pulumi.Output<T>): Promise<T> => (await observe(output)).value as T;

describe("outside a Pulumi program", () => {
  test("each call reads the tenant-wide listing afresh: nothing says when a deployment ends there", async () => {
    const same = connection();
    await getOrganizationClientGrants({ organizationId: ORG_Z, includeAnyOrganization: true, connection: same });
    await getOrganizationClientGrants({ organizationId: ORG_Y, includeAnyOrganization: true, connection: same });

    expect(tenantRequests()).toHaveLength(2);
  });
});

describe("in a program (the SDK's runtime, mocks standing in for the engine)", () => {
  const mocks: pulumi.runtime.Mocks = { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs };
  beforeEach(() => pulumi.runtime.setMocks(mocks, "project", "stack", false));

  test("the Promise form lists the associated and the any-organization grants, each saying how it applies", async () => {
    const result = await getOrganizationClientGrants({ organizationId: ORG_Z, includeAnyOrganization: true, connection: connection() });

    expect(result).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true, total: 133, clientGrants: expectedReach(fixture.emulator, ORG_Z) });
  });

  test("the Output form takes the option as an Input", async () => {
    const result = getOrganizationClientGrantsOutput({ organizationId: ORG_Z, includeAnyOrganization: pulumi.output(true), connection: connection() });

    expect((await resolved(result)).clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z));
  });

  test("a token without read:client_grants fails the Output form with a MissingScopeError", async () => {
    const result = getOrganizationClientGrantsOutput({
      organizationId: ORG_Z,
      includeAnyOrganization: true,
      connection: { domain: fixture.emulator.origin, apiToken: fixture.emulator.issueToken(["read:organization_client_grants"]) },
    });

    await expect(resolved(result)).rejects.toThrow(MissingScopeError);
  });

  test("twelve organizations read in one run cost twelve listings plus one tenant-wide listing", async () => {
    const organizations = Array.from({ length: 12 }, (_, i) => `org_oneRun${String(i).padStart(10, "0")}`);
    const seed = anyOrganizationTenant();
    fixture.emulator.replaceData({ ...seed, organizations: { ...seed.organizations, ...Object.fromEntries(organizations.map((id) => [id, []])) } });
    const same = connection();
    for (const organizationId of organizations) {
      const result = await resolved(getOrganizationClientGrantsOutput({ organizationId, includeAnyOrganization: true, connection: same }));
      expect(result.clientGrants).toEqual(expectedReach(fixture.emulator, organizationId));
    }

    expect(requestsTo(fixture.emulator, "grants")).toHaveLength(12);
    expect(tenantRequests()).toHaveLength(1);
  });

  test("the next run reads the tenant-wide listing again, and sees a grant removed in between", async () => {
    // A seeded token survives replaceData: both runs read with the same credential.
    const apiTokens = [{ token: "tok_sameTokenBothRuns_0001", scopes: [...BOTH_SCOPES] }];
    fixture.emulator.replaceData({ ...anyOrganizationTenant(), apiTokens });
    const same = { domain: fixture.emulator.origin, apiToken: apiTokens[0]!.token };
    const first = await getOrganizationClientGrants({ organizationId: ORG_Z, includeAnyOrganization: true, connection: same });
    fixture.emulator.replaceData({ ...anyOrganizationTenant({ anyOrganizationGrants: [] }), apiTokens });

    const sameRun = await getOrganizationClientGrants({ organizationId: ORG_Z, includeAnyOrganization: true, connection: same });
    pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const nextRun = await getOrganizationClientGrants({ organizationId: ORG_Z, includeAnyOrganization: true, connection: same });

    expect(first.clientGrants.map((g) => g.id)).toContain(ANY_ORG_ALLOW.id);
    expect(sameRun.clientGrants.map((g) => g.id)).toContain(ANY_ORG_ALLOW.id);
    expect(nextRun.clientGrants.map((g) => g.id)).not.toContain(ANY_ORG_ALLOW.id);
    expect(tenantRequests()).toHaveLength(2);
  });
});
