// `Invoke` of getOrganizationClientGrants through the installed plugin, against the emulator: the same listing as
// the library (pages, filters, chunked grant ids), settings from Configure's `args`, its `variables` or the
// environment, secret and invalid arguments, and two plugin processes reading two tenants.
import * as grpc from "@grpc/grpc-js";
import { UNKNOWN as WIRE_UNKNOWN } from "../helpers/rpcWire";
import { DEFAULT_AUDIENCES, generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, type Seed } from "../../emulator";
import { ApiError } from "../../provider/core/errors";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { toClientGrant } from "../../provider/core/schemas";
import { withEmulator, requestsTo } from "../helpers/emulator";
import { rsaKeyPair } from "../helpers/keys";
import { HostCallError, PluginProcess, rpcSecret, withPlugin } from "../helpers/pluginProcess";

const TOKEN = "tok_pluginInvokeTest_4b8e21d07c";
const ORG = "org_pluginTest000001";
const MISSING_ORG = "org_pluginTestMissing1";
const AUDIENCE = DEFAULT_AUDIENCES[0]!;
const UNKNOWN = WIRE_UNKNOWN.string;

const seed: Seed = {
  // 130 grants: two pages of 100.
  organizations: { [ORG]: generateGrants(130, { organizationId: ORG }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
  clients: [
    { clientId: "plugin-client", clientSecret: "plugin-client-secret-5e1f", scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
    { clientId: "plugin-jwt-client", publicKey: rsaKeyPair().publicKey, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
  ],
};
// A second tenant, with other grants under the same organization id.
const otherSeed: Seed = {
  organizations: { [ORG]: generateGrants(7, { organizationId: ORG, seed: 99 }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
const other = withEmulator({ seed: otherSeed });
const hosted = withPlugin();

beforeAll(async () => {
  await hosted.plugin.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(TOKEN) } });
});

const grantsOf = (organizationId: string) => fixture.emulator.grantsOf(organizationId) ?? [];
const grantRequests = () => requestsTo(fixture.emulator, "grants");

describe("Invoke", () => {
  test("lists every grant of the organization across all pages, as the library returns them", async () => {
    const answer = await hosted.plugin.invoke({ organizationId: ORG });

    expect(answer.failures).toEqual([]);
    expect(answer.outputs).toEqual({ organizationId: ORG, total: 130, clientGrants: grantsOf(ORG).map(toClientGrant) });
    expect(answer.outputs).toEqual(await listClientGrants({ organizationId: ORG }, { connection: { domain: fixture.emulator.origin, apiToken: TOKEN } }));
    expect(grantRequests().filter((r) => r.status === 200)).toHaveLength(4); // two pages, for the plugin and the library
  });

  test.each([
    ["audience", { audience: AUDIENCE }, (g: { audience: string }) => g.audience === AUDIENCE],
    ["clientId", { clientId: seed.organizations![ORG]![3]!.client_id }, (g: { client_id: string }) => g.client_id === seed.organizations![ORG]![3]!.client_id],
  ] as const)("filters by %s", async (_name, filter, keep) => {
    const answer = await hosted.plugin.invoke({ organizationId: ORG, ...filter });

    const expected = grantsOf(ORG).filter((g) => keep(g as never)).map(toClientGrant);
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.outputs).toEqual({ organizationId: ORG, ...filter, total: expected.length, clientGrants: expected });
  });

  test("asks for more than 10 grant ids ten at a time and returns each grant once", async () => {
    const ids = grantsOf(ORG).slice(5, 30).map((g) => g.id);
    const answer = await hosted.plugin.invoke({ organizationId: ORG, grantIds: [...ids, ids[0]!] });

    expect(answer.outputs).toEqual({ organizationId: ORG, grantIds: [...ids, ids[0]!], total: 25, clientGrants: grantsOf(ORG).slice(5, 30).map(toClientGrant) });
    const asked = grantRequests().map((r) => [r.query.grant_ids ?? []].flat());
    expect(asked.map((a) => a.length)).toEqual([10, 10, 5]);
    expect(asked.flat().sort()).toEqual([...ids].sort());
  });

  test("unwraps secret arguments", async () => {
    const id = grantsOf(ORG)[0]!.id;
    const answer = await hosted.plugin.invoke({ organizationId: rpcSecret(ORG), grantIds: [rpcSecret(id)], audience: rpcSecret(grantsOf(ORG)[0]!.audience) });

    expect(answer.failures).toEqual([]);
    expect(answer.outputs).toMatchObject({ organizationId: ORG, total: 1, clientGrants: [toClientGrant(grantsOf(ORG)[0]!)] });
  });

  test("answers invalid arguments as failures naming each property, with nothing sent to Auth0", async () => {
    const answer = await hosted.plugin.invoke({ audience: "x".repeat(601), grantIds: [], color: "blue" });

    expect(answer.outputs).toBeUndefined();
    expect(answer.failures).toEqual(
      expect.arrayContaining([
        { property: "color", reason: expect.stringContaining("not an argument") },
        { property: "organizationId", reason: "organizationId is required" },
        { property: "audience", reason: expect.stringContaining("at most 600") },
        { property: "grantIds", reason: expect.stringContaining("at least one id") },
      ]),
    );
    expect(answer.failures).toHaveLength(4);
    expect(fixture.emulator.requests).toEqual([]);
  });

  test("answers an argument that is not known yet as a failure, with nothing sent", async () => {
    const answer = await hosted.plugin.invoke({ organizationId: UNKNOWN });

    expect(answer).toEqual({ outputs: undefined, failures: [{ property: "organizationId", reason: expect.stringContaining("not known yet") }] });
    expect(fixture.emulator.requests).toEqual([]);
  });

  test("refuses a function token it does not serve", async () => {
    const error = await hosted.plugin.invoke({ organizationId: ORG }, "auth0-org-grants:index:getSomethingElse").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).code).toBe(grpc.status.NOT_FOUND);
    expect((error as HostCallError).details).toContain("auth0-org-grants:index:getOrganizationClientGrants");
    expect(fixture.emulator.requests).toEqual([]);
  });

  test("turns an API failure into a gRPC error carrying the library's message", async () => {
    const library = await listClientGrants({ organizationId: MISSING_ORG }, { connection: { domain: fixture.emulator.origin, apiToken: TOKEN } }).catch((e: unknown) => e);
    expect(library).toBeInstanceOf(ApiError);

    const error = await hosted.plugin.invoke({ organizationId: MISSING_ORG }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).code).toBe(grpc.status.NOT_FOUND);
    expect((error as HostCallError).details).toBe((library as ApiError).message);
  });
});

describe("Configure", () => {
  const started: PluginProcess[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const plugin = await PluginProcess.start({ env });
    started.push(plugin);
    return plugin;
  };
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
  });

  test("reads the older `variables` map when the engine sends no args", async () => {
    const plugin = await start();
    await plugin.configure({ variables: { "auth0-org-grants:config:domain": fixture.emulator.origin, "auth0-org-grants:config:apiToken": TOKEN } });

    expect((await plugin.invoke({ organizationId: ORG })).outputs).toMatchObject({ total: 130 });
  });

  test("falls back to AUTH0_* in the environment", async () => {
    const plugin = await start({ AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_API_TOKEN: TOKEN });
    await plugin.configure({ args: {} });

    expect((await plugin.invoke({ organizationId: ORG })).outputs).toMatchObject({ total: 130 });
  });

  test("takes client credentials from args over the environment's settings", async () => {
    const plugin = await start({ AUTH0_DOMAIN: other.emulator.origin, AUTH0_API_TOKEN: "tok_wrong_tenant_0000000" });
    await plugin.configure({ args: { domain: fixture.emulator.origin, clientId: "plugin-client", clientSecret: rpcSecret("plugin-client-secret-5e1f") } });

    expect((await plugin.invoke({ organizationId: ORG })).outputs).toMatchObject({ total: 130 });
    expect(fixture.emulator.requests.map((r) => r.endpoint)).toContain("token");
  });

  test("signs a client assertion with clientAssertionPrivateKey (private key JWT)", async () => {
    const plugin = await start();
    await plugin.configure({
      args: { domain: fixture.emulator.origin, clientId: "plugin-jwt-client", clientAssertionPrivateKey: rpcSecret(rsaKeyPair().privateKey), clientAssertionSigningAlg: "RS256" },
    });

    expect((await plugin.invoke({ organizationId: ORG })).outputs).toMatchObject({ total: 130 });
    expect(requestsTo(fixture.emulator, "token").map((r) => r.status)).toEqual([200]);
  });

  test("without any setting, fails naming the provider's own configuration keys and the environment variables", async () => {
    const plugin = await start();
    await plugin.configure({ args: {} });

    const error = await plugin.invoke({ organizationId: ORG }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).code).toBe(grpc.status.FAILED_PRECONDITION);
    expect((error as HostCallError).details).toMatch(/auth0-org-grants:domain/);
    expect((error as HostCallError).details).toMatch(/AUTH0_DOMAIN/);
  });

  test("does not send the environment's token, made for another tenant, to the domain it was configured with", async () => {
    const plugin = await start({ AUTH0_DOMAIN: other.emulator.origin, AUTH0_API_TOKEN: TOKEN });
    await plugin.configure({ args: { domain: fixture.emulator.origin } });

    const error = await plugin.invoke({ organizationId: ORG }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).code).toBe(grpc.status.FAILED_PRECONDITION);
    expect((error as HostCallError).details).toMatch(/auth0-org-grants:domain/);
    expect(fixture.emulator.requests).toEqual([]);
    expect(other.emulator.requests).toEqual([]);
  });

  test("an explicit provider built by a generated SDK from the served schema does not carry the program's AUTH0_* to another tenant", async () => {
    // A generated SDK's Provider fills every input the schema gives an environment default from the program's
    // environment (as @pulumi/auth0's Provider fills `debug` from AUTH0_DEBUG). Tenant A's token in AUTH0_API_TOKEN
    // would then arrive as tenant B's own `apiToken`, beside B's domain: one layer, so it would be sent to B.
    const tenantA = { AUTH0_DOMAIN: other.emulator.origin, AUTH0_API_TOKEN: TOKEN };
    const plugin = await start(tenantA);
    const provider = (await plugin.getSchema()).provider as { inputProperties: Record<string, { secret?: boolean; defaultInfo?: { environment?: string[] } }> };
    const given: Record<string, unknown> = { domain: fixture.emulator.origin };
    const args = { ...given };
    for (const [name, spec] of Object.entries(provider.inputProperties)) {
      const fromEnv = spec.defaultInfo?.environment?.map((v) => (tenantA as Record<string, string>)[v]).find((v) => v !== undefined);
      if (args[name] === undefined && fromEnv !== undefined) args[name] = spec.secret ? rpcSecret(fromEnv) : fromEnv;
    }
    await plugin.configure({ args: (await plugin.checkConfig(args)).inputs });

    const error = await plugin.invoke({ organizationId: ORG }).catch((e: unknown) => e);

    expect(fixture.emulator.requests).toEqual([]);
    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).code).toBe(grpc.status.FAILED_PRECONDITION);
  });

  test("a refused token or client secret is to be fixed in the provider's own settings, which the plugin reads, not in auth0:*", async () => {
    const withToken = await start();
    await withToken.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret("tok_expired_pluginTest_77") } });
    const withSecret = await start();
    await withSecret.configure({ args: { domain: fixture.emulator.origin, clientId: "plugin-client", clientSecret: rpcSecret("not-the-plugin-secret") } });

    const refused = await Promise.all([withToken, withSecret].map((p) => p.invoke({ organizationId: ORG }).then(() => new Error("not refused"), (e: unknown) => e)));

    for (const e of refused) expect(e).toBeInstanceOf(HostCallError);

    expect(refused.map((e) => (e as HostCallError).code)).toEqual([grpc.status.UNAUTHENTICATED, grpc.status.UNAUTHENTICATED]);
    expect((refused[0] as HostCallError).details).toMatch(/Set a fresh auth0-org-grants:apiToken \/ AUTH0_API_TOKEN/);
    expect((refused[1] as HostCallError).details).toMatch(/Check auth0-org-grants:clientId \/ AUTH0_CLIENT_ID and auth0-org-grants:clientSecret \/ AUTH0_CLIENT_SECRET/);
    for (const e of refused) expect((e as HostCallError).details).not.toMatch(/(^|[^-])auth0:/);
  });

  test("answers that it accepts secrets", async () => {
    const plugin = await start();
    expect((await plugin.configure({ args: {} })).getAcceptsecrets()).toBe(true);
  });

  test("two plugin processes configured for two tenants each return their own tenant's grants", async () => {
    const first = await start();
    const second = await start();
    await first.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(TOKEN) } });
    await second.configure({ args: { domain: other.emulator.origin, apiToken: rpcSecret(TOKEN) } });

    const [a, b] = await Promise.all([first.invoke({ organizationId: ORG }), second.invoke({ organizationId: ORG })]);

    expect(a.outputs).toEqual({ organizationId: ORG, total: 130, clientGrants: grantsOf(ORG).map(toClientGrant) });
    expect(b.outputs).toEqual({ organizationId: ORG, total: 7, clientGrants: (other.emulator.grantsOf(ORG) ?? []).map(toClientGrant) });
  });
});

describe("secret arguments in errors", () => {
  let plugin: PluginProcess;
  beforeAll(async () => {
    // A process of its own: the values it learns are secret stay redacted for the rest of its life.
    plugin = await PluginProcess.start();
    await plugin.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(TOKEN) } });
  });
  afterAll(async () => {
    await plugin.stop();
  });

  test("a secret argument's value is in no error the plugin answers, from the invoke or the resource", async () => {
    const secretOrg = "org_secretArgMissing01";

    const fromInvoke = await plugin.invoke({ organizationId: rpcSecret(secretOrg) }).then(() => new Error("not refused"), (e: unknown) => e);
    const fromCreate = await plugin.create({ organizationId: rpcSecret(secretOrg), audience: rpcSecret("https://secret-audience.example.com/") }).then(
      () => new Error("not refused"),
      (e: unknown) => e,
    );

    for (const error of [fromInvoke, fromCreate]) {
      expect(error).toBeInstanceOf(HostCallError);
      expect((error as HostCallError).code).toBe(grpc.status.NOT_FOUND);
      expect((error as HostCallError).details).toContain("[redacted]");
    }
    expect(plugin.transcript().toString("latin1").split(secretOrg).length - 1).toBe(
      // Only the requests carry it (two, wrapped as secrets): nothing the plugin answered or printed.
      Buffer.concat(plugin.exchanges.filter((e) => e.direction === "sent").map((e) => e.bytes)).toString("latin1").split(secretOrg).length - 1,
    );
  });
});
