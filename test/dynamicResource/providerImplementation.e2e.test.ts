// OrganizationClientGrants' dynamic provider, driven through the real Pulumi dynamic-provider host over gRPC, the way
// the engine drives it, against the emulator. The provider text is the SDK's own serialization of the compiled
// package; the credentials reach the host only through Configure (the stack config, the token as a secret). The
// lifecycle's rules are tested once (test/shared/resourceLifecycle.test.ts); the wiring both resource surfaces share is
// test/helpers/resourceSurfaceSpec.ts; here is what only the dynamic resource does: the serialized provider travels
// in every input and output, and a `connection` is refused with its own reason.
import { rpcSecret, withDynamicHost } from "../helpers/dynamicHost";
import { withEmulator } from "../helpers/emulator";
import { resourceSurfaceSpec, SURFACE_AUDIENCE as AUDIENCE, SURFACE_ORG as ORG, SURFACE_TOKEN, surfaceSeed } from "../helpers/resourceSurfaceSpec";

const fixture = withEmulator({ seed: surfaceSeed });
const hosted = withDynamicHost(() => ({
  config: { "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(SURFACE_TOKEN) },
}));

type Props = Record<string, unknown>;

/** The inputs of a resource as the SDK registers them: the filters and the serialized provider. */
const inputs = (filters: Props): Props => ({ ...filters, __provider: hosted.providerText });

resourceSurfaceSpec(fixture, () => ({
  inputs,
  state: (outputs) => ({ ...outputs, __provider: hosted.providerText }),
  check: (news) => hosted.host.check({}, news),
  create: (properties) => hosted.host.create(properties),
  diff: (id, olds, news) => hosted.host.diff(id, olds, news),
  read: (id, properties, given) => hosted.host.read(id, properties, given),
  update: (id, olds, news) => hosted.host.update(id, olds, news),
  delete: (id, properties) => hosted.host.delete(id, properties),
}));

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
});

test("Diff reads a state without its filters (only the id, and the provider) as the organization the id names", async () => {
  const created = await hosted.host.create(inputs({ organizationId: ORG }));
  const { organizationId: _dropped, ...withoutFilters } = created.properties;

  await expect(hosted.host.diff(created.id, { ...withoutFilters, addedLater: { x: 1 } }, inputs({ organizationId: ORG }))).resolves.toEqual({
    changes: "none",
    replaces: [],
  });
});
