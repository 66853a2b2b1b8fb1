import { connectionLayer, environmentLayer, pulumiConfigLayer, type SettingsLayer } from "../../../provider/core/credentials/layers";
import { isLoopback, parseDomain } from "../../../provider/core/credentials/domain";
import { parseConnection } from "../../../provider/core/arguments";
import { resolveConnection, resolveSettings } from "../../../provider/core/credentials/resolve";
import { ConfigurationError } from "../../../provider/core/errors";
import { ecPrivateKey, rsaKeyPair } from "../../helpers/keys";

const noConfig = () => undefined;
const configOf = (values: Record<string, string>) => (key: string) => values[key];

describe("credential resolution", () => {
  // The config here names no domain of its own: a token beside another domain would be bound to it and refused (see
  // "a credential is bound to the domain of its own place" below). Nor does the environment: @pulumi/auth0 would pair
  // the config's token with AUTH0_DOMAIN, which is refused as well (see "a credential without a domain of its own
  // pairs as @pulumi/auth0 pairs it").
  it("takes each field from the connection first, then Pulumi config, then the environment", () => {
    const resolved = resolveConnection(
      { domain: "from-connection.auth0.com" },
      { config: configOf({ "auth0:apiToken": "token-from-config" }), env: { AUTH0_API_TOKEN: "token-from-env" } },
    );
    expect(resolved.api.origin).toBe("https://from-connection.auth0.com");
    expect(resolved.credentials).toEqual({ kind: "apiToken", apiToken: "token-from-config" });
  });

  it("falls back to the AUTH0_* environment when neither connection nor config has a field", () => {
    const resolved = resolveConnection(undefined, { config: noConfig, env: { AUTH0_DOMAIN: "tenant.eu.auth0.com", AUTH0_CLIENT_ID: "cid", AUTH0_CLIENT_SECRET: "secret-value" } });
    expect(resolved).toEqual({
      api: { origin: "https://tenant.eu.auth0.com", hostname: "tenant.eu.auth0.com" },
      credentials: { kind: "clientCredentials", clientId: "cid", clientSecret: "secret-value", audience: "https://tenant.eu.auth0.com/api/v2/" },
      credentialsFrom: "AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET",
      // Where a refused credential's hint tells the caller to fix it, in the function's three places.
      settable: {
        domain: "connection.domain / auth0:domain / AUTH0_DOMAIN",
        apiToken: "connection.apiToken / auth0:apiToken / AUTH0_API_TOKEN",
        clientId: "connection.clientId / auth0:clientId / AUTH0_CLIENT_ID",
        clientSecret: "connection.clientSecret / auth0:clientSecret / AUTH0_CLIENT_SECRET",
        audience: "connection.audience / auth0:audience / AUTH0_AUDIENCE",
        clientAssertionPrivateKey: "connection.clientAssertionPrivateKey / auth0:clientAssertionPrivateKey / AUTH0_CLIENT_ASSERTION_PRIVATE_KEY",
        clientAssertionSigningAlg: "connection.clientAssertionSigningAlg / auth0:clientAssertionSigningAlg / AUTH0_CLIENT_ASSERTION_SIGNING_ALG",
      },
    });
  });

  it("prefers an API token over client credentials, as the official provider does", () => {
    const resolved = resolveConnection({ domain: "t.auth0.com", apiToken: "tok-12345678", clientId: "c", clientSecret: "s" }, { config: noConfig, env: {} });
    expect(resolved.credentials.kind).toBe("apiToken");
  });

  it("keeps client credentials given in a higher place over a token in a lower one", () => {
    const resolved = resolveConnection(
      { domain: "b.auth0.com", clientId: "client-b", clientSecret: "secret-of-b" },
      { config: noConfig, env: { AUTH0_API_TOKEN: "token-of-tenant-a" } },
    );
    expect(resolved.credentials).toMatchObject({ kind: "clientCredentials", clientId: "client-b" });
  });

  it("fills the other half of client credentials from a lower place", () => {
    const resolved = resolveConnection(undefined, { config: configOf({ "auth0:domain": "t.auth0.com", "auth0:clientId": "cid" }), env: { AUTH0_CLIENT_SECRET: "secret-from-env" } });
    expect(resolved.credentials).toMatchObject({ kind: "clientCredentials", clientId: "cid", clientSecret: "secret-from-env" });
  });

  it("uses the given audience for client credentials", () => {
    const resolved = resolveConnection({ domain: "t.auth0.com", clientId: "c", clientSecret: "s", audience: "https://custom/api/v2/" }, { config: noConfig, env: {} });
    expect(resolved.credentials).toMatchObject({ audience: "https://custom/api/v2/" });
  });

  it("names the three places to set a missing domain", () => {
    expect(() => resolveConnection(undefined, { config: noConfig, env: {} })).toThrow(/connection\.domain.*auth0:domain.*AUTH0_DOMAIN/);
  });

  it("says which half of the client credentials is missing", () => {
    expect(() => resolveConnection({ domain: "t.auth0.com", clientId: "c" }, { config: noConfig, env: {} })).toThrow(/a client id but no client secret/);
  });
});

describe("domain parsing", () => {
  it.each([
    ["tenant.eu.auth0.com", "https://tenant.eu.auth0.com"],
    ["https://tenant.auth0.com:8443", "https://tenant.auth0.com:8443"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://127.9.8.7", "http://127.9.8.7"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://[::1]:3000", "http://[::1]:3000"],
  ])("accepts %s as %s", (domain, origin) => {
    expect(parseDomain(domain).origin).toBe(origin);
  });

  it.each([
    ["http://tenant.auth0.com", /only allowed for loopback/],
    ["http://10.0.0.1", /only allowed for loopback/],
    ["ftp://tenant.auth0.com", /scheme ftp: is not supported/],
    ["tenant.auth0.com/api/v2", /path/],
    ["https://tenant.auth0.com/api", /path/],
    ["https://user:pw@tenant.auth0.com", /user information/],
    [" tenant.auth0.com", /white space/],
    ["https://tenant.auth0.com?x=1", /query/],
    ["bad_host!.com", /not valid|not a host/],
  ])("refuses %s", (domain, why) => {
    expect(() => parseDomain(domain)).toThrow(ConfigurationError);
    expect(() => parseDomain(domain)).toThrow(why);
  });

  // As people write a domain: copied from the address bar with its slash, copied out of a .env line with its quotes,
  // or as an absolute DNS name with its dot. The slash is harmless; the other two get a message that says what to fix.
  it("accepts a host name with a trailing slash, as https://host/ is", () => {
    expect(parseDomain("tenant.eu.auth0.com/").origin).toBe("https://tenant.eu.auth0.com");
    expect(parseDomain("TENANT.eu.auth0.com:443/").origin).toBe("https://tenant.eu.auth0.com");
  });

  it.each([
    ['"tenant.eu.auth0.com"', /it is wrapped in quotes/],
    ["'https://tenant.eu.auth0.com'", /it is wrapped in quotes/],
    ["tenant.eu.auth0.com.", /it ends with a dot: write the host name without it/],
    ["https://tenant.eu.auth0.com.:443", /it ends with a dot/],
  ])("refuses %s saying what to fix", (domain, why) => {
    expect(() => parseDomain(domain)).toThrow(ConfigurationError);
    expect(() => parseDomain(domain)).toThrow(why);
  });

  it("knows the loopback hosts and only those", () => {
    expect(["127.0.0.1", "127.255.0.3", "localhost", "::1", "[::1]"].every(isLoopback)).toBe(true);
    expect(["128.0.0.1", "localhost.evil.com", "10.1.1.1", "::2"].some(isLoopback)).toBe(false);
  });
});

describe("what a refused domain's error shows", () => {
  it.each([
    ["a token put in AUTH0_DOMAIN by mistake", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Ik5qQkZRVFkzTlVWQk1FSXhSVEU0UWpoQ01ETTJOMFl6TWpBMk1UTkVNRUZHUlRFeE1qRTVSQSJ9.eyJpc3MiOiJodHRwczovL3RlbmFudC5hdXRoMC5jb20vIiwic3ViIjoiYWJjQGNsaWVudHMifQ.c2lnbmF0dXJl"],
    ["a password in user information", "https://my-client:Sup3rS3cretPassw0rd@tenant.auth0.com"],
  ])("never echoes the value: %s", (_, domain) => {
    const error = (() => {
      try {
        parseDomain(domain);
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected a refusal");
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain(domain.includes("@") ? "Sup3rS3cretPassw0rd" : domain);
  });
});

/** The error `fn` throws; fails the test if it throws none. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("a credential is bound to the domain of its own place", () => {
  it("refuses a token from the environment, which names its own domain, for a domain given in connection", () => {
    const error = thrown(() =>
      resolveConnection({ domain: "tenant-b.eu.auth0.com" }, { config: noConfig, env: { AUTH0_DOMAIN: "tenant-a.eu.auth0.com", AUTH0_API_TOKEN: "token-of-tenant-a-1234" } }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    // Both places, by the names the caller uses; never the token.
    expect(error.message).toMatch(/AUTH0_API_TOKEN \(the environment\) belong to the tenant of AUTH0_DOMAIN.*connection\.domain and names another tenant/);
    expect(error.message).not.toContain("token-of-tenant-a-1234");
  });

  it("refuses client credentials from Pulumi config for a domain from connection, naming every credential field it would have sent", () => {
    const error = thrown(() =>
      resolveConnection(
        { domain: "tenant-b.eu.auth0.com" },
        { config: configOf({ "auth0:domain": "tenant-a.eu.auth0.com", "auth0:clientId": "client-a", "auth0:clientSecret": "secret-of-tenant-a" }), env: {} },
      ),
    );
    expect(error.message).toMatch(/auth0:clientId and auth0:clientSecret \(Pulumi config\).*auth0:domain.*connection\.domain and names another tenant/);
  });

  it("refuses a secret from a lower place with its own domain even when the client id comes from the place of the domain in use", () => {
    expect(() =>
      resolveConnection({ domain: "tenant-b.eu.auth0.com", clientId: "client-b" }, { config: noConfig, env: { AUTH0_DOMAIN: "tenant-a.eu.auth0.com", AUTH0_CLIENT_SECRET: "secret-of-tenant-a" } }),
    ).toThrow(/AUTH0_CLIENT_SECRET \(the environment\)/);
  });

  it.each([
    ["a credential with no domain of its own, paired with a domain from a higher place", { domain: "t.auth0.com" }, {}, { AUTH0_API_TOKEN: "env-token-1234" }],
    ["a credential with no domain of its own, paired with a domain from a lower place", { apiToken: "conn-token-1234" }, {}, { AUTH0_DOMAIN: "t.auth0.com" }],
    ["the domain and the credential in the same place, a lower place naming another domain", undefined, { "auth0:domain": "t.auth0.com", "auth0:apiToken": "cfg-token-1234" }, { AUTH0_DOMAIN: "other.auth0.com" }],
    ["two places naming the same domain, one as a host, one as an https origin", { domain: "t.auth0.com" }, {}, { AUTH0_DOMAIN: "https://T.auth0.com:443", AUTH0_API_TOKEN: "env-token-1234" }],
    ["a lower place with another domain whose credentials are not used", { domain: "t.auth0.com", apiToken: "conn-token-1234" }, {}, { AUTH0_DOMAIN: "other.auth0.com", AUTH0_API_TOKEN: "env-token-1234" }],
  ])("allows %s", (_, connection, config, env) => {
    const resolved = resolveConnection(connection, { config: configOf(config), env });
    expect(resolved.api.origin).toBe("https://t.auth0.com");
  });

  it("compares origins: the same host on another port is another tenant", () => {
    expect(() =>
      resolveConnection({ domain: "https://t.auth0.com:8443" }, { config: noConfig, env: { AUTH0_DOMAIN: "t.auth0.com", AUTH0_API_TOKEN: "env-token-1234" } }),
    ).toThrow(ConfigurationError);
  });

  it("names the places in the caller's own terms (an explicit provider's layer)", () => {
    const provider: SettingsLayer = {
      place: 'the auth0 provider "tenant-b"',
      nameOf: (f) => `${f} of the auth0 provider "tenant-b"`,
      values: { domain: "tenant-b.auth0.com" },
    };
    expect(() => resolveSettings([provider, environmentLayer({ AUTH0_DOMAIN: "tenant-a.auth0.com", AUTH0_API_TOKEN: "env-token-1234" })])).toThrow(
      /AUTH0_API_TOKEN \(the environment\).*domain of the auth0 provider "tenant-b"/,
    );
  });
});

describe("a credential without a domain of its own pairs as @pulumi/auth0 pairs it", () => {
  // The common split setup: auth0:domain in the stack config, AUTH0_API_TOKEN in the environment. @pulumi/auth0 reads
  // each setting from config, else the environment, so these are one tenant's domain and token.
  const splitSetup = { config: configOf({ "auth0:domain": "tenant-a.eu.auth0.com" }), env: { AUTH0_API_TOKEN: "token-of-tenant-a-5678" } };

  it("uses the stack config's domain with the environment's token", () => {
    const resolved = resolveConnection(undefined, splitSetup);
    expect(resolved).toMatchObject({ api: { origin: "https://tenant-a.eu.auth0.com" }, credentials: { apiToken: "token-of-tenant-a-5678" } });
  });

  it("refuses to send that token to another tenant's domain given in connection, naming both places", () => {
    const error = thrown(() => resolveConnection({ domain: "tenant-b.eu.auth0.com" }, splitSetup));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(
      /The credentials in AUTH0_API_TOKEN \(the environment\) pair with auth0:domain \(Pulumi config\) as @pulumi\/auth0 pairs them, and so belong to its tenant, but the domain in use comes from connection\.domain and names another tenant/,
    );
    expect(error.message).not.toContain("token-of-tenant-a-5678");
  });

  it("refuses a token in the stack config without a domain, which pairs with AUTH0_DOMAIN, for another tenant's connection.domain", () => {
    expect(() =>
      resolveConnection({ domain: "tenant-b.eu.auth0.com" }, { config: configOf({ "auth0:apiToken": "token-of-tenant-a-5678" }), env: { AUTH0_DOMAIN: "tenant-a.eu.auth0.com" } }),
    ).toThrow(/auth0:apiToken \(Pulumi config\) pair with AUTH0_DOMAIN \(the environment\)/);
  });

  it("refuses an audience without a domain of its own for another tenant's connection.domain, likewise", () => {
    expect(() =>
      resolveConnection(
        { domain: "tenant-b.eu.auth0.com", clientId: "client-b", clientSecret: "secret-of-b" },
        { config: configOf({ "auth0:domain": "tenant-a.eu.auth0.com" }), env: { AUTH0_AUDIENCE: "https://tenant-a.eu.auth0.com/api/v2/" } },
      ),
    ).toThrow(/token audience in AUTH0_AUDIENCE \(the environment\) pairs with auth0:domain \(Pulumi config\)/);
  });

  it("allows connection.domain naming the same tenant, written another way", () => {
    const resolved = resolveConnection({ domain: "https://TENANT-A.eu.auth0.com:443" }, splitSetup);
    expect(resolved.credentials).toEqual({ kind: "apiToken", apiToken: "token-of-tenant-a-5678" });
  });

  it("pairs an explicit provider's domain with AUTH0_API_TOKEN, and refuses that token for connection.domain of another tenant", () => {
    const provider: SettingsLayer = { place: 'the auth0 provider "a"', nameOf: (f) => `${f} of the auth0 provider "a"`, values: { domain: "tenant-a.auth0.com" } };
    const env = environmentLayer({ AUTH0_API_TOKEN: "token-of-tenant-a-5678" });
    expect(resolveSettings([connectionLayer(undefined), provider, env]).api.origin).toBe("https://tenant-a.auth0.com");
    expect(() => resolveSettings([connectionLayer({ domain: "tenant-b.auth0.com" }), provider, env])).toThrow(/pair with domain of the auth0 provider "a" as @pulumi/);
  });
});

describe("credentials as people paste them", () => {
  it("trims surrounding white space from every value, a token read from a file with its newline included", () => {
    const resolved = resolveConnection(undefined, { config: noConfig, env: { AUTH0_DOMAIN: " t.auth0.com\n", AUTH0_API_TOKEN: "token-from-a-file-1234\n" } });
    expect(resolved).toMatchObject({ api: { origin: "https://t.auth0.com" }, credentials: { apiToken: "token-from-a-file-1234" } });
  });

  it("trims client credentials and the audience too", () => {
    const resolved = resolveConnection(
      { domain: "t.auth0.com", clientId: " cid\t", clientSecret: "secret-value\r\n", audience: " https://t.auth0.com/api/v2/ " },
      { config: noConfig, env: {} },
    );
    expect(resolved.credentials).toEqual({ kind: "clientCredentials", clientId: "cid", clientSecret: "secret-value", audience: "https://t.auth0.com/api/v2/" });
  });

  it.each([
    ["an internal newline", "first-half-1234\nsecond-half-5678", /line break or another control character/],
    ["a control character", "token\u0007-with-a-bell-1234", /control character/],
    ["characters beyond Latin-1", "token-\u2013-with-an-en-dash-1234", /beyond Latin-1/],
  ])("refuses a token with %s, naming the field in the caller's terms and not the value", (_, token, why) => {
    const error = thrown(() => resolveConnection(undefined, { config: noConfig, env: { AUTH0_DOMAIN: "t.auth0.com", AUTH0_API_TOKEN: token } }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^AUTH0_API_TOKEN \(the environment\) cannot be used/);
    expect(error.message).toMatch(why);
    expect(error.message).not.toContain(token);
  });

  it("refuses an unusable client secret under its own name", () => {
    expect(() => resolveConnection({ domain: "t.auth0.com", clientId: "cid", clientSecret: "secret\nvalue-1234" }, { config: noConfig, env: {} })).toThrow(
      /^connection\.clientSecret cannot be used/,
    );
  });

  it("treats a value that is only white space as unset in the environment and Pulumi config", () => {
    const resolved = resolveConnection(undefined, {
      config: configOf({ "auth0:domain": "t.auth0.com", "auth0:apiToken": " \n" }),
      env: { AUTH0_API_TOKEN: "env-token-1234" },
    });
    expect(resolved.credentials).toEqual({ kind: "apiToken", apiToken: "env-token-1234" });
  });
});

describe("private-key JWT credentials", () => {
  const { privateKey } = rsaKeyPair();

  it("resolves a client id with a private key from the environment, RS256 by default", () => {
    const resolved = resolveConnection(undefined, {
      config: noConfig,
      env: { AUTH0_DOMAIN: "t.auth0.com", AUTH0_CLIENT_ID: "cid", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: privateKey },
    });
    expect(resolved.credentials).toEqual({ kind: "privateKeyJwt", clientId: "cid", privateKey: privateKey.trim(), signingAlg: "RS256", audience: "https://t.auth0.com/api/v2/" });
  });

  it.each(["RS256", "RS384", "PS256", "ps256"])("takes the signing algorithm %s from Pulumi config", (alg) => {
    const resolved = resolveConnection(undefined, {
      config: configOf({ "auth0:domain": "t.auth0.com", "auth0:clientId": "cid", "auth0:clientAssertionPrivateKey": privateKey, "auth0:clientAssertionSigningAlg": alg }),
      env: {},
    });
    expect(resolved.credentials).toMatchObject({ kind: "privateKeyJwt", signingAlg: alg.toUpperCase() });
  });

  it("reads a PEM whose line breaks were stored as \\n, as one-line secrets often are", () => {
    const oneLine = privateKey.trim().split("\n").join("\\n");
    const resolved = resolveConnection({ domain: "t.auth0.com", clientId: "cid", clientAssertionPrivateKey: oneLine }, { config: noConfig, env: {} });
    expect(resolved.credentials).toMatchObject({ kind: "privateKeyJwt", privateKey: privateKey.trim() });
  });

  const planted = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQplantedKeyNeverPrintMe\n-----END PRIVATE KEY-----`;
  const plantedLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQplantedKeyNeverPrintMe";

  it.each([
    ["an invalid PEM", { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: planted }, /^AUTH0_CLIENT_ASSERTION_PRIVATE_KEY \(the environment\) cannot be used: it is not a PEM private key/],
    ["an unsupported algorithm", { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: privateKey, AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "HS256" }, /^AUTH0_CLIENT_ASSERTION_SIGNING_ALG \(the environment\) names an unsupported signing algorithm: use one of RS256, RS384, PS256/],
    ["a key that is not RSA", { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: ecPrivateKey() }, /not an RSA private key, which RS256 needs/],
    ["a client secret beside the key", { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: privateKey, AUTH0_CLIENT_SECRET: "secret-value-1234" }, /Both a client secret \(AUTH0_CLIENT_SECRET\) and a private key \(AUTH0_CLIENT_ASSERTION_PRIVATE_KEY\) are set in the environment/],
  ])("refuses %s before anything is sent, without showing the key", (_, env, why) => {
    const error = thrown(() => resolveConnection(undefined, { config: noConfig, env: { AUTH0_DOMAIN: "t.auth0.com", AUTH0_CLIENT_ID: "cid", ...env } }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(why);
    const key = (env as Record<string, string>).AUTH0_CLIENT_ASSERTION_PRIVATE_KEY!;
    const bodyLines = key.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
    expect(bodyLines.length).toBeGreaterThan(0);
    for (const text of [key, key.trim(), ...bodyLines]) expect(error.message).not.toContain(text);
  });

  it("scrubs a key's lines from any message, even one quoting a single line of it", () => {
    thrown(() => resolveConnection(undefined, { config: noConfig, env: { AUTH0_DOMAIN: "t.auth0.com", AUTH0_CLIENT_ID: "cid", AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: planted } }));
    expect(new ConfigurationError(`echoed: ${plantedLine}`).message).toBe("echoed: [redacted]");
  });

  it("takes the key from a lower place when the client id is higher, as for a client secret", () => {
    const resolved = resolveConnection({ domain: "t.auth0.com", clientId: "cid" }, { config: noConfig, env: { AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: privateKey } });
    expect(resolved.credentials.kind).toBe("privateKeyJwt");
  });
});

describe("messages in the caller's terms", () => {
  it("asks the function's caller for connection, Pulumi config or the environment", () => {
    expect(() => resolveConnection({ domain: "t.auth0.com" }, { config: noConfig, env: {} })).toThrow(
      /set an API token \(connection\.apiToken, auth0:apiToken or AUTH0_API_TOKEN\).*client secret \(connection\.clientSecret, auth0:clientSecret or AUTH0_CLIENT_SECRET\).*private key for private-key JWT \(connection\.clientAssertionPrivateKey/,
    );
  });

  it("asks the dynamic provider's user for the stack config and the environment only", () => {
    const error = thrown(() => resolveSettings([pulumiConfigLayer(noConfig), environmentLayer({})]));
    expect(error.message).toBe("No Auth0 domain: set auth0:domain or AUTH0_DOMAIN.");
  });

  it("only suggests the fields a place can hold", () => {
    const commandLine: SettingsLayer = { place: "the command line", nameOf: (f) => `--${f}`, values: { domain: "t.auth0.com" }, fields: ["domain"] };
    const error = thrown(() => resolveSettings([commandLine, environmentLayer({})]));
    expect(error.message).toMatch(/set an API token \(AUTH0_API_TOKEN\)/);
    expect(error.message).not.toMatch(/--apiToken|connection/);
  });

  it.each([
    [{ "auth0:cliLogin": "true" }, {}, "auth0:cliLogin is set"],
    [{}, { AUTH0_CLI_LOGIN: "1" }, "AUTH0_CLI_LOGIN is set"],
  ])("says that cliLogin is not supported when it is set and nothing else is usable", (config, env, setting) => {
    const error = thrown(() => resolveConnection(undefined, { config: configOf({ "auth0:domain": "t.auth0.com", ...config }), env }));
    expect(error.message).toContain(`${setting}, but logging in through the Auth0 CLI (cliLogin) is not supported by pulumi-auth0-org-grants`);
  });

  it("does not mention cliLogin when it is false", () => {
    const error = thrown(() => resolveConnection(undefined, { config: configOf({ "auth0:domain": "t.auth0.com", "auth0:cliLogin": "false" }), env: {} }));
    expect(error.message).not.toContain("cliLogin");
  });

  it("refuses a connection field that is only white space, rather than falling through to a lower place", () => {
    expect(() => parseConnection({ domain: "t.auth0.com", apiToken: " \n" })).toThrow(/connection\.apiToken: apiToken must not be blank/);
  });

  it("builds the connection layer from the connection argument", () => {
    expect(connectionLayer({ domain: "t.auth0.com", apiToken: "" }).values).toEqual({ domain: "t.auth0.com" });
  });
});
