// One page of the organization endpoint (provider/core/managementApi.ts): the request as Auth0 documents it, and
// every error status turned into an ApiError that says what to fix.
import { ApiError } from "../../provider/core/errors";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { grantsPagePath } from "../../provider/core/managementApi";
import { withEmulator } from "../helpers/emulator";

const fixture = withEmulator();
const list = (organizationId: string, apiToken = fixture.token) =>
  listClientGrants({ organizationId }, { connection: { domain: fixture.emulator.origin, apiToken }, options: { maxAttempts: 1 } });

test("asks for one page with the filters as Auth0 names them, the organization as one path segment", () => {
  expect(grantsPagePath({ organizationId: "org/../x y", audience: "https://api/", clientId: "c1", grantIds: ["g1", "g2"], page: 3, perPage: 100 })).toBe(
    "/api/v2/organizations/org%2F..%2Fx%20y/client-grants?audience=https%3A%2F%2Fapi%2F&client_id=c1&grant_ids=g1&grant_ids=g2&page=3&per_page=100&include_totals=true",
  );
});

test("fails with a 404 ApiError that names the organization for an unknown one", async () => {
  const error = await list("org_doesNotExist").catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 404, errorCode: "inexistent_organization" });
  expect((error as Error).message).toMatch(/org_doesNotExist.*check organizationId/);
});

test("says which scope is missing on a 403", async () => {
  const error = await list("org_test000000000001", fixture.emulator.issueToken(["read:clients"])).catch((e: unknown) => e);

  expect(error).toMatchObject({ status: 403 });
  expect((error as Error).message).toMatch(/read:organization_client_grants/);
});

test("says the API token was refused on a 401, without quoting it", async () => {
  const error = await list("org_test000000000001", "not-a-token-the-tenant-knows").catch((e: unknown) => e);

  expect(error).toMatchObject({ status: 401 });
  expect((error as Error).message).toMatch(/auth0:apiToken \/ AUTH0_API_TOKEN/);
  expect((error as Error).message).not.toContain("not-a-token-the-tenant-knows");
});
