// PULUMI_CONFIG, read by the CLI the same way in every install, and refused before any request when it is set but
// cannot be read; and the tenant a credential belongs to when PULUMI_CONFIG names the domain and AUTH0_* the token.
import { join } from "node:path";
import { generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, startEmulator, type Emulator, type Seed } from "../../emulator";
import { cli } from "../helpers/cli";

const ORG = "org_pulumiConfigCli01";
const TOKEN_A = "token-of-tenant-a-pulumi-config-1b7e";
const WITHOUT_PULUMI_SDK = ["-r", join(__dirname, "..", "helpers", "withoutPulumiSdk.js")];
const tenant = (grants: number): Seed => ({
  organizations: { [ORG]: generateGrants(grants, { organizationId: ORG }) },
  apiTokens: [{ token: TOKEN_A, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
});

let a: Emulator;
let b: Emulator;
beforeAll(async () => {
  [a, b] = await Promise.all([startEmulator({ seed: tenant(3) }), startEmulator({ seed: tenant(5) })]);
});
afterAll(() => Promise.all([a.stop(), b.stop()]));
beforeEach(() => {
  a.resetLog();
  b.resetLog();
});

describe("PULUMI_CONFIG in the CLI", () => {
  it("names the tenant of auth0:domain even where @pulumi/pulumi is not installed", async () => {
    const { code, stdout, stderr } = await cli(
      [ORG, "--json"],
      { PULUMI_CONFIG: JSON.stringify({ "auth0:domain": a.origin, "auth0:apiToken": TOKEN_A }), AUTH0_DOMAIN: b.origin, AUTH0_API_TOKEN: "token-of-tenant-b-never-used" },
      WITHOUT_PULUMI_SDK,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toMatchObject({ total: 3 });
    expect(b.requests).toHaveLength(0);
  });

  it("reads the older auth0:config:domain form as auth0:domain, as @pulumi/pulumi does", async () => {
    const { code, stdout } = await cli([ORG, "--json"], { PULUMI_CONFIG: JSON.stringify({ "auth0:config:domain": a.origin, "auth0:config:apiToken": TOKEN_A }) }, WITHOUT_PULUMI_SDK);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ total: 3 });
  });

  it.each([
    ["cut short", `{"auth0:domain": "x", "auth0:apiToken": "${TOKEN_A}`, /PULUMI_CONFIG is set but is not valid JSON/],
    ["not an object", `["auth0:domain"]`, /PULUMI_CONFIG is set but is not a JSON object of "namespace:key" settings \(it is an array\)/],
    ["auth0:domain a number", `{"auth0:domain": 5}`, /auth0:domain in PULUMI_CONFIG must be a string, as Pulumi config values are, not a number/],
    ["auth0:apiToken an object", `{"auth0:apiToken": {"value": "x"}}`, /auth0:apiToken in PULUMI_CONFIG must be a string/],
  ])("refuses a PULUMI_CONFIG %s with a ConfigurationError naming it, before any request, never falling back to AUTH0_*", async (_, value, message) => {
    const { code, stdout, stderr } = await cli([ORG, "--json"], { PULUMI_CONFIG: value, AUTH0_DOMAIN: b.origin, AUTH0_API_TOKEN: TOKEN_A });
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(/^auth0-org-grants: ERR_AUTH0_GRANTS_CONFIGURATION: /);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(TOKEN_A);
    expect(b.requests).toHaveLength(0);
  });
});

describe("the tenant a credential belongs to", () => {
  // auth0:domain in PULUMI_CONFIG and AUTH0_API_TOKEN in the environment are one tenant's, as @pulumi/auth0 pairs them.
  it("refuses --domain naming tenant B with auth0:domain of tenant A in PULUMI_CONFIG and AUTH0_API_TOKEN, and sends nothing", async () => {
    const { code, stderr } = await cli([ORG, "--json", "--domain", b.origin], { PULUMI_CONFIG: JSON.stringify({ "auth0:domain": a.origin }), AUTH0_API_TOKEN: TOKEN_A });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /ERR_AUTH0_GRANTS_CONFIGURATION: The credentials in AUTH0_API_TOKEN \(the environment\) pair with auth0:domain in PULUMI_CONFIG as @pulumi\/auth0 pairs them, and so belong to its tenant, but the domain in use comes from --domain \(the command line\)/,
    );
    expect(stderr).not.toContain(TOKEN_A);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
  });

  it("lists tenant A with that pair and no --domain", async () => {
    const { code, stdout } = await cli([ORG, "--json"], { PULUMI_CONFIG: JSON.stringify({ "auth0:domain": a.origin }), AUTH0_API_TOKEN: TOKEN_A });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ total: 3 });
  });
});
