import { isLoopback, parseDomain, resolveConnection } from "../provider/credentials";
import { ConfigurationError } from "../provider/errors";

const noConfig = () => undefined;
const configOf = (values: Record<string, string>) => (key: string) => values[key];

describe("credential resolution", () => {
  // (Before issue #9 the config here also named another domain, and its token went to the connection's domain: that
  // pairing is now refused, see "binds a credential to the domain of its own place" below.)
  it("takes each field from the connection first, then Pulumi config, then the environment", () => {
    const resolved = resolveConnection(
      { domain: "from-connection.auth0.com" },
      { config: configOf({ "auth0:apiToken": "token-from-config" }), env: { AUTH0_DOMAIN: "from-env.auth0.com", AUTH0_API_TOKEN: "token-from-env" } },
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
