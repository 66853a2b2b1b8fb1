// The provider plugin through the real engine and the real Pulumi YAML host: `fn::invoke`, the resource, an explicit
// provider per tenant, `pulumi import`, drift in `preview`, `refresh`, `destroy`, secrets in state and a misconfigured
// provider. The plugin is installed in the plugin cache from a folder made as docs/provider-plugin.md says.
import { generateGrants } from "../../emulator";
import { EMPTY_ORG, ORG, withEmulator, requestsTo } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { installPlugin, yamlProject, YamlStack } from "../helpers/yamlProject";

const ORG_B = "org_yamlTenantB000001";
const tenant = withEmulator();
const tenantB = withEmulator({ seed: { organizations: { [ORG_B]: generateGrants(12, { organizationId: ORG_B }) } } });
const engine = withEngine();

const RESOURCE = "auth0-org-grants:index:OrganizationClientGrants";

// Tenant A through the default provider (auth0-org-grants:* config), tenant B through an explicit provider.
const PROGRAM = `
name: yaml-grants
runtime: yaml
config:
  organizationId:
    type: string
  tenantBDomain:
    type: string
  tenantBApiToken:
    type: string
    secret: true
  tenantBOrganizationId:
    type: string
resources:
  grants:
    type: ${RESOURCE}
    properties:
      organizationId: \${organizationId}
  tenantB:
    type: pulumi:providers:auth0-org-grants
    properties:
      domain: \${tenantBDomain}
      apiToken: \${tenantBApiToken}
  tenantBGrants:
    type: ${RESOURCE}
    properties:
      organizationId: \${tenantBOrganizationId}
    options:
      provider: \${tenantB}
variables:
  listed:
    fn::invoke:
      function: auth0-org-grants:index:getOrganizationClientGrants
      arguments:
        organizationId: \${organizationId}
      return: total
outputs:
  invokeTotal: \${listed}
  resourceTotal: \${grants.total}
  resourceGrants: \${grants.clientGrants}
  tenantBTotal: \${tenantBGrants.total}
`;

let dir = "";
beforeAll(async () => {
  await installPlugin(engine.sandbox, "cache");
  dir = await yamlProject(engine.sandbox, "yaml-grants", PROGRAM);
}, ENGINE_SETUP_MS);

let count = 0;
async function stack(organizationId = ORG): Promise<YamlStack> {
  const s = await YamlStack.init(engine.sandbox, dir, `y${++count}`);
  await s.config({
    "auth0-org-grants:domain": tenant.emulator.origin,
    "auth0-org-grants:apiToken": { secret: tenant.token },
    organizationId,
    tenantBDomain: tenantB.emulator.origin,
    tenantBApiToken: { secret: tenantB.token },
    tenantBOrganizationId: ORG_B,
  });
  return s;
}

const idsOf = (grants: unknown) => (grants as { id: string }[]).map((g) => g.id).sort();

test("up: fn::invoke and the resource read tenant A, the explicit provider's resource reads tenant B", async () => {
  const s = await stack();

  await s.up();

  const outputs = await s.outputs();
  expect(outputs.invokeTotal).toBe(120);
  expect(outputs.resourceTotal).toBe(120);
  expect(idsOf(outputs.resourceGrants)).toEqual((tenant.emulator.grantsOf(ORG) ?? []).map((g) => g.id).sort());
  expect(outputs.tenantBTotal).toBe(12);
  expect(tenantB.emulator.requests.every((r) => !r.path.includes(ORG))).toBe(true);
  expect(tenant.emulator.requests.every((r) => !r.path.includes(ORG_B))).toBe(true);
});

test("preview shows the drift after a grant is added in Auth0; refresh takes it into state", async () => {
  const s = await stack();
  await s.up();
  const [added] = generateGrants(1, { organizationId: ORG, seed: 7 });
  tenant.emulator.addGrant(ORG, added!);

  const preview = await s.ok(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ auth0-org-grants:index:OrganizationClientGrants: \(update\)\n.*\n\s*\[urn=\S*::grants\]/);

  await s.ok(["refresh", "--yes", "--skip-preview"]);
  const state = await s.exportState();
  const grants = state.deployment.resources?.find((r) => r.type === RESOURCE && r.urn.endsWith("::grants"));
  expect(grants?.outputs?.total).toBe(121);
  expect(idsOf(grants?.outputs?.clientGrants)).toContain(added!.id);
});

test("refresh --diff after a grant is added in Auth0 prints the update, the new total and the added grant, and counts it", async () => {
  const s = await stack();
  await s.up();
  const [added] = generateGrants(1, { organizationId: ORG, seed: 8 });
  tenant.emulator.addGrant(ORG, added!);

  const refresh = await s.ok(["refresh", "--yes", "--skip-preview", "--diff"]);

  expect(refresh.stdout).toMatch(/~ auth0-org-grants:index:OrganizationClientGrants: \(update\)\n.*\n\s*\[urn=\S*::grants\]/);
  expect(refresh.stdout).toMatch(/~ total\s*: 120 => 121/);
  expect(refresh.stdout).toContain(added!.id);
  expect(refresh.stdout).toMatch(/Resources:\n\s*~ 1 updated\n\s*\d+ unchanged/);
});

test("refresh --expect-no-changes fails when the grants changed in Auth0", async () => {
  const s = await stack();
  await s.up();
  tenant.emulator.addGrant(ORG, generateGrants(1, { organizationId: ORG, seed: 9 })[0]!);

  const refresh = await s.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);

  expect(refresh.code).not.toBe(0);
  expect(refresh.output).toContain("no changes were expected for refresh but changes were proposed");
});

test.each([
  ["", {}],
  [" with the legacy refresh display (PULUMI_ENABLE_LEGACY_REFRESH_DIFF)", { PULUMI_ENABLE_LEGACY_REFRESH_DIFF: "true" }],
])("up --refresh after a grant is added%s: the refresh takes it, the update after it changes nothing", async (_how, env: Record<string, string>) => {
  const s = await stack();
  await s.up();
  tenant.emulator.addGrant(ORG, generateGrants(1, { organizationId: ORG, seed: 10 })[0]!);

  const up = await s.ok(["up", "--refresh", "--yes", "--skip-preview"], env);

  expect(up.stdout).toMatch(/Resources:\n\s*\d+ unchanged\n\n/);
  expect((await s.outputs()).resourceTotal).toBe(121);
});

test("pulumi import takes an organization's grants into state by its organization id", async () => {
  const s = await stack();

  await s.ok(["import", RESOURCE, "imported", EMPTY_ORG, "--yes", "--skip-preview", "--out", "/dev/null"]);

  const state = await s.exportState();
  const imported = state.deployment.resources?.find((r) => r.urn.endsWith("::imported"));
  expect(imported).toMatchObject({ type: RESOURCE, id: EMPTY_ORG, outputs: { organizationId: EMPTY_ORG, total: 0, clientGrants: [] } });
});

test("destroy sends no request to Auth0", async () => {
  const s = await stack();
  await s.up();
  tenant.emulator.resetLog();
  tenantB.emulator.resetLog();

  const destroyed = await s.ok(["destroy", "--yes", "--skip-preview"]);

  expect(destroyed.stdout).toMatch(/- 4 deleted/);
  expect(tenant.emulator.requests).toEqual([]);
  expect(tenantB.emulator.requests).toEqual([]);
});

test("the tokens and a secret organization id are in no state file, history and backups included", async () => {
  const s = await stack();
  await s.config({ organizationId: { secret: ORG } });

  await s.up();
  await s.ok(["refresh", "--yes", "--skip-preview"]);
  await s.up();

  expect((await s.outputs()).resourceTotal).toBe(120);
  const files = { project: "yaml-grants", stack: s.name };
  expect(engine.sandbox.stateFilesContaining(tenant.token, files)).toEqual([]);
  expect(engine.sandbox.stateFilesContaining(tenantB.token, files)).toEqual([]);
  expect(engine.sandbox.stateFilesContaining(ORG, files)).toEqual([]);
});

test("a misconfigured provider fails the preview with a diagnostic naming the setting", async () => {
  const s = await stack();
  await s.config({ "auth0-org-grants:domain": "ftp://tenant.example.com" });

  const preview = await s.run(["preview"]);

  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/auth0-org-grants:domain/);
  expect(preview.output).not.toContain(tenant.token);
});

test("after the API token is rotated, refresh says that it used the saved provider configuration and what to run", async () => {
  const s = await stack();
  await s.up();
  tenant.emulator.revokeToken(tenant.token);
  await s.config({ "auth0-org-grants:apiToken": { secret: tenant.emulator.issueToken() } });

  const refresh = await s.run(["refresh", "--yes", "--skip-preview"]);

  expect(refresh.code).not.toBe(0);
  expect(refresh.output).toContain("pulumi refresh used the provider configuration saved in state at the last update");
  expect(refresh.output).toContain("run pulumi refresh --run-program or pulumi up");
  // What it says to run works.
  await s.ok(["refresh", "--yes", "--skip-preview", "--run-program"]);
});

test("refresh lists each resource's grants once: its Diff takes the listing its Read just made", async () => {
  const s = await stack();
  await s.up();
  tenant.emulator.resetLog();
  tenantB.emulator.resetLog();

  await s.ok(["refresh", "--yes", "--skip-preview"]);

  // 120 grants on tenant A are two pages, 12 on tenant B one.
  expect(requestsTo(tenant.emulator, "grants").map((r) => r.query.page)).toEqual(["0", "1"]);
  expect(requestsTo(tenantB.emulator, "grants").map((r) => r.query.page)).toEqual(["0"]);
});

test("a credential refused for an explicit provider is named as that provider's argument, not as a stack setting", async () => {
  const s = await stack();
  await s.config({ tenantBApiToken: { secret: "tok_notKnownToTenantB_4f1a9c" } });

  const up = await s.run(["up", "--yes", "--skip-preview"]);

  expect(up.code).not.toBe(0);
  // The explicit provider "tenantB" takes its token as an argument; auth0-org-grants:apiToken (the stack config) would
  // configure the default provider, which reads tenant A, and changing it would not help.
  expect(up.output).toContain('provider "tenantB" argument apiToken');
  expect(up.output).not.toMatch(/Set a fresh auth0-org-grants:apiToken/);
  expect(up.output).not.toContain("tok_notKnownToTenantB_4f1a9c");
});

test("up --refresh lists a resource's grants twice: the refresh's Read, and the Diff of the update after it", async () => {
  const s = await stack();
  await s.up();
  tenantB.emulator.resetLog();

  await s.ok(["up", "--refresh", "--yes", "--skip-preview"]);

  // Tenant B's resource (12 grants, one page) is read by nothing else: fn::invoke lists tenant A.
  expect(requestsTo(tenantB.emulator, "grants").map((r) => r.query.page)).toEqual(["0", "0"]);
});
