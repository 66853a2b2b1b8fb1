// OrganizationClientGrants and explicit providers, under the SDK's runtime with the real @pulumi/auth0 package. The
// resource runs in Pulumi's own dynamic provider, which cannot be configured by an @pulumi/auth0 provider: the SDK
// would drop one without a word and the grants would come from the stack config's tenant. So it refuses them.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../../provider/core/errors";
import { OrganizationClientGrants } from "../../provider/dynamicResource/organizationClientGrants";
import { distFile, repoRoot } from "../helpers/dist";
import { AwsProvider, Team, unique } from "../helpers/explicitProviderFixtures";

// The engine answers every registration with the inputs as outputs here; no dynamic resource gets that far in the
// refusals, and the accepted ones only need to register.
const registered: string[] = [];
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => {
    registered.push(args.type);
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
};

const tenantB = () => new auth0.Provider(unique("tenant-b"), { domain: "tenant-b.eu.auth0.com", apiToken: "a-token-of-tenant-b" });
const grants = (opts?: pulumi.CustomResourceOptions) => new OrganizationClientGrants(unique("grants"), { organizationId: "org_test000000000001" }, opts);

/** What the refusal must tell the user to use instead. */
const WHAT_TO_USE = /^(?=.*getOrganizationClientGrantsOutput\(args, \{ provider \}\))(?=.*the provider plugin's OrganizationClientGrants)(?=.*auth0:domain)(?=.*AUTH0_\*)/s;

beforeAll(() => pulumi.runtime.setMocks(mocks, "project", "stack", false));

describe("OrganizationClientGrants with explicit providers", () => {
  it("refuses an @pulumi/auth0 provider in `provider`, naming it and what to use instead", () => {
    expect(() => grants({ provider: tenantB() })).toThrow(ConfigurationError);
    expect(() => grants({ provider: tenantB() })).toThrow(/auth0 provider "tenant-b-\d+"/);
    expect(() => grants({ provider: tenantB() })).toThrow(WHAT_TO_USE);
  });

  // Not in CustomResourceOptions' type, but a JavaScript program, or options spread from a component's, can pass it.
  it("refuses an auth0 entry in `providers`, array form", () => {
    expect(() => grants({ providers: [new AwsProvider(unique("aws")), tenantB()] } as pulumi.CustomResourceOptions)).toThrow(WHAT_TO_USE);
  });

  it("refuses an auth0 entry in `providers`, map form", () => {
    expect(() => grants({ providers: { auth0: tenantB() } } as pulumi.CustomResourceOptions)).toThrow(WHAT_TO_USE);
  });

  it("refuses an auth0 provider inherited from the parent, saying where it came from", () => {
    const team = new Team(unique("team"), { providers: [tenantB()] });
    expect(() => grants({ parent: team })).toThrow(/inherit the auth0 provider "tenant-b-\d+" from the parent "team-\d+"/);
    expect(() => grants({ parent: team })).toThrow(WHAT_TO_USE);
  });

  // Transformations (the resource's own, its parents', the stack's) run inside the SDK's constructor, after the options
  // were checked. `registerStackTransformation(a => a.type.includes("auth0") ? { ..., opts: { ...a.opts, providers:
  // [tenantB] } } : undefined)` routes every auth0 resource to tenant B; for this resource the SDK dropped that entry
  // and the stack config's tenant was read, silently; a `provider` went to the engine, which would ask the auth0 plugin
  // to check a dynamic resource. Run in a child process: the SDK reports the failed registration as an unhandled
  // rejection on purpose (the language host makes it the deployment's error), which jest's sandbox would take over.
  it.each(["provider", "providers"])("refuses an auth0 provider a stack transformation puts in `%s`, and registers nothing", async (option) => {
    const program = `
      const pulumi = require("@pulumi/pulumi");
      const auth0 = require("@pulumi/auth0");
      const { OrganizationClientGrants } = require(${JSON.stringify(distFile("provider/index.js"))});
      const registered = [];
      const rejections = [];
      process.on("unhandledRejection", (reason) => rejections.push(String(reason && reason.message)));
      pulumi.runtime.setMocks({ newResource: (a) => (registered.push(a.type), { id: a.name + "-id", state: a.inputs }), call: (a) => a.inputs }, "project", "stack", false);
      pulumi.runtime.runInPulumiStack(async () => {
        const b = new auth0.Provider("tenant-b", { domain: "tenant-b.eu.auth0.com", apiToken: "a-token-of-tenant-b" });
        pulumi.runtime.registerStackTransformation((a) =>
          a.type.includes("auth0") && !a.type.startsWith("pulumi:providers:") ? { props: a.props, opts: { ...a.opts, ${option === "provider" ? "provider: b" : "providers: [b]"} } } : undefined);
        try {
          new OrganizationClientGrants("grants", { organizationId: "org_test000000000001" });
          return { thrown: null };
        } catch (error) {
          return { thrown: String(error.message) };
        }
      }).then(async (outputs) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        console.log(JSON.stringify({ ...outputs, registered, rejections }));
      });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", program], { cwd: repoRoot });
    const run = JSON.parse(stdout.trim().split("\n").pop()!) as { thrown: string | null; registered: string[]; rejections: string[] };
    expect(run.thrown).toMatch(/given the auth0 provider "tenant-b" by a transformation/);
    expect(run.thrown).toMatch(WHAT_TO_USE);
    expect(run.registered).not.toContain("pulumi-nodejs:dynamic/auth0:OrganizationClientGrants");
    expect(run.rejections.every((message) => /by a transformation/.test(message))).toBe(true);
  });

  it("refuses a provider of another package in `provider`, which the SDK would drop as well", () => {
    expect(() => grants({ provider: new AwsProvider(unique("aws")) })).toThrow(/package "aws"/);
  });

  it("accepts a parent's providers of other packages, which concern other resources", async () => {
    const team = new Team(unique("team"), { providers: [new AwsProvider(unique("aws"))] });
    const resource = grants({ parent: team });
    expect(await (resource.urn as unknown as { promise(): Promise<string> }).promise()).toContain("OrganizationClientGrants");
  });

  it("registers as before without any provider", async () => {
    const resource = grants();
    expect(await (resource.urn as unknown as { promise(): Promise<string> }).promise()).toContain("OrganizationClientGrants");
    expect(registered).toContain("pulumi-nodejs:dynamic/auth0:OrganizationClientGrants");
  });
});
