// Drives the real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, as the engine
// does, without the Pulumi CLI: start it, read its port from the first line of stdout, call
// `pulumirpc.ResourceProvider`. Every message sent and answered is recorded as bytes, with the host's stdout and
// stderr, so that tests can search all of it (for a planted credential, say).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { distFile, repoRoot } from "./dist";
import { serializeProvider } from "./programRunner";

const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
const PACKAGE_NAME = "pulumi-auth0-org-grants";
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/auth0:OrganizationClientGrants";
/** The time one RPC may take before the test fails instead of hanging. */
const CALL_DEADLINE_MS = 20_000;
const START_TIMEOUT_MS = 15_000;

type Props = Record<string, unknown>;

/** One recorded message: what went to the host or what came back (an answer, or an error's text and metadata). */
export interface Exchange {
  readonly method: string;
  readonly direction: "sent" | "received";
  readonly bytes: Buffer;
}

export interface CheckAnswer {
  readonly inputs: Props;
  readonly failures: readonly { property: string; reason: string }[];
}

export interface DiffAnswer {
  readonly changes: "unknown" | "none" | "some";
  readonly replaces: readonly string[];
}

/** A value the way the engine sends a secret: wrapped with Pulumi's secret signature. */
export function rpcSecret(value: string): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

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
  distFile("provider/resource/providerImplementation.js");
  const dir = await mkdtemp(join(tmpdir(), "org-grants-project-"));
  await mkdir(join(dir, "node_modules"));
  await symlink(repoRoot, join(dir, "node_modules", PACKAGE_NAME), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "org-grants-project", private: true }));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export class DynamicHost {
  readonly exchanges: Exchange[] = [];
  private out = "";
  private err = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    private readonly project: { dir: string; remove(): Promise<void> },
    readonly port: number,
  ) {}

  /** The project directory the host runs in; a program of the same project runs there too. */
  get projectDir(): string {
    return this.project.dir;
  }

  /** Starts the host in a fresh project directory and connects to it. */
  static async start(options: HostOptions = {}): Promise<DynamicHost> {
    const project = options.cwd === undefined ? await createProjectDir() : { dir: options.cwd, remove: async () => {} };
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH0_|PULUMI_)/.test(k)));
    // Any engine address: the host never connects to it.
    const child = spawn(process.execPath, [HOST_SCRIPT, "127.0.0.1:1"], {
      cwd: project.dir,
      env: { ...env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the dynamic-provider host printed no port within ${START_TIMEOUT_MS} ms:\n${err}`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        const line = /^(\d+)\r?\n/.exec(out);
        if (line) {
          clearTimeout(timer);
          child.stdout!.off("data", onData);
          resolve(Number(line[1]));
        }
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the dynamic-provider host exited (${code}) before printing its port:\n${err}`));
      });
      child.once("error", reject);
    }).catch(async (error: unknown) => {
      await project.remove();
      throw error;
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new DynamicHost(child, client, project, port);
    // From here on the host object owns the output; what came before the port line is kept.
    child.stdout!.removeAllListeners("data");
    child.stderr!.removeAllListeners("data");
    host.out = out;
    host.err = err;
    child.stdout!.on("data", (chunk: string) => (host.out += chunk));
    child.stderr!.on("data", (chunk: string) => (host.err += chunk));
    return host;
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Every byte recorded: messages both ways, error texts, stdout and stderr. */
  transcript(filter: (exchange: Exchange) => boolean = () => true): Buffer {
    return Buffer.concat([...this.exchanges.filter(filter).map((e) => e.bytes), Buffer.from(this.out), Buffer.from(this.err)]);
  }

  /** Sends the stack configuration, as the engine does before any other call. Values may be `rpcSecret(...)`s. */
  async configure(config: Props): Promise<void> {
    const request = new providerPb.ConfigureRequest();
    request.setArgs(Struct.fromJavaScript(config as never));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    for (const [key, value] of Object.entries(config)) {
      request.getVariablesMap().set(key, typeof value === "string" ? value : String((value as { value?: unknown }).value));
    }
    await this.unary<providerPb.ConfigureRequest, providerPb.ConfigureResponse>("Configure", request, (r, m, o, cb) => this.client.configure(r, m, o, cb));
  }

  async check(olds: Props, news: Props, name = "grants"): Promise<CheckAnswer> {
    const request = new providerPb.CheckRequest();
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.unary<providerPb.CheckRequest, providerPb.CheckResponse>("Check", request, (r, m, o, cb) => this.client.check(r, m, o, cb));
    return {
      inputs: (response.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, olds: Props, news: Props, name = "grants"): Promise<DiffAnswer> {
    const request = new providerPb.DiffRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.unary<providerPb.DiffRequest, providerPb.DiffResponse>("Diff", request, (r, m, o, cb) => this.client.diff(r, m, o, cb));
    const changes = { [providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown", [providerPb.DiffResponse.DiffChanges.DIFF_NONE]: "none", [providerPb.DiffResponse.DiffChanges.DIFF_SOME]: "some" } as const;
    return { changes: changes[response.getChanges()], replaces: response.getReplacesList() };
  }

  async create(properties: Props, name = "grants"): Promise<{ id: string; properties: Props }> {
    const request = new providerPb.CreateRequest();
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    const response = await this.unary<providerPb.CreateRequest, providerPb.CreateResponse>("Create", request, (r, m, o, cb) => this.client.create(r, m, o, cb));
    return { id: response.getId(), properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  /** A refresh: the engine sends the outputs in state as `properties` and the inputs as `inputs`. */
  async read(id: string, properties: Props, inputs: Props = {}, name = "grants"): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const request = new providerPb.ReadRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    request.setInputs(toStruct(inputs));
    const response = await this.unary<providerPb.ReadRequest, providerPb.ReadResponse>("Read", request, (r, m, o, cb) => this.client.read(r, m, o, cb));
    return {
      id: response.getId(),
      properties: (response.getProperties()?.toJavaScript() ?? {}) as Props,
      inputs: response.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  async update(id: string, olds: Props, news: Props, name = "grants"): Promise<{ properties: Props }> {
    const request = new providerPb.UpdateRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await this.unary<providerPb.UpdateRequest, providerPb.UpdateResponse>("Update", request, (r, m, o, cb) => this.client.update(r, m, o, cb));
    return { properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async delete(id: string, properties: Props, name = "grants"): Promise<void> {
    const request = new providerPb.DeleteRequest();
    request.setId(id);
    request.setUrn(urn(name));
    request.setProperties(toStruct(properties));
    await this.unary<providerPb.DeleteRequest, Empty>("Delete", request, (r, m, o, cb) => this.client.delete(r, m, o, cb));
  }

  /** Closes the connection, kills the host (it does not exit when its parent dies) and removes the project directory it made. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
    await this.project.remove();
  }

  private unary<Req extends { serializeBinary(): Uint8Array }, Res extends { serializeBinary(): Uint8Array }>(
    method: string,
    request: Req,
    send: (request: Req, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  ): Promise<Res> {
    this.exchanges.push({ method, direction: "sent", bytes: Buffer.from(request.serializeBinary()) });
    return new Promise<Res>((resolve, reject) => {
      send(request, new grpc.Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (error, response) => {
        if (error) {
          const metadata = JSON.stringify(error.metadata?.toJSON() ?? {});
          this.exchanges.push({ method, direction: "received", bytes: Buffer.from(`${error.details}\n${error.message}\n${metadata}`) });
          reject(new HostCallError(method, error));
          return;
        }
        this.exchanges.push({ method, direction: "received", bytes: Buffer.from(response.serializeBinary()) });
        resolve(response);
      });
    });
  }
}

/** An RPC the host answered with an error; `details` is the host's message (the provider's error message). */
export class HostCallError extends Error {
  readonly code: number;
  readonly details: string;
  constructor(method: string, error: grpc.ServiceError) {
    super(`${method} failed: ${error.details}`);
    this.code = error.code;
    this.details = error.details;
  }
}

function urn(name: string): string {
  return `urn:pulumi:test::org-grants-project::${RESOURCE_TYPE}::${name}`;
}

function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(props as never);
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
  let host: DynamicHost | undefined;
  let providerText: string | undefined;
  beforeAll(async () => {
    const options = setup();
    const serialized = serializeProvider();
    serialized.catch(() => undefined); // awaited below, once the host is running (and owned by afterAll)
    host = await DynamicHost.start(options);
    providerText = (await serialized).providerText;
    await host.configure(options.config ?? {});
  });
  afterAll(async () => {
    await host?.stop();
  });
  return {
    get host() {
      if (host === undefined) throw new Error("the dynamic-provider host is only available inside tests");
      return host;
    },
    get providerText() {
      if (providerText === undefined) throw new Error("the provider text is only available inside tests");
      return providerText;
    },
  };
}
