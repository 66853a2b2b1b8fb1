// TypeScript-surface programs through the real engine: a project laid out as a user's (package.json, the program in
// index.js, node_modules holding this package as `npm pack` makes it, with its dependencies and @pulumi/pulumi), run
// as an Automation API inline program in a child process (engineProgramChild.js). `up`, `preview`, `refresh`,
// `destroy` and `exportStack` are the SDK's own, driving the real `pulumi`.
import { fork, type ChildProcess } from "node:child_process";
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EngineSandbox } from "./engine";
import { installedProject } from "./pluginProcess";

type ConfigMap = Record<string, { value: string; secret?: boolean }>;

/** A project folder with `source` as its index.js and the packed install's node_modules. */
export async function nodeProject(sandbox: EngineSandbox, name: string, source: string): Promise<string> {
  const dir = await sandbox.projectDir(name);
  const installed = await installedProject();
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.js", dependencies: { "pulumi-auth0-org-grants": "0.1.0" } }));
  await writeFile(join(dir, "index.js"), source);
  await symlink(join(installed, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

export interface OperationResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs?: Record<string, { value: unknown; secret: boolean }>;
  readonly summary?: { result: string; resourceChanges?: Record<string, number> };
  readonly changeSummary?: Record<string, number>;
}

/** An engine operation that failed: the SDK's message, and what the CLI printed. */
export class OperationFailed extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }

  /** Everything it said: the SDK's message (which quotes the CLI) and the CLI's own output. */
  get output(): string {
    return [this.message, this.stdout, this.stderr].join("\n");
  }
}

/** The OperationFailed that `operation` ends with; an error if it succeeds. */
export async function failureOf(operation: Promise<unknown>): Promise<OperationFailed> {
  try {
    await operation;
  } catch (error) {
    if (error instanceof OperationFailed) return error;
    throw error;
  }
  throw new Error("the operation succeeded; it was expected to fail");
}

/** One stack of a project, driven from a child process; `close()` ends the child. */
export class ProgramStack {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: { seq?: number; result?: unknown; error?: { message: string; stdout: string; stderr: string } }) => {
      const waiting = message.seq === undefined ? undefined : this.pending.get(message.seq);
      if (waiting === undefined) return;
      this.pending.delete(message.seq!);
      if (message.error) waiting.reject(new OperationFailed(message.error.message, message.error.stdout, message.error.stderr));
      else waiting.resolve(message.result);
    });
    child.on("exit", (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the program's process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Opens (or creates) `stackName` of the project in `dir`, with `config` set; `env` is added to the sandbox's. */
  static async open(
    sandbox: EngineSandbox,
    dir: string,
    options: { projectName: string; stackName: string; config?: ConfigMap; env?: Record<string, string> },
  ): Promise<ProgramStack> {
    const child = fork(join(__dirname, "engineProgramChild.js"), [], { cwd: dir, env: sandbox.env(options.env), stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let printed = "";
    child.stdout?.on("data", (chunk: Buffer) => (printed += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (printed += chunk));
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`the program's process exited (${code}) before it was ready:\n${printed}`)));
    });
    const stack = new ProgramStack(child);
    await stack.call("open", { projectName: options.projectName, stackName: options.stackName, config: options.config });
    return stack;
  }

  private call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ seq, op, args });
    });
  }

  /** `options` are the Automation API's (`UpOptions`: `refresh`, `diff`, ...), as plain data. */
  up(options: Record<string, unknown> = {}): Promise<OperationResult> {
    return this.call("up", options);
  }
  /** A preview with the diff shown (`pulumi preview --diff`) unless `options` say `diff: false`. */
  preview(options: Record<string, unknown> = {}): Promise<OperationResult> {
    return this.call("preview", options);
  }
  refresh(options: Record<string, unknown> = {}): Promise<OperationResult> {
    return this.call("refresh", options);
  }
  destroy(): Promise<OperationResult> {
    return this.call("destroy");
  }
  setConfig(config: ConfigMap): Promise<void> {
    return this.call("setConfig", { config });
  }
  /** `pulumi stack export`: the deployment as the backend holds it. */
  exportStack(): Promise<{ version: number; deployment: { resources?: StateResource[] } }> {
    return this.call("exportStack");
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill();
    await exited;
  }
}

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}
