// One HTTP attempt over the shared keep-alive pool (provider/core/http/transport.ts): a request takes a connection
// before its timeout starts, so many listings at once queue for the pool instead of timing out in it.
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { generateGrants } from "../../../emulator";
import { withEmulator } from "../../helpers/emulator";

const fixture = withEmulator();

test("starts a request's timeout only once it has a connection, so many listings at once do not time out", async () => {
  const orgs = Array.from({ length: 20 }, (_, i) => `org_many${String(i).padStart(2, "0")}`);
  for (const org of orgs) fixture.emulator.setOrganization(org, generateGrants(250, { organizationId: org }));
  fixture.emulator.setLatency(300);
  const connection = { domain: fixture.emulator.origin, apiToken: fixture.token };

  // 60 requests on 16 connections take four rounds of 300 ms; a timeout counted from the queue would fire.
  const results = await Promise.allSettled(orgs.map((organizationId) => listClientGrants({ organizationId }, { connection, options: { timeoutMs: 800, maxAttempts: 1 } })));

  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(fixture.emulator.counters.maxInFlight).toBeLessThanOrEqual(16);
});
