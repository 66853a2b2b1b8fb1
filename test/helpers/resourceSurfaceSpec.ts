// The read-only resource's wiring, written once for both of its surfaces: the dynamic resource through the real
// dynamic-provider host, and the plugin's resource through the plugin process from a packed install. The rules of the
// lifecycle are tested on their own (test/shared/resourceLifecycle.test.ts); this spec shows that each surface hands
// the engine's calls to it and its answers back over gRPC, against the emulator over real HTTP. Each surface's test
// file runs it with a driver and adds only what differs between the two.
import { DEFAULT_AUDIENCES, generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, type Seed } from "../../emulator";
import { expectedOutputs, type EmulatorFixture, requestsTo } from "./emulator";
import type { CheckAnswer } from "./providerClient";

type Props = Record<string, unknown>;

export const SURFACE_TOKEN = "tok_resourceSurfaceSpec_7f3a9c1e5b";
export const SURFACE_ORG = "org_surfaceSpec00001";
export const SURFACE_OTHER_ORG = "org_surfaceSpec00002";
export const SURFACE_MISSING_ORG = "org_surfaceSpecMissing";
export const SURFACE_AUDIENCE = DEFAULT_AUDIENCES[0]!;

/** 130 grants in one organization (two pages of 100) and 3 in another, read with one API token. */
export const surfaceSeed: Seed = {
  organizations: {
    [SURFACE_ORG]: generateGrants(130, { organizationId: SURFACE_ORG }),
    [SURFACE_OTHER_ORG]: generateGrants(3, { organizationId: SURFACE_OTHER_ORG }),
  },
  apiTokens: [{ token: SURFACE_TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

/** One surface as the engine calls it. */
export interface ResourceSurface {
  /** The inputs of a resource with these filters, as the engine sends them (the dynamic resource's carry its provider). */
  inputs(filters: Props): Props;
  /** The properties the surface answers for these outputs (the dynamic resource's carry its provider). */
  state(outputs: Props): Props;
  check(news: Props): Promise<CheckAnswer>;
  create(inputs: Props): Promise<{ id: string; properties: Props }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: string; replaces: readonly string[] }>;
  read(id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(id: string, properties: Props): Promise<void>;
}

/** What the engine does for a new resource: check, then create with the checked inputs. The log starts afresh after. */
export async function deployThrough(surface: ResourceSurface, fixture: EmulatorFixture, filters: Props): Promise<{ id: string; state: Props }> {
  const checked = await surface.check(surface.inputs(filters));
  expect(checked.failures).toEqual([]);
  const created = await surface.create(checked.inputs);
  fixture.emulator.resetLog();
  return { id: created.id, state: created.properties };
}

/** Defines the shared tests for one surface; `fixture` must be seeded with `surfaceSeed`. */
export function resourceSurfaceSpec(fixture: EmulatorFixture, driver: () => ResourceSurface): void {
  const ORG = SURFACE_ORG;
  const OTHER_ORG = SURFACE_OTHER_ORG;
  const AUDIENCE = SURFACE_AUDIENCE;
  const deploy = (filters: Props) => deployThrough(driver(), fixture, filters);
  /** The outputs the emulator's data calls for, computed from its grants, not from the surface. */
  const expected = (organizationId: string, filters: { audience?: string } = {}) => driver().state(expectedOutputs(fixture.emulator, organizationId, filters));
  const grantRequests = () => requestsTo(fixture.emulator, "grants");

  describe("the lifecycle through this surface", () => {
    test("Create lists every grant across pages, in the shape of the function's result, with a UUID as id", async () => {
      const surface = driver();
      const checked = await surface.check(surface.inputs({ organizationId: ORG }));
      const created = await surface.create(checked.inputs);

      // Never the organization id: ids are stored in plain text, and the organization id may be a secret.
      expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), properties: expected(ORG) });
      expect(Object.keys(created.properties).filter((key) => key !== "__provider").sort()).toEqual(["clientGrants", "organizationId", "total"]);
      expect(grantRequests().map((r) => r.query.page)).toEqual(["0", "1"]);
    });

    test("Create fails with the API's reason for an organization Auth0 does not know", async () => {
      await expect(driver().create(driver().inputs({ organizationId: SURFACE_MISSING_ORG }))).rejects.toThrow(/HTTP 404/);
    });

    test("Diff answers no change after asking Auth0, when the grants there are those in state", async () => {
      const { id, state } = await deploy({ organizationId: ORG });

      await expect(driver().diff(id, state, driver().inputs({ organizationId: ORG }))).resolves.toMatchObject({ changes: "none", replaces: [] });
      expect(grantRequests().length).toBe(2);
    });

    test("Diff answers a change when a grant was added in Auth0 since the deployment", async () => {
      const { id, state } = await deploy({ organizationId: ORG });
      fixture.emulator.addGrant(ORG, { id: "cgr_addedSinceDeploy", client_id: "c", audience: AUDIENCE, scope: [] });

      await expect(driver().diff(id, state, driver().inputs({ organizationId: ORG }))).resolves.toMatchObject({ changes: "some", replaces: [] });
    });

    test("Diff answers changed filters as an update, and another organization as a replacement", async () => {
      const { id, state } = await deploy({ organizationId: ORG });

      await expect(driver().diff(id, state, driver().inputs({ organizationId: ORG, audience: AUDIENCE }))).resolves.toMatchObject({ changes: "some", replaces: [] });
      await expect(driver().diff(id, state, driver().inputs({ organizationId: OTHER_ORG }))).resolves.toMatchObject({
        changes: "some",
        replaces: ["organizationId"],
      });
    });

    test("Read lists again, so a refresh brings the grants in state up to date", async () => {
      const { id, state } = await deploy({ organizationId: ORG, audience: AUDIENCE });
      fixture.emulator.addGrant(ORG, { id: "cgr_addedBeforeRefresh", client_id: "c", audience: AUDIENCE, scope: ["read:orders"] });

      const answer = await driver().read(id, state, driver().inputs({ organizationId: ORG, audience: AUDIENCE }));

      expect(answer.id).toBe(id);
      expect(answer.properties).toEqual(expected(ORG, { audience: AUDIENCE }));
      expect(answer.properties.clientGrants).toContainEqual(expect.objectContaining({ id: "cgr_addedBeforeRefresh" }));
      expect(answer.inputs).toEqual(driver().inputs({ organizationId: ORG, audience: AUDIENCE }));
    });

    test("Diff of what Read answered (a refresh) answers a change when Read found a grant added since, without listing again", async () => {
      const { id, state } = await deploy({ organizationId: ORG });
      fixture.emulator.addGrant(ORG, { id: "cgr_addedBeforeRefresh", client_id: "c", audience: AUDIENCE, scope: [] });
      const read = await driver().read(id, state, driver().inputs({ organizationId: ORG }));

      await expect(driver().diff(id, read.properties, driver().inputs({ organizationId: ORG }))).resolves.toMatchObject({ changes: "some", replaces: [] });
      // 131 grants are two pages, listed by Read alone.
      expect(grantRequests().length).toBe(2);
    });

    test("Read by id alone (an import) lists the organization the id names", async () => {
      const answer = await driver().read(OTHER_ORG, driver().state({}));

      expect(answer.properties).toEqual(expected(OTHER_ORG));
    });

    test("Read answers an empty id when Auth0 says the organization is gone, so a refresh shows it deleted", async () => {
      const { id, state } = await deploy({ organizationId: OTHER_ORG });
      fixture.emulator.removeOrganization(OTHER_ORG);

      expect((await driver().read(id, state)).id).toBe("");
    });

    test("Update lists with the new filters", async () => {
      const { id, state } = await deploy({ organizationId: ORG });

      const answer = await driver().update(id, state, driver().inputs({ organizationId: ORG, audience: AUDIENCE }));

      expect(answer.properties).toEqual(expected(ORG, { audience: AUDIENCE }));
    });

    test("Delete sends nothing to Auth0", async () => {
      const { id, state } = await deploy({ organizationId: ORG });

      await driver().delete(id, state);

      expect(fixture.emulator.requests).toEqual([]);
    });

    test("it only reads from Auth0: every request of a whole lifecycle is a GET", async () => {
      const { id, state } = await deploy({ organizationId: ORG });
      await driver().diff(id, state, driver().inputs({ organizationId: ORG }));
      const read = await driver().read(id, state);
      const updated = await driver().update(id, read.properties, driver().inputs({ organizationId: ORG, audience: AUDIENCE }));
      await driver().delete(id, updated.properties);

      expect(fixture.emulator.requests.length).toBe(5); // diff 2 pages, read 2, update (one audience) 1
      expect(new Set(fixture.emulator.requests.map((r) => `${r.method} ${r.endpoint}`))).toEqual(new Set(["GET grants"]));
    });
  });
}
