// Starts the gRPC server the engine talks to: bound to loopback on a free port, printed as the first and only line
// of stdout (the engine's handshake); everything else the plugin says goes to stderr.
import * as grpc from "@grpc/grpc-js";
import { ProviderService, serviceDefinition } from "./service";

/** As the Pulumi SDKs configure theirs: large states and answers (10,000 grants is about 1.8 MB) must fit. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export interface RunningPlugin {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startPlugin(env: NodeJS.ProcessEnv = process.env): Promise<RunningPlugin> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES, "grpc.max_send_message_length": MAX_MESSAGE_BYTES });
  server.addService(serviceDefinition, new ProviderService(env).implementation());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    // The engine stops a plugin once it is done with it: in-flight calls are not waited for.
    stop: async () => server.forceShutdown(),
  };
}
