// The policy module's helpers on plain data, where the analyzer is not needed to tell what they do.
import { ORGANIZATION_CLIENT_GRANTS_TYPE as RESOURCE_TYPE } from "../../provider/dynamicResource/organizationClientGrants";
import type { PolicyResource } from "@pulumi/policy";
import {
  CLIENT_GRANT_TYPE,
  ORGANIZATION_CLIENT_GRANT_TYPE,
  ORGANIZATION_CLIENT_GRANTS_TYPE,
  couldContain,
  readClientGrants,
  readClientGrantsInputs,
  readDeclarations,
} from "../../provider/policy";
import { ORGANIZATION_CLIENT_GRANTS_TYPE as ENGINE_TYPE } from "../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG, acmeGrants, clientGrantsOutputs } from "../helpers/policyFixtures";

test("the policies recognise the type token the resource registers", () => {
  expect(ORGANIZATION_CLIENT_GRANTS_TYPE).toBe(RESOURCE_TYPE);
  expect(ORGANIZATION_CLIENT_GRANTS_TYPE).toBe(ENGINE_TYPE);
});

describe("readClientGrants", () => {
  const outputs = clientGrantsOutputs({ organizationId: ORG.acme }, acmeGrants);

  test("parses outputs and drops the dynamic provider's __provider", () => {
    expect(readClientGrants({ ...outputs, __provider: "exports.handler = ..." })).toEqual({ state: "known", result: outputs });
  });

  test("reads a resource without clientGrants as not read yet, not as empty", () => {
    expect(readClientGrants({ organizationId: ORG.acme, __provider: "..." })).toEqual({
      state: "unknown",
      reason: "not-read",
      organizationId: ORG.acme,
      unknown: ["clientGrants", "total"],
    });
  });

  test("names every place where the outputs break the schema", () => {
    const reading = readClientGrants({ ...outputs, total: -1, clientGrants: [{ ...outputs.clientGrants[0], organizationUsage: "sometimes" }] });
    expect(reading).toMatchObject({ state: "malformed", organizationId: ORG.acme });
    expect(reading.state === "malformed" && reading.issues.map((i) => i.path)).toEqual(["total", "clientGrants[0].organizationUsage"]);
  });
});

test("readClientGrantsInputs keeps the filters and nothing else", () => {
  expect(readClientGrantsInputs({ organizationId: ORG.acme, audience: AUDIENCE.billing, __provider: "..." })).toEqual({
    state: "known",
    inputs: { organizationId: ORG.acme, audience: AUDIENCE.billing },
  });
});

test.each([
  [{}, true],
  [{ audience: AUDIENCE.billing }, true],
  [{ audience: AUDIENCE.reports }, false],
  [{ clientId: CLIENT.billingWorker }, true],
  [{ clientId: CLIENT.reporting }, false],
  [{ grantIds: ["cgr_Yc2tZxJ4mQ8wK1pN"] }, false],
])("a listing filtered by %j could contain the billing worker's billing grant: %s", (filters, expected) => {
  const result = clientGrantsOutputs({ organizationId: ORG.acme, ...filters }, []);
  expect(couldContain(result, { clientId: CLIENT.billingWorker, audience: AUDIENCE.billing })).toBe(expected);
});

describe("readDeclarations links each association to the ClientGrants it associates", () => {
  const resource = (type: string, name: string, props: Record<string, unknown>, deps: { dependencies?: unknown[]; grantId?: unknown[] } = {}) =>
    ({
      type,
      name,
      urn: `urn:pulumi:dev::p::${type}::${name}`,
      props,
      dependencies: deps.dependencies ?? [],
      propertyDependencies: deps.grantId ? { grantId: deps.grantId } : {},
    }) as unknown as PolicyResource;
  const a = resource(CLIENT_GRANT_TYPE, "a", { audience: AUDIENCE.billing, clientId: CLIENT.billingWorker });
  const b = resource(CLIENT_GRANT_TYPE, "b", { audience: AUDIENCE.reports, clientId: CLIENT.reporting, id: "cgr_b" });
  const linked = (association: PolicyResource) =>
    readDeclarations([a, b, association]).associations[0]!.grants.map((grant) => grant.name);

  test.each([
    ["a known grant id, whatever the dependencies", { organizationId: ORG.acme, grantId: "cgr_b" }, { dependencies: [a] }, ["b"]],
    ["a known grant id no declared grant carries", { organizationId: ORG.acme, grantId: "cgr_elsewhere" }, { dependencies: [a] }, []],
    ["the grant grantId was computed from", { organizationId: ORG.acme }, { grantId: [a], dependencies: [a, b] }, ["a"]],
    ["the only ClientGrant it depends on", { organizationId: ORG.acme }, { dependencies: [a] }, ["a"]],
    ["none when it depends on several and grantId names none", { organizationId: ORG.acme }, { dependencies: [a, b] }, []],
  ])("%s", (_case, props, deps, expected) => {
    expect(linked(resource(ORGANIZATION_CLIENT_GRANT_TYPE, "assoc", props, deps as never))).toEqual(expected);
  });
});
