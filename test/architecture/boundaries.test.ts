// The layout is the architecture, and ESLint holds it (eslint.config.mjs): the core imports nothing of Pulumi and no
// surface; provider/shared builds on the core only; no surface reaches into another; the emulator uses no surface.
// Each rule is shown here on a line that breaks it, linted as if it stood in the folder named.
import { execFileSync } from "node:child_process";
import { repoRoot } from "../helpers/dist";

const IMPORT = (from: string) => `import * as x from "${from}";`;

/**
 * The rules each case breaks, by ESLint's own API in one child process: ESLint loads its flat config with a dynamic
 * import(), which jest's module sandbox does not run.
 */
function lintAll(cases: readonly (readonly [string, string])[]): string[][] {
  const script = `
    const { ESLint } = require("eslint");
    const cases = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(cases.map(([file, code]) => eslint.lintText(code + "\\nexport const used = [x];\\n", { filePath: process.cwd() + "/" + file })))
      .then((results) => console.log(JSON.stringify(results.map(([r]) => r.messages.map((m) => m.ruleId || m.message)))));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script, JSON.stringify(cases)], { cwd: repoRoot, encoding: "utf8" })) as string[][];
}

/** For a file in each folder: the imports it may not make, and some it may. */
const RULES: { file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    file: "provider/core/listing.ts",
    forbidden: ["@pulumi/pulumi", "@pulumi/policy", "../function/getOrganizationClientGrants", "../shared/pulumiConfig", "../../emulator"],
    allowed: ["./schemas"],
  },
  { file: "provider/core/http/x.ts", forbidden: ["../../plugin/service"], allowed: ["../errors"] },
  { file: "provider/shared/x.ts", forbidden: ["../dynamicResource/providerShell"], allowed: ["@pulumi/pulumi", "../core/schemas"] },
  { file: "provider/plugin/x.ts", forbidden: ["../dynamicResource/typeToken"], allowed: ["../shared/resourceLifecycle"] },
  { file: "provider/dynamicResource/x.ts", forbidden: ["../function/getOrganizationClientGrants"], allowed: ["../shared/auth0Providers"] },
  { file: "provider/policy/x.ts", forbidden: ["../cli/run"], allowed: ["../shared/typeTokens"] },
  { file: "emulator/x.ts", forbidden: ["../provider/plugin/service"], allowed: ["../provider/core/schemas"] },
];
const FORBIDDEN: [string, string][] = [
  ...RULES.flatMap(({ file, forbidden }) => forbidden.map((from): [string, string] => [file, IMPORT(from)])),
  // require() is an import too: the core must not load the SDK at run time either.
  ["provider/core/credentials/layer.ts", 'const x = require("@pulumi/pulumi");'],
];
const ALLOWED: [string, string][] = RULES.flatMap(({ file, allowed }) => allowed.map((from): [string, string] => [file, IMPORT(from)]));

const found = new Map<string, string[]>();
beforeAll(() => {
  const cases = [...FORBIDDEN, ...ALLOWED];
  lintAll(cases).forEach((rules, i) => found.set(cases[i]!.join(" "), rules));
}, 60_000);

test.each(FORBIDDEN)("in %s, `%s` is a lint error", (file, code) => {
  expect(found.get(`${file} ${code}`)).toEqual([expect.stringMatching(/^no-restricted-(imports|syntax)$/)]);
});

test.each(ALLOWED)("in %s, `%s` is allowed", (file, code) => {
  expect(found.get(`${file} ${code}`)).toEqual([]);
});
