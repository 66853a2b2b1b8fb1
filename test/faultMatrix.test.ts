// Each row of the fault matrix (scripts/faultMatrix.ts) against the function over real HTTP: the complete list or
// the expected typed error, with the exact outcome in the failure message.
import { FAULT_CASES, runFaultCase } from "../scripts/faultMatrix";

describe("the fault matrix, against getOrganizationClientGrants", () => {
  it.each(FAULT_CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const outcome = await runFaultCase(c);
    expect({ outcome: outcome.outcome, problem: outcome.problem }).toEqual({ outcome: outcome.outcome, problem: undefined });
    expect(outcome.ok).toBe(true);
  });
});
