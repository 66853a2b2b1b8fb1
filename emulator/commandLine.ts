// The emulator's command line (`npm run emulator -- [--seed file.json] [--port N] [--latency ms] [--rate
// perSecond:burst]`): starts the emulator (the demo tenant unless --seed is given), prints where it listens and how to
// sign in, and keeps it running until interrupted. main.ts is the executable that calls it.
import { parseArgs } from "node:util";
import type { RateLimit } from "./tokenBucket";
import { DEMO_CREDENTIALS, DEMO_ORGANIZATIONS, loadSeedFile } from "./seed";
import type { Emulator } from "./emulatorServer";
import { startEmulator } from "./emulatorServer";

const USAGE = "usage: npm run emulator -- [--seed file.json] [--port N] [--latency ms] [--rate perSecond:burst]";

export interface Running {
  readonly emulator: Emulator;
  /** Stops the emulator and lets go of the signal handlers. */
  close(): Promise<void>;
}

/** Starts the emulator as the command line says; resolves once it listens (the process keeps it alive). */
export async function startFromCommandLine(argv: readonly string[], print: (line: string) => void = console.log): Promise<Running | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: "string" },
      port: { type: "string", default: "0" },
      latency: { type: "string", default: "0" },
      rate: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    print(USAGE);
    return undefined;
  }
  const emulator = await startEmulator({
    port: number("--port", values.port),
    latencyMs: number("--latency", values.latency),
    rateLimit: values.rate === undefined ? undefined : rate(values.rate),
    seed: values.seed === undefined ? undefined : await loadSeedFile(values.seed),
  });

  print(`Auth0 emulator listening on ${emulator.origin}`);
  print(`  Management API: ${emulator.origin}/api/v2   token endpoint: ${emulator.origin}/oauth/token`);
  print(`  audience:       ${emulator.audience}`);
  if (values.seed === undefined) {
    print("Demo tenant (fake credentials that only work here; paste these lines into another terminal):");
    // The origin, not the bare host: a bare host means HTTPS, which the emulator does not speak. `export`, because a
    // pasted `NAME=value` line only sets a shell variable, which a command run afterwards never sees.
    print(`  export AUTH0_DOMAIN=${emulator.origin}`);
    print(`  export AUTH0_AUDIENCE=${emulator.audience}`);
    print(`  export AUTH0_CLIENT_ID=${DEMO_CREDENTIALS.clientId}`);
    print(`  export AUTH0_CLIENT_SECRET=${DEMO_CREDENTIALS.clientSecret}`);
    print(`  export AUTH0_API_TOKEN=${DEMO_CREDENTIALS.apiToken}`);
    print(`  organizations:  ${Object.values(DEMO_ORGANIZATIONS).join(", ")}`);
  }

  const close = async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await emulator.stop();
  };
  const onSignal = () => void close();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { emulator, close };
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`${flag} must be a number, not "${text}"\n${USAGE}`);
  return value;
}

function rate(text: string): RateLimit {
  const [perSecond, burst, ...rest] = text.split(":");
  if (perSecond === undefined || burst === undefined || rest.length > 0) {
    throw new Error(`--rate must look like perSecond:burst (e.g. 10:30), not "${text}"\n${USAGE}`);
  }
  return { perSecond: number("--rate perSecond", perSecond), burst: number("--rate burst", burst) };
}
