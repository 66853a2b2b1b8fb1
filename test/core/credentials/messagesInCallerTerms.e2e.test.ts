// A missing domain or credential is explained in the caller's terms. The CLI names
// --domain and AUTH0_*; the dynamic provider process names the stack config keys and AUTH0_*; only the function
// mentions `connection`.
import { startEmulator } from "../../../emulator";
import { ConfigurationError } from "../../../provider/core/errors";
import { getOrganizationClientGrants } from "../../../provider/function/getOrganizationClientGrants";
import { HostCallError, withDynamicHost } from "../../helpers/dynamicHost";
import { cli } from "../../helpers/cli";
import { withEnv } from "../../helpers/env";

const ORG = "org_callerTerms00001";

describe("the CLI", () => {
  it("asks for --domain or AUTH0_DOMAIN", async () => {
    const { code, stderr } = await cli([ORG], {});
    expect(code).toBe(1);
    expect(stderr).toContain("ERR_AUTH0_GRANTS_CONFIGURATION: No Auth0 domain: set --domain or AUTH0_DOMAIN.");
  });

  it("asks for AUTH0_* credentials only, never a command-line credential or connection", async () => {
    const { code, stderr } = await cli([ORG, "--domain", "tenant.eu.auth0.com"], { AUTH0_CLIENT_ID: "cid" });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /No usable Auth0 credentials \(found a client id but no client secret or private key; the client id is AUTH0_CLIENT_ID\): set an API token \(AUTH0_API_TOKEN\), or a client id \(AUTH0_CLIENT_ID\) with either a client secret \(AUTH0_CLIENT_SECRET\) or a private key for private-key JWT \(AUTH0_CLIENT_ASSERTION_PRIVATE_KEY\)\./,
    );
    expect(stderr).not.toMatch(/connection|--api-token|auth0:/);
  });

  // Refused rather than missing: the hint must still send a terminal user to what the CLI reads, not to the stack
  // config keys (auth0:apiToken, auth0:clientSecret, auth0:audience) it never reads without PULUMI_CONFIG.
  it("names the AUTH0_* variables it used when Auth0 refuses them, never auth0:*", async () => {
    const emulator = await startEmulator({ seed: { organizations: { [ORG]: [] }, clients: [{ clientId: "cid", clientSecret: "the-right-secret", scopes: [] }] } });
    try {
      const refusedToken = await cli([ORG, "--domain", emulator.origin], { AUTH0_API_TOKEN: "a-token-nobody-issued" });
      expect(refusedToken.stderr).toMatch(/HTTP 401.*AUTH0_API_TOKEN/);
      const refusedSecret = await cli([ORG, "--domain", emulator.origin], { AUTH0_CLIENT_ID: "cid", AUTH0_CLIENT_SECRET: "a-wrong-secret" });
      expect(refusedSecret.stderr).toMatch(/HTTP 401.*AUTH0_CLIENT_ID.*AUTH0_CLIENT_SECRET/);
      for (const { code, stderr } of [refusedToken, refusedSecret]) {
        expect(code).toBe(1);
        expect(stderr).not.toMatch(/connection|auth0:/);
      }
    } finally {
      await emulator.stop();
    }
  });

  it("names auth0:* in PULUMI_CONFIG too when that is where it reads", async () => {
    const { stderr } = await cli([ORG], { PULUMI_CONFIG: "{}" });
    expect(stderr).toContain("No Auth0 domain: set --domain, auth0:domain in PULUMI_CONFIG or AUTH0_DOMAIN.");
  });
});

describe("the function", () => {
  it("asks for connection.domain, auth0:domain or AUTH0_DOMAIN", async () => {
    const error = await withEnv({ AUTH0_DOMAIN: undefined, AUTH0_API_TOKEN: undefined, PULUMI_CONFIG: undefined }, () =>
      getOrganizationClientGrants({ organizationId: ORG }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe("No Auth0 domain: set connection.domain, auth0:domain or AUTH0_DOMAIN.");
  });
});

describe("the dynamic provider process", () => {
  const hosted = withDynamicHost(() => ({ config: {}, env: {} }));

  it("asks for the stack config auth0:domain or AUTH0_DOMAIN, never connection", async () => {
    const checked = await hosted.host.check({}, { organizationId: ORG, __provider: hosted.providerText });
    const error = await hosted.host.create(checked.inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).details).toContain("No Auth0 domain: set auth0:domain or AUTH0_DOMAIN.");
    expect((error as HostCallError).details).not.toContain("connection");
  });

});

describe("the dynamic provider process with a domain but no usable credential", () => {
  // The host hands the configuration to the provider once, when it first loads it: a second host, configured so.
  const hosted = withDynamicHost(() => ({ config: { "auth0:domain": "tenant.eu.auth0.com", "auth0:cliLogin": "true" }, env: {} }));

  it("asks for auth0:* or AUTH0_* credentials, and says that cliLogin is not supported", async () => {
    const checked = await hosted.host.check({}, { organizationId: ORG, __provider: hosted.providerText });
    const error = await hosted.host.create(checked.inputs).catch((e: unknown) => e);
    const details = (error as HostCallError).details;
    expect(details).toMatch(/No usable Auth0 credentials \(found none\): set an API token \(auth0:apiToken or AUTH0_API_TOKEN\)/);
    expect(details).toContain("auth0:cliLogin is set, but logging in through the Auth0 CLI (cliLogin) is not supported");
    expect(details).not.toContain("connection");
  });
});
