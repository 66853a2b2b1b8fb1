// The CLI as a user runs it: the compiled bin in a child process, configured only through its environment.
import { DEMO_ORGANIZATIONS, demoTenant, READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS, startEmulator, type Emulator } from "../../emulator";
import { toClientGrant } from "../../provider/core/schemas";
import { expectedReach } from "../helpers/anyOrganizationTenant";
import { cli } from "../helpers/cli";
import { requestsTo } from "../helpers/emulator";

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoTenant() });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());

describe("the auth0-org-grants CLI", () => {
  it("prints every grant as JSON with --json, equal to the emulator's data", async () => {
    const { code, stdout } = await cli([DEMO_ORGANIZATIONS.large, "--json", "--quiet"], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { total: number; clientGrants: unknown[] };
    expect(result.clientGrants).toEqual(emulator.grantsOf(DEMO_ORGANIZATIONS.large)!.map(toClientGrant));
  });

  it("prints a table with one row per grant and reports page progress on stderr", async () => {
    const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.large], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
    const grants = emulator.grantsOf(DEMO_ORGANIZATIONS.large)!;
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`Organization ${DEMO_ORGANIZATIONS.large}: ${grants.length} client grant(s)`);
    expect(stdout.split("\n").filter((l) => l.startsWith("cgr_"))).toHaveLength(grants.length);
    expect(stderr).toContain(`fetched ${Math.ceil(grants.length / 100)}/${Math.ceil(grants.length / 100)} pages (${grants.length}/${grants.length} grants)`);
  });

  it("reads Pulumi config from PULUMI_CONFIG before the AUTH0_* environment", async () => {
    const { code, stdout } = await cli([DEMO_ORGANIZATIONS.empty, "--json"], {
      PULUMI_CONFIG: JSON.stringify({ "auth0:domain": emulator.origin, "auth0:apiToken": token }),
      AUTH0_DOMAIN: "tenant-that-does-not-exist.invalid",
      AUTH0_API_TOKEN: "a-wrong-token-from-the-environment",
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ organizationId: DEMO_ORGANIZATIONS.empty, total: 0 });
  });

  it("exits 1 with the error's code and message, and never prints the token", async () => {
    const planted = "planted-token-4f1c2a9e-never-print-me";
    const { code, stdout, stderr } = await cli(["org_unknownOrganization"], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: planted });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_API: .*HTTP 401/);
    expect(stdout + stderr).not.toContain(planted);
  });

  it("exits 2 with the usage on a missing organization id", async () => {
    const { code, stderr } = await cli([], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/expected exactly one organization id.*\n\nUsage:/s);
  });

  describe("a bad option value is a usage error naming the flag, before any request", () => {
    it.each([
      ["--concurrency", "abc", /--concurrency must be a whole number from 1 to 16, not "abc"/],
      ["--concurrency", "0", /--concurrency must be a whole number from 1 to 16, not "0"/],
      ["--concurrency", "2.5", /--concurrency must be a whole number from 1 to 16, not "2.5"/],
      ["--timeout-ms", "50", /--timeout-ms must be a whole number from 100 to 300000, not "50"/],
      ["--timeout-ms", "", /--timeout-ms must be a whole number from 100 to 300000, not ""/],
      ["--max-attempts", "0", /--max-attempts must be a whole number from 1 to 10, not "0"/],
      ["--max-attempts", "-1", /--max-attempts must be a whole number from 1 to 10, not "-1"/],
    ])("%s %p", async (flag, value, message) => {
      const before = emulator.requests.length;
      const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.small, `${flag}=${value}`], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/\n\nUsage:/);
      expect(stderr).not.toMatch(/options\.|ERR_AUTH0_GRANTS/);
      expect(stdout).toBe("");
      expect(emulator.requests.length).toBe(before);
    });

    it("takes good values, at the edges of their ranges", async () => {
      const args = ["--concurrency", "16", "--timeout-ms", "300000", "--max-attempts", "1", "--json", "--quiet"];
      const { code, stdout } = await cli([DEMO_ORGANIZATIONS.large, ...args], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { clientGrants: unknown[] }).clientGrants).toEqual(emulator.grantsOf(DEMO_ORGANIZATIONS.large)!.map(toClientGrant));
    });
  });

  it.each([
    ["an empty organization id", [""]],
    ["an organization id with white space around it", [" org_demoSmall0000001 "]],
    ["an empty --grant-id", ["org_demoSmall0000001", "--grant-id", ""]],
  ])("exits 2, a usage error, for %s: the validation message and the usage, and no request", async (_what, args) => {
    emulator.resetLog();
    const { code, stdout, stderr } = await cli(args, { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: "tok_usageErrors_00000001" });
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^auth0-org-grants: ERR_AUTH0_GRANTS_VALIDATION: /);
    expect(stderr).toContain("Usage: auth0-org-grants <organization-id>");
    expect(emulator.requests).toEqual([]);
  });

  it("exits 1 naming AUTH0_DOMAIN when no domain is configured", async () => {
    const { code, stderr } = await cli(["org_x"], {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_CONFIGURATION: No Auth0 domain.*AUTH0_DOMAIN/);
  });
});

describe("--include-any-organization", () => {
  const env = (scopes = [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS]) => ({ AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: emulator.issueToken(scopes) });

  it("adds the tenant's grants that reach every organization, each saying how it applies", async () => {
    const { code, stdout } = await cli([DEMO_ORGANIZATIONS.small, "--include-any-organization", "--json"], env());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      organizationId: DEMO_ORGANIZATIONS.small,
      includeAnyOrganization: true,
      total: expectedReach(emulator, DEMO_ORGANIZATIONS.small).length,
      clientGrants: expectedReach(emulator, DEMO_ORGANIZATIONS.small),
    });
  });

  it("shows how each grant applies in a VIA column, and how many apply through allow_any_organization", async () => {
    const { stdout } = await cli([DEMO_ORGANIZATIONS.empty, "--include-any-organization"], env());
    const reach = expectedReach(emulator, DEMO_ORGANIZATIONS.empty);
    const lines = stdout.split("\n");
    expect(reach.length).toBeGreaterThan(0);
    expect(lines[0]).toBe(`Organization ${DEMO_ORGANIZATIONS.empty}: ${reach.length} client grant(s), ${reach.length} of them through allow_any_organization`);
    expect(lines[2]).toMatch(/^GRANT ID +CLIENT ID +AUDIENCE +USAGE +ANY ORG +VIA +SCOPES$/);
    expect(lines.filter((l) => l.startsWith("cgr_")).every((l) => / any organization /.test(l))).toBe(true);
  });

  it("fails with exit code 1 and the missing scope's name for a token without read:client_grants", async () => {
    const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.small, "--include-any-organization"], env([READ_ORGANIZATION_CLIENT_GRANTS]));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^auth0-org-grants: ERR_AUTH0_GRANTS_MISSING_SCOPE: .*needs the scope read:client_grants/);
  });

  it("without the flag prints the table it always did and sends no tenant-wide request", async () => {
    emulator.resetLog();
    const { stdout } = await cli([DEMO_ORGANIZATIONS.small], env());
    expect(stdout.split("\n")[2]).toMatch(/^GRANT ID +CLIENT ID +AUDIENCE +USAGE +ANY ORG +SCOPES$/);
    expect(requestsTo(emulator, "tenantGrants")).toEqual([]);
  });
});
