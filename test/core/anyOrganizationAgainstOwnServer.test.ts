// includeAnyOrganization against a Management API this test writes itself, so that what the emulator could share
// with the library by mistake does not count: the exact requests sent, and what becomes of a tenant-wide answer that
// ignored a filter (a proxy that drops the query) or refused the scope in Auth0's words.
import { FilterNotAppliedError, MissingScopeError } from "../../provider/core/errors";
import { closeConnections } from "../../provider/core/http/transport";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { startHostileServer, type Answer, type HostileServer } from "../../scripts/hostileServer";

const ORG = "org_ownServer0000001";
const associated = { id: "cgr_own1", client_id: "client-a", audience: "https://a.example.com/", scope: ["read:a"], organization_usage: "require", allow_any_organization: false };
const anyOrganization = { id: "cgr_any1", client_id: "client-b", audience: "https://b.example.com/", scope: ["read:b"], organization_usage: "allow", allow_any_organization: true };
const notAnyOrganization = { ...anyOrganization, id: "cgr_plain1", allow_any_organization: false };

let server: HostileServer;
let origin = "";
let tenantAnswer: () => Answer;
/** The requests of the current test: method, path and query. */
let firstOfTest = 0;
const seen = () => server.requests.slice(firstOfTest).map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  server = await startHostileServer((r) => {
    if (r.organizationId === ORG) {
      // The organization endpoint applies its filters, as Auth0 does: only the tenant-wide answers are put to the test.
      const own = [associated].filter((g) => (r.audience === undefined || g.audience === r.audience) && (r.clientId === undefined || g.client_id === r.clientId));
      return { json: { client_grants: own, start: 0, limit: 100, total: own.length } };
    }
    if (r.path.startsWith("/api/v2/client-grants?")) return tenantAnswer();
    return { status: 404, json: { statusCode: 404, error: "Not Found", message: "Not Found" } };
  });
  origin = server.origin;
});
afterAll(async () => {
  await closeConnections();
  await server.stop();
});
beforeEach(() => {
  firstOfTest = server.requests.length;
  tenantAnswer = () => ({ json: { client_grants: [anyOrganization], start: 0, limit: 100, total: 1 } });
});

// A fresh token per test: the listings in flight are shared by credential, and every test here stands alone.
let tokens = 0;
const list = (args: Record<string, unknown> = {}) =>
  listClientGrants({ organizationId: ORG, includeAnyOrganization: true, ...args }, { connection: { domain: origin, apiToken: `tok_ownServer_${++tokens}_abcdef` } });

test("sends the organization's request and one tenant-wide request for allow_any_organization=true, and merges the answers", async () => {
  const result = await list();

  expect(seen().sort()).toEqual([
    `GET /api/v2/client-grants?allow_any_organization=true&page=0&per_page=100&include_totals=true`,
    `GET /api/v2/organizations/${ORG}/client-grants?page=0&per_page=100&include_totals=true`,
  ]);
  expect(result.clientGrants.map((g) => [g.id, g.grantedVia])).toEqual([
    ["cgr_own1", "association"],
    ["cgr_any1", "anyOrganization"],
  ]);
});

test("refuses an answer that ignored allow_any_organization with a FilterNotAppliedError naming the grant and the filter, rather than list that grant", async () => {
  tenantAnswer = () => ({ json: { client_grants: [anyOrganization, notAnyOrganization], start: 0, limit: 100, total: 2 } });

  const error = await list().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FilterNotAppliedError);
  expect((error as Error).message).toMatch(/returned grant "cgr_plain1", but its allow_any_organization is false, yet only true was asked for: the allow_any_organization filter was not applied/);
});

test("refuses an answer that ignored the audience filter", async () => {
  tenantAnswer = () => ({ json: { client_grants: [anyOrganization], start: 0, limit: 100, total: 1 } });

  await expect(list({ audience: "https://a.example.com/" })).rejects.toThrow(/returned grant "cgr_any1", but its audience is "https:\/\/b\.example\.com\/", yet only audience "https:\/\/a\.example\.com\/" was asked for/);
});

test("refuses an answer that ignored the client_id filter", async () => {
  await expect(list({ clientId: "client-a" })).rejects.toThrow(/only client_id "client-a" was asked for: the client_id filter was not applied/);
});

test("turns Auth0's insufficient_scope 403 into a MissingScopeError for read:client_grants", async () => {
  tenantAnswer = () => ({
    status: 403,
    json: { statusCode: 403, error: "Forbidden", message: "Insufficient scope, expected any of: read:client_grants", errorCode: "insufficient_scope" },
  });

  await expect(list()).rejects.toMatchObject({
    constructor: MissingScopeError,
    scope: "read:client_grants",
    message: expect.stringContaining("failed with HTTP 403 (insufficient_scope: Insufficient scope, expected any of: read:client_grants)"),
  });
});
