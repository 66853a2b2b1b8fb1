// What `npm pack` publishes: what users run (the library, its surfaces, the emulator for their own tests, the plugin's
// shim), every entry point package.json names, and nothing else: no benchmark, fault matrix, examples or tests.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { distFile, repoRoot } from "../helpers/dist";
import { cleanClone } from "../helpers/layouts";

type Exports = Record<string, string | Record<string, string>>;
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Exports;
  typesVersions: Record<string, Record<string, string[]>>;
};

let files: string[];
beforeAll(() => {
  distFile("provider/index.js");
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8" })) as { files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
}, 60_000);

test("carries no benchmark, fault matrix, demo, example or test", () => {
  expect(files.filter((f) => /^dist\/(scripts|examples|test)\//.test(f) || /(^|\/)(bench|faultMatrix|demo)\b/.test(f))).toEqual([]);
  expect(files.filter((f) => !/^(dist\/(provider|emulator)\/|docs\/[\w.-]+\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$|pulumi-resource-auth0-org-grants$)/.test(f))).toEqual([]);
});

test("carries every file package.json points at: main, types, bins, exports and typesVersions", () => {
  const named = [
    pkg.main,
    pkg.types,
    ...Object.values(pkg.bin),
    ...Object.values(pkg.exports).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry))),
    ...Object.values(pkg.typesVersions["*"]!).flat(),
  ].map((path) => path.replace(/^\.\//, ""));

  expect(named.filter((path) => !files.includes(path))).toEqual([]);
});

test("carries the licence, the changelog, and every page the README links to", () => {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const linked = [...readme.matchAll(/\]\((?!https?:)([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]!);

  expect(linked.length).toBeGreaterThan(0);
  expect([...linked, "LICENSE", "CHANGELOG.md"].filter((path) => !files.includes(path))).toEqual([]);
});

test("carries the plugin's entry where the shim, and every copy of it, names it", () => {
  const shim = readFileSync(join(repoRoot, "pulumi-resource-auth0-org-grants"), "utf8");

  expect(shim).toContain("dist/provider/plugin/main.js");
  expect(files).toEqual(expect.arrayContaining(["pulumi-resource-auth0-org-grants", "dist/provider/plugin/main.js"]));
});

test("npm pack in a clean clone, before any build, builds first: the tarball carries the code, not a README alone", async () => {
  const clone = await cleanClone({ withDist: false });
  try {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: clone.dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as { files: { path: string }[] }[];
    const paths = packed!.files.map((f) => f.path);

    expect(paths).toEqual(expect.arrayContaining(["dist/provider/index.js", "dist/provider/plugin/main.js", "dist/emulator/index.js"]));
  } finally {
    await clone.remove();
  }
}, 120_000);
