// The example program (examples/program, run by the top-level Pulumi.yaml), end to end under the Pulumi SDK's
// runtime: the compiled program runs in a child process under `pulumi.runtime.setMocks`; its dynamic resources are
// checked and created by the real dynamic-provider host against the emulator, and its stack outputs must be the
// emulator's data. The credentials are stack config: the program's PULUMI_CONFIG for the function it calls, and
// Configure for the host, as the engine passes them; the program's code and its resources' inputs carry none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_AUDIENCES, READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS, generateGrants, type Seed } from "../../emulator";
import { repoRoot } from "../helpers/dist";
import { RESOURCE_TYPE, rpcSecret, withDynamicHost } from "../helpers/dynamicHost";
import { withEmulator } from "../helpers/emulator";
import { REPO_ROOT, violations, withPolicyPack, type PolicyPackConfig, type ResourceUnderTest, type Violation } from "../helpers/analyzer";
import { AUDIENCE as AUDIENCES, CLIENT as CLIENTS, ORG as ORGS, acmeGrants } from "../helpers/policyFixtures";
import { captureStack, engineFor, runProgram, type ChildRun, type ProgramRun, type Registration } from "../helpers/programRunner";

const SAMPLE_CONFIG = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "policy-pack", "policy-config.json"), "utf8")) as PolicyPackConfig;

const PROJECT = "auth0-org-grants-example";
const TOKEN = "tok_PLANTED_exampleProgram_4e8d2a";
const ORG = "org_exampleProgram001";
const AUDIENCE = DEFAULT_AUDIENCES[1]!;

const seed: Seed = {
  // 160 grants: two pages for the resource; the function and the pinned resource filter them. None applies to every
  // organization: the program reads with includeAnyOrganization, and such a grant would reach Acme too.
  // And one that follows the example policy pack's configuration, for the pack's run below.
  organizations: {
    [ORG]: generateGrants(160, { organizationId: ORG }).map((g) => ({ ...g, allow_any_organization: false })),
    [ORGS.acme]: acmeGrants,
  },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
// Pulumi.yaml's `main: examples/program/index.ts`: the engine runs the program, and starts the dynamic-provider host, in that
// directory of this repository, where the package is not installed in node_modules: it is the package itself.
const PROGRAM_DIR = join(repoRoot, "examples", "program");
const hosted = withDynamicHost(() => ({
  cwd: PROGRAM_DIR,
  config: { "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) },
}));

// One run of the program, shared by the tests below; each asserts one thing about it.
let run: ChildRun<ProgramRun>;
beforeAll(async () => {
  run = await runProgram({
    program: "examples/program/index.js",
    cwd: PROGRAM_DIR,
    project: PROJECT,
    config: {
      [`${PROJECT}:organizationId`]: ORG,
      [`${PROJECT}:audience`]: AUDIENCE,
      "auth0:domain": fixture.emulator.origin,
      "auth0:apiToken": TOKEN,
    },
    secretKeys: ["auth0:apiToken"],
    host: hosted.host,
  });
});

test("the example program's stack outputs are the emulator's grants", () => {
  const { result } = run;

  const grants = fixture.emulator.grantsOf(ORG)!;
  const apiGrants = grants.filter((g) => g.audience === AUDIENCE);
  const audiencesPerClient: Record<string, string[]> = {};
  for (const g of grants) audiencesPerClient[g.client_id] = [...new Set([...(audiencesPerClient[g.client_id] ?? []), g.audience])].sort();
  expect(apiGrants.length).toBeGreaterThan(0);
  expect(result.outputs).toEqual({
    grantIds: grants.map((g) => g.id),
    grantCount: grants.length,
    audiencesPerClient,
    apiGrantIds: apiGrants.map((g) => g.id),
    apiScopesByGrant: Object.fromEntries(apiGrants.map((g) => [g.id, g.scope])),
  });
});

test("the example program reads the organization with includeAnyOrganization", () => {
  const orgGrants = run.result.registered.find((r) => r.name === "org-grants")!;
  expect(orgGrants.inputs).toMatchObject({ organizationId: ORG, includeAnyOrganization: true });
});

test("the example program registers its resources under the type token, with no credential anywhere", () => {
  const { result, stdout, stderr } = run;

  const dynamic = result.registered.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  expect(dynamic.map((r) => [r.type, r.name])).toEqual([
    [RESOURCE_TYPE, "org-grants"],
    [RESOURCE_TYPE, "api-grants"],
  ]);
  expect(JSON.stringify(result).includes(TOKEN)).toBe(false);
  expect(`${stdout}${stderr}`.includes(TOKEN)).toBe(false);
  const configure = (e: { method: string; direction: string }) => e.method === "Configure" && e.direction === "sent";
  expect(hosted.host.transcript((e) => !configure(e)).includes(TOKEN)).toBe(false);
});

describe("the example program with a grant it manages, judged by the example pack", () => {
  // An organization that follows the example pack's configuration, and a grant the program declares for it.
  const COMPLIANT_ORG = ORGS.acme;
  let stack: { inputs: ResourceUnderTest[]; outputs: ResourceUnderTest[] };
  const packed = withPolicyPack();

  beforeAll(async () => {
    const run = await captureStack({
      program: "examples/program/index.js",
      mode: "update",
      cwd: hosted.host.projectDir,
      project: PROJECT,
      config: {
        [`${PROJECT}:organizationId`]: COMPLIANT_ORG,
        [`${PROJECT}:audience`]: AUDIENCES.billing,
        [`${PROJECT}:grantClientId`]: CLIENTS.analytics,
        [`${PROJECT}:grantScopes`]: JSON.stringify(["read:invoices"]),
        "auth0:domain": fixture.emulator.origin,
        "auth0:apiToken": TOKEN,
      },
      secretKeys: ["auth0:apiToken"],
      ids: { "example-grant": "cgr_ExampleGrant0001" },
      onNewResource: engineFor(hosted.host),
    });
    const registrations = run.result.registrations;
    const base = (r: Registration) => ({ type: r.type, name: r.name, urn: r.urn, ...(r.parent ? { parent: r.parent } : {}) });
    stack = {
      inputs: registrations.filter((r) => r.custom).map((r) => ({ ...base(r), properties: r.inputs })),
      outputs: registrations.map((r) => ({ ...base(r), properties: r.outputs, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies })),
    };
  });

  test("it declares the grant and its association, and reads the organization after them (dependsOn)", () => {
    const byName = new Map(stack.outputs.map((r) => [r.name, r]));
    expect(byName.get("example-grant")?.type).toBe("auth0:index/clientGrant:ClientGrant");
    const association = byName.get("example-grant-association")!;
    expect(association.type).toBe("auth0:index/organizationClientGrant:OrganizationClientGrant");
    expect(association.propertyDependencies?.grantId).toEqual([byName.get("example-grant")!.urn]);
    expect(byName.get("org-grants")?.dependencies).toContain(association.urn);
  });

  test("its resource's state says it read the grants that apply to every organization, and how each grant applies", () => {
    const orgGrants = stack.outputs.find((r) => r.name === "org-grants")!.properties as { includeAnyOrganization?: boolean; clientGrants: { grantedVia?: string }[] };
    expect(orgGrants.includeAnyOrganization).toBe(true);
    expect(orgGrants.clientGrants.map((g) => g.grantedVia)).toEqual(acmeGrants.map(() => "association"));
  });

  test("the example pack passes it: nothing in AnalyzeStack, and in Analyze only the advisory note on the filtered listing", async () => {
    await packed.pack.configure(SAMPLE_CONFIG);
    const analyzed: Violation[] = [];
    for (const resource of stack.inputs) analyzed.push(...violations(await packed.pack.analyze(resource)));
    expect(analyzed.map((v) => [v.policyName, v.enforcementLevel, v.urn.split("::").pop()])).toEqual([
      ["auth0-org-grants-complete-listing", "advisory", "api-grants"],
    ]);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });
});
