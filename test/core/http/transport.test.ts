// The connections of one origin (provider/core/http/transport.ts), in counts: the wait for one of the 16 counts
// toward a request's timeout while the server gives no answers, so many listings against a server that never answers
// end together instead of one behind another; each answer the server gives restarts the waiters' clocks, so many
// listings against a slow server that does answer queue for the pool instead of timing out in it.
import { generateGrants } from "../../../emulator";
import { NetworkError } from "../../../provider/core/errors";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { startHostileServer } from "../../../scripts/hostileServer";
import { withEmulator } from "../../helpers/emulator";

const fixture = withEmulator();

test("does not time out many listings against a slow server that answers: each answer restarts the clocks of those waiting for a connection", async () => {
  const orgs = Array.from({ length: 20 }, (_, i) => `org_many${String(i).padStart(2, "0")}`);
  for (const org of orgs) fixture.emulator.setOrganization(org, generateGrants(250, { organizationId: org }));
  fixture.emulator.setLatency(300);
  const connection = { domain: fixture.emulator.origin, apiToken: fixture.token };

  // 60 requests on 16 connections take four rounds of 300 ms; a timeout counted from the queue alone would fire.
  const results = await Promise.allSettled(orgs.map((organizationId) => listClientGrants({ organizationId }, { connection, options: { timeoutMs: 800, maxAttempts: 1 } })));

  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(fixture.emulator.counters.maxInFlight).toBeLessThanOrEqual(16);
});

test("ends 96 listings against a server that never answers within their attempts, without queueing each attempt behind the others", async () => {
  // Answers nothing, ever (the listing's timeouts end each request).
  const server = await startHostileServer(() => new Promise(() => undefined));
  try {
    const organizations = Array.from({ length: 96 }, (_, i) => `org_neverAnswered${i}`);
    const outcomes = await Promise.all(
      organizations.map((organizationId) =>
        listClientGrants({ organizationId }, { connection: { domain: server.origin, apiToken: "never-answered-token" }, options: { timeoutMs: 300, maxAttempts: 2 } }).catch(
          (error: unknown) => error,
        ),
      ),
    );
    expect(outcomes.every((o) => o instanceof NetworkError)).toBe(true);
    // Each of the 16 connections carries one request per 300 ms while the listings last (two attempts and a backoff,
    // about 1.4 s): some 65 requests, while the other attempts time out waiting for a connection. Queued behind each
    // other instead, every attempt of every listing would have reached the server, 192, one round after another.
    expect(server.requests.length).toBeLessThanOrEqual(96);
    expect(outcomes.filter((o) => /no connection became free within 300 ms/.test((o as Error).message)).length).toBeGreaterThan(0);
  } finally {
    await server.stop();
  }
});
