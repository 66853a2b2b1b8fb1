// `npm run bench`: the benchmark of the listing (docs/benchmark.md). Lists the scenarios' grants with this library and with the official auth0
// SDK v7 against the emulator (no network), each run against a fresh emulator, and prints a Markdown table with the
// floor of each scenario, the targets and whether they were met, and the CPU time to validate and map 10,000 grants.
// It also times the provider plugin's Invoke over gRPC (scripts/bench/pluginInvoke.ts), timed to the arrival of the
// answer's bytes, and the CPU time to encode that answer with the plugin's encoder and with google-protobuf's.
//
// The emulator runs in a child process by default: on a 2-core machine an in-process emulator shares the client's
// event loop, so its JSON serialisation, timers and socket work would be charged to the client's wall time (and the
// client's parsing would delay the emulator's answers), which a real tenant on another machine never does.
// `--in-process` runs it in this process instead, to see the difference.
//
// The anyorg-* scenarios compare this library without and with includeAnyOrganization (ours, ours-any-org).
//
// Options: --runs N (ours, default 5), --sdk-runs N (the SDK, default 3), --only 10k,10k-limited,200orgs-limited,...,anyorg-1,anyorg-200,engine,
// --contenders ours,ours-any-org,sdk-default,sdk-100,plugin-invoke, --in-process, --engine-runs N (the engine scenarios, default 3).
import { setMaxListeners } from "node:events";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { CONTENDERS, measure, ours, pluginInvoke, SDKS, type Contender, type RunResult } from "./bench/contenders";
import { measureInvokeEncoding, measureValidateAndMap } from "./bench/cpu";
import { pacing, table, verdicts, type ScenarioResult } from "./bench/report";
import { SCENARIOS, WARM_UP, floorOf } from "./bench/scenarios";
import { childProcessHost, inProcessHost } from "./bench/benchTenant";
import { engineReport, runEngineScenarios, type EngineResults } from "./bench/engineScenarios";

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown (no /proc/cpuinfo)";
  }
}

const say = (line: string) => process.stderr.write(`${line}\n`);

const USAGE =
  "usage: npm run bench -- [--runs N] [--sdk-runs N] [--engine-runs N] [--only <scenario,...|engine>] " +
  `[--contenders ${CONTENDERS.map((c) => c.name).join(",")}] [--in-process]\nscenarios: ${SCENARIOS.map((s) => s.key).join(", ")}, engine`;

function options() {
  return parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      "sdk-runs": { type: "string", default: "3" },
      only: { type: "string" },
      contenders: { type: "string" },
      "in-process": { type: "boolean", default: false },
      "engine-runs": { type: "string", default: "3" },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
}

async function main(): Promise<number> {
  let values: ReturnType<typeof options>;
  try {
    values = options();
  } catch (error) {
    say(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const runsOf = (c: Contender) => Number(SDKS.includes(c) ? values["sdk-runs"] : values.runs);
  const scenarios = values.only ? SCENARIOS.filter((s) => values.only!.split(",").includes(s.key)) : SCENARIOS;
  // The scenarios through the real Pulumi engine (scripts/bench/engineScenarios.ts): `--only engine` runs only them.
  const withEngine = !values.only || values.only.split(",").includes("engine");
  let engineResults: EngineResults | undefined;
  const contenders = values.contenders ? CONTENDERS.filter((c) => values.contenders!.split(",").includes(c.name)) : CONTENDERS;
  // In-process, the emulator's delayed requests all listen on its one stop signal: many at once is expected here.
  if (values["in-process"]) setMaxListeners(1000);
  const host = values["in-process"] ? inProcessHost() : childProcessHost();

  const machine = `${availableParallelism()} cores (nproc), ${cpuModel()}, Node ${process.version}, emulator ${host.where}`;
  const loadBefore = loadavg()[0]!.toFixed(2);
  say(`benchmark on ${machine}; 1-minute load average ${loadBefore}`);
  const started = Date.now();

  const results: ScenarioResult[] = [];
  try {
    // One discarded run per contender first: module loading, JIT warm-up and zod's first parses are not what a
    // deployment that lists many organizations pays per listing.
    for (const contender of contenders) {
      const tenant = await host.start(WARM_UP);
      await measure(contender, tenant, WARM_UP.organizations.map((o) => o.id)).finally(() => tenant.stop());
    }
    for (const scenario of scenarios) {
      // A scenario names its contenders; an opt-in contender (ours-any-org) runs only where it is named.
      const running = contenders.filter((c) => (scenario.contenders ? scenario.contenders.includes(c.name) : !c.optIn));
      if (running.length === 0) continue;
      const runs = new Map<Contender, RunResult[]>(running.map((c) => [c, []]));
      const most = Math.max(...running.map(runsOf));
      // Runs are interleaved (ours, SDK, SDK, ours, ...) so that a slow patch of the machine hits every contender.
      for (let i = 0; i < most; i++) {
        for (const contender of running.filter((c) => i < runsOf(c))) {
          const tenant = await host.start(scenario.spec);
          try {
            const result = await measure(contender, tenant, scenario.spec.organizations.map((o) => o.id));
            runs.get(contender)!.push(result);
            say(`  ${scenario.key} ${contender.name} run ${i + 1}: ${(result.wallMs / 1000).toFixed(3)} s, ${result.requests} requests, ${result.tooManyRequests} 429s, ${result.failures} failures${result.failureMessages[0] ? ` (${result.failureMessages[0]})` : ""}`);
          } finally {
            await tenant.stop();
          }
        }
      }
      results.push({ scenario, floor: floorOf(scenario.spec), runs });
    }
    if (withEngine) engineResults = await runEngineScenarios(host, Number(values["engine-runs"]), say);
  } finally {
    await Promise.all(contenders.map((c) => c.close?.()));
    await host.close();
  }
  const cpu = measureValidateAndMap();
  const encoding = contenders.includes(pluginInvoke) ? measureInvokeEncoding() : undefined;
  const elapsed = ((Date.now() - started) / 1000).toFixed(0);

  const out: string[] = [];
  out.push(`Machine: ${machine}. Load average (1 min) ${loadBefore} before, ${loadavg()[0]!.toFixed(2)} after; the whole benchmark took ${elapsed} s.`);
  out.push(`Every run starts a fresh emulator (new port, so a fresh rate limiter, pool and full bucket); wall time is the median of the runs; ` +
    `where requests/429s/failures/grants differ between runs the median run's value is followed by (min-max).`);
  out.push("");
  out.push(table(results, ours));
  out.push("");
  out.push(
    `CPU time to validate and map ${cpu.grants.toLocaleString("en-US")} grants (apiClientGrantsPageSchema on 100 pages, toClientGrant on each grant; process.cpuUsage): ` +
      `${cpu.warmMs.toFixed(1)} ms warm (median of ${cpu.passes - 1} passes), ${cpu.coldMs.toFixed(1)} ms on the first pass; JSON.parse of the same pages ${cpu.jsonParseMs.toFixed(1)} ms.`,
  );
  if (encoding) {
    out.push("");
    out.push(
      `CPU time to encode the plugin's Invoke answer for ${encoding.grants.toLocaleString("en-US")} grants (${(encoding.bytes / 1e6).toFixed(2)} MB of protobuf; median of warm passes): ` +
        `${encoding.directMs.toFixed(1)} ms with the plugin's encoder (provider/plugin/structEncoder.ts), ${encoding.officialMs.toFixed(1)} ms with google-protobuf's Struct.fromJavaScript + serializeBinary.`,
    );
  }
  const engineReported = engineResults && engineReport(engineResults);
  if (engineReported) {
    out.push("");
    out.push(...engineReported.lines);
  }
  out.push("");
  out.push("Targets:");
  const sdks = contenders.filter((c) => SDKS.includes(c));
  const checks = [...verdicts(results, ours, sdks, contenders.includes(pluginInvoke) ? pluginInvoke : undefined), ...(engineReported?.verdicts ?? [])];
  for (const v of checks) out.push(`- [${v.met ? "met" : "MISSED"}] ${v.target}: ${v.detail}`);
  const notes = results.flatMap((r) => contenders.map((c) => pacing(r, c)).filter((n): n is string => n !== undefined).map((n) => `- ${r.scenario.key}, ${n}`));
  if (notes.length > 0) {
    out.push("");
    out.push("Pacing under the rate limit (median run):");
    out.push(...notes);
  }
  const failures = results.flatMap((r) =>
    [...r.runs].flatMap(([c, runs]) => [...new Set(runs.flatMap((run) => run.failureMessages))].slice(0, 2).map((m) => `- ${r.scenario.key}, ${c.label}: ${m}`)),
  );
  if (failures.length > 0) {
    out.push("");
    out.push("Failures seen (first distinct messages):");
    out.push(...failures);
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

void main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(String((error as Error)?.stack ?? error));
    process.exitCode = 1;
  },
);
