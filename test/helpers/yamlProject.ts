// Pulumi YAML programs through the real engine and the real YAML host, with the provider plugin installed each way
// docs/provider-plugin.md gives: in the plugin cache (`pulumi plugin install resource ... --file <folder>`, the folder
// made as the docs say), on PATH (`npm install -g` of the packed tarball, into a prefix of the sandbox's own), or per
// project (`plugins.providers` naming `./node_modules/.bin` after `npm install pulumi-auth0-org-grants`).
import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import type { CommandResult, EngineSandbox } from "./engine";
import { packTarball } from "./layouts";
import { installedProject, pluginFolderCopy } from "./pluginProcess";
import { packageVersion } from "./dist";

const run = promisify(execFile);
export const PLUGIN_VERSION = packageVersion;

export type PluginInstall = "cache" | "path" | "project";

/**
 * Installs the plugin into the sandbox the way `install` names, and returns what a project of that way needs: the
 * environment (PATH for a global install) and the Pulumi.yaml lines (`plugins:` for a per-project install).
 */
export async function installPlugin(
  sandbox: EngineSandbox,
  install: PluginInstall,
  /** Added to the sandbox's environment for the install (a PULUMI_HOME of its own, say). */
  env: Record<string, string> = {},
): Promise<{ env: Record<string, string>; pulumiYaml: string }> {
  if (install === "cache") {
    const folder = await pluginFolderCopy();
    try {
      await sandbox.pulumiOk(["plugin", "install", "resource", "auth0-org-grants", PLUGIN_VERSION, "--file", folder], { cwd: sandbox.dir, env });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    return { env: {}, pulumiYaml: "" };
  }
  if (install === "path") {
    const prefix = await mkdtemp(join(sandbox.dir, "npm-global-"));
    const tarball = await packTarball(sandbox.dir);
    await run("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: sandbox.dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { env: { PATH: [join(prefix, "bin"), sandbox.env().PATH].join(delimiter) }, pulumiYaml: "" };
  }
  return { env: {}, pulumiYaml: "plugins:\n  providers:\n    - name: auth0-org-grants\n      path: ./node_modules/.bin\n" };
}

/**
 * A Pulumi YAML program named `name` that invokes the function and declares the resource for `organizationId`, with
 * the default provider, exporting `invokeTotal` and `resourceTotal`.
 */
export function grantsProgram(name: string, organizationId: string): string {
  return `name: ${name}
runtime: yaml
resources:
  grants:
    type: auth0-org-grants:index:OrganizationClientGrants
    properties:
      organizationId: ${organizationId}
variables:
  listed:
    fn::invoke:
      function: auth0-org-grants:index:getOrganizationClientGrants
      arguments:
        organizationId: ${organizationId}
      return: total
outputs:
  invokeTotal: \${listed}
  resourceTotal: \${grants.total}
`;
}

/** A Pulumi YAML project: Pulumi.yaml (plus `extraYaml`), and for a per-project install the packed install's node_modules. */
export async function yamlProject(sandbox: EngineSandbox, name: string, program: string, options: { extraYaml?: string; install?: PluginInstall } = {}): Promise<string> {
  const dir = await sandbox.projectDir(name);
  await writeFile(join(dir, "Pulumi.yaml"), `${program.trimEnd()}\n${options.extraYaml ?? ""}`);
  if (options.install === "project") {
    await writeFile(join(dir, "package.json"), JSON.stringify({ name, private: true, dependencies: { "pulumi-auth0-org-grants": PLUGIN_VERSION } }));
    await symlink(join(await installedProject(), "node_modules"), join(dir, "node_modules"), "dir");
  }
  return dir;
}

/** One stack of a YAML project, driven with the `pulumi` commands a user types. */
export class YamlStack {
  private constructor(
    private readonly sandbox: EngineSandbox,
    readonly dir: string,
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  static async init(sandbox: EngineSandbox, dir: string, name: string, env: Record<string, string> = {}): Promise<YamlStack> {
    await sandbox.pulumiOk(["stack", "init", name], { cwd: dir, env });
    return new YamlStack(sandbox, dir, name, env);
  }

  /** `pulumi <args> --stack <name>`; never throws on a failed command: the result says how it went. */
  run(args: readonly string[], env: Record<string, string> = {}): Promise<CommandResult> {
    // The stack flag goes before the arguments: after a "--" in them, every word would be read as a value.
    return this.sandbox.pulumi(["--stack", this.name, ...args], { cwd: this.dir, env: { ...this.env, ...env } });
  }

  /** Like `run`, but a failed command is an error showing what it printed. */
  async ok(args: readonly string[], env: Record<string, string> = {}): Promise<CommandResult> {
    const result = await this.run(args, env);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  /** `pulumi config set [--secret] key value` for each entry. */
  async config(values: Record<string, string | { secret: string }>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      // "--" before the value ends the options (`pulumi config set <key> [flags] [--] [value]`): a value, a random
      // token say, may start with "-", which pulumi would otherwise read as a flag.
      if (typeof value === "string") await this.ok(["config", "set", key, "--", value]);
      else await this.ok(["config", "set", "--secret", key, "--", value.secret]);
    }
  }

  up(): Promise<CommandResult> {
    return this.ok(["up", "--yes", "--skip-preview"]);
  }

  /** The stack's outputs, secrets shown (`pulumi stack output --json --show-secrets`). */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
  }

  /** The deployment as the backend holds it (`pulumi stack export`). */
  async exportState(): Promise<{ deployment: { resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[] } }> {
    return JSON.parse((await this.ok(["stack", "export"])).stdout) as { deployment: { resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[] } };
  }
}
