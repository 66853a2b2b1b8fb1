// includeAnyOrganization through the real engine: who can reach an organization, read by the dynamic resource in a
// TypeScript program and by the plugin (its function and its resource) in Pulumi YAML, against a tenant with
// grants that apply to every organization (test/helpers/anyOrganizationTenant.ts). What each operation sends to Auth0
// is read from the emulator's request log: N organizations read with the option cost N listings plus one.
import {
  ANY_ORG_ALLOW,
  DEPLOYMENT_ORGANIZATIONS,
  deploymentTenant,
  expectedReach,
  ORG_Y,
  ORG_Z,
  TOKEN_BOTH_SCOPES,
  TOKEN_ORGANIZATION_SCOPE_ONLY,
  ANY_ORG_DENY,
  ANY_ORG_REQUIRE,
  ASSOCIATED_AND_ANY,
} from "../helpers/anyOrganizationTenant";
import { withEmulator } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { failureOf, nodeProject, ProgramStack } from "../helpers/engineProgram";
import { installPlugin, yamlProject, YamlStack } from "../helpers/yamlProject";

const ORG_D = DEPLOYMENT_ORGANIZATIONS[0]!;
const ORGANIZATIONS = [ORG_Z, ORG_Y, ORG_D];
const seed = deploymentTenant();
const tenant = withEmulator({ seed });
const engine = withEngine();

/** The first page of each listing the emulator served: how many listings of each kind an operation cost. */
function listings() {
  const firstPages = tenant.emulator.requests.filter((r) => r.status === 200 && r.query.page === "0");
  return {
    organization: firstPages.filter((r) => r.endpoint === "grants").length,
    tenantWide: firstPages.filter((r) => r.endpoint === "tenantGrants").length,
  };
}

/** What the grants of `organizationId` should be, as `{ id, grantedVia }`, from the emulator's data. */
const reach = (organizationId: string) => expectedReach(tenant.emulator, organizationId).map((g) => ({ id: g.id, grantedVia: g.grantedVia }));

describe("the dynamic resource in a TypeScript program", () => {
  const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { OrganizationClientGrants } = require("pulumi-auth0-org-grants");

const config = new pulumi.Config();
const includeAnyOrganization = config.requireBoolean("includeAnyOrganization");
const organizations = ${JSON.stringify(ORGANIZATIONS)};
module.exports = Object.fromEntries(
  organizations.map((organizationId, i) => {
    const read = new OrganizationClientGrants("reach-" + i, { organizationId, includeAnyOrganization });
    return [organizationId, read.clientGrants.apply((grants) => grants.map((g) => ({ id: g.id, grantedVia: g.grantedVia ?? null })))];
  }),
);
`;

  let dir = "";
  beforeAll(async () => {
    dir = await nodeProject(engine.sandbox, "anyorg-grants", PROGRAM);
  }, ENGINE_SETUP_MS);

  let count = 0;
  const stackWith = (token: string, includeAnyOrganization: boolean) =>
    ProgramStack.open(engine.sandbox, dir, {
      projectName: "anyorg-grants",
      stackName: `a${++count}`,
      config: {
        "auth0:domain": { value: tenant.emulator.origin },
        "auth0:apiToken": { value: token, secret: true },
        includeAnyOrganization: { value: String(includeAnyOrganization) },
      },
    });

  test("up: three organizations cost three organization listings and one tenant-wide one, and state says how each grant applies", async () => {
    const stack = await stackWith(TOKEN_BOTH_SCOPES, true);
    try {
      const { outputs } = await stack.up();

      for (const organizationId of ORGANIZATIONS) expect(outputs?.[organizationId]?.value).toEqual(reach(organizationId));
      // An organization with no grant of its own is reached by every grant that allows any organization, including
      // one associated with another organization; Z lists that one once, as its association.
      expect(outputs?.[ORG_D]?.value).toEqual([
        { id: ANY_ORG_ALLOW.id, grantedVia: "anyOrganization" },
        { id: ANY_ORG_REQUIRE.id, grantedVia: "anyOrganization" },
        { id: ASSOCIATED_AND_ANY.id, grantedVia: "anyOrganization" },
      ]);
      expect(outputs?.[ORG_Z]?.value).toContainEqual({ id: ASSOCIATED_AND_ANY.id, grantedVia: "association" });
      expect(JSON.stringify(outputs)).not.toContain(ANY_ORG_DENY.id);
      expect(listings()).toEqual({ organization: 3, tenantWide: 1 });
    } finally {
      await stack.close();
    }
  });

  test("preview shows a grant that starts applying to every organization as drift of each resource, for one tenant-wide listing", async () => {
    const stack = await stackWith(TOKEN_BOTH_SCOPES, true);
    try {
      await stack.up();
      const widened = { ...ANY_ORG_DENY, id: "cgr_anyOrgAddedLater1", organization_usage: "allow" as const };
      tenant.emulator.replaceData(deploymentTenant({ anyOrganizationGrants: [ANY_ORG_ALLOW, ANY_ORG_REQUIRE, ANY_ORG_DENY, widened] }));
      tenant.emulator.resetLog();

      const preview = await stack.preview();

      expect(preview.changeSummary).toMatchObject({ update: 3 });
      expect(listings()).toEqual({ organization: 3, tenantWide: 1 });
    } finally {
      tenant.emulator.replaceData(seed);
      await stack.close();
    }
  });

  test("turning the option on is an update of each resource, not a replacement", async () => {
    const stack = await stackWith(TOKEN_BOTH_SCOPES, false);
    try {
      const before = await stack.up();
      expect(before.outputs?.[ORG_D]?.value).toEqual([]);
      await stack.setConfig({ includeAnyOrganization: { value: "true" } });

      const preview = await stack.preview();

      expect(preview.changeSummary).toMatchObject({ update: 3 });
      expect(preview.changeSummary).not.toHaveProperty("replace");
      const after = await stack.up();
      expect(after.outputs?.[ORG_D]?.value).toEqual(reach(ORG_D));
    } finally {
      await stack.close();
    }
  });

  test("a token without read:client_grants fails up, naming the scope, and nothing is stored", async () => {
    const stack = await stackWith(TOKEN_ORGANIZATION_SCOPE_ONLY, true);
    try {
      const failure = await failureOf(stack.up());

      expect(failure.stdout + failure.stderr).toMatch(/read:client_grants/);
      const state = await stack.exportStack();
      expect((state.deployment.resources ?? []).filter((r) => r.type.endsWith(":OrganizationClientGrants"))).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});

describe("the plugin in Pulumi YAML", () => {
  const PROGRAM = `
name: anyorg-yaml
runtime: yaml
config:
  organizationId:
    type: string
resources:
  reach:
    type: auth0-org-grants:index:OrganizationClientGrants
    properties:
      organizationId: \${organizationId}
      includeAnyOrganization: true
variables:
  invoked:
    fn::invoke:
      function: auth0-org-grants:index:getOrganizationClientGrants
      arguments:
        organizationId: ${ORG_Y}
        includeAnyOrganization: true
      return: clientGrants
outputs:
  resourceGrants: \${reach.clientGrants}
  invokedGrants: \${invoked}
`;

  let dir = "";
  beforeAll(async () => {
    await installPlugin(engine.sandbox, "cache");
    dir = await yamlProject(engine.sandbox, "anyorg-yaml", PROGRAM);
  }, ENGINE_SETUP_MS);

  test("fn::invoke and the resource with the option: the grants with grantedVia, one tenant-wide listing for the plugin process", async () => {
    const stack = await YamlStack.init(engine.sandbox, dir, "y1");
    await stack.config({
      "auth0-org-grants:domain": tenant.emulator.origin,
      "auth0-org-grants:apiToken": { secret: TOKEN_BOTH_SCOPES },
      organizationId: ORG_Z,
    });

    await stack.up();
    const outputs = (await stack.outputs()) as Record<string, { id: string; grantedVia: string }[]>;

    const via = (grants: { id: string; grantedVia: string }[]) => grants.map((g) => ({ id: g.id, grantedVia: g.grantedVia }));
    expect(via(outputs.resourceGrants!)).toEqual(reach(ORG_Z));
    expect(via(outputs.invokedGrants!)).toEqual(reach(ORG_Y));
    expect(listings()).toEqual({ organization: 2, tenantWide: 1 });
  });
});
