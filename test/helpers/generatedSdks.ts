// SDKs generated from the schema the plugin serves, as `pulumi package gen-sdk` / `pulumi package add` would make
// them: the schema asked of the installed plugin by the real `pulumi package get-schema`, then pkg/v3's generators
// (scripts/engine/sdkgen, the code the language hosts run; the hosts themselves cannot be built here). And the code
// snippets of the docs, to compile against them.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MODULE_DIR, pinnedPulumiVersion } from "../../scripts/engine/engine";
import { repoRoot } from "./dist";
import { runCommand, type CommandResult, type EngineSandbox } from "./engine";
import { installedProject } from "./pluginProcess";

export type SdkLanguage = "python" | "go" | "nodejs";

/** The schema the installed plugin serves, as the engine asks it (`pulumi package get-schema <plugin>`). */
export async function servedSchema(sandbox: EngineSandbox): Promise<Record<string, unknown>> {
  const plugin = join(await installedProject(), "node_modules", ".bin", "pulumi-resource-auth0-org-grants");
  const { stdout } = await sandbox.pulumiOk(["package", "get-schema", plugin], { cwd: sandbox.dir });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Generates the SDK of `language` for `schema` into a new folder of the sandbox, and returns the folder. */
export async function generateSdk(sandbox: EngineSandbox, schema: Record<string, unknown>, language: SdkLanguage): Promise<string> {
  const sdkgen = sandbox.engine.sdkgen;
  if (sdkgen === undefined) {
    throw new Error(`The SDK tests need Go (1.26 or later) to build scripts/engine/sdkgen; the engine came from PATH (${sandbox.engine.binDir}) without it.`);
  }
  const dir = await sandbox.projectDir(`sdk-${language}`);
  const schemaFile = `${dir}.schema.json`;
  await writeFile(schemaFile, JSON.stringify(schema));
  await ok(sdkgen, [schemaFile, language, dir], { cwd: sandbox.dir, env: sandbox.env() });
  return dir;
}

/** Runs a command; a failure is an error that shows what it printed. */
export async function ok(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${result.output}`);
  return result;
}

/** The fenced code blocks of `language` in a docs page, in order. */
export async function docSnippets(page: string, language: string): Promise<string[]> {
  const text = await readFile(join(repoRoot, "docs", page), "utf8");
  return [...text.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm"))].map((m) => m[1]!);
}

/**
 * A Go module whose main package runs `body` (a snippet using `ctx`) inside `pulumi.Run`, with the generated SDK
 * `sdkDir` linked by a `replace` as `pulumi package add` does. Its requirements and go.sum are the engine module's,
 * so Go resolves the same versions it already holds.
 */
export async function goSnippetModule(sandbox: EngineSandbox, sdkDir: string, body: string): Promise<string> {
  const dir = await sandbox.projectDir("go-snippet");
  const engineMod = await readFile(join(MODULE_DIR, "go.mod"), "utf8");
  const requirements = engineMod.slice(engineMod.indexOf("\nrequire")).replace(/^replace .*$/gm, "");
  const sdkModule = "example.com/pulumi-auth0-org-grants/sdk/go";
  // The engine's own version: its go.mod is the one place it is written.
  const sdkVersion = pinnedPulumiVersion();
  await writeFile(join(sdkDir, "go.mod"), `module ${sdkModule}\n\ngo 1.22\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${sdkVersion}\n`);
  await writeFile(
    join(dir, "go.mod"),
    `module example.com/snippet\n\ngo 1.26\n${requirements}\nrequire ${sdkModule} v0.0.0\n\nreplace ${sdkModule} => ${sdkDir}\n` +
      `replace github.com/pulumi/pulumi/sdk/v3 => github.com/pulumi/pulumi/sdk/v3 ${sdkVersion}\n`,
  );
  await writeFile(join(dir, "go.sum"), await readFile(join(MODULE_DIR, "go.sum"), "utf8"));
  await writeFile(
    join(dir, "main.go"),
    `package main

import (
\t"example.com/pulumi-auth0-org-grants/sdk/go/auth0orggrants"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
${body}
\t\treturn nil
\t})
}
`,
  );
  return dir;
}

/** The lowest version a requirement such as `>=3.0.0,<4.0.0` or `^3.0.0` allows. */
export function floorOf(requirement: string): string {
  const floor = /(?:>=|\^|~)\s*(\d+\.\d+\.\d+)/.exec(requirement)?.[1];
  if (floor === undefined) throw new Error(`no lower bound in the requirement ${JSON.stringify(requirement)}`);
  return floor;
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! - y![i]!;
  return 0;
}
