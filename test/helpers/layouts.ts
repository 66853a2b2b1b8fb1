// Project layouts a Pulumi program really runs in, for the dynamic-provider host (which evaluates the stored
// provider text in the directory the engine starts it in) and for programs run under the SDK: a project without this
// package, a project with the package installed from the tarball `npm pack` makes, and a program bundled by esbuild.
import { execFile } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { distFile, repoRoot } from "./dist";

const run = promisify(execFile);
export const PACKAGE_NAME = "pulumi-auth0-org-grants";

export interface Project {
  readonly dir: string;
  remove(): Promise<void>;
}

/** A project directory with a package.json and an empty node_modules: the package is not installed. */
export async function emptyProject(): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "org-grants-layout-"));
  await mkdir(join(dir, "node_modules"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "org-grants-layout", private: true }));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Links `names` into the project's node_modules from the repository's install, as npm would have installed them
 * (the links resolve to the real files, so a module loaded through them is the one the tests load).
 */
export async function linkModules(project: Project, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const target = await realpath(join(repoRoot, "node_modules", name));
    await mkdir(dirname(join(project.dir, "node_modules", name)), { recursive: true });
    await symlink(target, join(project.dir, "node_modules", name), "dir");
  }
}

/**
 * A clone of this repository before `npm run build`: its package.json (the package's name and exports), Pulumi.yaml
 * and the example program's directory, but no dist/.
 */
export async function unbuiltClone(): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "org-grants-clone-"));
  await mkdir(join(dir, "examples", "program"), { recursive: true });
  await copyFile(join(repoRoot, "package.json"), join(dir, "package.json"));
  await copyFile(join(repoRoot, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The package as it is published: the tarball `npm pack` makes of the repository (built dist/ only), in `destination`. */
export async function packTarball(destination: string): Promise<string> {
  distFile("provider/dynamicResource/providerImplementation.js");
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], { cwd: repoRoot });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  return join(destination, packed!.filename);
}

/**
 * A project with the package installed from its npm tarball (extracted into node_modules, not a link to the
 * repository), its dependencies and the `@pulumi/pulumi` peer beside it, as `npm install` leaves them.
 */
export async function packedProject(): Promise<Project> {
  const project = await emptyProject();
  const installed = join(project.dir, "node_modules", PACKAGE_NAME);
  await mkdir(installed);
  const file = await packTarball(project.dir);
  await run("tar", ["-xzf", file, "-C", installed, "--strip-components=1"]);
  await rm(file);
  const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  await linkModules(project, [...Object.keys(manifest.dependencies ?? {}), "@pulumi/pulumi"]);
  return project;
}

/**
 * Bundles the program at `entry` as users do (`esbuild --bundle --platform=node`, `@pulumi/pulumi` external, so the
 * program and the SDK's runtime share one copy; `external` adds more) into `outfile`, and returns the bundle's text.
 */
export async function bundleProgram(entry: string, outfile: string, options: { minify?: boolean; external?: readonly string[] } = {}): Promise<string> {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    external: ["@pulumi/pulumi", ...(options.external ?? [])],
    minify: options.minify ?? false,
    logLevel: "silent",
  });
  return readFile(outfile, "utf8");
}

/**
 * A clean clone of this repository: every file git tracks or would track (not ignored), as it is in the working
 * tree (so uncommitted changes are tested too), with `node_modules` linked from the repository's install (what
 * `npm ci` makes) and, when `withDist`, the repository's compiled `dist/` (what `npm run build` makes). Nothing else:
 * no caches, no other build output.
 */
export async function cleanClone(options: { withDist: boolean }): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "org-grants-clean-clone-"));
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split("\0").filter(Boolean)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await copyFile(join(repoRoot, file), join(dir, file)).catch((error: NodeJS.ErrnoException) => {
      // A tracked file deleted in the working tree is not part of the clone being tested.
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(await realpath(join(repoRoot, "node_modules")), join(dir, "node_modules"), "dir");
  if (options.withDist) {
    distFile("provider/index.js");
    await cp(join(repoRoot, "dist"), join(dir, "dist"), { recursive: true });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
