// The connections of one origin, in counts: time waiting for one counts toward a request's timeout while the server
// gives no answers, so many listings against a server that never answers end together instead of one behind another.
import { NetworkError } from "../../../provider/core/errors";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { startHostileServer } from "../../../scripts/hostileServer";

describe("waiting for a connection", () => {
  it("ends 96 listings against a server that never answers within their attempts, without queueing each attempt behind the others", async () => {
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
});
