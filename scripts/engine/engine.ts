// The real Pulumi engine for the tests and the benchmark: `pulumi` (the CLI and engine), `pulumi-language-yaml` (the
// Pulumi YAML host) and `pulumi-resource-pulumi-nodejs` (the shim through which the engine starts dynamic providers),
// plus `sdkgen` (pkg/v3's SDK generators, see sdkgen/main.go), in a git-ignored cache at `.cache/engine/bin`.
//
// They are built from Go modules at pinned versions: the CLI from this folder's own module (pkg/v3's go.mod replaces
// its SDK with a local path, so `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v...` is refused; a module
// that requires pkg/v3 and sdk/v3 at one version builds it), the YAML host with `go install ...@version`, and the
// shim copied from the sdk/v3 module, which carries it under nodejs/dist/. The cache is reused while its stamp (the
// versions and this module's go.mod, go.sum and Go sources) matches. About 6 + 3 minutes on 2 cores the first time
// on a new machine (downloads and compile), seconds from Go's module and build caches after that.
//
// Without Go, a `pulumi` of the pinned version or later (v3) on PATH, with the YAML host and the shim beside it (as
// Pulumi's installer leaves them), is used instead; the SDK generator then cannot be had, and the tests that need it
// say so. Without either, `engine()` throws an EngineUnavailableError that says what to install.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The Pulumi YAML host's version: `go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@<this>`. */
export const PULUMI_YAML_VERSION = "v1.25.0";

/** The repository's root, from this file in scripts/engine/ or its compiled copy in dist/scripts/engine/. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "scripts", "engine", "go.mod"))) {
    const parent = join(dir, "..");
    if (parent === dir) throw new Error(`no repository above ${__dirname} (looked for scripts/engine/go.mod)`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
export const MODULE_DIR = join(REPO_ROOT, "scripts", "engine");
export const CACHE_DIR = join(REPO_ROOT, ".cache", "engine");

/** The CLI's version: the pkg/v3 this module requires (its go.mod is the single place it is written). */
export function pinnedPulumiVersion(): string {
  const goMod = readFileSync(join(MODULE_DIR, "go.mod"), "utf8");
  const version = /^require github\.com\/pulumi\/pulumi\/pkg\/v3 (v[0-9.]+)$/m.exec(goMod)?.[1];
  if (version === undefined) throw new Error(`${join(MODULE_DIR, "go.mod")} does not require github.com/pulumi/pulumi/pkg/v3 on a line of its own`);
  return version;
}

export interface Engine {
  /** The folder holding `pulumi`, `pulumi-language-yaml` and `pulumi-resource-pulumi-nodejs`: put it first on PATH. */
  readonly binDir: string;
  readonly pulumi: string;
  /** `sdkgen <schema.json> <python|go|nodejs> <folder>`, or undefined when the engine came from PATH (no Go). */
  readonly sdkgen?: string;
  readonly version: string;
  /** Where it came from: the cache as it was, a build just now, or a `pulumi` on PATH. */
  readonly source: "cache" | "built" | "path";
}

/** Neither Go nor a suitable `pulumi` is there: the message says what to install. */
export class EngineUnavailableError extends Error {
  readonly code = "ERR_AUTH0_GRANTS_ENGINE_UNAVAILABLE";
}

const BINARIES = ["pulumi", "pulumi-language-yaml", "pulumi-resource-pulumi-nodejs"] as const;

/** What the cache must have been built from: the versions, and every file of this Go module. */
function stamp(): string {
  const hash = createHash("sha256").update(`pulumi ${pinnedPulumiVersion()}\nyaml ${PULUMI_YAML_VERSION}\n`);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/(\.go|go\.mod|go\.sum)$/.test(name)) hash.update(path.slice(MODULE_DIR.length)).update(readFileSync(path));
    }
  };
  walk(MODULE_DIR);
  return hash.digest("hex");
}

const STAMP_FILE = join(CACHE_DIR, "stamp");
const cachedBin = join(CACHE_DIR, "bin");

function cached(): Engine | undefined {
  if (!existsSync(STAMP_FILE) || readFileSync(STAMP_FILE, "utf8") !== stamp()) return undefined;
  if (![...BINARIES, "sdkgen"].every((name) => existsSync(join(cachedBin, name)))) return undefined;
  return { binDir: cachedBin, pulumi: join(cachedBin, "pulumi"), sdkgen: join(cachedBin, "sdkgen"), version: pinnedPulumiVersion(), source: "cache" };
}

async function has(command: string, args: string[]): Promise<string | undefined> {
  try {
    return (await run(command, args, { timeout: 30_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/** `v3.274.1` -> [3, 274, 1]; anything else -> undefined. */
function semver(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [semver(version), semver(minimum)];
  if (a === undefined || b === undefined || a[0] !== b[0]) return false;
  return a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
}

/** A `pulumi` on PATH of the pinned version or a later v3, with the YAML host and the shim in the same folder. */
async function fromPath(env: NodeJS.ProcessEnv): Promise<Engine | undefined> {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    if (dir.startsWith(CACHE_DIR)) continue;
    const pulumi = join(dir, "pulumi");
    if (!existsSync(pulumi) || !BINARIES.every((name) => existsSync(join(dir, name)))) continue;
    const version = await has(pulumi, ["version"]);
    if (version !== undefined && atLeast(version, pinnedPulumiVersion())) return { binDir: dir, pulumi, version, source: "path" };
  }
  return undefined;
}

/**
 * The `go` command: the one on PATH, else where Go's installers put it (`$GOROOT/bin`, `/usr/local/go/bin`), which a
 * login shell adds to PATH but a CI job or an IDE's test runner may not.
 */
export async function goCommand(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = ["go", ...(env.GOROOT ? [join(env.GOROOT, "bin", "go")] : []), "/usr/local/go/bin/go"];
  for (const candidate of candidates) if ((await has(candidate, ["env", "GOVERSION"])) !== undefined) return candidate;
  return undefined;
}

type Say = (line: string) => void;

/** Runs a build step with its output going to `say`, line by line. */
function step(say: Say, what: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  say(`engine: ${what}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) say(`  ${line}`);
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${command} ${args.join(" ")} exited ${code})`))));
  });
}

async function build(say: Say, env: NodeJS.ProcessEnv, go: string): Promise<Engine> {
  const version = pinnedPulumiVersion();
  const work = `${CACHE_DIR}.building-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, "bin"), { recursive: true });
  const goEnv = { ...env, CGO_ENABLED: "0", GOFLAGS: [env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") };
  const started = Date.now();
  try {
    await step(say, `building pulumi ${version} (about 6 minutes on 2 cores the first time, seconds from Go's caches)`, go, [
      "build", "-o", join(work, "bin", "pulumi"), "-tags", "osusergo,grpcnotrace",
      "-ldflags", `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
      "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    ], { cwd: MODULE_DIR, env: goEnv });
    await step(say, "building sdkgen (pkg/v3's SDK generators)", go, ["build", "-o", join(work, "bin", "sdkgen"), "./sdkgen"], { cwd: MODULE_DIR, env: goEnv });
    // `go install pkg@version` builds outside any module, with pulumi-yaml's own go.mod, as its releases are built.
    await step(say, `building pulumi-language-yaml ${PULUMI_YAML_VERSION} (about 3 minutes the first time)`, go, [
      "install", `github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@${PULUMI_YAML_VERSION}`,
    ], { cwd: work, env: { ...goEnv, GOBIN: join(work, "bin"), GOFLAGS: env.GOFLAGS ?? "" } });
    const sdkDir = (await run(go, ["list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/sdk/v3"], { cwd: MODULE_DIR, env: goEnv })).stdout.trim();
    const shim = join(sdkDir, "nodejs", "dist", "pulumi-resource-pulumi-nodejs");
    if (!existsSync(shim)) throw new Error(`${shim} is missing from the sdk/v3 module: the dynamic-provider shim is needed beside pulumi`);
    copyFileSync(shim, join(work, "bin", "pulumi-resource-pulumi-nodejs"));
    // Files from Go's module cache are read-only; the copies must be executable and removable.
    for (const name of readdirSync(join(work, "bin"))) chmodSync(join(work, "bin", name), 0o755);
    writeFileSync(join(work, "stamp"), stamp());
    rmSync(CACHE_DIR, { recursive: true, force: true });
    mkdirSync(join(CACHE_DIR, ".."), { recursive: true });
    renameSync(work, CACHE_DIR);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  say(`engine: built in ${((Date.now() - started) / 1000).toFixed(0)} s into ${cachedBin}`);
  return { ...cached()!, source: "built" };
}

const LOCK = `${CACHE_DIR}.lock`;
const BUILD_WAIT_MS = 30 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The engine: the cache when its stamp matches, else a build with Go (one at a time: a lock folder keeps two jest
 * workers or two commands from building at once), else a suitable `pulumi` on PATH. Throws EngineUnavailableError
 * saying what to install when there is neither Go nor such a `pulumi`.
 */
export async function engine(options: { say?: Say; env?: NodeJS.ProcessEnv } = {}): Promise<Engine> {
  const say = options.say ?? (() => undefined);
  const env = options.env ?? process.env;
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    const ready = cached();
    if (ready !== undefined) return ready;
    const go = await goCommand(env);
    if (go === undefined) {
      const onPath = await fromPath(env);
      if (onPath !== undefined) return onPath;
      throw new EngineUnavailableError(
        `The engine tests need the real Pulumi engine, and neither Go nor a suitable pulumi is installed. Install Go ` +
          `(1.26 or later, https://go.dev/dl/; then npm test builds pulumi ${pinnedPulumiVersion()} and pulumi-language-yaml ` +
          `${PULUMI_YAML_VERSION} into .cache/engine, about 9 minutes the first time), or put pulumi ${pinnedPulumiVersion()} ` +
          "or a later v3 on PATH with pulumi-language-yaml and pulumi-resource-pulumi-nodejs beside it (Pulumi's installer does).",
      );
    }
    mkdirSync(join(CACHE_DIR, ".."), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > BUILD_WAIT_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${BUILD_WAIT_MS / 60_000} minutes for another build of the engine (${LOCK})`);
      await sleep(1000);
      continue;
    }
    try {
      return cached() ?? (await build(say, env, go));
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
