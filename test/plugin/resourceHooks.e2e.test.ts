// `auth0-org-grants:index:OrganizationClientGrants` through the installed plugin, with the dynamic resource's
// semantics (test/dynamicResource/providerImplementation.e2e.test.ts): check validates, diff lists and compares, create and update list, read
// refreshes and reports a deleted organization as gone, delete sends nothing.
import { DEFAULT_AUDIENCES, generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, type Seed } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { expectedOutputs, withEmulator } from "../helpers/emulator";
import { rpcSecret, withPlugin } from "../helpers/pluginProcess";

const TOKEN = "tok_pluginResourceTest_9a0c3f";
const ORG = "org_pluginRes0000001";
const OTHER_ORG = "org_pluginRes0000002";
const MISSING_ORG = "org_pluginResMissing1";
const AUDIENCE = DEFAULT_AUDIENCES[0]!;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const seed: Seed = {
  organizations: { [ORG]: generateGrants(130, { organizationId: ORG }), [OTHER_ORG]: generateGrants(3, { organizationId: OTHER_ORG }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
const hosted = withPlugin();
beforeAll(async () => {
  await hosted.plugin.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(TOKEN) } });
});

type Props = Record<string, unknown>;
const grantsOf = (organizationId: string): ApiClientGrant[] => fixture.emulator.grantsOf(organizationId) ?? [];
const grantRequests = () => fixture.emulator.requests.filter((r) => r.endpoint === "grants");

/** What the engine does for a new resource: Check, then Create with the checked inputs. Returns the state. */
async function deploy(filters: Props): Promise<{ id: string; state: Props }> {
  const checked = await hosted.plugin.check(filters);
  expect(checked.failures).toEqual([]);
  const created = await hosted.plugin.create(checked.inputs);
  fixture.emulator.resetLog();
  return { id: created.id, state: created.properties };
}

/** The outputs the emulator's data calls for, computed from its grants, not from the plugin. */
const expectedState = (organizationId: string, filters: { audience?: string; grantIds?: string[] } = {}): Props =>
  expectedOutputs(fixture.emulator, organizationId, filters);

describe("Check", () => {
  test("accepts the filters and hands them back, secrets still wrapped", async () => {
    const news = { organizationId: rpcSecret(ORG), audience: AUDIENCE, grantIds: ["cgr_a", "cgr_b"] };

    await expect(hosted.plugin.check(news)).resolves.toEqual({ inputs: news, failures: [] });
  });

  test("reports every broken input under its own property", async () => {
    const answer = await hosted.plugin.check({ organizationId: "o".repeat(51), audience: ` ${AUDIENCE}`, grantIds: ["cgr_a", ""], connection: { domain: "x" } });

    expect(answer.failures.map((f) => f.property).sort()).toEqual(["audience", "connection", "grantIds[1]", "organizationId"]);
  });

  test("leaves values that are not known yet (a preview) unjudged, and judges the rest", async () => {
    const answer = await hosted.plugin.check({ organizationId: UNKNOWN, grantIds: ["cgr_a", UNKNOWN], clientId: "" });

    expect(answer.failures).toEqual([{ property: "clientId", reason: "clientId must not be empty" }]);
  });
});

describe("Create", () => {
  test("lists every grant across pages, in the shape of the function's result, with a UUID as id", async () => {
    const created = await hosted.plugin.create({ organizationId: ORG });

    // Never the organization id: ids are stored in plain text, and the organization id may be a secret.
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), properties: expectedState(ORG) });
    expect(grantRequests().map((r) => r.query.page)).toEqual(["0", "1"]);
  });

  test("with filters, echoes them and lists only the matching grants", async () => {
    const grantIds = grantsOf(ORG).slice(0, 25).map((g) => g.id);

    const { id, state } = await deploy({ organizationId: ORG, audience: AUDIENCE, grantIds });

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(state).toEqual(expectedState(ORG, { audience: AUDIENCE, grantIds }));
  });

  test("fails with the API's reason for an organization Auth0 does not know", async () => {
    await expect(hosted.plugin.create({ organizationId: MISSING_ORG })).rejects.toThrow(/HTTP 404/);
  });
});

describe("Diff", () => {
  test("reports no change when the grants in Auth0 are those in state, after asking Auth0", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: "none", replaces: [], diffs: [] });
    expect(grantRequests().length).toBeGreaterThan(0);
  });

  test("reports drift: a grant added in Auth0 since the deployment", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.addGrant(ORG, { id: "cgr_addedSinceDeploy", client_id: "c", audience: AUDIENCE, scope: [] });

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: "some", replaces: [], diffs: ["total", "clientGrants"] });
  });

  test("lists only clientGrants as changed when the total held as a secret is the same", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.setOrganization(ORG, grantsOf(ORG).map((g, i) => (i === 7 ? { ...g, scope: [...g.scope, "delete:everything"] } : g)));

    await expect(hosted.plugin.diff(id, { ...state, total: rpcSecret(state.total) }, { organizationId: ORG })).resolves.toEqual({
      changes: "some",
      replaces: [],
      diffs: ["clientGrants"],
    });
  });

  test("reports drift: a grant's scopes changed", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.setOrganization(ORG, grantsOf(ORG).map((g, i) => (i === 120 ? { ...g, scope: [...g.scope, "delete:everything"] } : g)));

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: "some", replaces: [], diffs: ["clientGrants"] });
  });

  test("reports changed filters as an update, and another organization as a replacement", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG, audience: AUDIENCE })).resolves.toEqual({ changes: "some", replaces: [], diffs: ["audience"] });
    await expect(hosted.plugin.diff(id, state, { organizationId: OTHER_ORG })).resolves.toEqual({
      changes: "some",
      replaces: ["organizationId"],
      diffs: ["organizationId"],
    });
  });

  test("reports a change while an input is not known yet", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    expect((await hosted.plugin.diff(id, state, { organizationId: ORG, grantIds: [UNKNOWN] })).changes).toBe("some");
  });
});

describe("Read", () => {
  test("lists again, so a refresh brings the grants in state up to date", async () => {
    const { id, state } = await deploy({ organizationId: ORG, audience: AUDIENCE });
    fixture.emulator.addGrant(ORG, { id: "cgr_addedBeforeRefresh", client_id: "c", audience: AUDIENCE, scope: ["read:orders"] });

    const answer = await hosted.plugin.read(id, state, { organizationId: ORG, audience: AUDIENCE });

    expect(answer.id).toBe(id);
    expect(answer.properties).toEqual(expectedState(ORG, { audience: AUDIENCE }));
    expect(answer.properties.clientGrants).toContainEqual(expect.objectContaining({ id: "cgr_addedBeforeRefresh" }));
    expect(answer.inputs).toEqual({ organizationId: ORG, audience: AUDIENCE });
  });

  test("by id alone (an import), lists the organization the id names", async () => {
    expect((await hosted.plugin.read(OTHER_ORG, {})).properties).toEqual(expectedState(OTHER_ORG));
  });

  test("answers an empty id when the organization itself is gone, so a refresh shows it deleted", async () => {
    const { id, state } = await deploy({ organizationId: OTHER_ORG });
    fixture.emulator.removeOrganization(OTHER_ORG);

    expect((await hosted.plugin.read(id, state)).id).toBe("");
  });

  test("fails when Auth0 fails, instead of answering an empty list", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.addFault({ match: { endpoint: "grants" }, fault: { kind: "status", status: 503 } });

    await expect(hosted.plugin.read(id, state)).rejects.toThrow(/HTTP 503/);
  });
});

describe("Secret inputs stay secret in state", () => {
  // The plugin tells the engine it accepts secrets (Configure's acceptSecrets), and then the engine no longer marks an
  // output secret because the input of the same name was (it does that only for providers that do not accept them):
  // the plugin must hand the secrecy back itself, or a secret organization id is written to state in plain text.
  const secretFilters = { organizationId: rpcSecret(ORG), audience: rpcSecret(AUDIENCE) };
  const plainState = () => expectedState(ORG, { audience: AUDIENCE });
  const asSecrets = (state: Props): Props => ({ ...state, organizationId: rpcSecret(ORG), audience: rpcSecret(AUDIENCE) });

  test("Create answers a secret input's output wrapped as a secret, and the rest as it was", async () => {
    const created = await hosted.plugin.create(secretFilters);

    expect(created.properties).toEqual(asSecrets(plainState()));
  });

  test("a secret list of grant ids comes back secret", async () => {
    const ids = grantsOf(ORG).slice(0, 2).map((g) => g.id);
    const created = await hosted.plugin.create({ organizationId: ORG, grantIds: { ...rpcSecret(""), value: ids } });

    expect(created.properties.grantIds).toEqual({ ...rpcSecret(""), value: ids });
    expect(created.properties.organizationId).toBe(ORG);
  });

  test("Read (a refresh) keeps the secrets of the state in its outputs and inputs", async () => {
    const { id, state } = await deploy(secretFilters);

    const answer = await hosted.plugin.read(id, state, secretFilters);

    expect(answer.properties).toEqual(asSecrets(plainState()));
    expect(answer.inputs).toEqual(secretFilters);
  });

  test("Update answers the secret new inputs' outputs as secrets", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    expect((await hosted.plugin.update(id, state, secretFilters)).properties).toEqual(asSecrets(plainState()));
  });
});

describe("Update and Delete", () => {
  test("Update lists with the new filters", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    expect((await hosted.plugin.update(id, state, { organizationId: ORG, audience: AUDIENCE })).properties).toEqual(expectedState(ORG, { audience: AUDIENCE }));
  });

  test("Delete sends nothing to Auth0", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await hosted.plugin.delete(id, state);

    expect(fixture.emulator.requests).toEqual([]);
  });
});

test("the resource only reads from Auth0: every request of a whole lifecycle is a GET", async () => {
  const { id, state } = await deploy({ organizationId: ORG });
  await hosted.plugin.diff(id, state, { organizationId: ORG });
  const read = await hosted.plugin.read(id, state);
  const updated = await hosted.plugin.update(id, read.properties, { organizationId: ORG, audience: AUDIENCE });
  await hosted.plugin.delete(id, updated.properties);

  expect(fixture.emulator.requests.length).toBe(5); // diff 2 pages, read 2, update (one audience) 1
  expect(new Set(fixture.emulator.requests.map((r) => `${r.method} ${r.endpoint}`))).toEqual(new Set(["GET grants"]));
});
