// What driving a provider process the way the engine does takes, whichever process it is (the dynamic-provider host
// in dynamicHost.ts, the provider plugin in pluginProcess.ts): start it, read its port from the first line of stdout,
// connect and call `pulumirpc.ResourceProvider`. Every message sent and answered is recorded as bytes, with the
// process's stdout and stderr, so that tests can search all of it (for a planted credential, say).
import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";

type Props = Record<string, unknown>;

/** One recorded message: what went to the process or what came back (an answer, or an error's text and metadata). */
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

export { rpcSecret } from "./rpcWire";

/** An RPC the process answered with an error; `details` is its message (the provider's error message). */
export class HostCallError extends Error {
  readonly code: number;
  readonly details: string;
  constructor(method: string, error: grpc.ServiceError) {
    super(`${method} failed: ${error.details}`);
    this.code = error.code;
    this.details = error.details;
  }
}

export function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(props as never);
}

export interface ProviderProcessSpec {
  /** How error messages name the process, e.g. "the plugin". */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly startTimeoutMs: number;
  /** The longest one RPC may take before the test fails instead of hanging. */
  readonly callDeadlineMs: number;
  readonly channelOptions?: grpc.ChannelOptions;
}

/** A started provider process: its port, the whole first stdout line it printed, and a client connected to it. */
export interface StartedProvider {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly client: providerGrpc.ResourceProviderClient;
  readonly port: number;
  readonly firstStdoutLine: string;
  readonly callDeadlineMs: number;
}

/** Starts the process, waits for the port line (a process that prints anything else first is killed) and connects. */
export async function startProvider(spec: ProviderProcessSpec): Promise<StartedProvider> {
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
  // Everything the process prints, from its first byte on: what came before the port line is kept.
  const output = { stdout: "", stderr: "" };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${spec.label} printed no port within ${spec.startTimeoutMs} ms:\n${output.stderr}`));
    }, spec.startTimeoutMs);
    const onData = () => {
      const newline = output.stdout.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(output.stdout.slice(0, newline));
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.label} exited (${code}) before printing its port:\n${output.stderr}`));
    });
    child.once("error", reject);
  });
  const port = Number(line);
  if (!Number.isInteger(port) || port <= 0) {
    child.kill("SIGKILL");
    throw new Error(`${spec.label}'s first stdout line is not a port: ${JSON.stringify(line)}`);
  }
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), spec.channelOptions);
  return { child, output, client, port, firstStdoutLine: line, callDeadlineMs: spec.callDeadlineMs };
}

type Send<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => unknown;

/**
 * A connection to a started provider process, recording every exchange. The subclasses build the requests the way
 * their process expects them; the calls and the decoding of the answers are the same for both.
 */
export class ProviderConnection {
  readonly exchanges: Exchange[] = [];
  readonly port: number;
  protected readonly client: providerGrpc.ResourceProviderClient;
  private readonly child: ChildProcess;
  private readonly output: { stdout: string; stderr: string };
  private readonly callDeadlineMs: number;

  protected constructor(started: StartedProvider) {
    this.child = started.child;
    this.output = started.output;
    this.client = started.client;
    this.port = started.port;
    this.callDeadlineMs = started.callDeadlineMs;
  }

  get stdout(): string {
    return this.output.stdout;
  }

  get stderr(): string {
    return this.output.stderr;
  }

  /** Every byte recorded: messages both ways, error texts, stdout and stderr. */
  transcript(filter: (exchange: Exchange) => boolean = () => true): Buffer {
    return Buffer.concat([...this.exchanges.filter(filter).map((e) => e.bytes), Buffer.from(this.output.stdout), Buffer.from(this.output.stderr)]);
  }

  /** Closes the connection and kills the process (it does not exit when its parent dies). */
  protected async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }

  protected async sendCheck(method: "Check" | "CheckConfig", request: providerPb.CheckRequest): Promise<CheckAnswer> {
    const response = await this.unary<providerPb.CheckRequest, providerPb.CheckResponse>(method, request, (r, m, o, cb) =>
      method === "Check" ? this.client.check(r, m, o, cb) : this.client.checkConfig(r, m, o, cb),
    );
    return {
      inputs: (response.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  protected async sendDiff(request: providerPb.DiffRequest): Promise<DiffAnswer & { diffs: readonly string[] }> {
    const response = await this.unary<providerPb.DiffRequest, providerPb.DiffResponse>("Diff", request, (r, m, o, cb) => this.client.diff(r, m, o, cb));
    const C = providerPb.DiffResponse.DiffChanges;
    const changes = { [C.DIFF_UNKNOWN]: "unknown", [C.DIFF_NONE]: "none", [C.DIFF_SOME]: "some" } as const;
    return { changes: changes[response.getChanges()], replaces: response.getReplacesList(), diffs: response.getDiffsList() };
  }

  protected async sendCreate(request: providerPb.CreateRequest): Promise<{ id: string; properties: Props }> {
    const response = await this.unary<providerPb.CreateRequest, providerPb.CreateResponse>("Create", request, (r, m, o, cb) => this.client.create(r, m, o, cb));
    return { id: response.getId(), properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  protected async sendRead(request: providerPb.ReadRequest): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const response = await this.unary<providerPb.ReadRequest, providerPb.ReadResponse>("Read", request, (r, m, o, cb) => this.client.read(r, m, o, cb));
    return {
      id: response.getId(),
      properties: (response.getProperties()?.toJavaScript() ?? {}) as Props,
      inputs: response.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  protected async sendUpdate(request: providerPb.UpdateRequest): Promise<{ properties: Props }> {
    const response = await this.unary<providerPb.UpdateRequest, providerPb.UpdateResponse>("Update", request, (r, m, o, cb) => this.client.update(r, m, o, cb));
    return { properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  protected async sendDelete(request: providerPb.DeleteRequest): Promise<void> {
    await this.unary<providerPb.DeleteRequest, Empty>("Delete", request, (r, m, o, cb) => this.client.delete(r, m, o, cb));
  }

  protected sendConfigure(request: providerPb.ConfigureRequest): Promise<providerPb.ConfigureResponse> {
    return this.unary<providerPb.ConfigureRequest, providerPb.ConfigureResponse>("Configure", request, (r, m, o, cb) => this.client.configure(r, m, o, cb));
  }

  /** One call, recorded both ways; an error answer rejects with a HostCallError. */
  protected unary<Req extends { serializeBinary(): Uint8Array }, Res extends { serializeBinary(): Uint8Array }>(method: string, request: Req, send: Send<Req, Res>): Promise<Res> {
    this.exchanges.push({ method, direction: "sent", bytes: Buffer.from(request.serializeBinary()) });
    return new Promise<Res>((resolve, reject) => {
      send(request, new grpc.Metadata(), { deadline: Date.now() + this.callDeadlineMs }, (error, response) => {
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
