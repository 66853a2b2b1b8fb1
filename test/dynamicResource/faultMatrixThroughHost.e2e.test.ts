// The fault matrix again, this time against OrganizationClientGrants through the real dynamic-provider host: a
// deployment must end with the complete list in state or with the typed error's message, never a partial list.
// Rows that need a short timeout or patience are left to the function's matrix: the resource runs with the default
// tuning (a 30 s timeout, 120 s of patience), and the same code path answers them. The one row that blocks the tenant for an hour runs last,
// because the host's rate limiter is rightly shared by everything it serves.
import { READ_ORGANIZATION_CLIENT_GRANTS, generateGrants, type Seed } from "../../emulator";
import { toClientGrant } from "../../provider/core/schemas";
import { FAULT_CASES, MATRIX_GRANTS, MATRIX_ORG, type FaultCase } from "../../scripts/faultMatrix";
import { HostCallError, rpcSecret, withDynamicHost } from "../helpers/dynamicHost";
import { withEmulator, requestsTo } from "../helpers/emulator";

const TOKEN = "tok_faultMatrixHost_5d0c2b7e91";
const CLIENT = { clientId: "fault-host-client", clientSecret: "fault-host-secret-6e1f0a" };
const LARGE_ORG = "org_faultMatrixLarge";
const seed: Seed = {
  organizations: { [MATRIX_ORG]: generateGrants(MATRIX_GRANTS, { organizationId: MATRIX_ORG }), [LARGE_ORG]: generateGrants(1_500, { organizationId: LARGE_ORG }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
  clients: [{ ...CLIENT, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
const viaToken = withDynamicHost(() => ({ config: { "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) } }));
const viaClient = withDynamicHost(() => ({
  config: { "auth0:domain": fixture.emulator.origin, "auth0:clientId": CLIENT.clientId, "auth0:clientSecret": rpcSecret(CLIENT.clientSecret) },
}));

// The resource runs with the default tuning; rows that rely on a short timeout or a short rate-limit patience would
// take the default 30 s or 120 s here, and are answered by the same code in the function's matrix.
const needsShortTimeouts = (c: FaultCase) =>
  c.faults.some((f) => f.fault.kind === "hang") || c.options?.timeoutMs !== undefined || c.options?.rateLimitPatienceMs !== undefined;
const blocksForAnHour = (c: FaultCase) => c.faults.some((f) => f.fault.kind === "rateLimited" && (f.fault.resetAfterSeconds ?? 0) > 60);
const cases = [...FAULT_CASES.filter((c) => !needsShortTimeouts(c) && !blocksForAnHour(c)), ...FAULT_CASES.filter(blocksForAnHour)];

describe("the fault matrix, against OrganizationClientGrants through the dynamic-provider host", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const hosted = c.clientCredentials ? viaClient : viaToken;
    const organizationId = c.organizationId ?? MATRIX_ORG;
    for (const fault of c.faults) fixture.emulator.addFault(fault);
    const outcome = await hosted.host.create({ organizationId, __provider: hosted.providerText }).then(
      (created) => ({ state: created.properties }),
      (error: unknown) => ({ error }),
    );
    if ("complete" in c.expected) {
      const truth = fixture.emulator.grantsOf(organizationId)!.map(toClientGrant);
      expect(outcome).toEqual({ state: { organizationId, total: truth.length, clientGrants: truth, __provider: hosted.providerText } });
    } else {
      expect(outcome).toHaveProperty("error");
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(HostCallError);
      expect((error as HostCallError).details).toMatch(c.expected.message);
    }
    if (c.tokenRequests !== undefined) expect(requestsTo(fixture.emulator, "token").length).toBeLessThanOrEqual(c.tokenRequests);
  });
});
