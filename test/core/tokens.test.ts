// Access tokens for the Management API (provider/core/tokens.ts): a client-credentials token is asked once and
// shared, renewed once when it expires mid-listing, never lent to a call with another secret, and a refusal at
// /oauth/token names the settings to fix.
import { ApiError } from "../../provider/core/errors";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { clearTokenCache } from "../../provider/core/tokens";
import { toClientGrant } from "../../provider/core/schemas";
import { EMPTY_ORG, ORG, smallTenant, withEmulator, requestsTo } from "../helpers/emulator";

const AUDIENCE_A = "https://api.a.example.com/";
const client = { clientId: "cc-client", clientSecret: "cc-secret-value-123" };
const fixture = withEmulator({ seed: { ...smallTenant(250), clients: [{ ...client, scopes: ["read:organization_client_grants"] }] } });
beforeEach(() => clearTokenCache());

const viaClient = (organizationId = ORG, extra: { audience?: string; concurrency?: number; clientSecret?: string } = {}) =>
  listClientGrants(
    { organizationId, ...(extra.audience && { audience: extra.audience }) },
    {
      connection: { domain: fixture.emulator.origin, clientId: client.clientId, clientSecret: extra.clientSecret ?? client.clientSecret },
      options: { maxAttempts: 3, ...(extra.concurrency && { concurrency: extra.concurrency }) },
    },
  );
const tokenRequests = () => requestsTo(fixture.emulator, "token");

test("requests one token for many calls", async () => {
  await Promise.all([viaClient(), viaClient(ORG, { audience: AUDIENCE_A }), viaClient(EMPTY_ORG)]);
  await viaClient(ORG, { audience: "https://api.b.example.com/" });

  expect(tokenRequests()).toHaveLength(1);
});

test("fetches one fresh token when the token expires mid-listing, and finishes the list", async () => {
  fixture.emulator.addFault({ times: 1, match: { endpoint: "grants", page: 1 }, fault: { kind: "expireToken" } });

  const result = await viaClient(ORG, { concurrency: 1 });

  expect(result.clientGrants).toEqual(fixture.emulator.grantsOf(ORG)!.map(toClientGrant));
  expect(tokenRequests()).toHaveLength(2);
});

test("fails on a second 401 rather than loop for tokens", async () => {
  fixture.emulator.addFault({ times: 2, match: { endpoint: "grants", page: 0 }, fault: { kind: "expireToken" } });

  const error = await viaClient(EMPTY_ORG).catch((e: unknown) => e);

  expect(error).toMatchObject({ status: 401 });
  expect(tokenRequests()).toHaveLength(2);
  expect((error as Error).message).not.toContain(client.clientSecret);
});

test("does not lend a cached token to a call with another client secret", async () => {
  await viaClient();

  const wrong = await viaClient(ORG, { clientSecret: "not-the-secret-value" }).catch((e: unknown) => e);

  expect(wrong).toBeInstanceOf(ApiError);
  expect(tokenRequests()).toHaveLength(2);
});

test("names the client credentials to fix when /oauth/token refuses them", async () => {
  const error = await viaClient(ORG, { clientSecret: "wrong-secret-value" }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ApiError);
  expect((error as Error).message).toMatch(/auth0:clientSecret/);
  expect((error as Error).message).not.toContain("wrong-secret-value");
});
