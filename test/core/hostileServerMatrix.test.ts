// Each row of the fault matrix that a hand-written server plays (scripts/faultMatrix.ts, HOSTILE_SERVER_CASES), as
// `npm run faults` prints it: the complete list or the expected typed error, with the exact outcome on failure.
import { HOSTILE_SERVER_CASES, runHostileServerCase } from "../../scripts/faultMatrix";

describe("the fault matrix's hand-written servers, against the listing", () => {
  it.each(HOSTILE_SERVER_CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const outcome = await runHostileServerCase(c);
    expect({ outcome: outcome.outcome, problem: outcome.problem }).toEqual({ outcome: outcome.outcome, problem: undefined });
  });
});
