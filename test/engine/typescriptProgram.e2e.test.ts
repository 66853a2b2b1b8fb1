// The TypeScript surfaces through the real engine: a program with the function (both forms) and the dynamic resource
// `OrganizationClientGrants`, from the package as `npm pack` makes it, run by `pulumi` with a file backend against
// the emulator. What each operation sends to Auth0 is read from the emulator's request log.
import { generateGrants } from "../../emulator";
import { EMPTY_ORG, ORG, withEmulator, requestsTo } from "../helpers/emulator";
import { withEngine } from "../helpers/engine";
import { failureOf, nodeProject, ProgramStack } from "../helpers/engineProgram";

const tenant = withEmulator();
const tenantB = withEmulator({ seed: { organizations: { org_tenantB0000000001: generateGrants(7, { organizationId: "org_tenantB0000000001" }) } } });
const engine = withEngine();

// The organization id comes from the stack config, as a secret when `secretOrganization` is set; the resource's
// audience filter too, when `audience` is set.
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { getOrganizationClientGrants, getOrganizationClientGrantsOutput, OrganizationClientGrants } = require("pulumi-auth0-org-grants");

const config = new pulumi.Config();
const organizationId = config.getBoolean("secretOrganization") ? config.requireSecret("organizationId") : config.require("organizationId");
const viaOutput = getOrganizationClientGrantsOutput({ organizationId });
const viaPromise = pulumi.output(organizationId).apply((id) => getOrganizationClientGrants({ organizationId: id }));
const resource = new OrganizationClientGrants("org-grants", { organizationId, audience: config.get("audience") });

const ids = (grants) => grants.map((g) => g.id).sort();
module.exports = {
  outputIds: viaOutput.clientGrants.apply(ids),
  promiseIds: viaPromise.clientGrants.apply(ids),
  resourceIds: resource.clientGrants.apply(ids),
  resourceTotal: resource.total,
};
`;

let dir = "";
beforeAll(async () => {
  dir = await nodeProject(engine.sandbox, "ts-grants", PROGRAM);
}, 5 * 60_000);

let stackCount = 0;
let stackName = "";
/** A new stack of the project; `env` is added to the environment of every engine command. */
async function stackOn(
  fixture: typeof tenant,
  organizationId: string,
  extra: Record<string, { value: string; secret?: boolean }> = {},
  env: Record<string, string> = {},
) {
  return ProgramStack.open(engine.sandbox, dir, {
    env,
    projectName: "ts-grants",
    stackName: (stackName = `s${++stackCount}`),
    config: {
      "auth0:domain": { value: fixture.emulator.origin },
      "auth0:apiToken": { value: fixture.token, secret: true },
      organizationId: { value: organizationId },
      ...extra,
    },
  });
}

const grantIdsOf = (fixture: typeof tenant, organizationId: string) => (fixture.emulator.grantsOf(organizationId) ?? []).map((g) => g.id).sort();

test("up: the function (both forms) and the resource give the tenant's grants", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    const { outputs } = await stack.up();
    const expected = grantIdsOf(tenant, ORG);
    expect(expected).toHaveLength(120);
    expect(outputs?.outputIds?.value).toEqual(expected);
    expect(outputs?.promiseIds?.value).toEqual(expected);
    expect(outputs?.resourceIds?.value).toEqual(expected);
    expect(outputs?.resourceTotal?.value).toBe(120);
  } finally {
    await stack.close();
  }
});

test("preview shows the drift after a grant is added in Auth0; refresh takes it into state", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    const [added] = generateGrants(1, { organizationId: ORG, seed: 99 });
    tenant.emulator.addGrant(ORG, added!);

    const preview = await stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/auth0:OrganizationClientGrants: \(update\)\n.*\n\s*\[urn=\S*::org-grants\]/);

    await stack.refresh();
    const state = await stack.exportStack();
    const resource = state.deployment.resources?.find((r) => r.type === "pulumi-nodejs:dynamic/auth0:OrganizationClientGrants");
    expect(resource?.outputs?.total).toBe(121);
    expect((resource?.outputs?.clientGrants as { id: string }[]).map((g) => g.id)).toContain(added!.id);
  } finally {
    await stack.close();
  }
});

test("refresh after a grant is added in Auth0 reports the resource updated, and the preview after it is all same", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    tenant.emulator.addGrant(ORG, generateGrants(1, { organizationId: ORG, seed: 98 })[0]!);

    const refresh = await stack.refresh();

    expect(refresh.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(refresh.stdout).toMatch(/~ {2}pulumi-nodejs:dynamic\/auth0:OrganizationClientGrants org-grants updated/);
    expect(refresh.stdout).toMatch(/Resources:\n\s*~ 1 updated\n\s*1 unchanged/);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await stack.close();
  }
});

test("pulumi refresh --diff of the stack prints what changed: the new total and the added grant", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    const [added] = generateGrants(1, { organizationId: ORG, seed: 97 });
    tenant.emulator.addGrant(ORG, added!);

    // What a user types in the project's folder: refresh runs from state, without the program.
    const refresh = await engine.sandbox.pulumiOk(["refresh", "--yes", "--skip-preview", "--diff", "--stack", stackName], { cwd: dir });

    expect(refresh.stdout).toMatch(/~ pulumi-nodejs:dynamic\/auth0:OrganizationClientGrants: \(update\)\n.*\n\s*\[urn=\S*::org-grants\]/);
    expect(refresh.stdout).toMatch(/~ total\s*: 120 => 121/);
    expect(refresh.stdout).toContain(added!.id);
  } finally {
    await stack.close();
  }
});

test("up --refresh after a grant is added: the refresh takes it, and the update after it changes nothing", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    tenant.emulator.addGrant(ORG, generateGrants(1, { organizationId: ORG, seed: 96 })[0]!);

    const up = await stack.up({ refresh: true });

    expect(up.summary?.resourceChanges).toEqual({ same: 2 });
    expect(up.outputs?.resourceTotal?.value).toBe(121);
  } finally {
    await stack.close();
  }
});

test("with the legacy refresh display (PULUMI_ENABLE_LEGACY_REFRESH_DIFF), up --refresh changes nothing after the refresh either", async () => {
  const stack = await stackOn(tenant, ORG, {}, { PULUMI_ENABLE_LEGACY_REFRESH_DIFF: "true" });
  try {
    await stack.up();
    tenant.emulator.addGrant(ORG, generateGrants(1, { organizationId: ORG, seed: 95 })[0]!);

    const up = await stack.up({ refresh: true });

    expect(up.summary?.resourceChanges).toEqual({ same: 2 });
  } finally {
    await stack.close();
  }
});

// The dynamic provider cannot name the properties that changed: @pulumi/pulumi's DiffResult has no `diffs` or
// `detailedDiff`, and its dynamic-provider host answers Diff with `changes`, `replaces` and `deleteBeforeReplace` only.
// A preview names a changed filter (the engine compares the inputs), and `--refresh` shows what changed in the grants.
test("preview --diff names a filter that changed", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    await stack.setConfig({ audience: { value: "https://api.example.com/" } });

    const preview = await stack.preview();

    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/\+ audience\s*: "https:\/\/api\.example\.com\/"/);
  } finally {
    await stack.close();
  }
});

test("preview --refresh --diff after a grant is added names what changed in the grants: the total and the added grant", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    const [added] = generateGrants(1, { organizationId: ORG, seed: 94 });
    tenant.emulator.addGrant(ORG, added!);

    const preview = await stack.preview({ refresh: true });

    expect(preview.stdout).toMatch(/~ total\s*: 120 => 121/);
    expect(preview.stdout).toContain(added!.id);
  } finally {
    await stack.close();
  }
});

test("destroy sends no request to Auth0", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    tenant.emulator.resetLog();

    const destroyed = await stack.destroy();

    expect(destroyed.summary?.resourceChanges).toMatchObject({ delete: 2 });
    expect(tenant.emulator.requests).toEqual([]);
  } finally {
    await stack.close();
  }
});

test("the token and a secret organization id are in no state file, history and backups included", async () => {
  const stack = await stackOn(tenant, ORG, { organizationId: { value: ORG, secret: true }, secretOrganization: { value: "true" } });
  try {
    const { outputs } = await stack.up();
    expect(outputs?.resourceTotal?.value).toBe(120);
    await stack.refresh();
    await stack.up();

    const files = { project: "ts-grants", stack: stackName };
    expect(engine.sandbox.stateFilesContaining(tenant.token, files)).toEqual([]);
    expect(engine.sandbox.stateFilesContaining(ORG, files)).toEqual([]);
  } finally {
    await stack.close();
  }
});

test("a listing that fails fails up with the library's message", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.setConfig({ "auth0:apiToken": { value: tenant.emulator.issueToken([]), secret: true } });
    const failure = await failureOf(stack.up());

    expect(failure.output).toContain(`Listing the client grants of organization ${ORG} (page 0) failed with HTTP 403 (insufficient_scope`);
    expect(failure.output).toContain("The token lacks the scope read:organization_client_grants");
  } finally {
    await stack.close();
  }
});

test("two stacks of one project read two tenants, each with its own configuration", async () => {
  const a = await stackOn(tenant, EMPTY_ORG);
  const b = await stackOn(tenantB, "org_tenantB0000000001");
  try {
    const [upA, upB] = [await a.up(), await b.up()];

    expect(upA.outputs?.resourceTotal?.value).toBe(0);
    expect(upB.outputs?.resourceIds?.value).toEqual(grantIdsOf(tenantB, "org_tenantB0000000001"));
    expect(upB.outputs?.outputIds?.value).toEqual(grantIdsOf(tenantB, "org_tenantB0000000001"));
    expect(tenantB.emulator.requests.some((r) => r.path.includes(EMPTY_ORG))).toBe(false);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test("after the API token is rotated, refresh says that it used the saved provider configuration and what to run", async () => {
  const stack = await stackOn(tenant, ORG);
  try {
    await stack.up();
    tenant.emulator.revokeToken(tenant.token);
    await stack.setConfig({ "auth0:apiToken": { value: tenant.emulator.issueToken(), secret: true } });

    const failure = await failureOf(stack.refresh());

    expect(failure.output).toContain("pulumi refresh used the provider configuration saved in state at the last update");
    expect(failure.output).toContain("run pulumi refresh --run-program or pulumi up");
    await expect(stack.up()).resolves.toMatchObject({ summary: { result: "succeeded" } });
  } finally {
    await stack.close();
  }
});

test("refresh lists the resource's grants once: its Diff takes the listing its Read just made", async () => {
  const resourceOnly = await nodeProject(
    engine.sandbox,
    "ts-resource-only",
    `const pulumi = require("@pulumi/pulumi");
const { OrganizationClientGrants } = require("pulumi-auth0-org-grants");
module.exports = { total: new OrganizationClientGrants("org-grants", { organizationId: new pulumi.Config().require("organizationId") }).total };
`,
  );
  const stack = await ProgramStack.open(engine.sandbox, resourceOnly, {
    projectName: "ts-resource-only",
    stackName: "refresh-once",
    config: { "auth0:domain": { value: tenant.emulator.origin }, "auth0:apiToken": { value: tenant.token, secret: true }, organizationId: { value: ORG } },
  });
  try {
    await stack.up();
    tenant.emulator.resetLog();

    await stack.refresh();

    // 120 grants are two pages.
    expect(requestsTo(tenant.emulator, "grants").map((r) => r.query.page)).toEqual(["0", "1"]);
  } finally {
    await stack.close();
  }
});
