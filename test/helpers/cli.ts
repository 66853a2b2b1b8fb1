// The CLI as a user runs it: the compiled bin in a child process, configured only through its environment.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { distFile } from "./dist";

const run = promisify(execFile);

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI with only the given environment (plus PATH), so nothing leaks in from the developer's shell.
 * `nodeArgs` go to node before the script (a `-r` preload, say).
 */
export async function cli(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, distFile("provider/cli/main.js"), ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
