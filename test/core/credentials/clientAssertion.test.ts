// Private-key JWT client authentication, as a stack configured for @pulumi/auth0 uses it, from
// connection, Pulumi config and the environment, against the emulator, which verifies every assertion.
import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { ASSERTION_LIFETIME_SECONDS, signClientAssertion } from "../../../provider/core/credentials/clientAssertion";
import { ApiError, ConfigurationError } from "../../../provider/core/errors";
import { getOrganizationClientGrants } from "../../../provider/function/getOrganizationClientGrants";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { READ_ORGANIZATION_CLIENT_GRANTS, startEmulator } from "../../../emulator";
import { clearTokenCache } from "../../../provider/core/tokens";
import { ORG, smallTenant, withEmulator, requestsTo } from "../../helpers/emulator";
import { withEnv } from "../../helpers/env";
import { rsaKeyPair } from "../../helpers/keys";

const key = rsaKeyPair("registered");
const encryptedKey = createPrivateKey(key.privateKey).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "a-passphrase" }).toString();
const unregistered = rsaKeyPair("unregistered");
const CLIENT = "jwt-client";
const seed = { ...smallTenant(3), clients: [{ clientId: CLIENT, publicKey: key.publicKey, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }] };
const fixture = withEmulator({ seed });
beforeEach(() => clearTokenCache());

const noConfig = () => undefined;
const tokenRequests = () => requestsTo(fixture.emulator, "token");
const listWith = (connection: Record<string, string>) =>
  listClientGrants({ organizationId: ORG }, { connection: { domain: fixture.emulator.origin, clientId: CLIENT, ...connection }, config: noConfig, env: {} });

/** Every text an error exposes: message, stack, JSON form, and its causes'. */
function everyText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; stack?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(String(e), e.message ?? "", e.stack ?? "", JSON.stringify(e));
  }
  return parts.join("\n");
}

describe("the client assertion", () => {
  it("is a JWT signed with the key: iss and sub the client id, aud the tenant with a slash, a minute to live, a fresh jti", () => {
    const now = Date.UTC(2026, 0, 1);
    const jwt = (n: number) => signClientAssertion({ clientId: CLIENT, privateKey: key.privateKey, signingAlg: "RS256" }, "https://t.auth0.com/", n);
    const [header, payload, signature] = jwt(now).split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toEqual({ iss: CLIENT, sub: CLIENT, aud: "https://t.auth0.com/", iat: now / 1000, exp: now / 1000 + ASSERTION_LIFETIME_SECONDS, jti: expect.any(String) });
    expect(ASSERTION_LIFETIME_SECONDS).toBeLessThanOrEqual(300);
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), createPublicKey(key.publicKey), Buffer.from(signature, "base64url"))).toBe(true);
    const again = JSON.parse(Buffer.from(jwt(now).split(".")[1]!, "base64url").toString()) as { jti: string };
    expect(again.jti).not.toBe(claims.jti);
  });
});

describe("listing with a private key", () => {
  it("from connection: one token request with the assertion, then the grants", async () => {
    const result = await listWith({ clientAssertionPrivateKey: key.privateKey });
    expect(result.total).toBe(3);
    expect(fixture.emulator.requests.map((r) => `${r.method} ${r.endpoint} ${r.status}`)).toEqual(["POST token 200", "GET grants 200"]);
  });

  it.each(["RS256", "RS384", "PS256"])("from Pulumi config with auth0:clientAssertionSigningAlg %s", async (alg) => {
    const config = (k: string) =>
      ({
        "auth0:domain": fixture.emulator.origin,
        "auth0:clientId": CLIENT,
        "auth0:clientAssertionPrivateKey": key.privateKey,
        "auth0:clientAssertionSigningAlg": alg,
      })[k];
    const result = await listClientGrants({ organizationId: ORG }, { config, env: {} });
    expect(result.total).toBe(3);
  });

  it("from the AUTH0_* environment, through the function, with the key stored on one line with \\n", async () => {
    const result = await withEnv(
      {
        AUTH0_DOMAIN: fixture.emulator.origin,
        AUTH0_CLIENT_ID: CLIENT,
        AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: key.privateKey.trim().split("\n").join("\\n"),
        AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "PS256",
      },
      () => getOrganizationClientGrants({ organizationId: ORG }),
    );
    expect(result.total).toBe(3);
  });

  // A PEM flattened by the way it travelled: `$(cat key.pem | tr '\n' ' ')`, an unquoted `echo $KEY`, a settings
  // form with one line, or a YAML block that kept its indentation. The base64 body is the key; its white space is not.
  it.each([
    ["on one line with spaces for its line breaks", (pem: string) => pem.trim().split("\n").join(" ")],
    ["indented", (pem: string) => pem.trim().split("\n").map((l) => `    ${l}`).join("\n")],
    ["with tabs and blank lines between its lines", (pem: string) => pem.trim().split("\n").join("\t\n\n")],
  ])("lists with a key pasted %s", async (_, paste) => {
    const result = await listWith({ clientAssertionPrivateKey: paste(key.privateKey) });
    expect(result.total).toBe(3);
    expect(tokenRequests().map((r) => r.status)).toEqual([200]);
  });

  it.each([
    ["an encrypted key", () => encryptedKey, /connection\.clientAssertionPrivateKey .*it is encrypted.*openssl pkey/],
    ["a public key", () => key.publicKey, /connection\.clientAssertionPrivateKey .*it is a public key or a certificate.*private key/],
  ])("refuses %s, saying what it is and what to set, before any request and without the key", async (_, pem, message) => {
    const error = await listWith({ clientAssertionPrivateKey: pem() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    const text = everyText(error);
    for (const line of pem().split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) expect(text).not.toContain(line);
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("reuses the token across listings, as for a client secret", async () => {
    await listWith({ clientAssertionPrivateKey: key.privateKey });
    await listWith({ clientAssertionPrivateKey: key.privateKey });
    expect(tokenRequests()).toHaveLength(1);
  });

  it("renews an expired token with a new assertion (the emulator refuses a replayed jti)", async () => {
    const shortLived = await startEmulator({ seed, tokenExpiresInSeconds: 1 });
    try {
      const list = () =>
        listClientGrants({ organizationId: ORG }, { connection: { domain: shortLived.origin, clientId: CLIENT, clientAssertionPrivateKey: key.privateKey }, config: noConfig, env: {} });
      await list();
      await list();
      expect(requestsTo(shortLived, "token").map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await shortLived.stop();
    }
  });

  it("does not lend a token got with one key to a caller with another key", async () => {
    await listWith({ clientAssertionPrivateKey: key.privateKey });
    const error = await listWith({ clientAssertionPrivateKey: unregistered.privateKey }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(tokenRequests().map((r) => r.status)).toEqual([200, 401]);
  });

  it("fails with a 401 that names the key and its registration, and never shows the key", async () => {
    const error = await listWith({ clientAssertionPrivateKey: unregistered.privateKey }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as Error).message).toMatch(/connection\.clientAssertionPrivateKey.*public key of that private key is registered/);
    const text = everyText(error);
    for (const line of unregistered.privateKey.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) expect(text).not.toContain(line);
  });

  it.each([
    ["an invalid PEM", { clientAssertionPrivateKey: "-----BEGIN PRIVATE KEY-----\nplantedKeyMaterial0123456789abcdefNEVERSHOW\n-----END PRIVATE KEY-----" }],
    ["an unsupported algorithm", { clientAssertionPrivateKey: key.privateKey, clientAssertionSigningAlg: "ES256" }],
    ["a secret and a key in one place", { clientAssertionPrivateKey: key.privateKey, clientSecret: "a-secret-as-well-1234" }],
  ])("refuses %s with a ConfigurationError before any request", async (_, connection) => {
    const error = await listWith(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(everyText(error)).not.toContain("plantedKeyMaterial0123456789abcdefNEVERSHOW");
    expect(fixture.emulator.requests).toHaveLength(0);
  });
});
