// A credential only goes to the domain it belongs to. Two tenants (two emulators) hold the same
// organization; a credential configured with tenant A's domain must never reach tenant B, whichever surface is used.
import { ConfigurationError } from "../../../provider/core/errors";
import { getOrganizationClientGrants } from "../../../provider/function/getOrganizationClientGrants";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { generateGrants, READ_ORGANIZATION_CLIENT_GRANTS, startEmulator, type Emulator, type Seed } from "../../../emulator";
import { clearTokenCache } from "../../../provider/core/tokens";
import { cli } from "../../helpers/cli";
import { withEnv } from "../../helpers/env";

const ORG = "org_bindingTest00001";
const TOKEN_A = "token-of-tenant-a-0b1e7d-NEVER-SHOW";
const TOKEN_B = "token-of-tenant-b-5c2f9a-NEVER-SHOW";
const tenant = (token: string, grants: number): Seed => ({
  organizations: { [ORG]: generateGrants(grants, { organizationId: ORG }) },
  apiTokens: [{ token, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
  clients: [{ clientId: "client-a", clientSecret: "secret-of-tenant-a-NEVER-SHOW", scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
});

let a: Emulator;
let b: Emulator;
beforeAll(async () => {
  [a, b] = await Promise.all([startEmulator({ seed: tenant(TOKEN_A, 3) }), startEmulator({ seed: tenant(TOKEN_B, 5) })]);
});
afterAll(() => Promise.all([a.stop(), b.stop()]));
beforeEach(() => {
  a.resetLog();
  b.resetLog();
  clearTokenCache();
});
const noConfig = () => undefined;

describe("the CLI", () => {
  it("refuses AUTH0_DOMAIN + AUTH0_API_TOKEN of tenant A with --domain naming tenant B, and sends nothing to either", async () => {
    const { code, stdout, stderr } = await cli([ORG, "--json", "--domain", b.origin], { AUTH0_DOMAIN: a.origin, AUTH0_API_TOKEN: TOKEN_A });

    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_CONFIGURATION: The credentials in AUTH0_API_TOKEN \(the environment\) belong to the tenant of AUTH0_DOMAIN, but the domain in use comes from --domain \(the command line\)/);
    expect(stdout + stderr).not.toContain(TOKEN_A);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
  });

  it("uses --domain with a token that names no domain of its own", async () => {
    const { code, stdout } = await cli([ORG, "--json", "--domain", b.origin], { AUTH0_API_TOKEN: TOKEN_B });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ total: 5 });
  });

  // The emulator speaks plain http on loopback, so "written another way" is an upper-case scheme and a trailing slash
  // here; the host-vs-https-origin pair is in credentials.test.ts.
  it("takes --domain naming the tenant of AUTH0_DOMAIN written another way", async () => {
    const { code, stdout } = await cli([ORG, "--json", "--domain", a.origin.replace("http://", "HTTP://")], { AUTH0_DOMAIN: `${a.origin}/`, AUTH0_API_TOKEN: TOKEN_A });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ total: 3 });
  });
  // `--domain "$TENANT_B_DOMAIN"` with the variable unset: the user asked for a tenant and named none. Falling back
  // to AUTH0_DOMAIN would read tenant A, silently, with tenant A's token.
  it("refuses an empty --domain as a usage error instead of falling back to AUTH0_DOMAIN, and sends nothing", async () => {
    for (const args of [["--domain", ""], ["--domain="], ["--domain", "  "]]) {
      const { code, stdout, stderr } = await cli([ORG, "--json", ...args], { AUTH0_DOMAIN: a.origin, AUTH0_API_TOKEN: TOKEN_A });
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(stderr).toMatch(/^auth0-org-grants: --domain is empty: give the tenant .*or leave --domain out to use AUTH0_DOMAIN/);
      expect(stderr).not.toContain(TOKEN_A);
    }
    expect(a.requests).toHaveLength(0);
  });
});

describe("the function", () => {
  it("refuses connection: { domain } of tenant B with tenant A's credentials in the environment, and sends nothing", async () => {
    const error = await withEnv({ AUTH0_DOMAIN: a.origin, AUTH0_API_TOKEN: TOKEN_A }, () =>
      getOrganizationClientGrants({ organizationId: ORG, connection: { domain: b.origin } }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/AUTH0_API_TOKEN \(the environment\) belong to the tenant of AUTH0_DOMAIN.*connection\.domain and names another tenant/);
    expect((error as Error).message).not.toContain(TOKEN_A);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
  });

  it("refuses tenant A's client credentials from Pulumi config for tenant B's domain, and asks neither token endpoint", async () => {
    const config = (key: string) => ({ "auth0:domain": a.origin, "auth0:clientId": "client-a", "auth0:clientSecret": "secret-of-tenant-a-NEVER-SHOW" })[key];
    const error = await listClientGrants({ organizationId: ORG }, { connection: { domain: b.origin }, config, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
  });

  it("reads tenant B with credentials given beside its domain, whatever tenant A's environment holds", async () => {
    const result = await listClientGrants(
      { organizationId: ORG },
      { connection: { domain: b.origin, apiToken: TOKEN_B }, config: noConfig, env: { AUTH0_DOMAIN: a.origin, AUTH0_API_TOKEN: TOKEN_A } },
    );
    expect(result.total).toBe(5);
    expect(a.requests).toHaveLength(0);
  });

  it("pairs a connection domain with a credential from a place that names no domain", async () => {
    const result = await listClientGrants({ organizationId: ORG }, { connection: { domain: b.origin }, config: noConfig, env: { AUTH0_API_TOKEN: TOKEN_B } });
    expect(result.total).toBe(5);
  });

  // The token audience is not a credential: the token is asked of the domain in use and only sent there, so tenant A's
  // audience cannot carry a token to A. But it belongs to A as much as A's token does: asking B for A's API fails
  // with a 403 whose hint blames the client id and secret. Refused before any request, naming where each came from.
  it("refuses tenant A's AUTH0_AUDIENCE (beside its AUTH0_DOMAIN) for tenant B's connection, before any request", async () => {
    const error = await listClientGrants(
      { organizationId: ORG },
      {
        connection: { domain: b.origin, clientId: "client-a", clientSecret: "secret-of-tenant-a-NEVER-SHOW" },
        config: noConfig,
        env: { AUTH0_DOMAIN: a.origin, AUTH0_AUDIENCE: a.audience },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/audience in AUTH0_AUDIENCE \(the environment\) belongs to the tenant of AUTH0_DOMAIN.*connection\.domain and names another tenant/);
    expect((error as Error).message).not.toContain("secret-of-tenant-a-NEVER-SHOW");
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
  });

  it("takes an audience from a place that names no domain, or the same tenant's, with the domain in use", async () => {
    const connection = { domain: b.origin, clientId: "client-a", clientSecret: "secret-of-tenant-a-NEVER-SHOW" };
    for (const env of [{ AUTH0_AUDIENCE: b.audience }, { AUTH0_DOMAIN: b.origin.replace("http://", "HTTP://"), AUTH0_AUDIENCE: b.audience }]) {
      const result = await listClientGrants({ organizationId: ORG }, { connection, config: noConfig, env });
      expect(result.total).toBe(5);
    }
    expect(a.requests).toHaveLength(0);
  });

  it("takes the same tenant written two ways in two places", async () => {
    const config = (key: string) => ({ "auth0:domain": a.origin, "auth0:apiToken": TOKEN_A })[key];
    const result = await listClientGrants({ organizationId: ORG }, { connection: { domain: `${a.origin.replace("http://", "HTTP://")}/` }, config, env: {} });
    expect(result.total).toBe(3);
    expect(b.requests).toHaveLength(0);
  });
});
