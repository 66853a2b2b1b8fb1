// The Output form under the Pulumi SDK's runtime (mocks stand in for the engine, the listing is real): it stays
// unknown while an input is unknown in a preview, is secret when an input is secret, and waits for dependsOn.
import * as pulumi from "@pulumi/pulumi";
import { getOrganizationClientGrantsOutput } from "../../provider/function/getOrganizationClientGrants";
import { toClientGrant } from "../../provider/core/schemas";
import { withEmulator, ORG } from "../helpers/emulator";
import { observe } from "../helpers/outputs";

const fixture = withEmulator();


// A resource named "pending" is one the preview would create: its id is not known yet.
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: args.name === "pending" ? undefined : `${args.name}-id`, state: args.inputs }),
  call: (args) => args.inputs,
};

class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Thing", name, {});
  }
}

describe("getOrganizationClientGrantsOutput", () => {
  beforeAll(() => pulumi.runtime.setMocks(mocks, "project", "stack", true));

  it("resolves to every grant of the organization, as the Promise form does", async () => {
    const result = getOrganizationClientGrantsOutput({ organizationId: ORG, connection: { domain: fixture.emulator.origin, apiToken: fixture.token } });
    const seen = await observe(result);
    expect(seen.known).toBe(true);
    expect(seen.secret).toBe(false);
    expect(seen.value!.clientGrants).toEqual(fixture.emulator.grantsOf(ORG)!.map(toClientGrant));
  });

  it("stays unknown, without sending a request, while an input is unknown in a preview", async () => {
    // What an input computed by a resource that does not exist yet looks like during a preview.
    const audience = pulumi.output(pulumi.unknown as unknown as string);
    const result = getOrganizationClientGrantsOutput({ organizationId: ORG, audience, connection: { domain: fixture.emulator.origin, apiToken: fixture.token } });
    const seen = await observe(result);
    expect(seen.known).toBe(false);
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("is secret when the token is a secret", async () => {
    const result = getOrganizationClientGrantsOutput({
      organizationId: ORG,
      connection: { domain: fixture.emulator.origin, apiToken: pulumi.secret(fixture.token) },
    });
    const seen = await observe(result);
    expect(seen.secret).toBe(true);
    expect(seen.value!.total).toBe(fixture.emulator.grantsOf(ORG)!.length);
  });

  it("waits for dependsOn: unknown while a dependency is still to be created, listed once it exists", async () => {
    const connection = { domain: fixture.emulator.origin, apiToken: fixture.token };
    const pending = new Thing("pending");
    const created = new Thing("created");
    const waiting = await observe(getOrganizationClientGrantsOutput({ organizationId: ORG, connection }, { dependsOn: [pending] }));
    expect(waiting.known).toBe(false);
    expect(fixture.emulator.requests).toHaveLength(0);
    const listed = await observe(getOrganizationClientGrantsOutput({ organizationId: ORG, connection }, { dependsOn: created }));
    expect(listed.value!.total).toBe(fixture.emulator.grantsOf(ORG)!.length);
  });

  it("never quotes a secret argument in its error", async () => {
    // The engine prints a failed Output's error in plain text; a secret organization id must not show in it, as the
    // plugin already ensures for its invokes.
    const secretOrg = "org_secretOutputArg01";
    const result = getOrganizationClientGrantsOutput({
      organizationId: pulumi.secret(secretOrg),
      connection: { domain: fixture.emulator.origin, apiToken: fixture.token },
    });
    const failure = await observe(result).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toMatch(/HTTP 404/);
    expect(failure!.message).not.toContain(secretOrg);
    expect(failure!.message).toContain("[redacted]");
    expect(JSON.stringify(fixture.emulator.requests)).toContain(secretOrg); // it was asked for all the same
  });
});
