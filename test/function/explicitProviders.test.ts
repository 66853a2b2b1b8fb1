// The function with an explicit @pulumi/auth0 provider, under the SDK's runtime with the real @pulumi/auth0 package:
// two emulators hold the same organization id with different grants; the stack config points at tenant A, the
// provider at tenant B. What an engine invoke with `{ provider }` would read is tenant B, so that is what we must read.
import { generateKeyPairSync } from "node:crypto";
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { getOrganizationClientGrants, getOrganizationClientGrantsOutput } from "../../provider/function/getOrganizationClientGrants";
import { ConfigurationError } from "../../provider/core/errors";
import { generateGrants, type Seed } from "../../emulator";
import { toClientGrant } from "../../provider/core/schemas";
import { withEmulator, ORG, type EmulatorFixture, requestsTo } from "../helpers/emulator";
import { withEnv } from "../helpers/env";
import { AwsProvider, Team, unique } from "../helpers/explicitProviderFixtures";
import { observe } from "../helpers/outputs";

// Tenant B also knows an application that authenticates with a private-key JWT, as a provider may be configured.
const jwtApp = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const JWT_CLIENT = "tenant-b-jwt-client";
const tenant = (seed: number, count: number): Seed => ({
  organizations: { [ORG]: generateGrants(count, { organizationId: ORG, seed }) },
  clients: [{ clientId: JWT_CLIENT, publicKey: jwtApp.publicKey, scopes: ["read:organization_client_grants"] }],
});
const tenantA = withEmulator({ seed: tenant(1, 7) });
const tenantB = withEmulator({ seed: tenant(2, 11) });

const grantsOf = (fixture: EmulatorFixture) => fixture.emulator.grantsOf(ORG)!.map(toClientGrant);
const sentTo = (fixture: EmulatorFixture) => fixture.emulator.requests.length;


// The engine answers a provider's registration with its checked inputs as its outputs, secret inputs still secret
// (pulumi/pulumi `Registry.Create` returns `filterProviderConfig(req.Properties)`). This mock does the same for every
// resource: the inputs it receives keep the SDK's secret markers, and returning them as the state keeps them secret.
// Any RPC the function made (an invoke or a call) would land in `rpcs`.
const rpcs: string[] = [];
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => {
    rpcs.push(args.token);
    return {};
  },
};

/** Stack config pointing at tenant A, as `pulumi config set auth0:domain` and `--secret auth0:apiToken` would. */
const pointStackConfigAtA = () =>
  pulumi.runtime.setAllConfig({ "auth0:domain": tenantA.emulator.origin, "auth0:apiToken": tenantA.token }, ["auth0:apiToken"]);

/** No AUTH0_* variable of the machine running the tests may take part. */
const NO_AUTH0_ENV = Object.fromEntries(
  ["AUTH0_DOMAIN", "AUTH0_API_TOKEN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"].map((k) => [k, undefined]),
);
const inCleanEnv = <T>(fn: () => Promise<T>, extra: Record<string, string> = {}) => withEnv({ ...NO_AUTH0_ENV, ...extra }, fn);

const providerOfB = (args: Partial<auth0.ProviderArgs> = {}) =>
  new auth0.Provider(unique("tenant-b"), { domain: tenantB.emulator.origin, apiToken: tenantB.token, ...args });

beforeAll(() => pulumi.runtime.setMocks(mocks, "project", "stack", false));
beforeEach(() => {
  rpcs.length = 0;
  pointStackConfigAtA();
});

describe("getOrganizationClientGrants with an @pulumi/auth0 provider", () => {
  it("the mock answers a provider's registration as the engine does: its inputs as outputs, secrets as secrets", async () => {
    const provider = providerOfB({ apiToken: pulumi.secret(tenantB.token) });
    expect(await observe(provider.domain)).toEqual({ value: tenantB.emulator.origin, known: true, secret: false });
    expect(await observe(provider.apiToken)).toEqual({ value: tenantB.token, known: true, secret: true });
  });

  it("lists the provider's tenant, not the stack config's, and sends nothing to the other (Promise form)", async () => {
    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider: providerOfB() }));
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
    expect(sentTo(tenantA)).toBe(0);
    // The settings were read in this program: no invoke or call carried them anywhere.
    expect(rpcs).toEqual([]);
  });

  it("lists the provider's tenant, not the stack config's, and sends nothing to the other (Output form)", async () => {
    const result = await inCleanEnv(() => observe(getOrganizationClientGrantsOutput({ organizationId: ORG }, { provider: providerOfB() })));
    expect(result.value!.clientGrants).toEqual(grantsOf(tenantB));
    expect(sentTo(tenantA)).toBe(0);
    expect(rpcs).toEqual([]);
  });

  it("uses the auth0 provider inherited from a component parent, as an engine invoke would", async () => {
    const team = new Team(unique("team"), { providers: [providerOfB()] });
    const promised = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { parent: team }));
    const output = await inCleanEnv(() => observe(getOrganizationClientGrantsOutput({ organizationId: ORG }, { parent: team })));
    expect(promised.clientGrants).toEqual(grantsOf(tenantB));
    expect(output.value!.clientGrants).toEqual(grantsOf(tenantB));
    expect(sentTo(tenantA)).toBe(0);
  });

  it("uses an auth0 provider given in a parent's providers map, and inherits through grandparents", async () => {
    const team = new Team(unique("team"), { providers: { auth0: providerOfB() } });
    const squad = new Team(unique("squad"), { parent: team });
    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { parent: squad }));
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
  });

  it("ignores inherited providers of other packages: the stack config applies", async () => {
    const team = new Team(unique("team"), { providers: [new AwsProvider(unique("aws"))] });
    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { parent: team }));
    expect(result.clientGrants).toEqual(grantsOf(tenantA));
    expect(sentTo(tenantB)).toBe(0);
  });

  it("authenticates with the provider's private-key JWT settings", async () => {
    const provider = new auth0.Provider(unique("jwt"), {
      domain: tenantB.emulator.origin,
      clientId: JWT_CLIENT,
      clientAssertionPrivateKey: pulumi.secret(jwtApp.privateKey),
      clientAssertionSigningAlg: "RS256",
    });
    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider }));
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
    expect(requestsTo(tenantB.emulator, "token")).toHaveLength(1);
    expect(sentTo(tenantA)).toBe(0);
  });

  it("lets explicit connection fields win over the provider's, field by field", async () => {
    const provider = providerOfB({ apiToken: "a-token-tenant-b-never-issued" });
    const result = await inCleanEnv(() =>
      getOrganizationClientGrants({ organizationId: ORG, connection: { apiToken: tenantB.token } }, { provider }),
    );
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
  });

  it("an explicit provider does not borrow the stack config's credentials, but falls back to AUTH0_* as @pulumi/auth0 does", async () => {
    const provider = new auth0.Provider(unique("domain-only"), { domain: tenantB.emulator.origin });
    await expect(inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider }))).rejects.toThrow(ConfigurationError);
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);

    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider }), { AUTH0_API_TOKEN: tenantB.token });
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
  });

  it("a provider's secret settings do not make the grants secret; a secret argument still does", async () => {
    const provider = providerOfB({ apiToken: pulumi.secret(tenantB.token) });
    const plain = await inCleanEnv(() => observe(getOrganizationClientGrantsOutput({ organizationId: ORG }, { provider })));
    expect(plain.secret).toBe(false);
    expect(plain.value!.clientGrants).toEqual(grantsOf(tenantB));

    const secretArgument = await inCleanEnv(() =>
      observe(getOrganizationClientGrantsOutput({ organizationId: pulumi.secret(ORG) }, { provider })),
    );
    expect(secretArgument.secret).toBe(true);
  });

  it("refuses an explicit provider of another package, naming it and what to pass, in both forms, before any request", async () => {
    const aws = new AwsProvider(unique("aws"));
    await expect(inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider: aws }))).rejects.toThrow(
      /provider of the package "aws".*auth0\.Provider/,
    );
    expect(() => getOrganizationClientGrantsOutput({ organizationId: ORG }, { provider: aws })).toThrow(ConfigurationError);
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);
  });

  // InvokeOptions has no `providers`, but a JavaScript program, or one that spreads a component's options into the
  // call, passes it; an engine invoke would drop it and read the stack config: tenant A, silently.
  it("refuses an auth0 provider given in `providers` (array or map) in both forms, naming `provider` instead, before any request", async () => {
    const provider = providerOfB();
    for (const providers of [[provider], { auth0: provider }]) {
      const opts = { providers } as unknown as pulumi.InvokeOptions;
      await expect(inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, opts))).rejects.toThrow(
        /auth0 provider "tenant-b-\d+" was passed in `providers`.*pass it as `provider`/,
      );
      expect(() => getOrganizationClientGrantsOutput({ organizationId: ORG }, opts)).toThrow(ConfigurationError);
    }
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);
    // The same provider in both, as a spread of `{ provider, providers: [provider] }` gives, is simply that provider.
    const both = { provider, providers: [provider] } as unknown as pulumi.InvokeOptions;
    const result = await inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, both));
    expect(result.clientGrants).toEqual(grantsOf(tenantB));
    expect(sentTo(tenantA)).toBe(0);
  });

  it("sends the provider's credentials only to the provider's domain, never to a connection.domain of another tenant", async () => {
    const provider = providerOfB();
    await expect(
      inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG, connection: { domain: tenantA.emulator.origin } }, { provider })),
    ).rejects.toThrow(/provider "tenant-b-\d+" argument apiToken.*connection\.domain/);
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);
  });

  it("names the provider's unsupported cliLogin when it gives no usable credential, before any request", async () => {
    const provider = new auth0.Provider(unique("cli"), { domain: tenantB.emulator.origin, cliLogin: true });
    await expect(inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider }))).rejects.toThrow(
      /provider "cli-\d+" argument cliLogin.*not supported/,
    );
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);
  });
});

describe("getOrganizationClientGrants with an @pulumi/auth0 provider in a preview", () => {
  beforeAll(() => pulumi.runtime.setMocks(mocks, "project", "stack", true));

  it("stays unknown, sending nothing, while the provider's settings are unknown; the Promise form says to use the Output form", async () => {
    // A domain computed by a resource the preview has not created yet.
    const provider = providerOfB({ domain: pulumi.output(pulumi.unknown as unknown as string) });
    const output = await inCleanEnv(() => observe(getOrganizationClientGrantsOutput({ organizationId: ORG }, { provider })));
    expect(output.known).toBe(false);
    await expect(inCleanEnv(() => getOrganizationClientGrants({ organizationId: ORG }, { provider }))).rejects.toThrow(
      /not known yet.*getOrganizationClientGrantsOutput/,
    );
    expect(sentTo(tenantA) + sentTo(tenantB)).toBe(0);
  });

  // In a preview the SDK reports the settings the provider was not given (clientId, audience, ...) as unknown, since
  // the engine's answer leaves them out; they are unset, not unknown, and must not hold the listing back.
  it("lists the provider's tenant in a preview when its settings are known, as the engine configures providers in previews", async () => {
    const result = await inCleanEnv(() => observe(getOrganizationClientGrantsOutput({ organizationId: ORG }, { provider: providerOfB() })));
    expect(result.value!.clientGrants).toEqual(grantsOf(tenantB));
    expect(sentTo(tenantA)).toBe(0);
  });
});
