// The example policy pack, driven over gRPC as the Pulumi engine drives it: what it advertises, how its configuration
// is checked, and what it reports for compliant, non-compliant, not-yet-known and malformed stacks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  allowedOrganizationUsage,
  allowedScopes,
  completeListing,
  maxGrantsPerOrganization,
  noAllowAnyOrganization,
  requiredGrants,
} from "../../provider/policy";
import {
  AnalyzerCallError,
  EngineConfigError,
  REPO_ROOT,
  UNKNOWN,
  note,
  organizationClientGrantsResource,
  resourceUrn,
  secret,
  withPolicyPack,
  violation,
  violations,
  type PolicyPackConfig,
} from "../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG, acmeGrants, clientGrantsOutputs, globexGrants, wireGrant } from "../helpers/policyFixtures";
import { READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS } from "../../emulator";
import { DynamicHost, rpcSecret } from "../helpers/dynamicHost";
import { serializeProvider } from "../helpers/programRunner";
import { withEmulator } from "../helpers/emulator";
import { packageVersion } from "../helpers/dist";

const SAMPLE_CONFIG = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "policy-pack", "policy-config.json"), "utf8")) as PolicyPackConfig;
const STACK_POLICIES = [noAllowAnyOrganization, allowedOrganizationUsage, allowedScopes, requiredGrants, maxGrantsPerOrganization];

const packed = withPolicyPack();

beforeEach(async () => {
  await packed.pack.configure(SAMPLE_CONFIG);
});

// The stacks' outputs are what OrganizationClientGrants really stores: the tenants are seeded into emulators and each
// resource is created through the real dynamic-provider host, as a deployment would, read with includeAnyOrganization
// as the pack asks. Acme and Globex are two tenants: Globex's grant with allow_any_organization reaches every
// organization of its own tenant, and would make Acme non-compliant in a tenant they shared.
const TOKEN = "tok_policyAnalyzerTest_0b9d2e";
const apiTokens = [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS] }];
const tenants = { [ORG.acme]: withEmulator({ seed: { organizations: { [ORG.acme]: acmeGrants }, apiTokens } }), [ORG.globex]: withEmulator({ seed: { organizations: { [ORG.globex]: globexGrants }, apiTokens } }) };
const deployed: Record<string, Record<string, unknown>> = {};
beforeAll(async () => {
  const { providerText } = await serializeProvider();
  for (const organizationId of [ORG.acme, ORG.globex]) {
    // A host per tenant: one configures the stack's tenant once, as the engine configures it once per deployment.
    const host = await DynamicHost.start();
    try {
      await host.configure({ "auth0:domain": tenants[organizationId]!.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) });
      deployed[organizationId] = (await host.create({ organizationId, includeAnyOrganization: true, __provider: providerText })).properties;
    } finally {
      await host.stop();
    }
  }
});

test("the host's outputs are the tenants' grants, mapped as the fixtures expect", async () => {
  const { providerText } = await serializeProvider();
  expect(deployed[ORG.acme]).toEqual({ ...clientGrantsOutputs({ organizationId: ORG.acme, includeAnyOrganization: true }, acmeGrants), __provider: providerText });
  expect(deployed[ORG.globex]).toEqual({ ...clientGrantsOutputs({ organizationId: ORG.globex, includeAnyOrganization: true }, globexGrants), __provider: providerText });
});

const acme = () => organizationClientGrantsResource("acme-grants", deployed[ORG.acme]!);
const globex = () => organizationClientGrantsResource("globex-grants", deployed[ORG.globex]!);

describe("what the pack advertises", () => {
  test("GetAnalyzerInfo lists the seven policies with their default enforcement levels and configuration schemas", async () => {
    const info = await packed.pack.getAnalyzerInfo();
    expect(info).toMatchObject({ name: "auth0-org-grants", version: packageVersion, supportsConfig: true });
    expect(info.policies.map(({ name, enforcementLevel, policyType }) => ({ name, enforcementLevel, policyType }))).toEqual([
      // Both a resource policy (every ClientGrant's inputs) and a stack policy (the grants read); the SDK advertises "resource".
      { name: "auth0-org-grants-no-allow-any-organization", enforcementLevel: "mandatory", policyType: "resource" },
      { name: "auth0-org-grants-allowed-organization-usage", enforcementLevel: "mandatory", policyType: "stack" },
      { name: "auth0-org-grants-allowed-scopes", enforcementLevel: "mandatory", policyType: "stack" },
      { name: "auth0-org-grants-required-grants", enforcementLevel: "mandatory", policyType: "stack" },
      { name: "auth0-org-grants-max-grants", enforcementLevel: "advisory", policyType: "stack" },
      { name: "auth0-org-grants-complete-listing", enforcementLevel: "advisory", policyType: "resource" },
      { name: "auth0-org-grants-read-after-associations", enforcementLevel: "advisory", policyType: "stack" },
    ]);
    // Every setting has a default, so the pack runs without any configuration.
    for (const policy of info.policies) {
      expect(policy.configSchema?.required).toEqual([]);
      for (const property of Object.values(policy.configSchema?.properties ?? {})) expect(property).toHaveProperty("default");
    }
  });
});

describe("policy configuration", () => {
  test("the engine's check accepts the sample policy-config.json", async () => {
    await expect(packed.pack.configure(SAMPLE_CONFIG)).resolves.toBeUndefined();
  });

  test("the engine's check refuses a value the advertised schema rejects, naming the policy and the setting", async () => {
    const bad = { ...SAMPLE_CONFIG, "auth0-org-grants-allowed-organization-usage": { allowed: ["sometimes"] } };
    const refusal = packed.pack.configure(bad);
    await expect(refusal).rejects.toThrow(EngineConfigError);
    await expect(refusal).rejects.toThrow(
      'auth0-org-grants-allowed-organization-usage: allowed.0: Invalid option: expected one of "deny"|"allow"|"require"',
    );
  });

  test("the pack itself refuses a bad configuration that reaches it, and names the policy and the setting", async () => {
    await packed.pack.configureRaw({ "auth0-org-grants-allowed-organization-usage": { enforcementLevel: "mandatory", allowed: ["sometimes"] } });
    const refusal = packed.pack.analyzeStack([acme()]);
    await expect(refusal).rejects.toThrow(AnalyzerCallError);
    await expect(refusal).rejects.toThrow(
      'Invalid configuration for policy "auth0-org-grants-allowed-organization-usage": allowed[0]: Invalid option: expected one of "deny"|"allow"|"require".',
    );
  });

  test("a misspelt setting passes the engine's check (it only sees the properties) but the pack refuses it", async () => {
    await packed.pack.configure({ "auth0-org-grants-max-grants": { maxGrant: 3 } });
    await expect(packed.pack.analyzeStack([acme()])).rejects.toThrow(
      'Invalid configuration for policy "auth0-org-grants-max-grants": Unrecognized key: "maxGrant".',
    );
  });
});

describe("a deployed stack", () => {
  test("a compliant tenant passes every policy", async () => {
    const other = { type: "random:index/randomId:RandomId", name: "suffix", urn: resourceUrn("random:index/randomId:RandomId", "suffix"), properties: { hex: "a1b2" } };
    expect(violations(await packed.pack.analyzeStack([acme(), other]))).toEqual([]);
  });

  test("a non-compliant tenant gets exactly these violations", async () => {
    const urn = globex().urn;
    const org = ORG.globex;
    expect(violations(await packed.pack.analyzeStack([acme(), globex()]))).toEqual([
      violation(
        noAllowAnyOrganization,
        "mandatory",
        `Grant cgr_Z3xC4vB5nM6qW7eR of organization ${org} (client ${CLIENT.backOffice}, audience ${AUDIENCE.billing}) has allowAnyOrganization set: ` +
          `client ${CLIENT.backOffice} can use it for any organization of the tenant, not only ${org}. Turn allow_any_organization off, or add ${CLIENT.backOffice} to exemptClientIds.`,
        urn,
      ),
      violation(
        allowedOrganizationUsage,
        "mandatory",
        `Grant cgr_K8jH7gF6dS5aL4kJ of organization ${org} (client ${CLIENT.backOffice}, audience ${AUDIENCE.reports}) has organizationUsage "allow"; allowed: "require".`,
        urn,
      ),
      violation(
        allowedOrganizationUsage,
        "mandatory",
        `Grant cgr_M2nB3vC4xZ5lK6jH of organization ${org} (client ${CLIENT.analytics}, audience ${AUDIENCE.reports}) has no organizationUsage (read as "deny", see treatUnsetAs); allowed: "require".`,
        urn,
      ),
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_Q9wE8rT7yU6iO5pA of organization ${org} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports. Allowed: read:reports.`,
        urn,
      ),
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_P0oI9uY8tR7eW6qA of organization ${org} (client ${CLIENT.reporting}, audience ${AUDIENCE.admin}) is for audience ${AUDIENCE.admin}, which has no entry in allowedScopes (unlistedAudiences is "deny").`,
        urn,
      ),
      violation(
        requiredGrants,
        "mandatory",
        `Grant cgr_A1sD2fG3hJ4kL5zX of organization ${org} (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}) lacks scopes that requiredGrants[0] requires: create:invoices.`,
        urn,
      ),
      violation(
        maxGrantsPerOrganization,
        "advisory",
        `Organization ${org} has 6 client grants, more than the 5 allowed by maxGrants: ` +
          `cgr_A1sD2fG3hJ4kL5zX (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}), ` +
          `cgr_Q9wE8rT7yU6iO5pA (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}), ` +
          `cgr_Z3xC4vB5nM6qW7eR (client ${CLIENT.backOffice}, audience ${AUDIENCE.billing}), ` +
          `cgr_K8jH7gF6dS5aL4kJ (client ${CLIENT.backOffice}, audience ${AUDIENCE.reports}), ` +
          `cgr_P0oI9uY8tR7eW6qA (client ${CLIENT.reporting}, audience ${AUDIENCE.admin}), ` +
          `cgr_M2nB3vC4xZ5lK6jH (client ${CLIENT.analytics}, audience ${AUDIENCE.reports}).`,
        urn,
      ),
    ]);
  });

  test("a grant read by two resources of the stack is reported once", async () => {
    const byAudience = organizationClientGrantsResource(
      "globex-billing",
      clientGrantsOutputs({ organizationId: ORG.globex, audience: AUDIENCE.billing, includeAnyOrganization: true }, globexGrants.filter((g) => g.audience === AUDIENCE.billing)),
    );
    const reported = violations(await packed.pack.analyzeStack([globex(), byAudience])).filter((v) => v.policyName === noAllowAnyOrganization.name);
    expect(reported).toHaveLength(1);
  });

  test("secret outputs are judged by their values", async () => {
    const outputs = clientGrantsOutputs({ organizationId: ORG.globex, includeAnyOrganization: true }, globexGrants);
    const resource = organizationClientGrantsResource("globex-grants", { ...outputs, clientGrants: secret(outputs.clientGrants) });
    expect(violations(await packed.pack.analyzeStack([resource]))).toEqual(violations(await packed.pack.analyzeStack([globex()])));
  });
});

describe("a preview, where grants are not known yet", () => {
  test("a new resource has only its inputs: one advisory note per grant policy, nothing mandatory", async () => {
    // The engine does not create (or update) a dynamic resource in a preview; its outputs are its inputs.
    const created = organizationClientGrantsResource("new-grants", { organizationId: ORG.acme });
    const text =
      `OrganizationClientGrants "new-grants" for organization ${ORG.acme} has no client grants to check in this preview ` +
      `(a preview does not create or update it). This policy checks them when the stack is deployed.`;
    expect(violations(await packed.pack.analyzeStack([created]))).toEqual(STACK_POLICIES.map((policy) => note(policy, text, created.urn)));
  });

  test("outputs computed during the deployment are named; the other resources are still judged", async () => {
    const computed = organizationClientGrantsResource("computed-grants", { organizationId: UNKNOWN.string, total: UNKNOWN.number, clientGrants: UNKNOWN.array });
    const result = violations(await packed.pack.analyzeStack([computed, globex()]));
    expect(result.filter((v) => v.urn === computed.urn)).toEqual(
      STACK_POLICIES.map((policy) =>
        note(
          policy,
          // The engine marshals properties as a protobuf Struct, whose keys arrive sorted.
          `The client grants read by OrganizationClientGrants "computed-grants" depend on values known only after deployment ` +
            `(clientGrants, organizationId, total). This policy checks them when the stack is deployed.`,
          computed.urn,
        ),
      ),
    );
    expect(result.filter((v) => v.urn === globex().urn && v.enforcementLevel === "mandatory")).toHaveLength(6);
  });

  test("a resource whose filter is computed gets an advisory note from the input policy", async () => {
    const inputs = organizationClientGrantsResource("by-audience", { organizationId: ORG.acme, audience: UNKNOWN.string });
    expect(violations(await packed.pack.analyze(inputs))).toEqual([
      note(
        completeListing,
        `The inputs of OrganizationClientGrants "by-audience" for organization ${ORG.acme} are known only after deployment (audience). ` +
          `This policy checks them when the stack is deployed.`,
        inputs.urn,
      ),
    ]);
  });
});

describe("malformed properties", () => {
  test("outputs that break the schema are a violation at the policy's level, naming where", async () => {
    const outputs = clientGrantsOutputs({ organizationId: ORG.acme, includeAnyOrganization: true }, acmeGrants);
    const broken = organizationClientGrantsResource("acme-grants", {
      ...outputs,
      clientGrants: [{ ...outputs.clientGrants[0], scope: "read:invoices" }],
    });
    const text =
      `Cannot check the client grants of OrganizationClientGrants "acme-grants" for organization ${ORG.acme}: its outputs do not have the shape ` +
      `this package writes (clientGrants[0].scope: Invalid input: expected array, received string). Check that the stack and the policy pack ` +
      `use compatible versions of pulumi-auth0-org-grants.`;
    expect(violations(await packed.pack.analyzeStack([broken]))).toEqual(
      STACK_POLICIES.map((policy) => violation(policy, policy.enforcementLevel, text, broken.urn)),
    );
  });

  test("fields Auth0 or a later version of the resource adds are kept out of the way", async () => {
    const grant = wireGrant({ ...acmeGrants[0]!, authorization_details_types: ["payment"], default_for: "third_party_clients" });
    const resource = organizationClientGrantsResource("acme-grants", {
      ...clientGrantsOutputs({ organizationId: ORG.acme, includeAnyOrganization: true }, [grant, acmeGrants[1]!]),
      fetchedAt: "2025-01-01T00:00:00Z",
    });
    expect(violations(await packed.pack.analyzeStack([resource]))).toEqual([]);
  });
});

describe("Analyze, one resource at a time", () => {
  test("grant rules wait for the stack; an unfiltered listing passes the input policy", async () => {
    const result = await packed.pack.analyze(organizationClientGrantsResource("acme-grants", { organizationId: ORG.acme }));
    expect(result.diagnostics).toEqual([]);
  });

  test("other resource types are not applicable", async () => {
    const result = await packed.pack.analyze({ type: "auth0:index/client:Client", name: "app", urn: resourceUrn("auth0:index/client:Client", "app"), properties: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.notApplicable).toContainEqual({
      policyName: completeListing.name,
      reason: "Policy only applies to resources of type 'pulumi-nodejs:dynamic/auth0:OrganizationClientGrants'",
    });
  });
});

describe("a tenant whose grants reach an organization without an association", () => {
  // Acme has only ordinary associated grants; two grants of its tenant apply to every organization.
  const backOffice = wireGrant({ id: "cgr_anyBackOffice0001", client_id: CLIENT.backOffice, audience: AUDIENCE.billing, scope: ["read:invoices"], organization_usage: "require", allow_any_organization: true });
  const analytics = wireGrant({ id: "cgr_anyAnalytics00001", client_id: CLIENT.analytics, audience: AUDIENCE.reports, scope: ["read:reports"], organization_usage: "require", allow_any_organization: true });
  const shared = withEmulator({ seed: { organizations: { [ORG.acme]: acmeGrants }, clientGrants: [backOffice, analytics], apiTokens } });
  const read: Record<string, Record<string, unknown>> = {};
  beforeAll(async () => {
    const { providerText } = await serializeProvider();
    const host = await DynamicHost.start();
    try {
      await host.configure({ "auth0:domain": shared.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) });
      read.plain = (await host.create({ organizationId: ORG.acme, __provider: providerText }, "acme-grants")).properties;
      read.anyOrganization = (await host.create({ organizationId: ORG.acme, includeAnyOrganization: true, __provider: providerText }, "acme-grants")).properties;
    } finally {
      await host.stop();
    }
  });

  test("read as before, the grant policies do not pass in silence: each says the grants that apply to every organization were not read", async () => {
    const resource = organizationClientGrantsResource("acme-grants", read.plain!);
    const text =
      `OrganizationClientGrants "acme-grants" reads organization ${ORG.acme} without includeAnyOrganization: the client grants that apply to ` +
      `every organization of the tenant (allow_any_organization, with no association) were not read, so this policy has not judged them ` +
      `and a client may act for the organization through one. Set includeAnyOrganization: true on it (its token then needs read:client_grants ` +
      `as well), or set associationsOnly: true in this policy's configuration to judge the associated grants only.`;
    // required-grants is met by Acme's own grant, which a grant read later could not undo: it has nothing to add.
    const judging = [noAllowAnyOrganization, allowedOrganizationUsage, allowedScopes, maxGrantsPerOrganization];
    expect(violations(await packed.pack.analyzeStack([resource]))).toEqual(judging.map((policy) => violation(policy, policy.enforcementLevel, text, resource.urn)));
  });

  test("read with includeAnyOrganization, no-allow-any-organization names both grants and how they apply", async () => {
    const resource = organizationClientGrantsResource("acme-grants", read.anyOrganization!);
    const reported = violations(await packed.pack.analyzeStack([resource])).filter((v) => v.policyName === noAllowAnyOrganization.name);
    // In the tenant endpoint's order, by id.
    expect(reported).toEqual(
      [analytics, backOffice].map((grant) =>
        violation(
          noAllowAnyOrganization,
          "mandatory",
          `Grant ${grant.id} (client ${grant.client_id}, audience ${grant.audience}), which applies to every organization of the tenant through ` +
            `allow_any_organization, without an association (read for organization ${ORG.acme}): client ${grant.client_id} can act for any ` +
            `organization of the tenant through it. Turn allow_any_organization off, or add ${grant.client_id} to exemptClientIds.`,
          resource.urn,
        ),
      ),
    );
  });

  test("with associationsOnly on every grant rule, the grants read through allow_any_organization are left out: Acme's associations pass", async () => {
    const associationsOnly = Object.fromEntries(
      Object.entries(SAMPLE_CONFIG).map(([name, settings]) => [name, STACK_POLICIES.some((policy) => policy.name === name) ? { ...(settings as object), associationsOnly: true } : settings]),
    ) as PolicyPackConfig;
    await packed.pack.configure(associationsOnly);
    expect(violations(await packed.pack.analyzeStack([organizationClientGrantsResource("acme-grants", read.anyOrganization!)]))).toEqual([]);
  });
});
