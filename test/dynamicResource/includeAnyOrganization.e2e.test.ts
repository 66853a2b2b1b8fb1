// OrganizationClientGrants with includeAnyOrganization, through the real Pulumi dynamic-provider host over gRPC,
// against the emulator. The engine starts one host per deployment; each test here starts its own host where it
// stands for a deployment, so that what one deployment read cannot answer for the next.
import { DynamicHost, rpcSecret } from "../helpers/dynamicHost";
import { serializeProvider } from "../helpers/programRunner";
import {
  ANY_ORG_ALLOW,
  DEPLOYMENT_ORGANIZATIONS,
  deploymentTenant,
  expectedReach,
  ORG_Y,
  ORG_Z,
  REPORTS_API,
  TOKEN_BOTH_SCOPES,
  TOKEN_ORGANIZATION_SCOPE_ONLY,
} from "../helpers/anyOrganizationTenant";
import { withEmulator, requestsTo } from "../helpers/emulator";

const fixture = withEmulator({ seed: deploymentTenant() });
const tenantRequests = () => requestsTo(fixture.emulator, "tenantGrants");
const organizationRequests = () => requestsTo(fixture.emulator, "grants");

type Props = Record<string, unknown>;

/** One deployment: a host of its own, configured with the stack's domain and token, stopped afterwards. */
async function deployment<T>(token: string, run: (host: DynamicHost, inputs: (filters: Props) => Props) => Promise<T>): Promise<T> {
  const { providerText } = await serializeProvider();
  const host = await DynamicHost.start();
  try {
    await host.configure({ "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(token) });
    return await run(host, (filters) => ({ ...filters, __provider: providerText }));
  } finally {
    await host.stop();
  }
}

/** Check, then Create with the checked inputs, as the engine does for a new resource. */
async function create(host: DynamicHost, inputs: Props, name = "grants"): Promise<{ id: string; properties: Props }> {
  const checked = await host.check({}, inputs, name);
  expect(checked.failures).toEqual([]);
  return host.create(checked.inputs, name);
}

test("Check accepts includeAnyOrganization and refuses a value that is not a boolean", async () => {
  await deployment(TOKEN_BOTH_SCOPES, async (host, inputs) => {
    expect((await host.check({}, inputs({ organizationId: ORG_Z, includeAnyOrganization: true }))).failures).toEqual([]);
    expect((await host.check({}, inputs({ organizationId: ORG_Z, includeAnyOrganization: "yes" }))).failures).toEqual([
      { property: "includeAnyOrganization", reason: "includeAnyOrganization must be a boolean" },
    ]);
  });
});

test("Create stores the associated and the any-organization grants, each saying how it applies, and the option", async () => {
  const { id, properties } = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => create(host, inputs({ organizationId: ORG_Z, includeAnyOrganization: true })));

  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/); // a UUID: the organization id may be secret
  const { __provider: _provider, ...outputs } = properties;
  expect(outputs).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true, total: 133, clientGrants: expectedReach(fixture.emulator, ORG_Z) });
});

test("ten resources in one deployment cost ten organization listings and one tenant-wide listing", async () => {
  await deployment(TOKEN_BOTH_SCOPES, async (host, inputs) => {
    const created = await Promise.all(DEPLOYMENT_ORGANIZATIONS.map((organizationId) => create(host, inputs({ organizationId, includeAnyOrganization: true }), organizationId)));
    for (const [i, { properties }] of created.entries()) expect(properties.clientGrants).toEqual(expectedReach(fixture.emulator, DEPLOYMENT_ORGANIZATIONS[i]!));
  });

  expect(organizationRequests()).toHaveLength(10);
  expect(tenantRequests()).toHaveLength(1);
});

test("resources read one after another in one deployment share the listing too, filtered ones included", async () => {
  await deployment(TOKEN_BOTH_SCOPES, async (host, inputs) => {
    await create(host, inputs({ organizationId: ORG_Z, includeAnyOrganization: true }), "z");
    const y = await create(host, inputs({ organizationId: ORG_Y, audience: REPORTS_API, includeAnyOrganization: true }), "y");
    expect(y.properties.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Y, { audience: REPORTS_API }));
  });

  expect(tenantRequests()).toHaveLength(1);
});

test("without the option no tenant-wide request is sent, and the state is today's", async () => {
  const { properties } = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => create(host, inputs({ organizationId: ORG_Z })));

  expect(tenantRequests()).toEqual([]);
  expect(properties).not.toHaveProperty("includeAnyOrganization");
  expect((properties.clientGrants as Props[]).every((g) => !("grantedVia" in g))).toBe(true);
});

test("a stack token without read:client_grants fails Create, naming the scope and what to grant", async () => {
  const failure = await deployment(TOKEN_ORGANIZATION_SCOPE_ONLY, (host, inputs) => create(host, inputs({ organizationId: ORG_Z, includeAnyOrganization: true }))).catch(
    (e: unknown) => e as Error,
  );

  expect(String(failure)).toMatch(/ERR_AUTH0_GRANTS_MISSING_SCOPE|needs the scope read:client_grants/);
  expect(String(failure)).toMatch(/read:client_grants.*Auth0 Management API/);
});

test("turning the option on is an update of the resource, not a replacement", async () => {
  const { id, properties } = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => create(host, inputs({ organizationId: ORG_Z })));

  const answer = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => host.diff(id, properties, inputs({ organizationId: ORG_Z, includeAnyOrganization: true })));
  expect(answer).toEqual({ changes: "some", replaces: [] });
});

test("a later deployment's diff shows a grant that started to apply to every organization as drift", async () => {
  const { id, properties } = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => create(host, inputs({ organizationId: ORG_Y, includeAnyOrganization: true })));
  const unchanged = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => host.diff(id, properties, inputs({ organizationId: ORG_Y, includeAnyOrganization: true })));
  fixture.emulator.replaceData(deploymentTenant({ anyOrganizationGrants: [ANY_ORG_ALLOW, { ...ANY_ORG_ALLOW, id: "cgr_newAnyOrg000001" }] }));

  const drifted = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => host.diff(id, properties, inputs({ organizationId: ORG_Y, includeAnyOrganization: true })));

  expect(unchanged).toEqual({ changes: "none", replaces: [] });
  expect(drifted).toEqual({ changes: "some", replaces: [] });
});

test("a refresh lists the grants again with the option and keeps it among the inputs", async () => {
  const { id, properties } = await deployment(TOKEN_BOTH_SCOPES, (host, inputs) => create(host, inputs({ organizationId: ORG_Z, includeAnyOrganization: true })));

  const refreshed = await deployment(TOKEN_BOTH_SCOPES, (host) => host.read(id, properties, { organizationId: ORG_Z, includeAnyOrganization: true }));

  const { __provider: _provider, ...inputs } = refreshed.inputs ?? {};
  expect(inputs).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true });
  expect(refreshed.properties.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Z));
});
