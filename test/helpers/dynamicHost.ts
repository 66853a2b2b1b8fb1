// Drives the real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, as the engine
// does, without the Pulumi CLI: start it, read its port from the first line of stdout, call
// `pulumirpc.ResourceProvider` (providerClient.ts, which records every message both ways with stdout and stderr).
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { distFile, repoRoot } from "./dist";
import { serializeProvider } from "./programRunner";
import { perTestFile } from "./perTestFile";
import { ProviderConnection, startProvider, toStruct, type CheckAnswer, type DiffAnswer, type StartedProvider } from "./providerClient";

export { HostCallError, rpcSecret, type CheckAnswer, type DiffAnswer, type Exchange } from "./providerClient";

const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
const PACKAGE_NAME = "pulumi-auth0-org-grants";
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/auth0:OrganizationClientGrants";
/** The time one RPC may take before the test fails instead of hanging. */
const CALL_DEADLINE_MS = 20_000;
const START_TIMEOUT_MS = 15_000;

type Props = Record<string, unknown>;

export interface HostOptions {
  /** Added to the host's environment, which otherwise holds no AUTH0_* and no PULUMI_* variable. */
  readonly env?: Record<string, string>;
  /**
   * The directory the host runs in, as the engine starts it in the program's directory. It stays the caller's:
   * `stop()` leaves it. Default: a fresh project with this package linked in node_modules (`createProjectDir`).
   */
  readonly cwd?: string;
}

/**
 * A project directory like a user's: this package in node_modules (a symlink to the repository, as `npm link` makes
 * it). The host runs here, because the provider text it evaluates resolves `require`s from its working directory.
 */
export async function createProjectDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  distFile("provider/dynamicResource/providerImplementation.js");
  const dir = await mkdtemp(join(tmpdir(), "org-grants-project-"));
  await mkdir(join(dir, "node_modules"));
  await symlink(repoRoot, join(dir, "node_modules", PACKAGE_NAME), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "org-grants-project", private: true }));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export class DynamicHost extends ProviderConnection {
  private constructor(
    started: StartedProvider,
    private readonly project: { dir: string; remove(): Promise<void> },
  ) {
    super(started);
  }

  /** The project directory the host runs in; a program of the same project runs there too. */
  get projectDir(): string {
    return this.project.dir;
  }

  /** Starts the host in a fresh project directory and connects to it. */
  static async start(options: HostOptions = {}): Promise<DynamicHost> {
    const project = options.cwd === undefined ? await createProjectDir() : { dir: options.cwd, remove: async () => {} };
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH0_|PULUMI_)/.test(k)));
    const started = await startProvider({
      label: "the dynamic-provider host",
      command: process.execPath,
      // Any engine address: the host never connects to it.
      args: [HOST_SCRIPT, "127.0.0.1:1"],
      cwd: project.dir,
      env: { ...env, ...options.env },
      startTimeoutMs: START_TIMEOUT_MS,
      callDeadlineMs: CALL_DEADLINE_MS,
    }).catch(async (error: unknown) => {
      await project.remove();
      throw error;
    });
    return new DynamicHost(started, project);
  }

  /** Sends the stack configuration, as the engine does before any other call. Values may be `rpcSecret(...)`s. */
  async configure(config: Props): Promise<void> {
    const request = new providerPb.ConfigureRequest();
    request.setArgs(toStruct(config));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    for (const [key, value] of Object.entries(config)) {
      request.getVariablesMap().set(key, typeof value === "string" ? value : String((value as { value?: unknown }).value));
    }
    await this.sendConfigure(request);
  }

  async check(olds: Props, news: Props, name = "grants"): Promise<CheckAnswer> {
    const request = new providerPb.CheckRequest();
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    return this.sendCheck("Check", request);
  }

  async diff(id: string, olds: Props, news: Props, name = "grants"): Promise<DiffAnswer> {
    const request = new providerPb.DiffRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    // The host answers no list of differing properties: the answer is what it does say.
    const { changes, replaces } = await this.sendDiff(request);
    return { changes, replaces };
  }

  async create(properties: Props, name = "grants"): Promise<{ id: string; properties: Props }> {
    const request = new providerPb.CreateRequest();
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    return this.sendCreate(request);
  }

  /** A refresh: the engine sends the outputs in state as `properties` and the inputs as `inputs`. */
  async read(id: string, properties: Props, inputs: Props = {}, name = "grants"): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const request = new providerPb.ReadRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    request.setInputs(toStruct(inputs));
    return this.sendRead(request);
  }

  async update(id: string, olds: Props, news: Props, name = "grants"): Promise<{ properties: Props }> {
    const request = new providerPb.UpdateRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    return this.sendUpdate(request);
  }

  async delete(id: string, properties: Props, name = "grants"): Promise<void> {
    const request = new providerPb.DeleteRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    await this.sendDelete(request);
  }

  /** Closes the connection, kills the host and removes the project directory it made. */
  async stop(): Promise<void> {
    await this.close();
    await this.project.remove();
  }
}

function urn(name: string): string {
  return `urn:pulumi:test::org-grants-project::${RESOURCE_TYPE}::${name}`;
}

export interface HostFixture {
  /** The running host, configured; only inside tests. */
  readonly host: DynamicHost;
  /** The real `__provider` text, as the SDK serialized it from the compiled package. */
  readonly providerText: string;
}

export interface HostFixtureSetup extends HostOptions {
  /** What the Configure call sends: the stack configuration, as the engine sends it before anything else. */
  readonly config?: Record<string, unknown>;
}

/**
 * Starts a host for this test file (beforeAll; register it after `withEmulator` so the emulator runs already),
 * sends Configure first, and kills the host afterwards (afterAll).
 */
export function withDynamicHost(setup: () => HostFixtureSetup): HostFixture {
  const hosted = perTestFile(
    "the dynamic-provider host",
    async () => {
      const options = setup();
      const serialized = serializeProvider();
      serialized.catch(() => undefined); // awaited below, once the host is running
      const host = await DynamicHost.start(options);
      try {
        const { providerText } = await serialized;
        await host.configure(options.config ?? {});
        return { host, providerText };
      } catch (error) {
        await host.stop();
        throw error;
      }
    },
    ({ host }) => host.stop(),
  );
  return {
    get host() {
      return hosted.current.host;
    },
    get providerText() {
      return hosted.current.providerText;
    },
  };
}
