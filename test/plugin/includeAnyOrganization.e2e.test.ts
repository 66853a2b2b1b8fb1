// includeAnyOrganization through the installed provider plugin, as Pulumi YAML and the generated SDKs reach it: the
// argument and the grantedVia field in the schema it serves, the function and the resource with the option, and one
// tenant-wide listing per plugin process (one provider of one deployment) however many invokes and resources it serves.
import {
  ANY_ORG_ALLOW,
  DEPLOYMENT_ORGANIZATIONS,
  deploymentTenant,
  expectedReach,
  ORG_Y,
  ORG_Z,
  TOKEN_BOTH_SCOPES,
  TOKEN_ORGANIZATION_SCOPE_ONLY,
} from "../helpers/anyOrganizationTenant";
import { withEmulator, requestsTo } from "../helpers/emulator";
import { PluginProcess, rpcSecret } from "../helpers/pluginProcess";

const fixture = withEmulator({ seed: deploymentTenant() });
const tenantRequests = () => requestsTo(fixture.emulator, "tenantGrants");
const organizationRequests = () => requestsTo(fixture.emulator, "grants");

/** One plugin process, as the engine starts one per provider and deployment, configured with the tenant and `token`. */
async function deployment<T>(token: string, run: (plugin: PluginProcess) => Promise<T>): Promise<T> {
  const plugin = await PluginProcess.start();
  try {
    await plugin.configure({ args: { domain: fixture.emulator.origin, apiToken: rpcSecret(token) } });
    return await run(plugin);
  } finally {
    await plugin.stop();
  }
}

test("the schema declares includeAnyOrganization on the function and the resource, and grantedVia as an enum on ClientGrant", async () => {
  const schema = (await deployment(TOKEN_BOTH_SCOPES, (plugin) => plugin.getSchema())) as {
    functions: Record<string, { inputs: { properties: Record<string, unknown> }; outputs: { properties: Record<string, unknown> } }>;
    resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
    types: Record<string, { properties?: Record<string, unknown>; enum?: { value: string }[] }>;
  };
  const option = { type: "boolean", description: expect.stringContaining("read:client_grants") };
  const fn = schema.functions["auth0-org-grants:index:getOrganizationClientGrants"]!;
  const resource = schema.resources["auth0-org-grants:index:OrganizationClientGrants"]!;

  expect(fn.inputs.properties.includeAnyOrganization).toEqual(option);
  expect(fn.outputs.properties.includeAnyOrganization).toMatchObject({ type: "boolean" });
  expect(resource.inputProperties.includeAnyOrganization).toEqual(option);
  expect(resource.properties.includeAnyOrganization).toMatchObject({ type: "boolean" });
  expect(schema.types["auth0-org-grants:index:ClientGrant"]!.properties!.grantedVia).toMatchObject({ $ref: "#/types/auth0-org-grants:index:GrantedVia" });
  expect(schema.types["auth0-org-grants:index:GrantedVia"]!.enum!.map((e) => e.value)).toEqual(["association", "anyOrganization"]);
});

test("Invoke with the option answers the associated and the any-organization grants, each saying how it applies", async () => {
  const answer = await deployment(TOKEN_BOTH_SCOPES, (plugin) => plugin.invoke({ organizationId: ORG_Z, includeAnyOrganization: true }));

  expect(answer.failures).toEqual([]);
  expect(answer.outputs).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true, total: 133, clientGrants: expectedReach(fixture.emulator, ORG_Z) });
});

test("ten invokes and a resource served by one plugin process cost eleven organization listings and one tenant-wide listing", async () => {
  await deployment(TOKEN_BOTH_SCOPES, async (plugin) => {
    const answers = await Promise.all(DEPLOYMENT_ORGANIZATIONS.map((organizationId) => plugin.invoke({ organizationId, includeAnyOrganization: true })));
    for (const [i, answer] of answers.entries()) expect(answer.outputs?.clientGrants).toEqual(expectedReach(fixture.emulator, DEPLOYMENT_ORGANIZATIONS[i]!));
    const created = await plugin.create({ organizationId: ORG_Y, includeAnyOrganization: true });
    expect(created.properties.clientGrants).toEqual(expectedReach(fixture.emulator, ORG_Y));
  });

  expect(organizationRequests()).toHaveLength(11);
  expect(tenantRequests()).toHaveLength(1);
});

test("Invoke without the option sends no tenant-wide request", async () => {
  const answer = await deployment(TOKEN_BOTH_SCOPES, (plugin) => plugin.invoke({ organizationId: ORG_Z }));

  expect(answer.outputs).not.toHaveProperty("includeAnyOrganization");
  expect(tenantRequests()).toEqual([]);
});

test("Invoke refuses a value that is not a boolean as a failure of the property, before any request", async () => {
  const answer = await deployment(TOKEN_BOTH_SCOPES, (plugin) => plugin.invoke({ organizationId: ORG_Z, includeAnyOrganization: "yes" }));

  expect(answer.failures).toEqual([{ property: "includeAnyOrganization", reason: "includeAnyOrganization must be a boolean" }]);
  expect(fixture.emulator.requests.filter((r) => r.endpoint !== "token")).toEqual([]);
});

test("a token without read:client_grants fails the invoke with the scope's name and what to grant", async () => {
  const failure = await deployment(TOKEN_ORGANIZATION_SCOPE_ONLY, (plugin) => plugin.invoke({ organizationId: ORG_Z, includeAnyOrganization: true })).catch((e: unknown) => e);

  expect(String(failure)).toMatch(/needs the scope read:client_grants.*Auth0 Management API/);
});

test("the resource's Create keeps the option in its outputs and lists the any-organization grants", async () => {
  const created = await deployment(TOKEN_BOTH_SCOPES, (plugin) => plugin.create({ organizationId: ORG_Z, includeAnyOrganization: true }));

  expect(created.properties).toEqual({ organizationId: ORG_Z, includeAnyOrganization: true, total: 133, clientGrants: expectedReach(fixture.emulator, ORG_Z) });
  expect((created.properties.clientGrants as { id: string; grantedVia: string }[]).find((g) => g.id === ANY_ORG_ALLOW.id)?.grantedVia).toBe("anyOrganization");
});
