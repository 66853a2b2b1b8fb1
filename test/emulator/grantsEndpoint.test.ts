// GET /api/v2/organizations/{id}/client-grants on the emulator, held to the contract in shared/auth0-contract.md.
import { apiClientGrantsEnvelopeSchema, apiClientGrantSchema, apiErrorBodySchema } from "../../provider/core/schemas";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { EMPTY_ORG, ORG, call, grantsPath, listPage, withEmulator } from "../helpers/emulator";

const fixture = withEmulator();
const seeded = () => fixture.emulator.grantsOf(ORG) as ApiClientGrant[];
const ids = (grants: readonly { id: string }[]) => grants.map((g) => g.id);

describe("response shapes", () => {
  test("without include_totals the answer is a bare array of the first 50 grants", async () => {
    const answer = await listPage(fixture, ORG);
    expect(answer.json()).toEqual(seeded().slice(0, 50));
  });

  test("include_totals=true answers { client_grants, start, limit, total }", async () => {
    const answer = await listPage(fixture, ORG, { include_totals: true, page: 1, per_page: 30 });
    expect(answer.json()).toEqual({ client_grants: seeded().slice(30, 60), start: 30, limit: 30, total: 120 });
  });

  test("include_totals=false answers a bare array", async () => {
    const answer = await listPage(fixture, ORG, { include_totals: false, per_page: 3 });
    expect(answer.json()).toEqual(seeded().slice(0, 3));
  });

  test("every answered grant parses with the shared API schema", async () => {
    const answer = await listPage(fixture, ORG, { per_page: 100 });
    expect(apiClientGrantSchema.array().safeParse(answer.json()).success).toBe(true);
  });

  test("fields beyond the six documented ones are sent as stored", async () => {
    const answer = (await listPage(fixture, ORG, { per_page: 100 })).json() as Record<string, unknown>[];
    expect(answer.filter((g) => "is_system" in g || "subject_type" in g)).toEqual(
      seeded()
        .slice(0, 100)
        .filter((g) => "is_system" in g || "subject_type" in g),
    );
  });

  test("an organization without grants answers an empty array", async () => {
    expect((await listPage(fixture, EMPTY_ORG)).json()).toEqual([]);
  });
});

describe("offset paging", () => {
  test("walking every page of 7 returns every grant once, in insertion order", async () => {
    const collected: ApiClientGrant[] = [];
    for (let page = 0; ; page++) {
      const batch = (await listPage(fixture, ORG, { page, per_page: 7 })).json() as ApiClientGrant[];
      collected.push(...batch);
      if (batch.length < 7) break;
    }
    expect(ids(collected)).toEqual(ids(seeded()));
  });

  test("a page past the end is an empty array", async () => {
    expect((await listPage(fixture, ORG, { page: 3, per_page: 50 })).json()).toEqual([]);
  });

  test("per_page=100 answers 100 grants", async () => {
    expect((await listPage(fixture, ORG, { per_page: 100 })).json()).toHaveLength(100);
  });

  test("a grant added at runtime is listed last", async () => {
    const grant = { id: "cgr_addedAtRuntime01", client_id: "c", audience: "https://a/", scope: [] };
    fixture.emulator.addGrant(ORG, grant);
    const last = (await listPage(fixture, ORG, { page: 1, per_page: 100 })).json() as ApiClientGrant[];
    expect(last.at(-1)).toEqual(grant);
  });

  test("a grant removed at runtime is no longer listed", async () => {
    const [first] = seeded();
    fixture.emulator.removeGrant(ORG, first?.id as string);
    expect(ids((await listPage(fixture, ORG, { per_page: 100 })).json() as ApiClientGrant[])).not.toContain(first?.id);
  });
});

describe("filters", () => {
  test("audience keeps only exact matches", async () => {
    const audience = seeded()[0]?.audience as string;
    const answer = (await listPage(fixture, ORG, { audience, per_page: 100, page: 0 })).json() as ApiClientGrant[];
    expect(ids(answer)).toEqual(ids(seeded().filter((g) => g.audience === audience)).slice(0, 100));
  });

  test("an audience that only prefixes a real one matches nothing", async () => {
    const audience = (seeded()[0]?.audience as string).slice(0, -2);
    expect((await listPage(fixture, ORG, { audience })).json()).toEqual([]);
  });

  test("client_id keeps only that client's grants", async () => {
    const clientId = seeded()[0]?.client_id as string;
    const answer = (await listPage(fixture, ORG, { client_id: clientId, per_page: 100 })).json() as ApiClientGrant[];
    expect(ids(answer)).toEqual(ids(seeded().filter((g) => g.client_id === clientId)));
  });

  test("repeated grant_ids keep exactly those grants, in the organization's order", async () => {
    const wanted = [seeded()[90]?.id, seeded()[3]?.id, "cgr_doesNotExist00"] as string[];
    const answer = (await listPage(fixture, ORG, { grant_ids: wanted })).json() as ApiClientGrant[];
    expect(ids(answer)).toEqual([seeded()[3]?.id, seeded()[90]?.id]);
  });

  test("filters combine with AND", async () => {
    const { audience, client_id } = seeded()[0] as ApiClientGrant;
    const answer = (await listPage(fixture, ORG, { audience, client_id, per_page: 100 })).json() as ApiClientGrant[];
    expect(ids(answer)).toEqual(ids(seeded().filter((g) => g.audience === audience && g.client_id === client_id)));
  });

  test("total counts the filtered grants, not the organization's", async () => {
    const { audience } = seeded()[0] as ApiClientGrant;
    const answer = apiClientGrantsEnvelopeSchema.parse((await listPage(fixture, ORG, { audience, include_totals: true })).json());
    expect(answer.total).toBe(seeded().filter((g) => g.audience === audience).length);
  });
});

describe("the organization id in the path", () => {
  test("an id holding an encoded slash is found as that organization", async () => {
    fixture.emulator.setOrganization("org/with/slashes", [{ id: "cgr_slash", client_id: "c", audience: "a", scope: [] }]);
    expect(ids((await listPage(fixture, "org/with/slashes")).json() as ApiClientGrant[])).toEqual(["cgr_slash"]);
  });

  test("a raw slash makes a different path, which Auth0 does not know", async () => {
    fixture.emulator.setOrganization("org/with/slashes", []);
    const answer = await call(fixture.emulator, "/api/v2/organizations/org/with/slashes/client-grants", { token: fixture.token });
    expect(answer.json()).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
  });

  test("an unknown organization answers 404 inexistent_organization", async () => {
    expect((await listPage(fixture, "org_doesNotExist")).json()).toEqual({
      statusCode: 404,
      error: "Not Found",
      message: "No organization found by that id or name",
      errorCode: "inexistent_organization",
    });
  });

  test("an id of exactly 50 characters is valid (and here unknown)", async () => {
    expect((await listPage(fixture, "o".repeat(50))).status).toBe(404);
  });

  test("an id of 51 characters answers 400 invalid_uri", async () => {
    const answer = await listPage(fixture, "o".repeat(51));
    expect(apiErrorBodySchema.parse(answer.json())).toMatchObject({ statusCode: 400, error: "Bad Request", errorCode: "invalid_uri" });
  });
});

describe("query validation answers Auth0's 400 invalid_query_string", () => {
  const tooManyIds = Array.from({ length: 11 }, (_, i) => `cgr_${i}`);
  test.each([
    ["audience longer than 600 characters", { audience: "a".repeat(601) }, "audience"],
    ["more than 10 grant_ids", { grant_ids: tooManyIds }, "grant_ids"],
    ["a negative page", { page: -1 }, "page"],
    ["a page that is not a number", { page: "two" }, "page"],
    ["a page that is not an integer", { page: 1.5 }, "page"],
    ["per_page 0", { per_page: 0 }, "per_page"],
    ["per_page 101", { per_page: 101 }, "per_page"],
    ["per_page that is not a number", { per_page: "many" }, "per_page"],
    ["include_totals that is not a boolean", { include_totals: "yes" }, "include_totals"],
    ["page given twice", { page: ["0", "1"] }, "page"],
    ["an unknown parameter", { fields: "id" }, "fields"],
  ])("%s", async (_scenario, query, named) => {
    const answer = await listPage(fixture, ORG, query);
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        message: expect.stringContaining(named),
        errorCode: "invalid_query_string",
      },
    });
  });

  test.each([
    ["audience of exactly 600 characters", { audience: "a".repeat(600) }],
    ["exactly 10 grant_ids", { grant_ids: tooManyIds.slice(0, 10) }],
    ["per_page 1", { per_page: 1 }],
    ["per_page 100", { per_page: 100 }],
    ["a page far past the end", { page: 1_000_000 }],
  ])("%s is accepted", async (_scenario, query) => {
    expect((await listPage(fixture, ORG, query)).status).toBe(200);
  });
});

describe("authentication", () => {
  const invalidToken = { statusCode: 401, error: "Unauthorized", message: "Invalid token", errorCode: "invalid_token" };

  test("no Authorization header answers 401 invalid_token", async () => {
    expect((await call(fixture.emulator, grantsPath(ORG))).json()).toEqual(invalidToken);
  });

  test("an unknown token answers 401 invalid_token", async () => {
    expect((await listPage(fixture, ORG, {}, "not-a-token")).json()).toEqual(invalidToken);
  });

  test("an expired token answers 401 invalid_token", async () => {
    const expired = fixture.emulator.issueToken(undefined, { expiresInSeconds: 0 });
    expect((await listPage(fixture, ORG, {}, expired)).json()).toEqual(invalidToken);
  });

  test("a revoked token answers 401 invalid_token", async () => {
    fixture.emulator.revokeToken(fixture.token);
    expect((await listPage(fixture, ORG)).status).toBe(401);
  });

  test("a token without read:organization_client_grants answers 403 insufficient_scope", async () => {
    const token = fixture.emulator.issueToken(["read:clients", "read:organizations"]);
    expect((await listPage(fixture, ORG, {}, token)).json()).toEqual({
      statusCode: 403,
      error: "Forbidden",
      message: "Insufficient scope, expected any of: read:organization_client_grants",
      errorCode: "insufficient_scope",
    });
  });

  test("authentication is checked before the query", async () => {
    expect((await call(fixture.emulator, grantsPath(ORG, { per_page: 0 }))).status).toBe(401);
  });
});

describe("other routes", () => {
  test.each([
    ["POST on the grants path", "POST", grantsPath(ORG)],
    ["another Management API path", "GET", "/api/v2/clients"],
    ["a trailing slash", "GET", `${grantsPath(ORG)}/`],
    ["a path outside the API", "GET", "/"],
    ["GET on the token endpoint", "GET", "/oauth/token"],
  ] as const)("%s answers Auth0's 404", async (_scenario, method, path) => {
    const answer = await call(fixture.emulator, path, { method, token: fixture.token });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message: "Not Found" },
    });
  });
});

describe("the request log", () => {
  test("records method, path, parsed query, status and endpoint", async () => {
    await listPage(fixture, ORG, { page: 1, grant_ids: ["a", "b"] });
    expect(fixture.emulator.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/api/v2/organizations/${ORG}/client-grants`,
        query: { page: "1", grant_ids: ["a", "b"] },
        status: 200,
        endpoint: "grants",
        authorizationPresent: true,
        tokenKnown: true,
      }),
    ]);
  });

  test("never stores the Authorization header's value", async () => {
    await listPage(fixture, ORG, {}, "a-secret-looking-token");
    expect(JSON.stringify(fixture.emulator.requests)).not.toContain("a-secret-looking-token");
  });

  test("notes an unknown token as present but not known", async () => {
    await listPage(fixture, ORG, {}, "unknown");
    expect(fixture.emulator.requests[0]).toMatchObject({ authorizationPresent: true, tokenKnown: false, status: 401 });
  });

  test("counts requests per endpoint", async () => {
    await listPage(fixture, ORG);
    await listPage(fixture, ORG);
    await call(fixture.emulator, "/nowhere");
    expect(fixture.emulator.counters.requests).toEqual({ grants: 2, tenantGrants: 0, token: 0, other: 1 });
  });

  test("counts how many requests were in flight at once", async () => {
    fixture.emulator.setLatency(50);
    await Promise.all([listPage(fixture, ORG), listPage(fixture, ORG), listPage(fixture, ORG)]);
    expect(fixture.emulator.counters.maxInFlight).toBe(3);
  });

  test("resetLog forgets entries and counters", async () => {
    await listPage(fixture, ORG);
    fixture.emulator.resetLog();
    expect({ requests: fixture.emulator.requests, counted: fixture.emulator.counters.requests.grants }).toEqual({ requests: [], counted: 0 });
  });
});

describe("latency", () => {
  test("setLatency delays every answer by at least that long", async () => {
    fixture.emulator.setLatency(120);
    const started = performance.now();
    await listPage(fixture, ORG);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
