// Fault injection: each kind the team's client tests rely on, programmed in a line and observed over real HTTP.
import { request } from "undici";
import { startEmulator } from "../../emulator";
import { apiClientGrantsEnvelopeSchema, apiClientGrantsPageSchema, tokenResponseSchema } from "../../provider/core/schemas";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { ORG, call, grantsPath, listPage, requestToken, withEmulator } from "../helpers/emulator";

const fixture = withEmulator();
const seeded = () => fixture.emulator.grantsOf(ORG) as ApiClientGrant[];
const ids = (grants: readonly { id: string }[]) => grants.map((g) => g.id);
const statuses = async (count: number, query: Record<string, number | boolean> = {}) => {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await listPage(fixture, ORG, query)).status);
  return out;
};

describe("status", () => {
  test("a burst of two 503s is followed by normal answers", async () => {
    fixture.emulator.addFault({ times: 2, fault: { kind: "status", status: 503 } });
    expect(await statuses(3)).toEqual([503, 503, 200]);
  });

  test("the error body is Auth0-shaped", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "status", status: 500 } });
    expect((await listPage(fixture, ORG)).json()).toEqual({ statusCode: 500, error: "Internal Server Error", message: "Internal Server Error" });
  });

  test("a rule matching one page fails that page every time and leaves the others alone", async () => {
    fixture.emulator.addFault({ match: { page: 1 }, fault: { kind: "status", status: 500 } });
    const pages = [0, 1, 1, 2];
    const answers = await Promise.all(pages.map((page) => listPage(fixture, ORG, { page })));
    expect(answers.map((a) => a.status)).toEqual([200, 500, 500, 200]);
  });

  test("a rule for one organization leaves the others alone", async () => {
    fixture.emulator.addFault({ match: { organizationId: "org_other" }, fault: { kind: "status", status: 500 } });
    expect((await listPage(fixture, ORG)).status).toBe(200);
  });

  test("a token endpoint rule fails token requests and not listings", async () => {
    fixture.emulator.addFault({ match: { endpoint: "token" }, fault: { kind: "status", status: 503 } });
    const token = await requestToken(fixture.emulator, {});
    expect([token.status, (await listPage(fixture, ORG)).status]).toEqual([503, 200]);
  });

  test("the handle counts how often the rule fired", async () => {
    const handle = fixture.emulator.addFault({ times: 5, fault: { kind: "status", status: 500 } });
    await statuses(2);
    expect({ fired: handle.fired, remaining: handle.remaining }).toEqual({ fired: 2, remaining: 3 });
  });

  test("a rule for the token endpoint with a kind that only grants have is refused when added", () => {
    expect(() => fixture.emulator.addFault({ match: { endpoint: "token" }, fault: { kind: "lieTotal", delta: 1 } })).toThrow(/token endpoint/);
  });

  test("an invalid rule is refused when added", () => {
    expect(() => fixture.emulator.addFault({ fault: { kind: "status", status: 200 } })).toThrow(/status/);
  });
});

describe("rateLimited", () => {
  test("with resetAfterSeconds it sends x-ratelimit-reset that many seconds ahead", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "rateLimited", resetAfterSeconds: 2 } });
    const before = Math.ceil(Date.now() / 1000 + 2);
    const reset = Number((await listPage(fixture, ORG)).headers["x-ratelimit-reset"]);
    expect(reset).toBeGreaterThanOrEqual(before);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000 + 2));
  });

  test("a reset far in the future is sent as given", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "rateLimited", resetAfterSeconds: 86_400 } });
    const reset = Number((await listPage(fixture, ORG)).headers["x-ratelimit-reset"]);
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 86_000);
  });

  test("without resetAfterSeconds no rate-limit header is sent", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "rateLimited" } });
    const answer = await listPage(fixture, ORG);
    expect([answer.status, answer.headers["x-ratelimit-reset"], answer.headers["x-ratelimit-limit"]]).toEqual([429, undefined, undefined]);
  });

  test("retryAfterSeconds sends Retry-After", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "rateLimited", retryAfterSeconds: 3 } });
    expect((await listPage(fixture, ORG)).headers["retry-after"]).toBe("3");
  });

  test("a storm of 429s answers Auth0's body every time, then stops", async () => {
    fixture.emulator.addFault({ times: 3, fault: { kind: "rateLimited" } });
    expect(await statuses(4)).toEqual([429, 429, 429, 200]);
  });
});

describe("bodies that are not what they claim", () => {
  test("malformedJson answers 200 application/json that does not parse", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "malformedJson" } });
    const answer = await listPage(fixture, ORG);
    const parses = (() => {
      try {
        answer.json();
        return true;
      } catch {
        return false;
      }
    })();
    expect([answer.status, answer.headers["content-type"], parses]).toEqual([200, "application/json; charset=utf-8", false]);
  });

  test("emptyBody answers 200 with no body", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "emptyBody" } });
    const answer = await listPage(fixture, ORG);
    expect([answer.status, answer.text]).toEqual([200, ""]);
  });

  test("html answers a proxy's 502 page", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "html" } });
    const answer = await listPage(fixture, ORG);
    expect([answer.status, answer.headers["content-type"], answer.text]).toEqual([502, "text/html", expect.stringContaining("502 Bad Gateway")]);
  });

  test("html can answer 200 text/html", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "html", status: 200 } });
    const answer = await listPage(fixture, ORG);
    expect([answer.status, answer.headers["content-type"]]).toEqual([200, "text/html"]);
  });

  test.each(["wrongTypes", "missingId", "scopeNotArray"] as const)("schemaBreak %s answers a page the shared schema refuses", async (breakage) => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "schemaBreak", breakage } });
    const answer = await listPage(fixture, ORG);
    expect([answer.status, apiClientGrantsPageSchema.safeParse(answer.json()).success]).toEqual([200, false]);
  });

  test("schemaBreak on the token endpoint answers a token response without access_token", async () => {
    fixture.emulator.addFault({ match: { endpoint: "token" }, times: 1, fault: { kind: "schemaBreak", breakage: "missingId" } });
    const credentials = { grant_type: "client_credentials", client_id: "test-client", client_secret: "test-secret" };
    const answer = await requestToken(fixture.emulator, { ...credentials, audience: fixture.emulator.audience });
    expect(tokenResponseSchema.safeParse(answer.json()).success).toBe(false);
  });

  test("schemaBreak on an empty page adds a broken grant", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "schemaBreak", breakage: "missingId" } });
    const answer = await listPage(fixture, ORG, { page: 99 });
    expect(apiClientGrantsPageSchema.safeParse(answer.json()).success).toBe(false);
  });
});

describe("totals", () => {
  const totalOf = async (query: Record<string, number | boolean>) =>
    apiClientGrantsEnvelopeSchema.parse((await listPage(fixture, ORG, { include_totals: true, ...query })).json()).total;

  test("omitTotal drops total from the envelope", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "omitTotal" } });
    expect(await totalOf({})).toBeUndefined();
  });

  test("omitTotal waits for a request with include_totals=true", async () => {
    const handle = fixture.emulator.addFault({ times: 1, fault: { kind: "omitTotal" } });
    await listPage(fixture, ORG);
    expect(handle.fired).toBe(0);
  });

  test("lieTotal reports total off by delta", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "lieTotal", delta: -7 } });
    expect(await totalOf({})).toBe(113);
  });

  test("totalChangesBetweenPages tells the truth on page 0 and drifts by step per page", async () => {
    fixture.emulator.addFault({ fault: { kind: "totalChangesBetweenPages", step: 2 } });
    expect([await totalOf({ page: 0 }), await totalOf({ page: 1 }), await totalOf({ page: 2 })]).toEqual([120, 122, 124]);
  });
});

describe("connections that break", () => {
  test("resetMidBody sends part of the body and then resets the connection", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "resetMidBody" } });
    const response = await request(`${fixture.emulator.origin}${grantsPath(ORG)}`, { headers: { authorization: `Bearer ${fixture.token}` } });
    await expect(response.body.text()).rejects.toThrow();
  });

  test("hang never answers: only the client's own timeout ends the wait", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "hang" } });
    const answer = call(fixture.emulator, grantsPath(ORG), { token: fixture.token, signal: AbortSignal.timeout(100) });
    await expect(answer).rejects.toThrow(/abort|timeout/i);
  });

  test("hang afterHeaders sends a 200's headers and stalls the body", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "hang", afterHeaders: true } });
    const response = await request(`${fixture.emulator.origin}${grantsPath(ORG)}`, {
      headers: { authorization: `Bearer ${fixture.token}` },
      signal: AbortSignal.timeout(100),
    });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow(/abort|timeout/i);
  });

  test("stop() closes promptly while a request hangs on a kept-alive connection", async () => {
    const emulator = await startEmulator({ seed: { organizations: { [ORG]: [] } } });
    emulator.addFault({ fault: { kind: "hang" } });
    const token = emulator.issueToken();
    const pending = request(`${emulator.origin}${grantsPath(ORG)}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => "reset");
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await emulator.stop();
    expect([performance.now() - started < 500, await pending]).toEqual([true, "reset"]);
  });
});

describe("expireToken", () => {
  test("answers 401 invalid_token once, and the token stays invalid", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "expireToken" } });
    expect(await statuses(2)).toEqual([401, 401]);
  });

  test("a new token works again", async () => {
    fixture.emulator.addFault({ times: 1, fault: { kind: "expireToken" } });
    await listPage(fixture, ORG);
    expect((await listPage(fixture, ORG, {}, fixture.emulator.issueToken())).status).toBe(200);
  });
});

describe("pageLimit400", () => {
  beforeEach(() => fixture.emulator.addFault({ fault: { kind: "pageLimit400" } }));

  test("a page ending past record 1000 answers Auth0's invalid_paging", async () => {
    expect((await listPage(fixture, ORG, { page: 10, per_page: 100 })).json()).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "Requesting page exceeds the allowed maximum of 1000 records",
      errorCode: "invalid_paging",
    });
  });

  test("a page ending exactly at record 1000 is allowed", async () => {
    expect((await listPage(fixture, ORG, { page: 9, per_page: 100 })).status).toBe(200);
  });

  test("the limit is a mode: it holds for every request past it", async () => {
    expect(await statuses(2, { page: 20, per_page: 50 })).toEqual([400, 400]);
  });
});

describe("mutateAfterPage", () => {
  const page = async (n: number) => (await listPage(fixture, ORG, { page: n, per_page: 10 })).json() as ApiClientGrant[];

  test("a grant inserted at the front after page 0 makes page 1 repeat page 0's last grant", async () => {
    fixture.emulator.addFault({ match: { page: 0, organizationId: ORG }, times: 1, fault: { kind: "mutateAfterPage", insert: 1 } });
    const [first, second] = [await page(0), await page(1)];
    expect(second[0]?.id).toBe(first.at(-1)?.id);
  });

  test("a grant deleted at the front after page 0 makes page 1 skip one grant", async () => {
    const before = seeded();
    fixture.emulator.addFault({ match: { page: 0 }, times: 1, fault: { kind: "mutateAfterPage", remove: 1 } });
    await page(0);
    expect((await page(1))[0]?.id).toBe(before[11]?.id);
  });

  test("explicit grants are inserted at the given position", async () => {
    const grant = { id: "cgr_insertedMidList", client_id: "c", audience: "a", scope: [] };
    fixture.emulator.addFault({ match: { page: 0 }, times: 1, fault: { kind: "mutateAfterPage", insert: [grant], at: 5 } });
    await page(0);
    expect(ids(seeded()).indexOf(grant.id)).toBe(5);
  });

  test("explicit ids are removed", async () => {
    const victim = seeded()[42]?.id as string;
    fixture.emulator.addFault({ match: { page: 0 }, times: 1, fault: { kind: "mutateAfterPage", remove: [victim] } });
    await page(0);
    expect(ids(seeded())).not.toContain(victim);
  });
});
