// The SDKs users generate from the plugin (`pulumi package add` / `gen-sdk`), made by pkg/v3's own generators from
// the schema the installed plugin serves to the real engine, and the docs' code snippets compiled against them: Go
// with `go build`, Python installed with pip (the Pulumi SDK from PyPI, at the oldest version the generated package
// allows) and type-checked with mypy, and the Node SDK compiled with tsc. C# is not covered: its generator lives in
// pulumi-dotnet, which is not a Go module of pkg/v3.
import { readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { goCommand } from "../../scripts/engine/engine";
import { repoRoot } from "../helpers/dist";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { compareVersions, docSnippets, floorOf, generateSdk, goSnippetModule, ok, servedSchema } from "../helpers/generatedSdks";

const engine = withEngine();
const INSTALL_MS = 10 * 60_000;

let schema: Record<string, unknown> = {};
beforeAll(async () => {
  schema = await servedSchema(engine.sandbox);
}, ENGINE_SETUP_MS);

/** The tools' own environment (Go, Python, npm from the developer's PATH), not the engine's hermetic one. */
const toolEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ ...(process.env as Record<string, string>), ...extra });

/** The schema without its language sections' SDK requirements: what the generators' own minimums are. */
function withoutSdkRequirements(served: Record<string, unknown>): Record<string, unknown> {
  const language = structuredClone(served.language) as { python: Record<string, unknown>; nodejs: Record<string, unknown> };
  delete language.python.requires;
  delete language.nodejs.dependencies;
  return { ...served, language };
}

/** The names of the `pulumi.runtime` functions a generated Python package calls. */
async function runtimeCalls(packageDir: string): Promise<string[]> {
  const files = (await readdir(packageDir)).filter((name) => name.endsWith(".py"));
  const text = (await Promise.all(files.map((name) => readFile(join(packageDir, name), "utf8")))).join("\n");
  return [...new Set([...text.matchAll(/pulumi\.runtime\.([a-z_]+)\(/g)].map((m) => m[1]!))].sort();
}

const pythonPulumiRequirement = async (sdk: string) => /'pulumi(>=[^']*)'/.exec(await readFile(join(sdk, "setup.py"), "utf8"))?.[1] ?? "(none)";
const nodePulumiRequirement = async (sdk: string) =>
  (JSON.parse(await readFile(join(sdk, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"] ?? "(none)";

describe("Go", () => {
  test("the docs' Go snippet builds against the generated SDK", async () => {
    const sdk = await generateSdk(engine.sandbox, schema, "go");
    const [snippet] = await docSnippets("provider-plugin.md", "go");
    const module = await goSnippetModule(engine.sandbox, sdk, snippet!);

    const go = await goCommand();
    if (go === undefined) throw new Error("The Go snippet test needs Go (1.26 or later) to build against the generated SDK.");
    await ok(go, ["build", "-o", join(module, "snippet"), "."], { cwd: module, env: toolEnv({ GOFLAGS: "-mod=mod -buildvcs=false", CGO_ENABLED: "0" }), timeoutMs: INSTALL_MS });
  }, INSTALL_MS);
});

describe("Python", () => {
  test("the docs' Python snippets type-check against the generated SDK on the oldest Pulumi SDK it allows", async () => {
    const sdk = await generateSdk(engine.sandbox, schema, "python");
    const oldest = floorOf(await pythonPulumiRequirement(sdk));
    const dir = await engine.sandbox.projectDir("python-snippets");
    const snippets = await docSnippets("provider-plugin.md", "python");
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    await Promise.all(snippets.map((code, i) => writeFile(join(dir, `snippet_${i}.py`), code)));

    await ok("python3", ["-m", "venv", join(dir, "venv")], { cwd: dir, env: toolEnv() });
    const pip = join(dir, "venv", "bin", "pip");
    await ok(pip, ["install", "--quiet", "--disable-pip-version-check", sdk, `pulumi==${oldest}`, "mypy"], { cwd: dir, env: toolEnv(), timeoutMs: INSTALL_MS });
    const mypy = join(dir, "venv", "bin", "mypy");
    const files = snippets.map((_, i) => `snippet_${i}.py`);

    await ok(mypy, ["--no-error-summary", ...files], { cwd: dir, env: toolEnv() });
    // Every `pulumi.runtime` function the generated package calls exists in that oldest Pulumi SDK. (mypy on the
    // package itself reports the generator's own loose typing, so the calls are checked by name.)
    const called = await runtimeCalls(join(sdk, "pulumi_auth0_org_grants"));
    expect(called).toContain("invoke_output");
    const check = `import pulumi.runtime as r; print(",".join(n for n in ${JSON.stringify(called)} if not hasattr(r, n)))`;
    const missing = (await ok(join(dir, "venv", "bin", "python"), ["-c", check], { cwd: dir, env: toolEnv() })).stdout.trim();
    expect({ pulumi: oldest, missing }).toEqual({ pulumi: oldest, missing: "" });
  }, INSTALL_MS);
});

describe("Node", () => {
  test("the generated Node SDK compiles with tsc", async () => {
    const sdk = await generateSdk(engine.sandbox, schema, "nodejs");
    await symlink(join(repoRoot, "node_modules"), join(sdk, "node_modules"), "dir");

    await ok(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", sdk, "--noEmit"], { cwd: sdk, env: toolEnv() });
  }, INSTALL_MS);
});

describe("the Pulumi SDK versions the generated packages require", () => {
  test("are at least the generators' own minimums, which track what the generated code calls", async () => {
    const [python, node, pythonOwn, nodeOwn] = await Promise.all([
      generateSdk(engine.sandbox, schema, "python"),
      generateSdk(engine.sandbox, schema, "nodejs"),
      generateSdk(engine.sandbox, withoutSdkRequirements(schema), "python"),
      generateSdk(engine.sandbox, withoutSdkRequirements(schema), "nodejs"),
    ]);

    const declared = { python: floorOf(await pythonPulumiRequirement(python)), node: floorOf(await nodePulumiRequirement(node)) };
    const own = { python: floorOf(await pythonPulumiRequirement(pythonOwn)), node: floorOf(await nodePulumiRequirement(nodeOwn)) };

    for (const language of ["python", "node"] as const) {
      const verdict = `${language}: declares ${declared[language]}, needs ${own[language]}`;
      expect({ verdict, enough: compareVersions(declared[language], own[language]) >= 0 }).toEqual({ verdict, enough: true });
    }
  }, INSTALL_MS);
});
