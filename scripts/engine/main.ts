// `npm run engine` (and the first step of `npm test`): builds the real Pulumi engine into .cache/engine, or reuses it
// (see engine.ts). Without Go or a suitable `pulumi`, it says what to install and exits 0, so that `npm test` still
// runs every other test: the engine tests then fail with the same message instead of passing by skipping.
import { engine, EngineUnavailableError } from "./engine";

const say = (line: string) => process.stderr.write(`${line}\n`);

engine({ say }).then(
  (found) => say(`engine: pulumi ${found.version} from ${found.source === "path" ? `PATH (${found.binDir})` : found.binDir}${found.source === "cache" ? " (cached)" : ""}`),
  (error: unknown) => {
    say(`engine: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof EngineUnavailableError ? 0 : 1;
  },
);
