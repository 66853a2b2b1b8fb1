// OrganizationClientGrants' provider, driven through the real Pulumi dynamic-provider host over gRPC, the way the
// engine drives it, against the emulator. The provider text is the SDK's own serialization of the compiled package;
// the credentials reach the host only through Configure (the stack config, the token as a secret).
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_AUDIENCES, generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, type Seed } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { rpcSecret, withDynamicHost } from "../helpers/dynamicHost";
import { expectedOutputs, withEmulator } from "../helpers/emulator";

const TOKEN = "tok_dynamicProviderTest_7f3a9c1e5b";
const ORG = "org_hostTest00000001";
const OTHER_ORG = "org_hostTest00000002";
const MISSING_ORG = "org_hostTestMissing01";
const AUDIENCE = DEFAULT_AUDIENCES[0]!;

const seed: Seed = {
  // 130 grants: two pages of 100.
  organizations: { [ORG]: generateGrants(130, { organizationId: ORG }), [OTHER_ORG]: generateGrants(3, { organizationId: OTHER_ORG }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

const fixture = withEmulator({ seed });
const hosted = withDynamicHost(() => ({
  config: { "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) },
}));

type Props = Record<string, unknown>;

/** The inputs of a resource as the SDK registers them: the filters and the serialized provider. */
const inputs = (filters: Props): Props => ({ ...filters, __provider: hosted.providerText });

/** What the engine does for a new resource: Check, then Create with the checked inputs. Returns the state. */
async function deploy(filters: Props): Promise<{ id: string; state: Props }> {
  const checked = await hosted.host.check({}, inputs(filters));
  expect(checked.failures).toEqual([]);
  const created = await hosted.host.create(checked.inputs);
  fixture.emulator.resetLog();
  return { id: created.id, state: created.properties };
}

/** The outputs the emulator's data calls for, computed from its grants, not from the provider, with the provider text. */
const expectedState = (organizationId: string, filters: { audience?: string; grantIds?: string[] } = {}): Props => ({
  ...expectedOutputs(fixture.emulator, organizationId, filters),
  __provider: hosted.providerText,
});

const grantsOf = (organizationId: string): ApiClientGrant[] => fixture.emulator.grantsOf(organizationId) ?? [];
const grantRequests = () => fixture.emulator.requests.filter((r) => r.endpoint === "grants");

describe("Check", () => {
  test("accepts the filters and hands them back with the provider", async () => {
    const answer = await hosted.host.check({}, inputs({ organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_a", "cgr_b"] }));

    expect(answer).toEqual({ inputs: inputs({ organizationId: ORG, audience: AUDIENCE, grantIds: ["cgr_a", "cgr_b"] }), failures: [] });
  });

  test("reports every broken input under its own property, a connection included", async () => {
    const answer = await hosted.host.check(
      {},
      inputs({ organizationId: "o".repeat(51), audience: ` ${AUDIENCE}`, grantIds: ["cgr_a", ""], connection: { domain: "x.auth0.com" } }),
    );

    expect(answer.failures.map((f) => f.property).sort()).toEqual(["audience", "connection", "grantIds[1]", "organizationId"]);
    const reason = (property: string) => answer.failures.find((f) => f.property === property)?.reason;
    expect(reason("organizationId")).toMatch(/at most 50 characters/);
    expect(reason("audience")).toMatch(/white space/);
    expect(reason("grantIds[1]")).toMatch(/must not be empty/);
    expect(reason("connection")).toMatch(/takes no connection.*auth0:apiToken/);
  });

  test("requires organizationId", async () => {
    const answer = await hosted.host.check({}, inputs({ audience: AUDIENCE }));

    expect(answer.failures).toEqual([{ property: "organizationId", reason: "organizationId is required" }]);
  });

  test("leaves values that are not known yet (a preview) unjudged, and judges the rest", async () => {
    const unknown = pulumi.runtime.unknownValue;
    const answer = await hosted.host.check({}, inputs({ organizationId: unknown, grantIds: ["cgr_a", unknown], clientId: "" }));

    expect(answer.failures).toEqual([{ property: "clientId", reason: "clientId must not be empty" }]);
  });
});

describe("Create", () => {
  test("lists every grant across pages, in the shape of the function's result, with no absent filter", async () => {
    const checked = await hosted.host.check({}, inputs({ organizationId: ORG }));
    const created = await hosted.host.create(checked.inputs);

    // A UUID, never the organization id: ids are stored in plain text, and the organization id may be a secret.
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.properties).toEqual(expectedState(ORG));
    expect(Object.keys(created.properties).sort()).toEqual(["__provider", "clientGrants", "organizationId", "total"]);
    expect(grantRequests().map((r) => r.query.page)).toEqual(["0", "1"]);
  });

  test("with filters, echoes them and lists only the matching grants", async () => {
    const grantIds = grantsOf(ORG).slice(0, 25).map((g) => g.id);

    const { id, state } = await deploy({ organizationId: ORG, audience: AUDIENCE, grantIds });

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(state).toEqual(expectedState(ORG, { audience: AUDIENCE, grantIds }));
    expect(state.total).toBeGreaterThan(0);
  });

  test("fails with the API's reason for an organization Auth0 does not know", async () => {
    const checked = await hosted.host.check({}, inputs({ organizationId: MISSING_ORG }));

    await expect(hosted.host.create(checked.inputs)).rejects.toThrow(/HTTP 404/);
  });
});

describe("Diff", () => {
  test("reports no change when the grants in Auth0 are those in state, after asking Auth0", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await expect(hosted.host.diff(id, state, inputs({ organizationId: ORG }))).resolves.toEqual({ changes: "none", replaces: [] });
    expect(grantRequests().length).toBeGreaterThan(0);
  });

  const drifts: [string, () => void][] = [
    ["a grant was added", () => fixture.emulator.addGrant(ORG, { id: "cgr_addedSinceDeploy", client_id: "c", audience: AUDIENCE, scope: [] })],
    ["a grant was removed", () => fixture.emulator.removeGrant(ORG, grantsOf(ORG)[77]!.id)],
    [
      "a grant's scopes changed",
      () => fixture.emulator.setOrganization(ORG, grantsOf(ORG).map((g, i) => (i === 120 ? { ...g, scope: [...g.scope, "delete:everything"] } : g))),
    ],
  ];
  test.each(drifts)("reports a change when %s in Auth0 since the deployment", async (_what, drift) => {
    const { id, state } = await deploy({ organizationId: ORG });
    drift();

    await expect(hosted.host.diff(id, state, inputs({ organizationId: ORG }))).resolves.toEqual({ changes: "some", replaces: [] });
  });

  test("reports changed filters as an update, and another organization as a replacement", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await expect(hosted.host.diff(id, state, inputs({ organizationId: ORG, audience: AUDIENCE }))).resolves.toEqual({ changes: "some", replaces: [] });
    await expect(hosted.host.diff(id, state, inputs({ organizationId: OTHER_ORG }))).resolves.toEqual({ changes: "some", replaces: ["organizationId"] });
  });

  test("reports a change while an input is not known yet", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    const answer = await hosted.host.diff(id, state, inputs({ organizationId: ORG, grantIds: [pulumi.runtime.unknownValue] }));

    expect(answer.changes).toBe("some");
  });

  test("fails when Auth0 answers a malformed page, instead of comparing a partial list", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.addFault({ match: { endpoint: "grants", page: 1 }, fault: { kind: "schemaBreak", breakage: "missingId" } });

    await expect(hosted.host.diff(id, state, inputs({ organizationId: ORG }))).rejects.toThrow(/page 1.*does not have the documented shape/);
  });

  test("reads state leniently: without the filters (only the id) or with fields a newer version added", async () => {
    const { state } = await deploy({ organizationId: ORG });
    const { organizationId: _dropped, ...withoutFilters } = state;

    // Without the filters, the id names the organization: as in state written by 0.1.0, whose ids were organization ids.
    await expect(hosted.host.diff(ORG, { ...withoutFilters, addedLater: { x: 1 } }, inputs({ organizationId: ORG }))).resolves.toEqual({
      changes: "none",
      replaces: [],
    });
  });
});

describe("Read", () => {
  test("lists again, so a refresh brings the grants in state up to date", async () => {
    const { id, state } = await deploy({ organizationId: ORG, audience: AUDIENCE });
    fixture.emulator.addGrant(ORG, { id: "cgr_addedBeforeRefresh", client_id: "c", audience: AUDIENCE, scope: ["read:orders"] });

    const answer = await hosted.host.read(id, state, inputs({ organizationId: ORG, audience: AUDIENCE }));

    expect(answer.id).toBe(id);
    expect(answer.properties).toEqual(expectedState(ORG, { audience: AUDIENCE }));
    expect(answer.properties.clientGrants).toContainEqual(expect.objectContaining({ id: "cgr_addedBeforeRefresh" }));
    expect(answer.inputs).toEqual(inputs({ organizationId: ORG, audience: AUDIENCE }));
  });

  test("by id alone (an import), lists the organization the id names", async () => {
    const answer = await hosted.host.read(OTHER_ORG, { __provider: hosted.providerText });

    expect(answer.properties).toEqual(expectedState(OTHER_ORG));
  });

  test("answers an empty id when the organization itself is gone, so a refresh shows it deleted", async () => {
    const { id, state } = await deploy({ organizationId: OTHER_ORG });
    fixture.emulator.removeOrganization(OTHER_ORG);

    const answer = await hosted.host.read(id, state);

    expect(answer.id).toBe("");
  });

  test("fails when Auth0 fails, instead of answering an empty list", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.addFault({ match: { endpoint: "grants" }, fault: { kind: "status", status: 503 } });

    await expect(hosted.host.read(id, state)).rejects.toThrow(/HTTP 503/);
  });
});

describe("Update and Delete", () => {
  test("Update lists with the new filters", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    const answer = await hosted.host.update(id, state, inputs({ organizationId: ORG, audience: AUDIENCE }));

    expect(answer.properties).toEqual(expectedState(ORG, { audience: AUDIENCE }));
  });

  test("Delete sends nothing to Auth0", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await hosted.host.delete(id, state);

    expect(fixture.emulator.requests).toEqual([]);
  });
});

test("the provider only reads from Auth0: every request of a whole lifecycle is a GET", async () => {
  const { id, state } = await deploy({ organizationId: ORG });
  fixture.emulator.resetLog();
  await hosted.host.create((await hosted.host.check({}, inputs({ organizationId: ORG }))).inputs);
  await hosted.host.diff(id, state, inputs({ organizationId: ORG }));
  const read = await hosted.host.read(id, state);
  const updated = await hosted.host.update(id, read.properties, inputs({ organizationId: ORG, audience: AUDIENCE }));
  await hosted.host.delete(id, updated.properties);

  expect(fixture.emulator.requests.length).toBeGreaterThanOrEqual(7);
  expect(new Set(fixture.emulator.requests.map((r) => `${r.method} ${r.endpoint}`))).toEqual(new Set(["GET grants"]));
});
