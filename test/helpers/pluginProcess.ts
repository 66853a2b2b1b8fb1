// Drives the provider plugin the way the engine does, without the Pulumi CLI: `npm pack` this package, install the
// tarball into a project whose node_modules holds only its dependencies and peer dependencies (no dev dependency),
// start `node_modules/.bin/pulumi-resource-auth0-org-grants <engine> --logtostderr -v=9`, read the port from the
// first line of stdout and speak `pulumirpc.ResourceProvider` with the stubs in `@pulumi/pulumi/proto` (providerClient.ts,
// which records every message sent and answered as bytes, with the plugin's stdout and stderr, so tests can search all of it).
//
// The pack and install happen once per build: the installed project is cached in the temporary directory under a
// hash of dist/ and package.json, and a lock directory keeps two jest workers from installing it at the same time.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { distFile, repoRoot } from "./dist";
import { perTestFile } from "./perTestFile";
import { ProviderConnection, startProvider, toStruct, type CheckAnswer, type DiffAnswer, type StartedProvider } from "./providerClient";

export { rpcSecret, HostCallError } from "./providerClient";

const run = promisify(execFile);
const BIN = "pulumi-resource-auth0-org-grants";
export const FUNCTION_TOKEN = "auth0-org-grants:index:getOrganizationClientGrants";
export const RESOURCE_TOKEN = "auth0-org-grants:index:OrganizationClientGrants";
const CALL_DEADLINE_MS = 30_000;
const START_TIMEOUT_MS = 15_000;
const INSTALL_WAIT_MS = 5 * 60_000;

type Props = Record<string, unknown>;

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(hash, path);
    else hash.update(path.slice(repoRoot.length)).update(readFileSync(path));
  }
}

/** A key for the build: the compiled files and the manifest the tarball is made from. */
function buildKey(): string {
  distFile("provider/plugin/main.js");
  const hash = createHash("sha256");
  hashTree(hash, join(repoRoot, "dist"));
  hash.update(readFileSync(join(repoRoot, "package.json")));
  // The shim is packed too: an install made before it changed would test the old one.
  hash.update(readFileSync(join(repoRoot, BIN)));
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The project with this package installed from its packed tarball (dependencies and peer dependencies only), made
 * once per build and shared by every test file. Returns the project's directory.
 */
export async function installedProject(): Promise<string> {
  const dir = join(tmpdir(), `org-grants-plugin-${buildKey()}`);
  const ready = join(dir, ".ready");
  const lock = `${dir}.lock`;
  const deadline = Date.now() + INSTALL_WAIT_MS;
  while (!existsSync(ready)) {
    try {
      await mkdir(lock);
    } catch {
      // Another worker is installing; a lock older than the longest install is left over from a killed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > INSTALL_WAIT_MS) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${INSTALL_WAIT_MS} ms for another worker to install the packed plugin (${lock})`);
      await sleep(250);
      continue;
    }
    try {
      if (!existsSync(ready)) await install(dir);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

async function install(dir: string): Promise<void> {
  const work = await mkdtemp(`${dir}.work-`);
  try {
    const { stdout } = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", work], { cwd: repoRoot });
    const tarball = join(work, stdout.trim().split("\n").pop()!);
    const project = join(work, "project");
    await mkdir(project);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "org-grants-plugin-project", private: true }));
    // npm installs the peer dependencies (@pulumi/pulumi) itself; the optional one (@pulumi/policy) it leaves out.
    await run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
    });
    await writeFile(join(project, ".ready"), new Date().toISOString());
    await rm(dir, { recursive: true, force: true });
    await rename(project, dir);
    await removeStaleInstalls(dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Installs of older builds, untouched for a day. Not sooner: another checkout on this machine (a worktree, CI) may be
 * running its tests from its own install right now.
 */
async function removeStaleInstalls(current: string): Promise<void> {
  const parent = dirname(current);
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const name of await readdir(parent)) {
    const path = join(parent, name);
    if (!/^org-grants-plugin-[0-9a-f]{16}$/.test(name) || path === current) continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/** The top-level packages of the installed project: what the plugin can possibly require at run time. */
export async function installedPackages(project: string): Promise<string[]> {
  const top = await readdir(join(project, "node_modules"));
  const scoped = await Promise.all(top.filter((n) => n.startsWith("@")).map(async (s) => (await readdir(join(project, "node_modules", s))).map((n) => `${s}/${n}`)));
  return [...top.filter((n) => !n.startsWith("@") && !n.startsWith(".")), ...scoped.flat()].sort();
}

export interface PluginOptions {
  /** The plugin's whole environment besides PATH; no AUTH0_* or PULUMI_* variable unless given here. */
  readonly env?: Record<string, string>;
  /**
   * Which executable: `bin` is what npm links into node_modules/.bin (and onto PATH for a global install);
   * `packageFolder` is the shim at the top of the installed package, which the plugin cache runs after
   * `pulumi plugin install resource auth0-org-grants <version> --file <package folder>`; `{ folder }`: the shim at
   * the top of a folder of its own (see `pluginFolderCopy`), started with that folder as its working directory.
   */
  readonly executable?: "bin" | "packageFolder" | { readonly folder: string };
}

/**
 * A copy of a plugin folder prepared as docs/provider-plugin.md says (`npm install pulumi-auth0-org-grants` in an
 * empty folder, then the package's shim copied to its top), in a new temporary directory: what
 * `pulumi plugin install ... --file <folder>` copies into the plugin cache, where nothing outside the copy is
 * reachable. The installed project stands in for the npm install. The caller removes the folder.
 */
export async function pluginFolderCopy(): Promise<string> {
  const project = await installedProject();
  const folder = await mkdtemp(join(tmpdir(), "org-grants-plugin-cache-"));
  await cp(join(project, "node_modules"), join(folder, "node_modules"), { recursive: true, verbatimSymlinks: true });
  await cp(join(project, "package.json"), join(folder, "package.json"));
  await cp(join(folder, "node_modules", "pulumi-auth0-org-grants", BIN), join(folder, BIN));
  return folder;
}

export interface InvokeAnswer {
  readonly outputs?: Props;
  readonly failures: readonly { property: string; reason: string }[];
}

export class PluginProcess extends ProviderConnection {
  readonly firstStdoutLine: string;

  private constructor(started: StartedProvider) {
    super(started);
    this.firstStdoutLine = started.firstStdoutLine;
  }

  /** Starts the installed plugin as the engine does (engine address first, then logging flags) and connects. */
  static async start(options: PluginOptions = {}): Promise<PluginProcess> {
    const project = await installedProject();
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH0_|PULUMI_)/.test(k)));
    // The bin is a `#!/usr/bin/env node` script: node must be on PATH, as it is for a user who installed the package.
    const path = [dirname(process.execPath), env.PATH ?? ""].join(delimiter);
    const own = typeof options.executable === "object" ? options.executable.folder : undefined;
    const executable =
      own !== undefined
        ? join(own, BIN)
        : options.executable === "packageFolder"
          ? join(project, "node_modules", "pulumi-auth0-org-grants", BIN)
          : join(project, "node_modules", ".bin", BIN);
    const started = await startProvider({
      label: "the plugin",
      command: executable,
      args: ["127.0.0.1:1", "--logtostderr", "-v=9", "--tracing", "file:/dev/null"],
      cwd: own ?? project,
      env: { ...env, PATH: path, ...options.env },
      startTimeoutMs: START_TIMEOUT_MS,
      callDeadlineMs: CALL_DEADLINE_MS,
      channelOptions: { "grpc.max_receive_message_length": -1 },
    });
    return new PluginProcess(started);
  }

  async getPluginInfo(): Promise<string> {
    const info = await this.unary<Empty, pluginPb.PluginInfo>("GetPluginInfo", new Empty(), (r, m, o, cb) => this.client.getPluginInfo(r, m, o, cb));
    return info.getVersion();
  }

  async getSchema(): Promise<Props> {
    const request = new providerPb.GetSchemaRequest().setVersion(0);
    const response = await this.unary<providerPb.GetSchemaRequest, providerPb.GetSchemaResponse>("GetSchema", request, (r, m, o, cb) => this.client.getSchema(r, m, o, cb));
    return JSON.parse(response.getSchema()) as Props;
  }

  async checkConfig(news: Props, olds: Props = {}): Promise<CheckAnswer> {
    const request = new providerPb.CheckRequest().setUrn("urn:pulumi:test::project::pulumi:providers:auth0-org-grants::default");
    request.setOlds(toStruct(olds)).setNews(toStruct(news));
    return this.sendCheck("CheckConfig", request);
  }

  /** Configure with `args` (as current engines send), `variables` (as older ones do), or both. */
  async configure(settings: { args?: Props; variables?: Record<string, string> }): Promise<providerPb.ConfigureResponse> {
    const request = new providerPb.ConfigureRequest().setAcceptsecrets(true).setAcceptresources(true);
    if (settings.args) request.setArgs(toStruct(settings.args));
    for (const [key, value] of Object.entries(settings.variables ?? {})) request.getVariablesMap().set(key, value);
    return this.sendConfigure(request);
  }

  async invoke(args: Props, token = FUNCTION_TOKEN): Promise<InvokeAnswer> {
    const request = new providerPb.InvokeRequest().setTok(token).setArgs(toStruct(args));
    const response = await this.unary<providerPb.InvokeRequest, providerPb.InvokeResponse>("Invoke", request, (r, m, o, cb) => this.client.invoke(r, m, o, cb));
    return {
      outputs: response.getReturn()?.toJavaScript() as Props | undefined,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async check(news: Props, olds: Props = {}, name = "grants"): Promise<CheckAnswer> {
    const request = new providerPb.CheckRequest().setUrn(urn(name)).setType(RESOURCE_TOKEN).setName(name);
    request.setOlds(toStruct(olds)).setNews(toStruct(news));
    return this.sendCheck("Check", request);
  }

  async diff(id: string, olds: Props, news: Props, name = "grants"): Promise<DiffAnswer & { diffs: readonly string[] }> {
    const request = new providerPb.DiffRequest().setId(id).setUrn(urn(name)).setType(RESOURCE_TOKEN).setName(name);
    request.setOlds(toStruct(olds)).setNews(toStruct(news));
    return this.sendDiff(request);
  }

  async create(properties: Props, name = "grants"): Promise<{ id: string; properties: Props }> {
    return this.sendCreate(new providerPb.CreateRequest().setUrn(urn(name)).setType(RESOURCE_TOKEN).setName(name).setProperties(toStruct(properties)));
  }

  async read(id: string, properties: Props, inputs: Props = {}, name = "grants"): Promise<{ id: string; properties: Props; inputs?: Props }> {
    return this.sendRead(new providerPb.ReadRequest().setId(id).setUrn(urn(name)).setProperties(toStruct(properties)).setInputs(toStruct(inputs)));
  }

  async update(id: string, olds: Props, news: Props, name = "grants"): Promise<{ properties: Props }> {
    const request = new providerPb.UpdateRequest().setId(id).setUrn(urn(name)).setType(RESOURCE_TOKEN).setName(name);
    request.setOlds(toStruct(olds)).setNews(toStruct(news));
    return this.sendUpdate(request);
  }

  async delete(id: string, properties: Props, name = "grants"): Promise<void> {
    await this.sendDelete(new providerPb.DeleteRequest().setId(id).setUrn(urn(name)).setType(RESOURCE_TOKEN).setName(name).setProperties(toStruct(properties)));
  }

  /** Construct, which this provider does not serve: for the UNIMPLEMENTED check. */
  async construct(): Promise<void> {
    const request = new providerPb.ConstructRequest().setType("auth0-org-grants:index:Component").setName("c");
    await this.unary<providerPb.ConstructRequest, providerPb.ConstructResponse>("Construct", request, (r, m, o, cb) => this.client.construct(r, m, o, cb));
  }

  /** Closes the connection and kills the plugin (as the engine does when it is done with it). */
  async stop(): Promise<void> {
    await this.close();
  }
}

function urn(name: string): string {
  return `urn:pulumi:test::org-grants-project::${RESOURCE_TOKEN}::${name}`;
}

/** Starts a plugin for this test file (beforeAll; register it after `withEmulator`), stops it afterwards. */
export function withPlugin(options: () => PluginOptions = () => ({})): { readonly plugin: PluginProcess } {
  const started = perTestFile("the plugin", () => PluginProcess.start(options()), (plugin) => plugin.stop(), INSTALL_WAIT_MS + START_TIMEOUT_MS);
  return {
    get plugin() {
      return started.current;
    },
  };
}
