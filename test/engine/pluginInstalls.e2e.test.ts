// Each way docs/provider-plugin.md gives to install the plugin, through the real engine: a Pulumi YAML program that
// invokes the function and declares the resource deploys with it alone (a PULUMI_HOME of its own, so no other
// install can stand in), and the one the docs recommend runs without a warning.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ORG, withEmulator } from "../helpers/emulator";
import { repoRoot } from "../helpers/dist";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { grantsProgram, installPlugin, yamlProject, YamlStack, type PluginInstall } from "../helpers/yamlProject";

const tenant = withEmulator();
const engine = withEngine();

const PROGRAM = grantsProgram("install-check", ORG);

/** The warning the engine prints for a plugin it takes from PATH (its development override). */
const PATH_WARNING = "warning: using pulumi-resource-auth0-org-grants from $PATH";

let deployments = 0;

/** Installs the plugin the way `install` names into a PULUMI_HOME of its own, and deploys the program with it. */
async function deployWith(install: PluginInstall): Promise<{ output: string; outputs: Record<string, unknown> }> {
  const home = await engine.sandbox.projectDir(`home-${install}`);
  const installed = await installPlugin(engine.sandbox, install, { PULUMI_HOME: home });
  const dir = await yamlProject(engine.sandbox, `install-${install}`, PROGRAM, { extraYaml: installed.pulumiYaml, install });
  const stack = await YamlStack.init(engine.sandbox, dir, `dev${++deployments}`, { ...installed.env, PULUMI_HOME: home });
  await stack.config({ "auth0-org-grants:domain": tenant.emulator.origin, "auth0-org-grants:apiToken": { secret: tenant.token } });
  const up = await stack.up();
  return { output: up.output, outputs: await stack.outputs() };
}

/** The ways section 1 of the plugin page lists, in its order, by the bold title each starts with. */
async function documentedInstalls(): Promise<PluginInstall[]> {
  const page = await readFile(join(repoRoot, "docs", "provider-plugin.md"), "utf8");
  const section = page.slice(page.indexOf("## 1. Install the plugin"), page.indexOf("## 2."));
  const titles = [...section.matchAll(/^- \*\*([^*]+)\*\*/gm)].map((m) => m[1]!);
  return titles.map((title): PluginInstall => {
    if (/plugin cache/i.test(title)) return "cache";
    if (/PATH/.test(title)) return "path";
    if (/per project/i.test(title)) return "project";
    throw new Error(`docs/provider-plugin.md section 1 lists an install this test does not know: ${title}`);
  });
}

describe.each<PluginInstall>(["cache", "path", "project"])("installed the %s way", (install) => {
  test("a YAML program invokes the function and creates the resource", async () => {
    const { outputs } = await deployWith(install);

    expect(outputs).toEqual({ invokeTotal: 120, resourceTotal: 120 });
  }, ENGINE_SETUP_MS);
});

test("the docs list the three ways, and the one they recommend (the first) runs without a warning", async () => {
  const installs = await documentedInstalls();
  expect([...installs].sort()).toEqual(["cache", "path", "project"]);

  const { output } = await deployWith(installs[0]!);

  expect(output).not.toMatch(/warning/i);
}, ENGINE_SETUP_MS);

test("on PATH, every up warns that the plugin comes from PATH, as the docs say", async () => {
  const page = await readFile(join(repoRoot, "docs", "provider-plugin.md"), "utf8");

  const { output } = await deployWith("path");

  expect(output).toContain(PATH_WARNING);
  expect(page).toContain(PATH_WARNING);
}, ENGINE_SETUP_MS);
