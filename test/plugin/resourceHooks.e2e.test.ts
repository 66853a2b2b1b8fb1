// `auth0-org-grants:index:OrganizationClientGrants` through the installed plugin, against the emulator. The
// lifecycle's rules are tested once (test/shared/resourceLifecycle.test.ts); the wiring both resource surfaces share is
// test/helpers/resourceSurfaceSpec.ts; here is what only the plugin does: it accepts secrets, so it hands their
// secrecy back itself in what goes to state, and it names the changed properties in Diff.
import type { ApiClientGrant } from "../../provider/core/schemas";
import { expectedOutputs, withEmulator } from "../helpers/emulator";
import { rpcSecret, withPlugin } from "../helpers/pluginProcess";
import {
  deployThrough,
  resourceSurfaceSpec,
  SURFACE_AUDIENCE as AUDIENCE,
  SURFACE_ORG as ORG,
  SURFACE_TOKEN,
  surfaceSeed,
  type ResourceSurface,
} from "../helpers/resourceSurfaceSpec";

const fixture = withEmulator({ seed: surfaceSeed });
const hosted = withPlugin();
beforeAll(async () => {
  await hosted.plugin.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(SURFACE_TOKEN) } });
});

type Props = Record<string, unknown>;
const grantsOf = (organizationId: string): ApiClientGrant[] => fixture.emulator.grantsOf(organizationId) ?? [];

const surface = (): ResourceSurface => ({
  inputs: (filters) => filters,
  state: (outputs) => outputs,
  check: (news) => hosted.plugin.check(news),
  create: (properties) => hosted.plugin.create(properties),
  diff: (id, olds, news) => hosted.plugin.diff(id, olds, news),
  read: (id, properties, given) => hosted.plugin.read(id, properties, given),
  update: (id, olds, news) => hosted.plugin.update(id, olds, news),
  delete: (id, properties) => hosted.plugin.delete(id, properties),
});
resourceSurfaceSpec(fixture, surface);

const deploy = (filters: Props) => deployThrough(surface(), fixture, filters);

/** The outputs the emulator's data calls for, computed from its grants, not from the plugin. */
const expectedState = (organizationId: string, filters: { audience?: string; grantIds?: string[] } = {}): Props =>
  expectedOutputs(fixture.emulator, organizationId, filters);

test("Check accepts the filters and hands them back, secrets still wrapped", async () => {
  const news = { organizationId: rpcSecret(ORG), audience: AUDIENCE, grantIds: ["cgr_a", "cgr_b"] };

  await expect(hosted.plugin.check(news)).resolves.toEqual({ inputs: news, failures: [] });
});

describe("Diff names the changed properties", () => {
  test("a grant added in Auth0 since the deployment: the total and the grants", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.addGrant(ORG, { id: "cgr_addedSinceDeploy", client_id: "c", audience: AUDIENCE, scope: [] });

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG })).resolves.toEqual({ changes: "some", replaces: [], diffs: ["total", "clientGrants"] });
  });

  test("only clientGrants when the total held as a secret is the same", async () => {
    const { id, state } = await deploy({ organizationId: ORG });
    fixture.emulator.setOrganization(ORG, grantsOf(ORG).map((g, i) => (i === 7 ? { ...g, scope: [...g.scope, "delete:everything"] } : g)));

    await expect(hosted.plugin.diff(id, { ...state, total: rpcSecret(state.total) }, { organizationId: ORG })).resolves.toEqual({
      changes: "some",
      replaces: [],
      diffs: ["clientGrants"],
    });
  });

  test("a refresh (Read, then Diff of what it read) that found a grant added, from a state holding secrets: the total and the grants", async () => {
    const { id, state } = await deploy({ organizationId: rpcSecret(ORG) });
    fixture.emulator.addGrant(ORG, { id: "cgr_addedBeforeRefresh", client_id: "c", audience: AUDIENCE, scope: [] });
    const read = await hosted.plugin.read(id, state, { organizationId: rpcSecret(ORG) });

    await expect(hosted.plugin.diff(id, read.properties, { organizationId: rpcSecret(ORG) })).resolves.toEqual({
      changes: "some",
      replaces: [],
      diffs: ["total", "clientGrants"],
    });
  });

  test("changed filters, and the organization that replaces the resource", async () => {
    const { id, state } = await deploy({ organizationId: ORG });

    await expect(hosted.plugin.diff(id, state, { organizationId: ORG, audience: AUDIENCE })).resolves.toEqual({ changes: "some", replaces: [], diffs: ["audience"] });
    await expect(hosted.plugin.diff(id, state, { organizationId: "org_surfaceSpec00002" })).resolves.toEqual({
      changes: "some",
      replaces: ["organizationId"],
      diffs: ["organizationId"],
    });
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
