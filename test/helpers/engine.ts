// The real Pulumi engine for a test file, hermetic: a `file://` backend and PULUMI_HOME in a temporary folder, a
// passphrase, no update check, no plugin download, and a PATH of the engine's folder, node and the system's tools
// only (so no plugin a developer installed globally can stand in for the one under test). The engine is built or
// reused by scripts/engine/engine.ts; when it cannot be had (neither Go nor a suitable `pulumi`), every test of the
// file fails with the message saying what to install.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { engine, type Engine } from "../../scripts/engine/engine";
import { hermeticEnv, runCommand, type CommandResult } from "../../scripts/engine/sandbox";
import { perTestFile } from "./perTestFile";

export { runCommand, type CommandResult };

export const PASSPHRASE = "engine-tests-passphrase";
/** Long enough for a first build of the engine on a new machine (about 9 minutes on 2 cores). */
export const ENGINE_SETUP_MS = 20 * 60_000;
/** One engine test: a few `pulumi` commands of a few seconds each, on a machine that runs other test files too. */
export const ENGINE_TEST_MS = 4 * 60_000;

export class EngineSandbox {
  readonly home: string;
  readonly backend: string;

  constructor(
    readonly engine: Engine,
    /** The sandbox's temporary folder: PULUMI_HOME, the backend and the projects live under it. */
    readonly dir: string,
  ) {
    this.home = join(dir, "home");
    this.backend = join(dir, "state");
  }

  /** The environment of every engine command: hermetic, without any AUTH0_* or PULUMI_* of the test's own. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const path = [this.engine.binDir, dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
    return { ...hermeticEnv({ home: this.home, backend: this.backend, passphrase: PASSPHRASE, path }), ...extra };
  }

  /**
   * Runs `pulumi args...` in `cwd` without blocking the event loop (the emulator answers from this process). The global
   * flags come first: after a `--` in `args` (before a config value that may start with "-") every word is a value.
   */
  pulumi(args: readonly string[], options: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<CommandResult> {
    return runCommand(this.engine.pulumi, ["--non-interactive", "--color=never", ...args], { cwd: options.cwd, env: this.env(options.env), stdin: options.stdin });
  }

  /** Like `pulumi`, but a non-zero exit is an error showing the command and what it printed. */
  async pulumiOk(args: readonly string[], options: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<CommandResult> {
    const result = await this.pulumi(args, options);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  /** A new folder for a project, under the sandbox. */
  async projectDir(name: string): Promise<string> {
    const dir = await mkdtemp(join(this.dir, `${name}-`));
    return dir;
  }

  /**
   * The backend's files of one stack that contain `text`, relative to the backend: the stack's file and its `.bak`,
   * its history (checkpoints and update records) and its backups.
   */
  stateFilesContaining(text: string, stack: { project: string; stack: string }): string[] {
    const own = (relative: string) =>
      relative.startsWith(`.pulumi/stacks/${stack.project}/${stack.stack}.json`) ||
      relative.startsWith(`.pulumi/history/${stack.project}/${stack.stack}/`) ||
      relative.startsWith(`.pulumi/backups/${stack.project}/${stack.stack}/`);
    const files = filesUnder(this.backend).map((file) => file.slice(this.backend.length + 1)).filter(own);
    if (files.length === 0) throw new Error(`the backend holds no file of the stack ${stack.project}/${stack.stack}`);
    return files.filter((file) => readFileSync(join(this.backend, file), "utf8").includes(text));
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The engine and a sandbox for this test file (beforeAll), removed afterwards (afterAll). */
export function withEngine(): { readonly sandbox: EngineSandbox } {
  jest.setTimeout(ENGINE_TEST_MS);
  const started = perTestFile(
    "the engine sandbox",
    async () => {
      const found = await engine({ say: (line) => process.stderr.write(`${line}\n`) });
      const sandbox = new EngineSandbox(found, await mkdtemp(join(tmpdir(), "org-grants-engine-")));
      await mkdir(sandbox.home);
      await mkdir(sandbox.backend);
      return sandbox;
    },
    (sandbox) => rm(sandbox.dir, { recursive: true, force: true }),
    ENGINE_SETUP_MS,
  );
  return {
    get sandbox() {
      return started.current;
    },
  };
}
