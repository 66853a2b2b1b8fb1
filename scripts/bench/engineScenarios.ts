// Every surface through the real Pulumi engine (scripts/engine), 10,000 grants at 50 ms per request, file backend:
// what a user waits for at the terminal, `pulumi` process start to exit. TypeScript programs run as Automation API
// inline programs in this process (the Node.js language host cannot be built here); Pulumi YAML programs through the
// real YAML host, with the plugin found through `plugins.providers` (this repository's own shim). Each scenario's
// empty program is measured too, so the engine's own cost can be taken out of the ratios.
//
// Per run, in this order, each against a fresh emulator and a fresh stack: TypeScript empty `up`; the function `up`;
// the dynamic resource `up`, a no-op `up`, `preview`, `refresh`; YAML empty `up`; `fn::invoke` `up`; the plugin's
// resource `up`, a no-op `up`, `preview`, `refresh`. Wall time is the median of the runs.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as automation from "@pulumi/pulumi/automation";
import { engine, REPO_ROOT, type Engine } from "../engine/engine";
import { hermeticEnv, runCommand } from "../engine/sandbox";
import type { TenantHost } from "./benchTenant";

const ORGANIZATION = "org_benchEngine000001";
const SPEC = { organizations: [{ id: ORGANIZATION, grants: 10_000 }], latencyMs: 50 };
const PASSPHRASE = "bench";

export type EngineStep =
  | "ts-empty-up" | "ts-function-up" | "ts-resource-up" | "ts-resource-noop-up" | "ts-resource-preview" | "ts-resource-refresh"
  | "yaml-empty-up" | "yaml-invoke-up" | "yaml-resource-up" | "yaml-resource-noop-up" | "yaml-resource-preview" | "yaml-resource-refresh";

export const ENGINE_STEPS: Record<EngineStep, string> = {
  "ts-empty-up": "TypeScript, empty program: up",
  "ts-function-up": "TypeScript, getOrganizationClientGrantsOutput: up",
  "ts-resource-up": "TypeScript, OrganizationClientGrants (dynamic): up",
  "ts-resource-noop-up": "TypeScript, OrganizationClientGrants (dynamic): no-op up",
  "ts-resource-preview": "TypeScript, OrganizationClientGrants (dynamic): preview",
  "ts-resource-refresh": "TypeScript, OrganizationClientGrants (dynamic): refresh",
  "yaml-empty-up": "YAML, empty program: up",
  "yaml-invoke-up": "YAML, fn::invoke: up",
  "yaml-resource-up": "YAML, the plugin's OrganizationClientGrants: up",
  "yaml-resource-noop-up": "YAML, the plugin's OrganizationClientGrants: no-op up",
  "yaml-resource-preview": "YAML, the plugin's OrganizationClientGrants: preview",
  "yaml-resource-refresh": "YAML, the plugin's OrganizationClientGrants: refresh",
};

export interface EngineResults {
  readonly engine: Engine;
  readonly runs: number;
  readonly wallMs: Record<EngineStep, number[]>;
  /** Grant requests each step sent (median run), and the size of the stack's state after the resource's up. */
  readonly requests: Partial<Record<EngineStep, number>>;
  readonly stateBytes: { ts?: number; yaml?: number };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/** The environment of every engine command: hermetic, the engine's folder first on PATH, then the inherited one. */
function engineEnv(found: Engine, sandbox: string): Record<string, string> {
  const path = [found.binDir, dirname(process.execPath), process.env.PATH ?? ""];
  return hermeticEnv({ home: join(sandbox, "home"), backend: join(sandbox, "state"), passphrase: PASSPHRASE, path });
}

/** Runs `pulumi args...`; resolves with its stdout, fails with everything it printed. */
async function pulumi(found: Engine, env: Record<string, string>, cwd: string, args: readonly string[]): Promise<string> {
  // A step takes seconds; the bound is only against a command that never ends.
  const result = await runCommand(found.pulumi, ["--non-interactive", "--color=never", ...args], { cwd, env, timeoutMs: 15 * 60_000 });
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
  return result.stdout;
}

async function timed<T>(into: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  into.push(performance.now() - started);
  return result;
}

type Program = () => Promise<Record<string, unknown> | void>;

/** The TypeScript programs, built from this build's package (dist/provider), in this process. */
function tsPrograms(): Record<"empty" | "function" | "resource", Program> {
  // Loaded here, not at the top: `npm run bench` without the engine scenarios does not load the SDK's automation.
  const grants = require("../../provider") as typeof import("../../provider");
  return {
    empty: async () => ({}),
    function: async () => ({ total: grants.getOrganizationClientGrantsOutput({ organizationId: ORGANIZATION }).total }),
    resource: async () => ({ total: new grants.OrganizationClientGrants("grants", { organizationId: ORGANIZATION }).total }),
  };
}

const YAML_PROGRAMS = {
  empty: "outputs: {}\n",
  invoke: `variables:
  listed:
    fn::invoke:
      function: auth0-org-grants:index:getOrganizationClientGrants
      arguments:
        organizationId: ${ORGANIZATION}
      return: total
outputs:
  total: \${listed}
`,
  resource: `resources:
  grants:
    type: auth0-org-grants:index:OrganizationClientGrants
    properties:
      organizationId: ${ORGANIZATION}
outputs:
  total: \${grants.total}
`,
};

/** Runs the engine scenarios `runs` times, interleaved; `say` reports each step. */
export async function runEngineScenarios(host: TenantHost, runs: number, say: (line: string) => void): Promise<EngineResults> {
  const found = await engine({ say });
  const sandbox = await mkdtemp(join(tmpdir(), "org-grants-bench-engine-"));
  await mkdir(join(sandbox, "home"));
  await mkdir(join(sandbox, "state"));
  const env = engineEnv(found, sandbox);
  // The Automation API looks `pulumi` up on this process's PATH.
  process.env.PATH = env.PATH;
  const wallMs = Object.fromEntries(Object.keys(ENGINE_STEPS).map((k) => [k, [] as number[]])) as Record<EngineStep, number[]>;
  const requests: Partial<Record<EngineStep, number[]>> = {};
  const stateBytes: { ts?: number; yaml?: number } = {};
  const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof automation;
  const programs = tsPrograms();

  // The TypeScript project: the package linked into node_modules, where the dynamic provider loads it from.
  const tsDir = join(sandbox, "ts");
  await mkdir(join(tsDir, "node_modules", "@pulumi"), { recursive: true });
  await symlink(REPO_ROOT, join(tsDir, "node_modules", "pulumi-auth0-org-grants"), "dir");
  await symlink(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), join(tsDir, "node_modules", "@pulumi", "pulumi"), "dir");
  await writeFile(join(tsDir, "package.json"), JSON.stringify({ name: "bench-ts", private: true }));
  const yamlDirs: Record<keyof typeof YAML_PROGRAMS, string> = { empty: "", invoke: "", resource: "" };
  for (const name of Object.keys(YAML_PROGRAMS) as (keyof typeof YAML_PROGRAMS)[]) {
    yamlDirs[name] = join(sandbox, `yaml-${name}`);
    await mkdir(yamlDirs[name]);
    // The plugin from this repository (its shim runs dist/provider/plugin/main.js), as a per-project install.
    const plugins = `plugins:\n  providers:\n    - name: auth0-org-grants\n      path: ${REPO_ROOT}\n`;
    await writeFile(join(yamlDirs[name], "Pulumi.yaml"), `name: bench-yaml-${name}\nruntime: yaml\n${plugins}${YAML_PROGRAMS[name]}`);
  }

  let stackCount = 0;
  const grantRequests = async (tenant: Awaited<ReturnType<TenantHost["start"]>>) => (await tenant.counters()).requests.grants;
  const record = (step: EngineStep, count: number) => (requests[step] ??= []).push(count);

  try {
    for (let run = 1; run <= runs; run++) {
      for (const kind of ["empty", "function", "resource"] as const) {
        const tenant = await host.start(SPEC);
        try {
          const stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `ts-${kind}-${++stackCount}`, projectName: `bench-ts-${kind}`, program: programs[kind] },
            { workDir: tsDir, envVars: env, projectSettings: { name: `bench-ts-${kind}`, runtime: "nodejs" } },
          );
          await stack.setAllConfig({ "auth0:domain": { value: tenant.origin }, "auth0:apiToken": { value: tenant.token, secret: true } });
          const before = await grantRequests(tenant);
          await timed(wallMs[`ts-${kind}-up`], () => stack.up());
          if (kind !== "empty") record(`ts-${kind}-up`, (await grantRequests(tenant)) - before);
          if (kind === "resource") {
            stateBytes.ts = JSON.stringify((await stack.exportStack()).deployment).length;
            for (const [step, op] of [
              ["ts-resource-noop-up", () => stack.up()],
              ["ts-resource-preview", () => stack.preview()],
              ["ts-resource-refresh", () => stack.refresh()],
            ] as const) {
              const at = await grantRequests(tenant);
              await timed(wallMs[step], op as () => Promise<unknown>);
              record(step, (await grantRequests(tenant)) - at);
            }
          }
          await stack.destroy();
          await stack.workspace.removeStack(stack.name);
          say(`  engine run ${run}: TypeScript ${kind} done`);
        } finally {
          await tenant.stop();
        }
      }
      for (const kind of ["empty", "invoke", "resource"] as const) {
        const tenant = await host.start(SPEC);
        const cwd = yamlDirs[kind];
        const stack = `yaml-${kind}-${++stackCount}`;
        try {
          await pulumi(found, env, cwd, ["stack", "init", stack]);
          await pulumi(found, env, cwd, ["config", "set", "auth0-org-grants:domain", "--", tenant.origin]);
          await pulumi(found, env, cwd, ["config", "set", "--secret", "auth0-org-grants:apiToken", "--", tenant.token]);
          const before = await grantRequests(tenant);
          await timed(wallMs[`yaml-${kind}-up`], () => pulumi(found, env, cwd, ["up", "--yes", "--skip-preview"]));
          if (kind !== "empty") record(`yaml-${kind}-up`, (await grantRequests(tenant)) - before);
          if (kind === "resource") {
            stateBytes.yaml = JSON.stringify((JSON.parse(await pulumi(found, env, cwd, ["stack", "export"])) as { deployment: unknown }).deployment).length;
            for (const [step, args] of [
              ["yaml-resource-noop-up", ["up", "--yes", "--skip-preview"]],
              ["yaml-resource-preview", ["preview"]],
              ["yaml-resource-refresh", ["refresh", "--yes", "--skip-preview"]],
            ] as const) {
              const at = await grantRequests(tenant);
              await timed(wallMs[step], () => pulumi(found, env, cwd, args));
              record(step, (await grantRequests(tenant)) - at);
            }
          }
          await pulumi(found, env, cwd, ["destroy", "--yes", "--skip-preview"]);
          await pulumi(found, env, cwd, ["stack", "rm", "--yes", stack]);
          say(`  engine run ${run}: YAML ${kind} done`);
        } finally {
          await tenant.stop();
        }
      }
    }
  } finally {
    await rm(sandbox, { recursive: true, force: true });
  }
  const medianRequests = Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, median(v)])) as Partial<Record<EngineStep, number>>;
  return { engine: found, runs, wallMs, requests: medianRequests, stateBytes };
}

/** The Markdown table and the ratios the targets are about. */
export function engineReport(results: EngineResults): { lines: string[]; verdicts: { target: string; met: boolean; detail: string }[] } {
  const m = (step: EngineStep) => median(results.wallMs[step]);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `Through the real engine (pulumi ${results.engine.version}, ${results.engine.source}; 10,000 grants, 50 ms per request, file backend; median of ${results.runs} runs):`,
    "",
    "| scenario | wall (median) | runs | grant requests | minus the empty program |",
    "| --- | --- | --- | --- | --- |",
    ...(Object.keys(ENGINE_STEPS) as EngineStep[]).map((step) => {
      const empty = step.startsWith("ts-") ? m("ts-empty-up") : m("yaml-empty-up");
      const own = /empty/.test(step) ? "-" : s(m(step) - empty);
      const req = results.requests[step];
      return `| ${ENGINE_STEPS[step]} | ${s(m(step))} | ${results.wallMs[step].map((v) => (v / 1000).toFixed(2)).join(", ")} | ${req ?? "-"} | ${own} |`;
    }),
    "",
    `State after the resource's up: TypeScript ${((results.stateBytes.ts ?? 0) / 1e6).toFixed(2)} MB, YAML ${((results.stateBytes.yaml ?? 0) / 1e6).toFixed(2)} MB (the deployment of pulumi stack export, as compact JSON).`,
  ];
  const ratio = (a: EngineStep, b: EngineStep) => m(a) / m(b);
  const verdicts = [
    { target: "the dynamic resource's up within 1.5x the function's up", a: "ts-resource-up" as const, b: "ts-function-up" as const, limit: 1.5 },
    { target: "the plugin's resource up within 1.3x the invoke's up", a: "yaml-resource-up" as const, b: "yaml-invoke-up" as const, limit: 1.3 },
  ].map((v) => ({
    target: v.target,
    met: ratio(v.a, v.b) <= v.limit,
    detail: `${ratio(v.a, v.b).toFixed(2)}x (${s(m(v.a))} vs ${s(m(v.b))})`,
  }));
  return { lines, verdicts };
}
