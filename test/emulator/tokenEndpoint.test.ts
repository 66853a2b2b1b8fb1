// POST /oauth/token on the emulator: the client-credentials grant as Auth0's authentication API answers it.
import { tokenResponseSchema } from "../../provider/core/schemas";
import { ORG, call, listPage, requestToken, withEmulator } from "../helpers/emulator";

const fixture = withEmulator({ tokenExpiresInSeconds: 3600 });
const credentials = () => ({
  grant_type: "client_credentials",
  client_id: "test-client",
  client_secret: "test-secret",
  audience: fixture.emulator.audience,
});

test("a JSON request answers { access_token, token_type: Bearer, expires_in, scope }", async () => {
  const body = tokenResponseSchema.parse((await requestToken(fixture.emulator, credentials())).json());
  expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, scope: "read:organization_client_grants" });
});

test("an x-www-form-urlencoded request is accepted too", async () => {
  const answer = await call(fixture.emulator, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(credentials()).toString(),
  });
  expect(answer.status).toBe(200);
});

test("client credentials in a Basic Authorization header are accepted", async () => {
  const { grant_type, audience } = credentials();
  const answer = await call(fixture.emulator, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("test-client:test-secret").toString("base64")}` },
    body: JSON.stringify({ grant_type, audience }),
  });
  expect(answer.status).toBe(200);
});

test("the issued token reads the grants endpoint", async () => {
  const { access_token } = tokenResponseSchema.parse((await requestToken(fixture.emulator, credentials())).json());
  expect((await listPage(fixture, ORG, {}, access_token)).status).toBe(200);
});

test("the https:// form of the audience, as a client builds it from the domain, is accepted", async () => {
  const answer = await requestToken(fixture.emulator, { ...credentials(), audience: `https://${fixture.emulator.domain}/api/v2/` });
  expect(answer.status).toBe(200);
});

test("another audience answers 403 access_denied", async () => {
  const answer = await requestToken(fixture.emulator, { ...credentials(), audience: "https://tenant.auth0.com/api/v2/" });
  expect({ status: answer.status, body: answer.json() }).toEqual({
    status: 403,
    body: { error: "access_denied", error_description: "Service not enabled within domain: https://tenant.auth0.com/api/v2/" },
  });
});

test("a missing audience answers 403 access_denied", async () => {
  const { audience: _audience, ...withoutAudience } = credentials();
  expect((await requestToken(fixture.emulator, withoutAudience)).status).toBe(403);
});

test("a wrong secret answers 401 access_denied Unauthorized", async () => {
  const answer = await requestToken(fixture.emulator, { ...credentials(), client_secret: "wrong" });
  expect({ status: answer.status, body: answer.json() }).toEqual({
    status: 401,
    body: { error: "access_denied", error_description: "Unauthorized" },
  });
});

test("an unknown client answers 401 access_denied", async () => {
  expect((await requestToken(fixture.emulator, { ...credentials(), client_id: "nobody" })).status).toBe(401);
});

test("a grant type other than client_credentials answers 403 unauthorized_client", async () => {
  const answer = await requestToken(fixture.emulator, { ...credentials(), grant_type: "password" });
  expect(answer.json()).toEqual({ error: "unauthorized_client", error_description: "Grant type 'password' not allowed for the client." });
});

test("a missing client_id answers 400 invalid_request", async () => {
  const { client_id: _clientId, ...withoutClient } = credentials();
  expect((await requestToken(fixture.emulator, withoutClient)).json()).toEqual({
    error: "invalid_request",
    error_description: "Missing required parameter: client_id",
  });
});

test("a body that is not JSON answers 400 invalid_request", async () => {
  const answer = await call(fixture.emulator, "/oauth/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
  expect(answer.status).toBe(400);
});

test("a requested scope narrows the token to granted scopes only", async () => {
  fixture.emulator.addClient({ clientId: "wide", clientSecret: "s", scopes: ["read:organization_client_grants", "read:clients"] });
  const answer = await requestToken(fixture.emulator, { ...credentials(), client_id: "wide", client_secret: "s", scope: "read:clients delete:users" });
  expect(tokenResponseSchema.parse(answer.json()).scope).toBe("read:clients");
});

test("token answers are marked no-store", async () => {
  expect((await requestToken(fixture.emulator, credentials())).headers["cache-control"]).toBe("no-store");
});

test("the token endpoint is counted apart from the Management API", async () => {
  await requestToken(fixture.emulator, credentials());
  expect(fixture.emulator.counters.requests).toEqual({ grants: 0, tenantGrants: 0, token: 1, other: 0 });
});

describe("token expiry", () => {
  const short = withEmulator({ tokenExpiresInSeconds: 0.05 });

  test("an issued token stops working once expires_in has passed", async () => {
    const answer = await requestToken(short.emulator, { ...credentials(), audience: short.emulator.audience });
    const { access_token } = tokenResponseSchema.parse(answer.json());
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await listPage(short, ORG, {}, access_token)).status).toBe(401);
  });
});
