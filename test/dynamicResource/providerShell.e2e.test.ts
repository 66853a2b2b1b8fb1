// What OrganizationClientGrants stores and sends: the serialized provider (the `__provider` text the SDK keeps with
// every resource in state) stays a small shell that captures nothing, and no credential appears in any byte the
// real dynamic-provider host receives or returns, nor in what it prints, failures included.
import { DEFAULT_AUDIENCES, READ_ORGANIZATION_CLIENT_GRANTS, generateGrants, type Seed } from "../../emulator";
import { ValidationError } from "../../provider/core/errors";
import { OrganizationClientGrants } from "../../provider/dynamicResource/organizationClientGrants";
import { RESOURCE_TYPE, rpcSecret, withDynamicHost, type DynamicHost } from "../helpers/dynamicHost";
import { withEmulator } from "../helpers/emulator";
import { serializeProvider } from "../helpers/programRunner";

// Recognisable, and long enough for the package's redaction (which ignores values under 8 characters).
const PLANTED_TOKEN = "tok_PLANTED_a81f0c3e9d2b4f6a";
const PLANTED_CLIENT_SECRET = "sec_PLANTED_5c7e1b9a3f0d2e48";
const CLIENT_ID = "client_secretsTest0001";
const ORG = "org_secretsTest000001";

const seed: Seed = {
  organizations: { [ORG]: generateGrants(12, { organizationId: ORG }) },
  clients: [{ clientId: CLIENT_ID, clientSecret: PLANTED_CLIENT_SECRET, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
  apiTokens: [{ token: PLANTED_TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
// The engine's two ways: the stack config through Configure (the token a secret), or the AUTH0_* environment it
// passes on to the provider process (client credentials here), with a stack config that holds no credential.
const configured = withDynamicHost(() => ({
  config: { "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(PLANTED_TOKEN) },
}));
const fromEnvironment = withDynamicHost(() => ({
  env: { AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_CLIENT_ID: CLIENT_ID, AUTH0_CLIENT_SECRET: PLANTED_CLIENT_SECRET },
  config: { "org-grants-project:unrelated": "value" },
}));

/**
 * A whole lifecycle and the failures around it, with an API error that echoes `secret` in its message (as APIs
 * sometimes echo what they were sent), so the error paths are searched too.
 */
async function lifecycle(host: DynamicHost, providerText: string, secret: string): Promise<void> {
  const props = (filters: Record<string, unknown>) => ({ ...filters, __provider: providerText });
  await host.check({}, props({ organizationId: "" }));
  const checked = await host.check({}, props({ organizationId: ORG }));
  const created = await host.create(checked.inputs);
  fixture.emulator.addGrant(ORG, { id: "cgr_drift", client_id: "c", audience: DEFAULT_AUDIENCES[0]!, scope: [] });
  await host.diff(created.id, created.properties, props({ organizationId: ORG }));
  const read = await host.read(created.id, created.properties);
  const updated = await host.update(created.id, read.properties, props({ organizationId: ORG, audience: DEFAULT_AUDIENCES[0] }));
  await host.delete(created.id, updated.properties);
  fixture.emulator.addFault({
    match: { endpoint: "grants" },
    fault: { kind: "status", status: 400, body: { statusCode: 400, error: "Bad Request", message: `Rejected credential ${secret}`, errorCode: "invalid_query_string" } },
  });
  await expect(host.read(created.id, created.properties)).rejects.toThrow(/HTTP 400.*Rejected credential \[redacted\]/);
  await expect(host.diff(created.id, created.properties, props({ organizationId: ORG }))).rejects.toThrow(/HTTP 400/);
  await expect(host.create(checked.inputs)).rejects.toThrow(/HTTP 400/);
}

describe("the serialized provider", () => {
  test("comes with a resource registered under the class's type token, whose inputs are the filters and the provider", async () => {
    const { type, inputs } = await serializeProvider();

    expect(type).toBe(RESOURCE_TYPE);
    expect(OrganizationClientGrants.__pulumiType).toBe(type);
    expect(OrganizationClientGrants.isInstance({ __pulumiType: type })).toBe(true);
    expect(Object.keys(inputs).sort()).toEqual(["__provider", "organizationId"]);
  });

  test("is a shell under 32 KB that requires the implementation by package name and captures nothing", async () => {
    // Produced from dist/ in a plain Node process, without jest's coverage counters.
    const { providerText, directText } = await serializeProvider();

    for (const text of [providerText, directText]) {
      expect(Buffer.byteLength(text)).toBeLessThan(32 * 1024);
      // One loader requires the package's export by name, from the project the host runs in; no `require` call names
      // the package, which a bundler would replace with the bundled module.
      expect(text.match(/require\([^)]*\)/g)?.sort()).toEqual(['require("node:module")', 'require("node:path")']);
      expect(text.match(/"pulumi-auth0-org-grants\/dynamic-provider"/g)).toHaveLength(1);
      // The serializer lists what each function closes over in a `with({...})`: only the shell's own functions.
      const captured = [...text.matchAll(/with\(\{([^}]*)\}\)/g)].flatMap((m) => m[1]!.split(",").map((entry) => entry.split(":")[0]!.trim()));
      expect(new Set(captured)).toEqual(new Set(["this", "arguments", "loadImplementation", text === providerText ? "provider" : "providerShell"]));
      expect(text).not.toMatch(/zod|undici|apiToken|clientSecret|PLANTED/);
    }
  });
});

describe("credentials", () => {
  test("a connection argument is refused before anything is registered, without echoing it", () => {
    const construct = () => new OrganizationClientGrants("grants", { organizationId: ORG, connection: { apiToken: PLANTED_TOKEN } } as never);

    expect(construct).toThrow(ValidationError);
    expect(construct).toThrow(/takes no connection/);
    expect(construct).not.toThrow(new RegExp(PLANTED_TOKEN));
  });

  test("a token from the stack config appears in no byte the host receives or returns, besides Configure itself", async () => {
    await lifecycle(configured.host, configured.providerText, PLANTED_TOKEN);

    const configure = (e: { method: string; direction: string }) => e.method === "Configure" && e.direction === "sent";
    // The search is real: the token is in the one message that must carry it.
    expect(configured.host.transcript(configure).includes(PLANTED_TOKEN)).toBe(true);
    expect(configured.host.transcript((e) => !configure(e)).includes(PLANTED_TOKEN)).toBe(false);
    expect(configured.host.exchanges.filter((e) => !configure(e)).length).toBeGreaterThanOrEqual(15);
  });

  test("a client secret from the environment appears in no byte the host receives or returns, and prints nowhere", async () => {
    await lifecycle(fromEnvironment.host, fromEnvironment.providerText, PLANTED_CLIENT_SECRET);

    // The secret was used: the provider exchanged it for a token.
    expect(fixture.emulator.requests.some((r) => r.endpoint === "token" && r.status === 200)).toBe(true);
    expect(fromEnvironment.host.transcript().includes(PLANTED_CLIENT_SECRET)).toBe(false);
    expect(fromEnvironment.host.stderr).toMatch(/Rejected credential \[redacted\]/);
  });
});
