// The provider plugin as a contender: `Invoke` of getOrganizationClientGrants over gRPC, timed from the call to the
// arrival of the answer's bytes. The engine decodes those bytes in Go, so the bench does not decode them in the timed
// part: the client's deserializer hands the raw bytes over, and they are decoded (for the equality check) afterwards.
// One plugin process serves every run, as one engine keeps one per provider; Configure points it at each run's fresh
// emulator before the clock starts.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { toClientGrant } from "../../provider/core/schemas";
import type { Contender } from "./contenders";

const FUNCTION_TOKEN = "auth0-org-grants:index:getOrganizationClientGrants";

interface Running {
  readonly child: ChildProcess;
  readonly client: grpc.Client;
}

let running: Promise<Running> | undefined;

function start(): Promise<Running> {
  running ??= new Promise<Running>((resolve, reject) => {
    const main = join(__dirname, "..", "..", "provider", "plugin", "main.js");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH0_|PULUMI_)/.test(k)));
    const child = spawn(process.execPath, [main, "127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = /^(\d+)\n/.exec(out);
      if (line) {
        child.stdout!.removeAllListeners("data");
        const client = new grpc.Client(`127.0.0.1:${line[1]}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": -1 });
        resolve({ child, client });
      }
    });
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port`)));
  });
  return running;
}

function unary<Req extends { serializeBinary(): Uint8Array }, Res>(client: grpc.Client, path: string, request: Req, decode: (bytes: Buffer) => Res): Promise<Res> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, (r: Req) => Buffer.from(r.serializeBinary()), decode, request, (error, response) => (error ? reject(error) : resolve(response!))),
  );
}

/** The answer's bytes, or the failures the plugin reported, as the equality check reads them. */
function decodeAnswer(bytes: unknown): unknown[] {
  const response = providerPb.InvokeResponse.deserializeBinary(bytes as Buffer);
  const failures = response.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`);
  if (failures.length > 0) throw new Error(`the plugin answered failures: ${failures.join("; ")}`);
  return ((response.getReturn()?.toJavaScript() ?? {}) as { clientGrants?: unknown[] }).clientGrants ?? [];
}

export const pluginInvoke: Contender = {
  name: "plugin-invoke",
  label: "provider plugin (Invoke over gRPC)",
  async prepare(tenant) {
    const { client } = await start();
    const request = new providerPb.ConfigureRequest().setAcceptsecrets(true);
    request.setArgs(Struct.fromJavaScript({ domain: tenant.origin, apiToken: tenant.token }));
    await unary(client, "/pulumirpc.ResourceProvider/Configure", request, (b) => providerPb.ConfigureResponse.deserializeBinary(b));
  },
  async list(_tenant, organizationId) {
    const { client } = await start();
    const request = new providerPb.InvokeRequest().setTok(FUNCTION_TOKEN).setArgs(Struct.fromJavaScript({ organizationId }));
    // The raw bytes: decoding is the engine's (Go) work, not the plugin's; `decode` runs after the clock stops.
    return [await unary(client, "/pulumirpc.ResourceProvider/Invoke", request, (bytes) => bytes)];
  },
  decode: (value) => decodeAnswer(value[0]),
  expected: (grants) => grants.map(toClientGrant),
  async close() {
    if (running === undefined) return;
    const { child, client } = await running;
    running = undefined;
    client.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  },
};
