// What every run of the engine outside a user's own setup needs, for the engine tests and the benchmark alike: a
// hermetic environment (a file:// backend and PULUMI_HOME of its own, a passphrase, no update check, no plugin
// download, none of the caller's AUTH0_* or PULUMI_*), and a command runner that does not block the event loop (the
// emulator the engine's programs talk to answers from the same process).
import { spawn } from "node:child_process";
import { delimiter } from "node:path";

export interface HermeticSettings {
  /** PULUMI_HOME. */
  readonly home: string;
  /** The folder of the file:// backend. */
  readonly backend: string;
  readonly passphrase: string;
  /** PATH, folder by folder, the engine's own first. */
  readonly path: readonly string[];
}

/** The environment of every engine command. */
export function hermeticEnv(settings: HermeticSettings): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(AUTH0_|PULUMI_|PATH$)/.test(entry[0])),
  );
  return {
    ...inherited,
    PATH: settings.path.join(delimiter),
    PULUMI_HOME: settings.home,
    PULUMI_BACKEND_URL: `file://${settings.backend}`,
    PULUMI_CONFIG_PASSPHRASE: settings.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for searching a message wherever the command printed it. */
  readonly output: string;
}

const COMMAND_TIMEOUT_MS = 120_000;

/** Runs `command args...` in `cwd`; killed after `timeoutMs` (two minutes unless given). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? COMMAND_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output });
    });
    child.stdin.end(options.stdin ?? "");
  });
}
