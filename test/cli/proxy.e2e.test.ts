// Corporate networks: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (and their lower-case forms) for every request the CLI
// sends, the token request included. The tenant speaks HTTPS under a name that resolves nowhere
// (tenant.proxy-only.test), so only the test's CONNECT proxy, which maps that name to it, can reach it. Node reads
// NODE_EXTRA_CA_CERTS (the tenant's self-signed certificate) at start-up, so the CLI runs in a child process.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toClientGrant } from "../../provider/core/schemas";
import { envelope, pageOf, someGrants, startHostileServer, type HostileServer } from "../../scripts/hostileServer";
import { cli } from "../helpers/cli";
import { startConnectProxy, type ConnectProxy } from "../helpers/connectProxy";

const FIXTURES = join(__dirname, "..", "fixtures");
const CERT = join(FIXTURES, "proxyOnlyTenant.cert.pem");
const TENANT = "tenant.proxy-only.test";
const ORG = "org_behindTheProxy01";
const CLIENT = { AUTH0_CLIENT_ID: "proxy-test-client", AUTH0_CLIENT_SECRET: "proxy-test-secret-3f9a" };
const grants = someGrants(150, ORG);

let tenant: HostileServer;
let proxy: ConnectProxy;
beforeAll(async () => {
  tenant = await startHostileServer(
    (r) =>
      r.path === "/oauth/token"
        ? { json: { access_token: "proxied-access-token-71c2", token_type: "Bearer", expires_in: 86400 } }
        : { json: envelope(pageOf(grants, r.page, r.perPage), r, grants.length) },
    { tls: { cert: readFileSync(CERT, "utf8"), key: readFileSync(join(FIXTURES, "proxyOnlyTenant.key.pem"), "utf8") } },
  );
  proxy = await startConnectProxy({ [`${TENANT}:443`]: tenant.port });
});
afterAll(() => Promise.all([tenant.stop(), proxy.stop()]));

const listThrough = (env: Record<string, string>, args: string[] = []) =>
  cli([ORG, "--json", "--quiet", ...args], { AUTH0_DOMAIN: TENANT, ...CLIENT, NODE_EXTRA_CA_CERTS: CERT, ...env });

describe("the CLI behind a proxy", () => {
  it.each(["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"])("lists a tenant only the proxy can reach, the token request too, with %s", async (variable) => {
    const before = tenant.requests.length;
    const { code, stdout, stderr } = await listThrough({ [variable]: proxy.url });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toMatchObject({ total: 150, clientGrants: grants.map(toClientGrant) });
    expect(tenant.requests.slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "POST /oauth/token",
      `GET /api/v2/organizations/${ORG}/client-grants`,
      `GET /api/v2/organizations/${ORG}/client-grants`,
    ]);
    expect(proxy.asked).toContain(`CONNECT ${TENANT}:443`);
  });

  it("goes directly to a tenant NO_PROXY names, and its NetworkError says so", async () => {
    const asked = proxy.asked.length;
    const { code, stderr } = await listThrough({ HTTPS_PROXY: proxy.url, NO_PROXY: `localhost,.proxy-only.test` }, ["--max-attempts", "1"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_NETWORK: .*Sent directly, not through the proxy: NO_PROXY names this host\./);
    expect(proxy.asked.length).toBe(asked);
  });

  it("names the proxy a failed request went through, without the proxy's password", async () => {
    const refusing = await startConnectProxy({});
    try {
      const withPassword = refusing.url.replace("http://", "http://alice:proxy-password-0c4e@");
      const { code, stderr } = await listThrough({ HTTPS_PROXY: withPassword }, ["--max-attempts", "1"]);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`ERR_AUTH0_GRANTS_NETWORK: .*the proxy refused to open a tunnel to the tenant \\(it answered HTTP 403 to CONNECT\\)\\. Sent through the proxy ${refusing.url} \\(HTTPS_PROXY\\)\\.`),
      );
      expect(stderr).not.toContain("proxy-password-0c4e");
      expect(refusing.asked).toEqual([`CONNECT ${TENANT}:443`]);
    } finally {
      await refusing.stop();
    }
  });
});
