// Turns measured runs into the printed table, the targets (docs/benchmark.md) with a verdict each, and notes on how our
// client paced itself under the rate limit.
import type { Contender, RunResult } from "./contenders";
import { median } from "./cpu";
import type { Floor, Scenario } from "./scenarios";

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly floor: Floor;
  readonly runs: ReadonlyMap<Contender, readonly RunResult[]>;
}

export interface Summary {
  readonly medianMs: number;
  readonly median: RunResult;
  readonly runs: readonly RunResult[];
}

export function summarize(runs: readonly RunResult[]): Summary {
  const medianMs = median(runs.map((r) => r.wallMs));
  const median_ = [...runs].sort((a, b) => Math.abs(a.wallMs - medianMs) - Math.abs(b.wallMs - medianMs))[0]!;
  return { medianMs, median: median_, runs };
}

const seconds = (ms: number) => (ms < 1000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

/** One value when every run agrees, else "median-run value (min-max)". */
function spread(s: Summary, pick: (r: RunResult) => number): string {
  const values = s.runs.map(pick);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${pick(s.median)} (${min}-${max})`;
}

export function table(results: readonly ScenarioResult[], ours: Contender): string {
  const header = ["scenario", "contender", "wall (median)", "runs", "requests", "429s", "failures", "grants", "= emulator", "ours / this"];
  const rows: string[][] = [];
  for (const { scenario, floor, runs } of results) {
    const oursRuns = runs.get(ours);
    const oursMs = oursRuns ? summarize(oursRuns).medianMs : undefined;
    for (const [contender, contenderRuns] of runs) {
      const s = summarize(contenderRuns);
      const equal = contenderRuns.filter((r) => r.equal).length;
      rows.push([
        scenario.title,
        contender.label,
        seconds(s.medianMs),
        String(contenderRuns.length),
        spread(s, (r) => r.requests),
        spread(s, (r) => r.tooManyRequests),
        spread(s, (r) => r.failures),
        spread(s, (r) => r.grants),
        equal === contenderRuns.length ? "yes" : `no (${contenderRuns.length - equal}/${contenderRuns.length} runs)`,
        contender === ours || oursMs === undefined ? "-" : ratio(oursMs, s.medianMs),
      ]);
    }
    rows.push([
      scenario.title,
      `floor (${floor.bound}: ${floor.formula})`,
      seconds(floor.ms),
      "-",
      String(floor.requests),
      "0",
      "0",
      String(floor.grants),
      "-",
      oursMs === undefined ? "-" : ratio(oursMs, floor.ms),
    ]);
  }
  return markdown(header, rows);
}

function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export interface Verdict {
  readonly target: string;
  readonly met: boolean;
  readonly detail: string;
}

/** No failed listing over every run of `o`; `extra` follows the count in the detail. */
function noFailure(target: string, o: Summary, extra = ""): Verdict {
  const failures = o.runs.reduce((a, r) => a + r.failures, 0);
  return { target, met: failures === 0, detail: `${failures} failed listings over ${o.runs.length} runs${extra}` };
}

/** The median run within `limit` times the floor; `extra` follows in the detail. */
function withinFloor(target: string, o: Summary, floorMs: number, limit: number, extra = ""): Verdict {
  const over = o.medianMs / floorMs;
  return { target, met: over <= limit, detail: `${over.toFixed(2)}x the floor (${seconds(o.medianMs)} vs ${seconds(floorMs)}; ${limit}x = ${seconds(floorMs * limit)})${extra}` };
}

export function verdicts(results: readonly ScenarioResult[], ours: Contender, sdks: readonly Contender[], plugin?: Contender): Verdict[] {
  const out: Verdict[] = [];
  const byKey = (key: string) => results.find((r) => r.scenario.key === key);
  const oursOf = (r: ScenarioResult) => summarize(r.runs.get(ours) ?? []);

  const big = byKey("10k");
  if (big?.runs.has(ours)) {
    const o = oursOf(big);
    const sdkMedians = sdks.filter((c) => big.runs.has(c)).map((c) => ({ c, ms: summarize(big.runs.get(c)!).medianMs }));
    if (sdkMedians.length > 0) {
      const best = sdkMedians.reduce((a, b) => (b.ms < a.ms ? b : a));
      const speedup = best.ms / o.medianMs;
      out.push({
        target: "10,000 grants, 50 ms: at least 5x faster than the SDK's best setting",
        met: speedup >= 5,
        detail: `${speedup.toFixed(1)}x faster than ${best.c.label} (${seconds(o.medianMs)} vs ${seconds(best.ms)})`,
      });
    }
    if (plugin && big.runs.has(plugin)) {
      const p = summarize(big.runs.get(plugin)!);
      const overOurs = p.medianMs / o.medianMs;
      out.push({
        target: "10,000 grants, 50 ms: the plugin's Invoke (to the answer's bytes) within 1.5x the in-process function",
        met: overOurs <= 1.5 && p.runs.every((r) => r.equal),
        detail: `${overOurs.toFixed(2)}x (${seconds(p.medianMs)} vs ${seconds(o.medianMs)}; 1.5x = ${seconds(o.medianMs * 1.5)})`,
      });
    }
    out.push(withinFloor("10,000 grants, 50 ms: within 1.3x the floor", o, big.floor.ms, 1.3));
  }

  const limited = byKey("10k-limited");
  if (limited?.runs.has(ours)) {
    const o = oursOf(limited);
    out.push(noFailure("10,000 grants under 15 req/s burst 50: no failure", o));
    out.push(withinFloor("10,000 grants under 15 req/s burst 50: within 1.2x the rate floor", o, limited.floor.ms, 1.2));
    for (const c of sdks.filter((s) => limited.runs.has(s))) {
      const theirs = median(limited.runs.get(c)!.map((r) => r.tooManyRequests));
      const mine = median(o.runs.map((r) => r.tooManyRequests));
      out.push({
        target: `10,000 grants under 15 req/s burst 50: fewer 429s than ${c.label}`,
        met: mine < theirs,
        detail: `median ${mine} vs ${theirs}${mine === theirs && mine === 0 ? " (neither was refused: a tie, not 'fewer')" : ""}`,
      });
    }
  }

  const load = byKey("200orgs-limited");
  if (load?.runs.has(ours)) {
    const o = oursOf(load);
    const worst = Math.max(...o.runs.map((r) => r.worstListingMs));
    out.push(noFailure("200 organizations at once under 20 req/s burst 50: no failure", o, `; ${o.median.tooManyRequests} 429s in the median run`));
    out.push(
      withinFloor(
        "200 organizations at once under 20 req/s burst 50: within 1.3x the rate floor ((requests - burst) / rate)",
        o,
        load.floor.ms,
        1.3,
        `; the slowest listing ended at ${seconds(o.median.worstListingMs)} in the median run, ${seconds(worst)} at worst`,
      ),
    );
  }

  const many = byKey("50orgs-limited");
  if (many?.runs.has(ours)) {
    const o = oursOf(many);
    out.push(noFailure("50 organizations at once under 15 req/s burst 50: no failure", o, `; ${seconds(o.medianMs)}, ${o.median.tooManyRequests} 429s in the median run`));
  }
  return out;
}

/** How the median run of a contender spent its time under the rate limit: the burst, the pace after it, the 429s. */
export function pacing(result: ScenarioResult, contender: Contender): string | undefined {
  const { scenario } = result;
  const runs = result.runs.get(contender);
  if (!scenario.spec.rateLimit || !runs) return undefined;
  const { median: run } = summarize(runs);
  const burst = scenario.spec.rateLimit.burst;
  const times = run.timeline.map((t) => t.atMs);
  if (times.length <= burst) return `${contender.label}: ${times.length} requests, all within the burst`;
  const afterBurst = times.slice(burst);
  const paceSpan = (afterBurst[afterBurst.length - 1]! - times[burst - 1]!) / 1000;
  const refused = run.timeline.filter((t) => t.status === 429).map((t) => Math.round(t.atMs));
  return (
    `${contender.label}: request ${burst} (end of the burst) at ${seconds(times[burst - 1]!)}, then ${afterBurst.length} more in ${paceSpan.toFixed(2)} s ` +
    `= ${(afterBurst.length / paceSpan).toFixed(1)} req/s (limit ${scenario.spec.rateLimit.perSecond}); last request at ${seconds(times[times.length - 1]!)}; ` +
    `429s at ${refused.length ? refused.slice(0, 12).join(", ") + (refused.length > 12 ? ", ..." : "") + " ms" : "none"}`
  );
}
