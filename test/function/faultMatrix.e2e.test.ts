// Each row of the fault matrix (scripts/faultMatrix.ts) against the function over real HTTP: the complete list or
// the expected typed error, with the exact outcome in the failure message.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { FAULT_CASES, runFaultCase } from "../../scripts/faultMatrix";
import { distFile } from "../helpers/dist";

describe("the fault matrix, against getOrganizationClientGrants", () => {
  it.each(FAULT_CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const outcome = await runFaultCase(c);
    expect({ outcome: outcome.outcome, problem: outcome.problem }).toEqual({ outcome: outcome.outcome, problem: undefined });
    expect(outcome.ok).toBe(true);
  });
});

// Jest keeps unhandled rejections from a test's own listeners, so the check for them runs where nothing intercepts
// them: `npm run faults` in a plain Node process, on the rows where a failed listing leaves requests behind.
test("failed listings leave no unhandled rejection behind (npm run faults, in its own process)", async () => {
  const only = ["a page failing permanently", "connection reset mid-body, always", "400 past 1000 records", "grant without id", "fresh token refused"];
  const run = await promisify(execFile)(process.execPath, [distFile("scripts/printFaultMatrix.js"), ...only.flatMap((o) => ["--only", o])]).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  expect(run.stderr).not.toMatch(/FAIL/);
  expect(run.stdout).toMatch(/^5 passed, 0 failed$/m);
});
