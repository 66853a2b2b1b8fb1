// A stand-in for the Node.js language host, which cannot be built here: a `pulumirpc.LanguageRuntime` server that the
// real `pulumi` is pointed at with `--client=127.0.0.1:<port>`, and whose Run does what the host's Run does (see
// pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs): it starts `node <@pulumi/pulumi/cmd/run> --monitor ...
// --project ... --stack ... --pwd <program directory> <entry point>` in the program directory the engine resolved
// from the project's `main`, with the stack's configuration in PULUMI_CONFIG and TypeScript on (the host's default).
// `cmd/run` then picks the program as the host's child would: for the entry point `.`, the nearest package.json's
// `exports["."]` or `main`.
import { spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import * as languageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as languagePb from "@pulumi/pulumi/proto/language_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { pinnedPulumiVersion } from "../../scripts/engine/engine";

export interface NodeHostStandIn {
  readonly port: number;
  /** What each program run printed, for messages. */
  readonly printed: string[];
  stop(): Promise<void>;
}

function runProgram(request: languagePb.RunRequest, env: NodeJS.ProcessEnv, printed: string[]): Promise<string> {
  const info = request.getInfo();
  const programDirectory = info?.getProgramDirectory() || request.getPwd();
  const entryPoint = info?.getEntryPoint() || request.getProgram() || ".";
  const runScript = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
  const config = Object.fromEntries(request.getConfigMap().entries() as unknown as Iterable<[string, string]>);
  const args = [
    runScript,
    "--monitor", request.getMonitorAddress(),
    "--engine", request.getArgsList()[0] ?? "",
    "--organization", request.getOrganization(),
    "--project", request.getProject(),
    "--stack", request.getStack(),
    "--pwd", programDirectory,
    "--parallel", String(request.getParallel()),
    ...(request.getDryrun() ? ["--dry-run"] : []),
    entryPoint,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: programDirectory,
      env: {
        ...env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        PULUMI_NODEJS_TYPESCRIPT: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) => {
      printed.push(output);
      resolve(code === 0 ? "" : `the program exited with code ${code}: ${output}`);
    });
  });
}

/** Starts the stand-in on 127.0.0.1; `env` is the program's environment (PATH and the like). */
export async function startNodeHostStandIn(env: NodeJS.ProcessEnv): Promise<NodeHostStandIn> {
  const printed: string[] = [];
  const server = new grpc.Server();
  const implementation: Partial<grpc.UntypedServiceImplementation> = {
    getRequiredPlugins: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, new languagePb.GetRequiredPluginsResponse()),
    getPluginInfo: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, new pluginPb.PluginInfo().setVersion(pinnedPulumiVersion().replace(/^v/, ""))),
    run: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void runProgram(call.request as languagePb.RunRequest, env, printed).then((error) => callback(null, new languagePb.RunResponse().setError(error)));
    },
  };
  const definition = languageGrpc.LanguageRuntimeService as unknown as grpc.ServiceDefinition;
  const unimplemented = (name: string) => (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the stand-in` });
  server.addService(definition, Object.fromEntries(Object.keys(definition).map((name) => [name, implementation[name] ?? unimplemented(name)])));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, printed, stop: async () => server.forceShutdown() };
}
