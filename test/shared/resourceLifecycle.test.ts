// The read-only resource's lifecycle (provider/shared/resourceLifecycle.ts) against an in-memory tenant, the way
// paginator.test.ts tests paging: each rule of check, diff, create, read and update shown on its own. Both surfaces
// run this lifecycle; their own tests (test/dynamicResource, test/plugin) drive it through the real processes and
// keep only what differs between them (the serialized provider, secret wrapping, the RPC shapes).
import { ApiError, ResponseFormatError } from "../../provider/core/errors";
import { toClientGrant, type ApiClientGrant, type ClientGrantsResult, type Filters } from "../../provider/core/schemas";
import { lifecycle } from "../../provider/shared/resourceLifecycle";
import { UNKNOWN } from "../helpers/rpcWire";
import { matchesFilters } from "../helpers/emulator";

const ORG = "org_lifecycle000001";
const OTHER_ORG = "org_lifecycle000002";
const AUDIENCE = "https://api.example.com/";

type Props = Record<string, unknown>;

const wire = (id: string, audience = AUDIENCE, scope = ["read:things"]): ApiClientGrant => ({
  id,
  client_id: `client_${id}`,
  audience,
  scope,
  organization_usage: "allow",
  allow_any_organization: false,
});

/**
 * An in-memory tenant: organizations and their grants, listed with the filters as the API applies them. It records
 * every listing, and `failWith` makes the next ones fail as the real listing would.
 */
function tenant() {
  const organizations = new Map<string, ApiClientGrant[]>([
    [ORG, [wire("cgr_1"), wire("cgr_2", "https://other.example.com/"), wire("cgr_3")]],
    [OTHER_ORG, [wire("cgr_9")]],
  ]);
  const listed: Filters[] = [];
  let failure: Error | undefined;
  const fetchGrants = async (filters: Filters): Promise<ClientGrantsResult> => {
    listed.push(filters);
    if (failure) throw failure;
    const grants = organizations.get(filters.organizationId);
    if (grants === undefined) {
      throw new ApiError("Listing", { status: 404, errorCode: "inexistent_organization", apiMessage: "No organization found by that id" });
    }
    const matching = grants.filter((g) => matchesFilters(g, filters));
    return {
      organizationId: filters.organizationId,
      ...(filters.audience !== undefined && { audience: filters.audience }),
      ...(filters.clientId !== undefined && { clientId: filters.clientId }),
      ...(filters.grantIds !== undefined && { grantIds: filters.grantIds }),
      total: matching.length,
      clientGrants: matching.map(toClientGrant),
    };
  };
  return {
    organizations,
    listed,
    failWith: (error: Error) => void (failure = error),
    fetchGrants,
    // No PULUMI_* of the test runner's own: the refresh tests below say which engine they stand for.
    hooks: lifecycle({ fetchGrants, env: {} }),
  };
}

/** What the engine does for a new resource: check, then create with the checked inputs. Returns the state. */
async function deployed(t: ReturnType<typeof tenant>, filters: Props): Promise<{ id: string; state: Props }> {
  const checked = t.hooks.check(filters);
  expect(checked.failures).toEqual([]);
  const { id, outputs } = await t.hooks.create(checked.inputs);
  t.listed.length = 0;
  return { id, state: { ...outputs } };
}

describe("check", () => {
  test("hands back exactly the filters it takes, and sends nothing", () => {
    const t = tenant();

    const answer = t.hooks.check({ organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_1"], clientId: undefined });

    expect(answer).toEqual({ inputs: { organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_1"] }, failures: [] });
    expect(t.listed).toEqual([]);
  });

  test("reports every broken input under its own property, with the core function's reasons", () => {
    const answer = tenant().hooks.check({ organizationId: "o".repeat(51), audience: ` ${AUDIENCE}`, grantIds: ["cgr_1", ""] });

    expect(answer.failures).toEqual([
      { property: "organizationId", reason: "organizationId must be at most 50 characters (Auth0's limit)" },
      { property: "audience", reason: "audience must not start or end with white space" },
      { property: "grantIds[1]", reason: "grantIds[] must not be empty" },
    ]);
  });

  test("requires organizationId", () => {
    expect(tenant().hooks.check({ audience: AUDIENCE }).failures).toEqual([{ property: "organizationId", reason: "organizationId is required" }]);
  });

  test("refuses an argument the resource does not take, naming the ones it does", () => {
    expect(tenant().hooks.check({ organizationId: ORG, perPage: 5 }).failures).toEqual([
      { property: "perPage", reason: "perPage is not an argument of OrganizationClientGrants (it takes organizationId, audience, clientId, grantIds, includeAnyOrganization)" },
    ]);
  });

  test("a surface may give its own reason for an argument, or let one through", () => {
    const hooks = lifecycle({ fetchGrants: tenant().fetchGrants, refuseArgument: (key) => (key === "__provider" ? undefined : `no ${key} here`) });

    expect(hooks.check({ organizationId: ORG, __provider: "text", connection: {} }).failures).toEqual([{ property: "connection", reason: "no connection here" }]);
  });

  test("leaves values that are not known yet (a preview) unjudged, and judges the rest", () => {
    const answer = tenant().hooks.check({ organizationId: UNKNOWN.string, grantIds: ["cgr_1", UNKNOWN.string], clientId: "" });

    expect(answer.failures).toEqual([{ property: "clientId", reason: "clientId must not be empty" }]);
  });

  test("judges values as the surface's `plain` shows them, and hands the inputs back as they came", () => {
    const wrapped = { organizationId: { secret: "o".repeat(51) } };
    const hooks = lifecycle({ fetchGrants: tenant().fetchGrants, plain: (props) => ({ organizationId: (props.organizationId as { secret: string }).secret }) });

    const answer = hooks.check(wrapped);

    expect(answer.inputs).toEqual(wrapped);
    expect(answer.failures.map((f) => f.property)).toEqual(["organizationId"]);
  });
});

describe("create", () => {
  test("lists with the filters; the id is a new UUID (never the organization id, which may be secret), and no absent filter is in the outputs", async () => {
    const t = tenant();

    const { id, outputs } = await t.hooks.create({ organizationId: ORG });

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(outputs).toEqual({ organizationId: ORG, total: 3, clientGrants: t.organizations.get(ORG)!.map(toClientGrant) });
    expect(Object.keys(outputs).sort()).toEqual(["clientGrants", "organizationId", "total"]);
    expect(t.listed).toEqual([{ organizationId: ORG }]);
  });

  test("echoes the filters and holds only the matching grants", async () => {
    const { outputs } = await tenant().hooks.create({ organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_1", "cgr_2"] });

    expect(outputs).toEqual({ organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_1", "cgr_2"], total: 1, clientGrants: [toClientGrant(wire("cgr_1"))] });
  });

  test("fails with the listing's error", async () => {
    await expect(tenant().hooks.create({ organizationId: "org_notThere000001" })).rejects.toThrow(ApiError);
  });
});

describe("diff", () => {
  test("no change when the grants listed now are those in state, and it did ask", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: false, replaces: [], diffs: [] });
    expect(t.listed).toEqual([{ organizationId: ORG }]);
  });

  test("a grant added since the deployment changes the total and the grants", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)!.push(wire("cgr_added"));

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: true, replaces: [], diffs: ["total", "clientGrants"] });
  });

  test("a grant removed since the deployment is drift", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)!.splice(1, 1);

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: true, replaces: [], diffs: ["total", "clientGrants"] });
  });

  test("a grant whose scopes changed is drift of the grants only", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)![2] = wire("cgr_3", AUDIENCE, ["read:things", "delete:everything"]);

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: true, replaces: [], diffs: ["clientGrants"] });
  });

  test("a field Auth0 added to a grant since the deployment is drift", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)![0] = { ...wire("cgr_1"), is_system: true };

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toMatchObject({ changes: true, diffs: ["clientGrants"] });
  });

  test("the order grants are listed in does not count", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)!.reverse();

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: false, replaces: [], diffs: [] });
  });

  test("changed filters are an update naming them, another organization a replacement; neither asks Auth0", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });

    await expect(t.hooks.diff(id, state, { organizationId: ORG, audience: AUDIENCE })).resolves.toEqual({ changes: true, replaces: [], diffs: ["audience"] });
    await expect(t.hooks.diff(id, state, { organizationId: OTHER_ORG })).resolves.toEqual({ changes: true, replaces: ["organizationId"], diffs: ["organizationId"] });
    expect(t.listed).toEqual([]);
  });

  test("grant ids are compared as given: the same list is no change, another order an update", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG, grantIds: ["cgr_1", "cgr_3"] });

    await expect(t.hooks.diff(id, state, { organizationId: ORG, grantIds: ["cgr_1", "cgr_3"] })).resolves.toMatchObject({ changes: false });
    await expect(t.hooks.diff(id, state, { organizationId: ORG, grantIds: ["cgr_3", "cgr_1"] })).resolves.toMatchObject({ changes: true, diffs: ["grantIds"] });
  });

  test("an input not known yet is a change, without a listing", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });

    await expect(t.hooks.diff(id, state, { organizationId: ORG, grantIds: [UNKNOWN.string] })).resolves.toMatchObject({ changes: true });
    expect(t.listed).toEqual([]);
  });

  test("a listing that fails fails the diff, instead of comparing a partial list", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.failWith(new ResponseFormatError("Listing (page 1): the answer does not have the documented shape"));

    await expect(t.hooks.diff(id, state, { organizationId: ORG })).rejects.toThrow(ResponseFormatError);
  });

  test("reads state leniently: without the filters (only the id), or with fields a newer version added", async () => {
    const t = tenant();
    const { state } = await deployed(t, { organizationId: ORG });
    const { organizationId: _dropped, ...withoutFilters } = state;

    // Without the filters, the id names the organization: as in state written by 0.1.0, whose ids were organization ids.
    await expect(t.hooks.diff(ORG, { ...withoutFilters, addedLater: { x: 1 } }, { organizationId: ORG })).resolves.toEqual({ changes: false, replaces: [], diffs: [] });
    expect(t.listed).toEqual([{ organizationId: ORG }]);
  });

  test("a state that holds no grants list is drift, not an error", async () => {
    const t = tenant();

    await expect(t.hooks.diff(ORG, { organizationId: ORG, total: 3 }, { organizationId: ORG })).resolves.toMatchObject({ changes: true });
  });
});

describe("read", () => {
  test("lists again with the filters in state, and answers them as the inputs", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG, audience: AUDIENCE });
    t.organizations.get(ORG)!.push(wire("cgr_addedBeforeRefresh"));

    const answer = await t.hooks.read(id, state);

    expect(answer.id).toBe(id);
    expect(answer.outputs?.clientGrants.map((g) => g.id)).toEqual(["cgr_1", "cgr_3", "cgr_addedBeforeRefresh"]);
    expect(answer.inputs).toEqual({ organizationId: ORG, audience: AUDIENCE });
    expect(t.listed).toEqual([{ organizationId: ORG, audience: AUDIENCE }]);
  });

  test("by id alone (an import) lists the whole organization the id names", async () => {
    const t = tenant();

    const answer = await t.hooks.read(OTHER_ORG, {});

    expect(answer).toEqual({
      id: OTHER_ORG,
      outputs: { organizationId: OTHER_ORG, total: 1, clientGrants: [toClientGrant(wire("cgr_9"))] },
      inputs: { organizationId: OTHER_ORG },
    });
  });

  test("answers an empty id when the organization itself is gone, so a refresh shows the resource deleted", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: OTHER_ORG });
    t.organizations.delete(OTHER_ORG);

    await expect(t.hooks.read(id, state)).resolves.toEqual({ id: "" });
  });

  test("any other 404 is an error, not a deletion", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.failWith(new ApiError("Listing", { status: 404, errorCode: "not_found", apiMessage: "Not Found" }));

    await expect(t.hooks.read(id, state)).rejects.toThrow(/HTTP 404/);
  });

  test("a listing that fails fails the read, instead of answering an empty list", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.failWith(new ApiError("Listing", { status: 503 }));

    await expect(t.hooks.read(id, state)).rejects.toThrow(/HTTP 503/);
  });
});

describe("update", () => {
  test("lists with the new filters", async () => {
    const t = tenant();
    await deployed(t, { organizationId: ORG });

    await expect(t.hooks.update({ organizationId: ORG, audience: AUDIENCE })).resolves.toEqual({
      organizationId: ORG,
      audience: AUDIENCE,
      total: 2,
      clientGrants: [toClientGrant(wire("cgr_1")), toClientGrant(wire("cgr_3"))],
    });
    expect(t.listed).toEqual([{ organizationId: ORG, audience: AUDIENCE }]);
  });

  test("refuses inputs that break a rule, before listing", async () => {
    const t = tenant();

    await expect(t.hooks.update({ organizationId: ORG, grantIds: [] })).rejects.toThrow(/grantIds must hold at least one id/);
    expect(t.listed).toEqual([]);
  });
});

// `pulumi refresh` calls Read, then Diff with the refreshed outputs as the old state (to show what the refresh changed).
describe("refresh: a read, then the diff of the same resource", () => {
  test("the diff takes the grants the read just listed, instead of listing them again", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });

    const read = await t.hooks.read(id, state);
    const diff = await t.hooks.diff(id, read.outputs, { organizationId: ORG });

    expect(diff.changes).toBe(false);
    expect(t.listed).toEqual([{ organizationId: ORG }]);
  });

  test("a grant added since the deployment: the diff reports what the read changed, from the state it started from", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)!.push(wire("cgr_added"));

    const read = await t.hooks.read(id, state);

    await expect(t.hooks.diff(id, read.outputs, { organizationId: ORG })).resolves.toEqual({ changes: true, replaces: [], diffs: ["total", "clientGrants"] });
    expect(t.listed).toHaveLength(1);
  });

  test("the diff of the update after it (pulumi up --refresh) compares with the refreshed grants: no change", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.organizations.get(ORG)!.push(wire("cgr_added"));
    const read = await t.hooks.read(id, state);
    await t.hooks.diff(id, read.outputs, { organizationId: ORG });

    await expect(t.hooks.diff(id, read.outputs, { organizationId: ORG })).resolves.toMatchObject({ changes: false });
  });

  test("with the legacy refresh display (PULUMI_ENABLE_LEGACY_REFRESH_DIFF) the engine sends no such diff: the next one compares with the refreshed grants", async () => {
    const t = tenant();
    const hooks = lifecycle({ fetchGrants: t.fetchGrants, env: { PULUMI_ENABLE_LEGACY_REFRESH_DIFF: "TRUE" } });
    const { id, outputs } = await hooks.create({ organizationId: ORG });
    t.organizations.get(ORG)!.push(wire("cgr_added"));
    const read = await hooks.read(id, { ...outputs });

    await expect(hooks.diff(id, read.outputs, { organizationId: ORG })).resolves.toMatchObject({ changes: false });
  });

  test("an import's read (no grants in state yet) leaves the diff to compare the inputs with what it read", async () => {
    const t = tenant();

    const read = await t.hooks.read(ORG, {});

    await expect(t.hooks.diff(ORG, read.outputs, { organizationId: ORG })).resolves.toEqual({ changes: false, replaces: [], diffs: [] });
    expect(t.listed).toHaveLength(1);
  });

  test("only once, and only for the resource that was read", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    const other = await deployed(t, { organizationId: ORG });

    await t.hooks.read(id, state);
    await t.hooks.diff(other.id, other.state, { organizationId: ORG });
    await t.hooks.diff(id, state, { organizationId: ORG });
    await t.hooks.diff(id, state, { organizationId: ORG });

    expect(t.listed).toHaveLength(3);
  });

  test("a read that fails leaves the next diff to list for itself, not to take an earlier read's grants", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    await t.hooks.read(id, state);
    t.failWith(new ApiError("Listing", { status: 503 }));

    await expect(t.hooks.read(id, state)).rejects.toThrow(ApiError);
    await expect(t.hooks.diff(id, state, { organizationId: ORG })).rejects.toThrow(ApiError);
  });
});

describe("read: a credential refused while refreshing", () => {
  test("says that the refresh used the provider configuration saved at the last update, and what to run", async () => {
    const t = tenant();
    const { id, state } = await deployed(t, { organizationId: ORG });
    t.failWith(new ApiError("Listing", { status: 401, errorCode: "invalid_token" }, "Set a fresh auth0:apiToken."));

    await expect(t.hooks.read(id, state)).rejects.toThrow(
      /Set a fresh auth0:apiToken\. If the credential comes from the stack configuration: pulumi refresh used the provider configuration saved in state at the last update.*run pulumi refresh --run-program or pulumi up/,
    );
  });
});
