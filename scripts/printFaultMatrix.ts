// `npm run faults`: runs the fault matrix and prints it (fault, outcome, attempts, time). Exits 1 if any row
// breaks the promise, so it can gate a release as well as inform docs/reliability.md.
import { parseArgs } from "node:util";
import { closeConnections } from "../provider/core/http/transport";
import { FAULT_CASES, runFaultCase, type FaultOutcome } from "./faultMatrix";

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
  const cases = values.only ? FAULT_CASES.filter((c) => values.only!.some((part) => c.name.includes(part))) : FAULT_CASES;
  if (cases.length === 0) throw new Error(`--only matched no fault; the faults are: ${FAULT_CASES.map((c) => c.name).join("; ")}`);
  const rows: FaultOutcome[] = [];
  for (const c of cases) {
    const row = await runFaultCase(c);
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
