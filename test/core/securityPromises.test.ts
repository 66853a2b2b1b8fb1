// The security promises, each with the test that backs it: no credential in any error text, only GETs to the
// Management API and the client-credentials POST to /oauth/token, and no redirect followed with the token.
import { ApiError } from "../../provider/core/errors";
import { getOrganizationClientGrants, type GetOrganizationClientGrantsArgs } from "../../provider/function/getOrganizationClientGrants";
import { startEmulator, type Emulator, type FaultRuleInput } from "../../emulator";
import { clearTokenCache } from "../../provider/core/tokens";
import { withEmulator } from "../helpers/emulator";

const PLANTED_TOKEN = "planted-api-token-7c1e55d0-NEVER-SHOW";
const PLANTED_SECRET = "planted-client-secret-93ab1f-NEVER-SHOW";
const ORG = "org_securityTests001";

const fixture = withEmulator({
  seed: {
    organizations: { [ORG]: [] },
    clients: [{ clientId: "security-client", clientSecret: PLANTED_SECRET, scopes: ["read:organization_client_grants"] }],
    apiTokens: [{ token: PLANTED_TOKEN, scopes: ["read:organization_client_grants"] }],
  },
});
beforeEach(() => clearTokenCache());

/** Every text an error exposes: message, stack, JSON form, and its causes'. */
function everyText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; stack?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(String(e), e.message ?? "", e.stack ?? "", JSON.stringify(e));
  }
  return parts.join("\n");
}

const failWith = (faults: FaultRuleInput[], connection: GetOrganizationClientGrantsArgs["connection"]) => {
  for (const f of faults) fixture.emulator.addFault(f);
  return getOrganizationClientGrants({
    organizationId: ORG,
    connection: { domain: fixture.emulator.origin, ...connection },
    options: { maxAttempts: 2, timeoutMs: 300 },
  }).then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
};

describe("no credential in any error text", () => {
  const withToken = { apiToken: PLANTED_TOKEN };
  const withSecret = { clientId: "security-client", clientSecret: PLANTED_SECRET };
  it.each([
    ["a 500 on every attempt", [{ fault: { kind: "status", status: 500 } }]],
    ["a timeout on every attempt", [{ fault: { kind: "hang" } }]],
    ["a reset mid-body on every attempt", [{ fault: { kind: "resetMidBody" } }]],
    ["a body that is not JSON", [{ fault: { kind: "malformedJson" } }]],
    ["a 401", [{ fault: { kind: "expireToken" } }, { fault: { kind: "expireToken" } }]],
    ["an API message that echoes the token", [{ fault: { kind: "status", status: 400, body: { statusCode: 400, message: `bad token ${PLANTED_TOKEN}` } } }]],
  ] as [string, FaultRuleInput[]][])("with an API token: %s", async (_, faults) => {
    const text = everyText(await failWith(faults, withToken));
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(PLANTED_TOKEN);
  });

  it.each([
    ["a 500 from the token endpoint", [{ match: { endpoint: "token" }, fault: { kind: "status", status: 500 } }]],
    ["a 401 from the token endpoint", [{ match: { endpoint: "token" }, fault: { kind: "status", status: 401 } }]],
    ["a 500 from the grants endpoint", [{ fault: { kind: "status", status: 500 } }]],
  ] as [string, FaultRuleInput[]][])("with client credentials: %s", async (_, faults) => {
    const text = everyText(await failWith(faults, withSecret));
    expect(text).not.toContain(PLANTED_SECRET);
  });

  it("replaces an echoed token in the API's message with [redacted]", async () => {
    const error = await failWith([{ fault: { kind: "status", status: 400, body: { statusCode: 400, message: `bad token ${PLANTED_TOKEN}` } } }], withToken);
    expect((error as ApiError).message).toContain("bad token [redacted]");
    expect((error as ApiError).apiMessage).toBe("bad token [redacted]");
  });
});

describe("what leaves the machine", () => {
  it("is only GETs to the grants endpoint and one client-credentials POST to /oauth/token", async () => {
    await getOrganizationClientGrants({
      organizationId: ORG,
      connection: { domain: fixture.emulator.origin, clientId: "security-client", clientSecret: PLANTED_SECRET },
    });
    const seen = fixture.emulator.requests.map((r) => `${r.method} ${r.endpoint}`);
    expect(seen).toEqual(["POST token", "GET grants"]);
  });

  it("does not follow a redirect, to the tenant or elsewhere, and the other host sees nothing", async () => {
    const elsewhere: Emulator = await startEmulator({ seed: { organizations: { [ORG]: [] } } });
    try {
      const location = `${elsewhere.origin}/api/v2/organizations/${ORG}/client-grants`;
      const error = await failWith([{ fault: { kind: "status", status: 302, headers: { location } } }], { apiToken: PLANTED_TOKEN });
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(302);
      expect((error as Error).message).toMatch(/Redirects are not followed/);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.stop();
    }
  });
});
