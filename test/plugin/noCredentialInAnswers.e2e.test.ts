// No credential in anything the plugin answers or prints, whatever the configuration said: planted credentials are
// searched for in every byte of every answer (success or gRPC error), on stdout and on stderr, across the function,
// the resource, failures and misconfigurations. CheckConfig's answer is the one exception, by the protocol's design:
// it hands the checked configuration back to the engine (the secrets wrapped, so the engine encrypts them).
import { READ_ORGANIZATION_CLIENT_GRANTS, generateGrants } from "../../emulator";
import { withEmulator } from "../helpers/emulator";
import { rsaKeyPair } from "../helpers/keys";
import { PluginProcess, rpcSecret } from "../helpers/pluginProcess";

const PLANTED_TOKEN = "planted-plugin-token-61d2a0-NEVER-SHOW";
const PLANTED_SECRET = "planted-plugin-secret-0b7f3c-NEVER-SHOW";
const ORG = "org_pluginSecrets0001";

const fixture = withEmulator({
  seed: {
    organizations: { [ORG]: generateGrants(3, { organizationId: ORG }) },
    clients: [
      { clientId: "secrets-client", clientSecret: PLANTED_SECRET, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
      { clientId: "secrets-jwt-client", publicKey: rsaKeyPair().publicKey, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
    ],
    apiTokens: [{ token: PLANTED_TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
  },
});

const plugins: PluginProcess[] = [];
afterAll(async () => {
  await Promise.all(plugins.map((p) => p.stop()));
});

async function start(env: Record<string, string> = {}): Promise<PluginProcess> {
  const plugin = await PluginProcess.start({ env });
  plugins.push(plugin);
  return plugin;
}

/** Runs `call` and keeps going whatever it answered: the point is what the plugin said, not whether it succeeded. */
const attempt = (call: Promise<unknown>) => call.then(() => undefined, () => undefined);

/** Everything the plugin said, except CheckConfig's answer (see the header). */
function said(plugin: PluginProcess): string {
  const answered = plugin.exchanges.filter((e) => e.direction === "received" && e.method !== "CheckConfig").map((e) => e.bytes);
  return Buffer.concat([...answered, Buffer.from(plugin.stdout), Buffer.from(plugin.stderr)]).toString("latin1");
}

/** `echoed`: the credentials this plugin was given, which the faulty API then echoes in its error messages. */
async function exercise(plugin: PluginProcess, echoed: readonly string[]): Promise<void> {
  await attempt(plugin.getSchema());
  await attempt(plugin.invoke({ organizationId: ORG }));
  await attempt(plugin.invoke({ organizationId: ORG, grantIds: [] }));
  await attempt(plugin.invoke({ organizationId: "org_doesNotExist00001" }));
  const created = await plugin.create({ organizationId: ORG }).catch(() => ({ id: ORG, properties: { organizationId: ORG } }));
  await attempt(plugin.check({ organizationId: ORG, connection: { apiToken: PLANTED_TOKEN } }));
  await attempt(plugin.diff(created.id, created.properties, { organizationId: ORG }));
  await attempt(plugin.read(created.id, created.properties));
  await attempt(plugin.update(created.id, created.properties, { organizationId: ORG }));
  const echo = { kind: "status", status: 500, body: { statusCode: 500, message: `echo ${echoed.join(" ")}` } } as const;
  fixture.emulator.addFault({ match: { endpoint: "grants" }, fault: echo });
  fixture.emulator.addFault({ match: { endpoint: "token" }, fault: echo });
  await attempt(plugin.invoke({ organizationId: ORG, audience: "after-fault" }));
  await attempt(plugin.read(created.id, created.properties));
}

test.each([
  ["an API token in args, plain", { args: { domain: "", apiToken: PLANTED_TOKEN } }, [PLANTED_TOKEN]],
  ["an API token in args, as a secret", { args: { domain: "", apiToken: rpcSecret(PLANTED_TOKEN) } }, [PLANTED_TOKEN]],
  ["an API token in variables", { variables: { "auth0-org-grants:config:domain": "", "auth0-org-grants:config:apiToken": PLANTED_TOKEN } }, [PLANTED_TOKEN]],
  ["client credentials in args", { args: { domain: "", clientId: "secrets-client", clientSecret: PLANTED_SECRET } }, [PLANTED_SECRET]],
  ["a client assertion private key in args", { args: { domain: "", clientId: "secrets-jwt-client", clientAssertionPrivateKey: rsaKeyPair().privateKey } }, [rsaKeyPair().privateKey]],
  ["a token in the domain's user information", { args: { domain: `https://${PLANTED_TOKEN}@tenant.example.com`, apiToken: PLANTED_TOKEN } }, [PLANTED_TOKEN]],
  ["a token given in the domain's path", { args: { domain: `tenant.example.com/${PLANTED_TOKEN}`, apiToken: PLANTED_TOKEN } }, [PLANTED_TOKEN]],
] as const)("%s is in nothing the plugin answers or prints", async (_what, settings, echoed) => {
  const plugin = await start();
  const withDomain = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === "" ? fixture.emulator.origin : v])) as Record<string, never>;
  await attempt(plugin.checkConfig("args" in settings ? settings.args : {}));
  await plugin.configure("args" in settings ? { args: withDomain(settings.args) } : { variables: withDomain(settings.variables) });
  await exercise(plugin, echoed);

  expect(plugin.exchanges.length).toBeGreaterThan(10);
  const everything = said(plugin);
  expect(everything).not.toContain(PLANTED_TOKEN);
  expect(everything).not.toContain(PLANTED_SECRET);
  expect(everything).not.toContain(rsaKeyPair().privateKey.split("\n")[1]);
});

test("credentials from the environment are in nothing the plugin answers or prints", async () => {
  const plugin = await start({ AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_CLIENT_ID: "secrets-client", AUTH0_CLIENT_SECRET: PLANTED_SECRET, AUTH0_API_TOKEN: PLANTED_TOKEN });
  await plugin.configure({ args: {} });
  await exercise(plugin, [PLANTED_TOKEN, PLANTED_SECRET]);

  const everything = said(plugin);
  expect(everything).not.toContain(PLANTED_TOKEN);
  expect(everything).not.toContain(PLANTED_SECRET);
});
