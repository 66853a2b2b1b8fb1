// Runs the program side of a deployment in a child Node process (pulumiProgramChild.js, on the compiled package in
// dist/) and plays the engine for it: each dynamic resource the program registers is checked and created by the
// real dynamic-provider host, and the host's answer becomes the resource's state.
import { fork } from "node:child_process";
import { isAbsolute, join } from "node:path";
import { distFile } from "./dist";
import type { DynamicHost } from "./dynamicHost";

const CHILD = join(__dirname, "pulumiProgramChild.js");
const CHILD_TIMEOUT_MS = 45_000;

type Props = Record<string, unknown>;

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Props;
}

export interface ChildRun<T> {
  readonly result: T;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NewResourceRequest {
  readonly type: string;
  readonly name: string;
  readonly inputs: Props;
}

type NewResourceHandler = (request: NewResourceRequest) => Promise<{ id: string; state: Props }>;

interface ChildOptions {
  readonly args: string[];
  readonly cwd?: string;
  /** PULUMI_CONFIG: the stack's configuration as the program sees it. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: readonly string[];
  readonly project?: string;
  readonly onNewResource?: NewResourceHandler;
  /** Added to the child's environment (TEST_* variables for the child itself). */
  readonly env?: Record<string, string>;
}

function runChild<T>(options: ChildOptions): Promise<ChildRun<T>> {
  // No credential reaches the program through the environment: only through the stack config it is given.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH0_|PULUMI_)/.test(k)));
  if (options.config) env.PULUMI_CONFIG = JSON.stringify(options.config);
  if (options.secretKeys) env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(options.secretKeys);
  if (options.project) env.TEST_PULUMI_PROJECT = options.project;
  Object.assign(env, options.env);
  const child = fork(CHILD, options.args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  return new Promise<ChildRun<T>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle(() => reject(new Error(`the program did not finish within ${CHILD_TIMEOUT_MS} ms\n${stderr}`)));
    }, CHILD_TIMEOUT_MS);
    child.on("message", (message: { kind: string; seq?: number; request?: NewResourceRequest; result?: T; message?: string }) => {
      if (message.kind === "newResource") {
        const handler = options.onNewResource ?? (() => Promise.reject(new Error("no engine for dynamic resources in this run")));
        handler(message.request!).then(
          (answer) => child.connected && child.send({ seq: message.seq, answer }),
          (error: unknown) => child.connected && child.send({ seq: message.seq, error: String((error as Error)?.message ?? error) }),
        );
      } else if (message.kind === "done") {
        // The streams may still hold output: wait for the exit before reading them.
        child.once("exit", () => settle(() => resolve({ result: message.result as T, stdout, stderr })));
      } else if (message.kind === "error") {
        child.once("exit", () => settle(() => reject(new Error(`the program failed: ${message.message}\n${stderr}`))));
      }
    });
    child.once("exit", (code, signal) =>
      // A 'done' or 'error' message arrives before the exit it causes; this is for a child that died without one.
      setImmediate(() => settle(() => reject(new Error(`the program exited (${code ?? signal}) without an answer\n${stderr}`)))),
    );
  });
}

export interface SerializedProvider {
  /** What `pulumi.dynamic.Resource` stored under `__provider`, under `pulumi.runtime.setMocks`. */
  readonly providerText: string;
  /** `pulumi.runtime.serializeFunction(() => providerShell)`, called directly. */
  readonly directText: string;
  /** The type token the resource registered with. */
  readonly type: string;
  /** Every input the resource registered with. */
  readonly inputs: Props;
}

let serialized: Promise<SerializedProvider> | undefined;

/** The `__provider` text, produced by the SDK's real serializer from the compiled package (once per test file). */
export function serializeProvider(): Promise<SerializedProvider> {
  distFile("provider/dynamicResource/providerShell.js");
  serialized ??= runChild<SerializedProvider>({ args: ["serialize"] }).then((run) => run.result);
  return serialized;
}

export interface ProgramRun {
  /** The stack outputs. */
  readonly outputs: Props;
  /** Every resource the program registered, with the inputs the engine received. */
  readonly registered: readonly RegisteredResource[];
}

export interface RunProgramOptions {
  /** Path relative to dist/, e.g. "examples/program/index.js", or an absolute path (a bundle, say). */
  readonly program: string;
  /** Where the program runs: the user's project directory. */
  readonly cwd: string;
  readonly project: string;
  readonly config: Record<string, string>;
  readonly secretKeys?: readonly string[];
  /** The host that plays the engine's provider for dynamic resources. */
  readonly host: DynamicHost;
}

/** Runs a compiled program under the SDK's runtime; dynamic resources are checked and created by the real host. */
export async function runProgram(options: RunProgramOptions): Promise<ChildRun<ProgramRun>> {
  const program = isAbsolute(options.program) ? options.program : distFile(options.program);
  return runChild<ProgramRun>({
    args: ["run", program],
    cwd: options.cwd,
    config: options.config,
    secretKeys: options.secretKeys,
    project: options.project,
    onNewResource: engineFor(options.host),
  });
}

/** What the engine does for a new dynamic resource in an update: Check, then Create with the checked inputs. */
export function engineFor(host: DynamicHost): NewResourceHandler {
  return async ({ name, inputs }) => {
    const checked = await host.check({}, inputs, name);
    if (checked.failures.length > 0) {
      throw new Error(`Check of ${name} failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const created = await host.create(checked.inputs, name);
    return { id: created.id, state: created.properties };
  };
}

/** One resource registration as the engine receives it from the program, and what the (mock) engine answered. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Read with `Resource.get` (a ReadResource): in the stack, but never handed to Analyze by the engine. */
  readonly read?: boolean;
  readonly parent?: string;
  readonly urn: string;
  /** Unset in a preview: a resource about to be created has no id yet. */
  readonly id?: string;
  /** The inputs on the wire: values not known yet are the engine's unknown sentinels, secrets are wrapped. */
  readonly inputs: Props;
  /** The outputs the engine holds after the step: the inputs in a preview, the created state in an update. */
  readonly outputs: Props;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface CaptureOptions {
  /** Path relative to dist/ (a compiled program), or an absolute path to a JavaScript program. */
  readonly program: string;
  readonly mode: "preview" | "update";
  readonly project: string;
  readonly config?: Record<string, string>;
  readonly secretKeys?: readonly string[];
  /** The id each custom resource gets in an update, by resource name (`<name>-id` otherwise). */
  readonly ids?: Record<string, string>;
  /** Outputs a provider adds in an update beyond the inputs (the state it reads back), by resource name. */
  readonly providerState?: Record<string, Record<string, unknown>>;
  /** Answers for dynamic resources in an update (their outputs); a preview never creates them. */
  readonly onNewResource?: NewResourceHandler;
  readonly cwd?: string;
}

/**
 * Runs a program under the SDK's mocks and records every registration with its dependencies, so that a test can
 * hand the analyzer exactly what the engine would: inputs for `Analyze`, outputs and dependencies for `AnalyzeStack`.
 */
export async function captureStack(options: CaptureOptions): Promise<ChildRun<{ outputs: Props; registrations: Registration[] }>> {
  const program = options.program.startsWith("/") ? options.program : distFile(options.program);
  return runChild({
    args: ["capture", program, options.mode],
    cwd: options.cwd,
    config: options.config,
    secretKeys: options.secretKeys,
    project: options.project,
    env: { TEST_MOCK_IDS: JSON.stringify(options.ids ?? {}), TEST_MOCK_STATES: JSON.stringify(options.providerState ?? {}) },
    onNewResource: options.onNewResource,
  });
}
