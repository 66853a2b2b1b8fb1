// The retry policy of one request (provider/core/http/retry.ts), over real HTTP against the emulator's faults: 429
// waits for the tenant's reset, 5xx and timeouts are retried with backoff, every give-up is a typed error, and a
// listing that has failed cancels its other requests.
import { ApiError, NetworkError } from "../../../provider/core/errors";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import type { TuningInput } from "../../../provider/core/schemas";
import { EMPTY_ORG, ORG, smallTenant, withEmulator, requestsTo } from "../../helpers/emulator";

// 250 grants: pages 0, 1 and 2 of 100.
const fixture = withEmulator({ seed: smallTenant(250) });
const list = (organizationId: string, options: TuningInput = {}) =>
  listClientGrants({ organizationId }, { connection: { domain: fixture.emulator.origin, apiToken: fixture.token }, options: { maxAttempts: 3, ...options } });
const grantRequests = () => requestsTo(fixture.emulator, "grants");

test("waits for x-ratelimit-reset after a 429 and then succeeds", async () => {
  const fault = fixture.emulator.addFault({ times: 1, fault: { kind: "rateLimited", resetAfterSeconds: 1 } });

  const result = await list(EMPTY_ORG);

  expect(result.total).toBe(0);
  expect(fault.fired).toBe(1);
  expect(grantRequests().map((r) => r.status)).toEqual([429, 200]);
  expect(grantRequests()[1]!.receivedAt - grantRequests()[0]!.receivedAt).toBeGreaterThanOrEqual(500);
});

test("retries 5xx answers and then succeeds", async () => {
  fixture.emulator.addFault({ times: 2, fault: { kind: "status", status: 503 } });

  const result = await list(EMPTY_ORG);

  expect(result.total).toBe(0);
  expect(grantRequests().map((r) => r.status)).toEqual([503, 503, 200]);
});

test("gives up after maxAttempts on a persistent 500 with a typed error that does not contain the token", async () => {
  fixture.emulator.addFault({ fault: { kind: "status", status: 500 } });

  const error = await list(ORG, { maxAttempts: 2 }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(500);
  expect((error as Error).message).toMatch(/gave up after 2 attempts/);
  expect(`${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`).not.toContain(fixture.token);
});

test("gives up on a connection that never answers with a NetworkError naming the timeout", async () => {
  fixture.emulator.addFault({ fault: { kind: "hang" } });

  const error = await list(EMPTY_ORG, { maxAttempts: 2, timeoutMs: 300 }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(NetworkError);
  expect((error as Error).message).toMatch(/within 300 ms/);
});

test("cancels the listing's other requests once a page has failed, so none is retried afterwards", async () => {
  fixture.emulator.addFault({ times: 1, match: { endpoint: "grants", page: 2 }, fault: { kind: "hang" } });
  fixture.emulator.addFault({ match: { endpoint: "grants", page: 1 }, fault: { kind: "status", status: 400 } });

  await expect(list(ORG, { timeoutMs: 300, concurrency: 2 })).rejects.toMatchObject({ status: 400 });

  // Without the cancellation, page 2 would time out after 300 ms and be asked for again.
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(grantRequests().filter((r) => r.query.page === "2")).toHaveLength(1);
});
