// `npm run faults`: runs the fault matrix (the emulator's faults, then the hand-written servers) and prints it (fault,
// outcome, attempts, time). Exits 1 if any row breaks the promise, so it can gate a release as well as inform
// docs/reliability.md.
import { parseArgs } from "node:util";
import { closeConnections } from "../provider/core/http/transport";
import { FAULT_CASES, HOSTILE_SERVER_CASES, runFaultCase, runHostileServerCase, type FaultOutcome } from "./faultMatrix";

function table(rows: FaultOutcome[]): string {
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  // Every message starts by naming the listing; the table keeps what differs: the page and what happened.
  const outcome = (r: FaultOutcome) => r.outcome.replace(/Listing the client grants of organization \S+ ?/, "").replace(/\s+/g, " ");
  const cells = rows.map((r) => [r.ok ? "ok" : "FAIL", r.name, clip(outcome(r), 150), String(r.attempts), `${r.ms} ms`]);
  const header = ["", "fault", "outcome", "requests", "time"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

async function main(): Promise<number> {
  // --only "<part of a fault's name>" (repeatable) runs just those rows.
  const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
  // The emulator's faults first, then the servers written by hand.
  const all = [...FAULT_CASES.map((c) => ({ name: c.name, run: () => runFaultCase(c) })), ...HOSTILE_SERVER_CASES.map((c) => ({ name: c.name, run: () => runHostileServerCase(c) }))];
  const cases = values.only ? all.filter((c) => values.only!.some((part) => c.name.includes(part))) : all;
  if (cases.length === 0) throw new Error(`--only matched no fault; the faults are: ${all.map((c) => c.name).join("; ")}`);
  const rows: FaultOutcome[] = [];
  for (const c of cases) {
    const row = await c.run();
    rows.push(row);
    process.stderr.write(`${row.ok ? "ok  " : "FAIL"} ${row.name}${row.problem ? ` (${row.problem})` : ""}\n`);
  }
  await closeConnections();
  process.stdout.write(`\n${table(rows)}\n\n${rows.filter((r) => r.ok).length} passed, ${rows.filter((r) => !r.ok).length} failed\n`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
