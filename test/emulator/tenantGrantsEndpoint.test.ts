// GET /api/v2/client-grants on the emulator: every grant of the tenant (associated with organizations or not), the
// filters allow_any_organization, audience, client_id, offset paging with include_totals, checkpoint paging with
// from/take and `next`, and Auth0's 403 for a token without read:client_grants.
import { READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { ANY_ORG_ALLOW, ANY_ORG_DENY, ANY_ORG_REQUIRE, ASSOCIATED_AND_ANY, BILLING_API, BACK_OFFICE, UNASSOCIATED, anyOrganizationTenant, ORG_Y, ORG_Z } from "../helpers/anyOrganizationTenant";
import { call, smallTenant, withEmulator, type QueryValue } from "../helpers/emulator";

const fixture = withEmulator({ seed: anyOrganizationTenant() });
let token = "";
beforeEach(() => {
  token = fixture.emulator.issueToken([READ_CLIENT_GRANTS]);
});

const path = (query: Readonly<Record<string, QueryValue>> = {}) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  return `/api/v2/client-grants${params.size > 0 ? `?${params.toString()}` : ""}`;
};
const get = (query: Readonly<Record<string, QueryValue>> = {}, as = token) => call(fixture.emulator, path(query), { token: as });
const ids = (grants: readonly { id: string }[]) => grants.map((g) => g.id);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every grant of the seed, once, in id order: what the endpoint lists unfiltered. */
const everyGrant = (): ApiClientGrant[] => {
  const seed = anyOrganizationTenant();
  return [...seed.clientGrants!, ...Object.values(seed.organizations).flat()].sort(byId);
};

describe("what it lists", () => {
  test("every grant of the tenant once, associated or not, in id order, as a bare array of 50 by default", async () => {
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(everyGrant().slice(0, 50));
    expect(fixture.emulator.clientGrants()).toEqual(everyGrant());
  });

  test("allow_any_organization=true keeps the grants with the flag, deny included (the endpoint filters on the flag only)", async () => {
    const answer = await get({ allow_any_organization: true, per_page: 100 });
    expect(ids(answer.json() as ApiClientGrant[])).toEqual(ids([ANY_ORG_ALLOW, ANY_ORG_DENY, ANY_ORG_REQUIRE, ASSOCIATED_AND_ANY].sort(byId)));
  });

  test.each([
    ["audience", { audience: BILLING_API }, (g: ApiClientGrant) => g.audience === BILLING_API],
    ["client_id", { client_id: BACK_OFFICE }, (g: ApiClientGrant) => g.client_id === BACK_OFFICE],
    ["allow_any_organization with audience", { allow_any_organization: true, audience: BILLING_API }, (g: ApiClientGrant) => g.allow_any_organization === true && g.audience === BILLING_API],
  ])("%s filters by exact match", async (_, query, keep) => {
    const answer = await get({ ...query, per_page: 100 });
    const expected = everyGrant().filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.json()).toEqual(expected);
  });

  test("a grant that is associated with an organization is listed as the tenant's too", async () => {
    const answer = (await get({ client_id: UNASSOCIATED.client_id, per_page: 100 })).json() as ApiClientGrant[];
    expect(ids(answer)).toEqual(expect.arrayContaining([UNASSOCIATED.id, ASSOCIATED_AND_ANY.id]));
  });
});

describe("offset paging", () => {
  test("include_totals=true answers { client_grants, start, limit, total }", async () => {
    const answer = await get({ include_totals: true, page: 1, per_page: 30 });
    expect(answer.json()).toEqual({ client_grants: everyGrant().slice(30, 60), start: 30, limit: 30, total: everyGrant().length });
  });

  test("walking every page of 40 returns every grant once", async () => {
    const collected: ApiClientGrant[] = [];
    for (let page = 0; page < 10; page++) {
      const batch = (await get({ page, per_page: 40 })).json() as ApiClientGrant[];
      collected.push(...batch);
      if (batch.length < 40) break;
    }
    expect(collected).toEqual(everyGrant());
  });

  test("a page past the end is empty", async () => {
    expect((await get({ page: 9, per_page: 100 })).json()).toEqual([]);
  });
});

describe("checkpoint paging", () => {
  test("take without from answers { client_grants, next } with the first grants", async () => {
    const answer = (await get({ take: 10 })).json() as { client_grants: ApiClientGrant[]; next?: string };
    expect(answer.client_grants).toEqual(everyGrant().slice(0, 10));
    expect(typeof answer.next).toBe("string");
  });

  test("following next from page to page lists every grant once, and the last page has no next", async () => {
    const collected: ApiClientGrant[] = [];
    let from: string | undefined;
    let pages = 0;
    do {
      const answer = (await get({ take: 40, ...(from === undefined ? {} : { from }) })).json() as { client_grants: ApiClientGrant[]; next?: string };
      collected.push(...answer.client_grants);
      from = answer.next;
      pages++;
    } while (from !== undefined && pages < 10);
    expect(collected).toEqual(everyGrant());
    expect(pages).toBe(Math.ceil(everyGrant().length / 40));
  });

  test("a checkpoint continues after its grant even when grants were removed in between", async () => {
    const first = (await get({ take: 5 })).json() as { client_grants: ApiClientGrant[]; next: string };
    fixture.emulator.removeGrant(ORG_Z, everyGrant()[5]!.id);
    const second = (await get({ take: 5, from: first.next })).json() as { client_grants: ApiClientGrant[] };
    expect(second.client_grants).toEqual(everyGrant().slice(6, 11));
  });

  test("filters apply to checkpoint pages as well", async () => {
    const answer = (await get({ take: 100, allow_any_organization: true })).json() as { client_grants: ApiClientGrant[]; next?: string };
    expect(answer).toEqual({ client_grants: everyGrant().filter((g) => g.allow_any_organization === true) });
  });
});

describe("refusals in Auth0's words", () => {
  test("a token without read:client_grants gets Auth0's 403, even with read:organization_client_grants", async () => {
    const answer = await get({}, fixture.emulator.issueToken([READ_ORGANIZATION_CLIENT_GRANTS]));
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ statusCode: 403, error: "Forbidden", message: "Insufficient scope, expected any of: read:client_grants", errorCode: "insufficient_scope" });
  });

  test("the organization endpoint still asks for read:organization_client_grants, not read:client_grants", async () => {
    const answer = await call(fixture.emulator, `/api/v2/organizations/${ORG_Y}/client-grants`, { token });
    expect(answer.status).toBe(403);
    expect(answer.json()).toMatchObject({ message: "Insufficient scope, expected any of: read:organization_client_grants" });
  });

  test("no token is a 401", async () => {
    expect((await call(fixture.emulator, path())).status).toBe(401);
  });

  test.each([
    [{ grant_ids: "cgr_1" }, "Query validation error: 'Additional properties not allowed: grant_ids'."],
    [{ allow_any_organization: false }, "Query validation error: 'No enum match for: false' on property allow_any_organization (Optional filter on allow_any_organization.)."],
    [{ per_page: 101 }, "Query validation error: 'Value (101) is greater than maximum value (100)' on property per_page (Number of results per page.)."],
    [{ take: 0 }, "Query validation error: 'Value (0) is less than minimum value (1)' on property take (Number of results per page. Defaults to 50.)."],
    [{ subject_type: "robot" }, "Query validation error: 'No enum match for: robot' on property subject_type (The type of application access the client grant allows.)."],
    [{ take: 10, page: 1 }, "Query validation error: 'Checkpoint paging (from, take) cannot be combined with page or per_page'."],
    [{ from: "not-a-checkpoint" }, "Query validation error: 'Invalid checkpoint: use the next value of a previous answer' on property from (Optional Id from which to start selection.)."],
  ])("%j is a 400 invalid_query_string", async (query, message) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ statusCode: 400, error: "Bad Request", message, errorCode: "invalid_query_string" });
  });
});

describe("the request log and faults", () => {
  test("counts the tenant-wide endpoint apart from the organization endpoint", async () => {
    await get();
    await call(fixture.emulator, `/api/v2/organizations/${ORG_Y}/client-grants`, { token: fixture.emulator.issueToken() });
    expect(fixture.emulator.counters.requests).toEqual({ grants: 1, tenantGrants: 1, token: 0, other: 0 });
    expect(fixture.emulator.requests.map((r) => r.endpoint)).toEqual(["tenantGrants", "grants"]);
  });

  test("a fault matched to the tenant-wide endpoint fires there and not on the organization endpoint", async () => {
    const fault = fixture.emulator.addFault({ match: { endpoint: "tenantGrants", page: 1 }, times: 1, fault: { kind: "lieTotal", delta: 3 } });
    await call(fixture.emulator, `/api/v2/organizations/${ORG_Z}/client-grants?page=1&include_totals=true`, { token: fixture.emulator.issueToken() });
    expect(fault.fired).toBe(0);

    const answer = (await get({ page: 1, per_page: 10, include_totals: true })).json() as { total: number };
    expect(fault.fired).toBe(1);
    expect(answer.total).toBe(everyGrant().length + 3);
  });

  test("pageLimit400 refuses tenant-wide offset pages past the limit, as Auth0 does past 1000 records", async () => {
    fixture.emulator.addFault({ match: { endpoint: "tenantGrants" }, fault: { kind: "pageLimit400", maxRecords: 100 } });
    expect((await get({ page: 1, per_page: 100 })).json()).toMatchObject({ statusCode: 400, errorCode: "invalid_paging" });
  });
});

describe("seeds", () => {
  test("a seed without clientGrants is still valid: the tenant's grants are those of its organizations", async () => {
    fixture.emulator.replaceData(smallTenant());
    const answer = (await get({ per_page: 100, include_totals: true }, fixture.emulator.issueToken([READ_CLIENT_GRANTS]))).json() as { total: number };
    expect(answer.total).toBe(120);
  });

  test("a seed with one id twice in clientGrants is refused", () => {
    expect(() => fixture.emulator.replaceData({ organizations: {}, clientGrants: [ANY_ORG_ALLOW, ANY_ORG_ALLOW] })).toThrow(/duplicate grant id/);
  });
});
