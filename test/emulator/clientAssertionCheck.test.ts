// POST /oauth/token with a private-key JWT client assertion: the emulator verifies it against the public key
// registered for the client, so that a client that signs wrongly fails here as it would at Auth0.
import { constants, createPrivateKey, randomUUID, sign } from "node:crypto";
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from "../../provider/core/credentials/clientAssertion";
import { READ_ORGANIZATION_CLIENT_GRANTS } from "../../emulator";
import { tokenResponseSchema } from "../../provider/core/schemas";
import { ORG, call, listPage, smallTenant, withEmulator } from "../helpers/emulator";
import { rsaKeyPair } from "../helpers/keys";

const key = rsaKeyPair("client");
const other = rsaKeyPair("other");
const fixture = withEmulator({
  seed: {
    ...smallTenant(3),
    clients: [
      { clientId: "jwt-client", publicKey: key.publicKey, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
      { clientId: "ps-only", publicKey: key.publicKey, publicKeyAlg: "PS256", scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
      { clientId: "secret-only", clientSecret: "secret-only-secret", scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
    ],
  },
});
const issuer = () => `https://${fixture.emulator.domain}/`;

/** A JWT with any header and claims, signed with `pem` (RS256 unless the header says PS256/RS384). */
function jwt(claims: Record<string, unknown>, options: { alg?: string; pem?: string } = {}): string {
  const alg = options.alg ?? "RS256";
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${part({ alg, typ: "JWT" })}.${part(claims)}`;
  const privateKey = createPrivateKey(options.pem ?? key.privateKey);
  const digest = alg === "RS384" ? "sha384" : "sha256";
  const signature = sign(digest, Buffer.from(input), alg === "PS256" ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : privateKey);
  return `${input}.${signature.toString("base64url")}`;
}

const claims = (overrides: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: "jwt-client", sub: "jwt-client", aud: issuer(), iat: now, exp: now + 60, jti: randomUUID(), ...overrides };
};

function exchange(assertion: string, extra: Record<string, string> = {}) {
  const form = {
    grant_type: "client_credentials",
    client_id: "jwt-client",
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    audience: fixture.emulator.audience,
    ...extra,
  };
  return call(fixture.emulator, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

test("a valid assertion from this package's signer gets a token that reads the grants", async () => {
  const answer = await exchange(signClientAssertion({ clientId: "jwt-client", privateKey: key.privateKey, signingAlg: "RS256" }, `${fixture.emulator.origin}/`));
  expect(answer.status).toBe(200);
  const { access_token } = tokenResponseSchema.parse(answer.json());
  expect((await listPage(fixture, ORG, {}, access_token)).status).toBe(200);
});

test.each(["RS256", "RS384", "PS256"] as const)("accepts %s", async (signingAlg) => {
  const answer = await exchange(signClientAssertion({ clientId: "jwt-client", privateKey: key.privateKey, signingAlg }, issuer()));
  expect(answer.status).toBe(200);
});

test("the client id may come from the assertion's sub alone", async () => {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: jwt(claims()), audience: fixture.emulator.audience });
  const bySub = await call(fixture.emulator, "/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
  expect(bySub.status).toBe(200);
});

test.each([
  ["signed with another key", () => jwt(claims(), { pem: other.privateKey }), "client_assertion signature is invalid"],
  ["a signature for other claims", () => {
    const [h, , s] = jwt(claims()).split(".");
    return `${h}.${Buffer.from(JSON.stringify(claims({ sub: "jwt-client" }))).toString("base64url")}.${s}`;
  }, "client_assertion signature is invalid"],
  ["an algorithm Auth0 does not take", () => jwt(claims(), { alg: "HS256" }), "not an algorithm allowed"],
  ["the iss of another client", () => jwt(claims({ iss: "someone-else" })), "iss and sub must both be the client_id"],
  ["the sub of another client", () => jwt(claims({ sub: "someone-else" })), "iss and sub must both be the client_id"],
  ["another tenant as aud", () => jwt(claims({ aud: "https://elsewhere.auth0.com/" })), "aud must be"],
  ["the token endpoint's audience as aud", () => jwt(claims({ aud: fixture.emulator.audience })), "aud must be"],
  ["an exp in the past", () => jwt(claims({ exp: Math.floor(Date.now() / 1000) - 5 })), "has expired"],
  ["no exp", () => jwt(claims({ exp: undefined })), "has no exp"],
  ["no jti", () => jwt(claims({ jti: undefined })), "has no jti"],
])("refuses an assertion with %s (401 invalid_client)", async (_, make, why) => {
  const answer = await exchange(make());
  expect(answer.status).toBe(401);
  expect(answer.json()).toEqual({ error: "invalid_client", error_description: expect.stringContaining(why) });
});

test("refuses a replayed jti, and takes a fresh one", async () => {
  const assertion = jwt(claims());
  expect((await exchange(assertion)).status).toBe(200);
  const replay = await exchange(assertion);
  expect(replay.status).toBe(401);
  expect(replay.json()).toMatchObject({ error_description: "client_assertion jti has already been used" });
  expect((await exchange(jwt(claims()))).status).toBe(200);
});

test("refuses an algorithm other than the one the credential is registered for", async () => {
  const rs = await exchange(jwt(claims({ iss: "ps-only", sub: "ps-only" })), { client_id: "ps-only" });
  expect(rs.status).toBe(401);
  const ps = await exchange(jwt(claims({ iss: "ps-only", sub: "ps-only" }), { alg: "PS256" }), { client_id: "ps-only" });
  expect(ps.status).toBe(200);
});

test("refuses an assertion for a client with no registered key", async () => {
  const answer = await exchange(jwt(claims({ iss: "secret-only", sub: "secret-only" })), { client_id: "secret-only" });
  expect(answer.status).toBe(401);
});

test("refuses a client secret sent beside the assertion, and a wrong assertion type", async () => {
  expect((await exchange(jwt(claims()), { client_secret: "anything" })).status).toBe(400);
  expect((await exchange(jwt(claims()), { client_assertion_type: "urn:something:else" })).status).toBe(400);
  expect((await exchange("not.a-jwt")).status).toBe(400);
});

test("a client with only a public key cannot use a client secret", async () => {
  const answer = await call(fixture.emulator, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: "jwt-client", client_secret: "guess", audience: fixture.emulator.audience }),
  });
  expect(answer.status).toBe(401);
});

test("registers a client's public key at run time, and refuses a seed client with neither secret nor key", async () => {
  fixture.emulator.addClient({ clientId: "late", publicKey: other.publicKey, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] });
  const answer = await exchange(jwt(claims({ iss: "late", sub: "late" }), { pem: other.privateKey }), { client_id: "late" });
  expect(answer.status).toBe(200);
  expect(() => fixture.emulator.addClient({ clientId: "nothing", scopes: [] })).toThrow(/clientSecret or a publicKey/);
  expect(() => fixture.emulator.addClient({ clientId: "bad", publicKey: "not a key", scopes: [] })).toThrow(/PEM public key/);
});
