// examples/yaml/Pulumi.yaml run exactly as its header says: the header's `pulumi` lines, in order, with its
// placeholders filled in from the emulator's demo tenant (the values `npm run emulator` prints), in a copy of the
// example's folder, with the plugin installed in the plugin cache as docs/provider-plugin.md recommends.
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_CREDENTIALS, DEMO_ORGANIZATIONS, demoTenant, type Emulator } from "../../emulator";
import { toClientGrant } from "../../provider/core/schemas";
import { repoRoot } from "../helpers/dist";
import { withEmulator } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { installPlugin } from "../helpers/yamlProject";

const tenantA = withEmulator({ seed: demoTenant() });
const tenantB = withEmulator({ seed: demoTenant() });
const engine = withEngine();

const EXAMPLE = join(repoRoot, "examples", "yaml", "Pulumi.yaml");

/** The header's commands (`#   pulumi ...`), as written. */
async function headerCommands(): Promise<string[]> {
  const text = await readFile(EXAMPLE, "utf8");
  return [...text.matchAll(/^#\s+(pulumi .*)$/gm)].map((m) => m[1]!.trim());
}

/** Splits a header line into arguments, each `<placeholder>` and example value replaced with `values`' entry. */
function argumentsOf(line: string, values: Record<string, string>): string[] {
  const filled = line.replace(/<[^>]+>|\S+\.auth0\.com/g, (placeholder) => {
    const value = values[placeholder];
    if (value === undefined) throw new Error(`no value for the placeholder ${placeholder} in "${line}"`);
    return value;
  });
  return filled.split(/\s+/).slice(1);
}

const grantsOf = (emulator: Emulator, organizationId: string) => (emulator.grantsOf(organizationId) ?? []).map(toClientGrant);

test("the header's commands deploy it against the demo tenant, an organization without grants included", async () => {
  await installPlugin(engine.sandbox, "cache");
  const dir = await engine.sandbox.projectDir("yaml-example");
  await copyFile(EXAMPLE, join(dir, "Pulumi.yaml"));
  const values = {
    "tenant-a.eu.auth0.com": tenantA.emulator.origin,
    "<token for tenant A>": DEMO_CREDENTIALS.apiToken,
    "<an organization of tenant A>": DEMO_ORGANIZATIONS.large,
    "tenant-b.us.auth0.com": tenantB.emulator.origin,
    "<token for tenant B>": DEMO_CREDENTIALS.apiToken,
    "<an organization of tenant B>": DEMO_ORGANIZATIONS.small,
  };

  const commands = await headerCommands();
  expect(commands.at(-1)).toBe("pulumi up");
  for (const line of commands) {
    const args = argumentsOf(line, values);
    // The header is typed at a terminal, where `pulumi up` asks before it deploys; here it is told yes.
    await engine.sandbox.pulumiOk(args[0] === "up" ? [...args, "--yes"] : args, { cwd: dir });
  }

  const outputs = JSON.parse((await engine.sandbox.pulumiOk(["stack", "output", "--json", "--show-secrets"], { cwd: dir })).stdout) as Record<string, unknown>;
  const reporting = grantsOf(tenantA.emulator, DEMO_ORGANIZATIONS.large).filter((g) => g.audience === "urn:example:reporting");
  expect(reporting.length).toBeGreaterThan(0);
  expect(outputs).toMatchObject({
    organizationGrantCount: 350,
    organizationGrants: grantsOf(tenantA.emulator, DEMO_ORGANIZATIONS.large),
    reportingCount: reporting.length,
    reportingGrants: reporting,
    tenantBGrantCount: grantsOf(tenantB.emulator, DEMO_ORGANIZATIONS.small).length,
    tenantBGrants: grantsOf(tenantB.emulator, DEMO_ORGANIZATIONS.small),
  });
}, ENGINE_SETUP_MS);
