// The policy module's helpers on plain data, where the analyzer is not needed to tell what they do.
import { ORGANIZATION_CLIENT_GRANTS_TYPE as RESOURCE_TYPE } from "../provider/resource/organizationClientGrants";
import { ORGANIZATION_CLIENT_GRANTS_TYPE, couldContain, readClientGrants, readClientGrantsInputs } from "../provider/policy";
import { ORGANIZATION_CLIENT_GRANTS_TYPE as ENGINE_TYPE } from "./helpers/analyzer";
import { AUDIENCE, CLIENT, ORG, acmeGrants, clientGrantsOutputs } from "./helpers/policyFixtures";

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
