// Credentials as people paste them. A token read from a file ends with a newline; undici refuses
// such a header value, and that refusal used to be retried four times and reported as a network error.
import { ConfigurationError } from "../../../provider/core/errors";
import { getOrganizationClientGrants } from "../../../provider/function/getOrganizationClientGrants";
import { sendWithRetries, type RetryReport } from "../../../provider/core/http/retry";
import { listClientGrants } from "../../../provider/core/listClientGrants";
import { clearTokenCache } from "../../../provider/core/tokens";
import { ORG, grantsPath, withEmulator } from "../../helpers/emulator";
import { withEnv } from "../../helpers/env";

const fixture = withEmulator();
beforeEach(() => clearTokenCache());
const noConfig = () => undefined;

it("lists with a token that ends with a newline, as read from a file", async () => {
  const result = await withEnv({ AUTH0_DOMAIN: `${fixture.emulator.origin}\n`, AUTH0_API_TOKEN: `${fixture.token}\n` }, () => getOrganizationClientGrants({ organizationId: ORG }));
  expect(result.total).toBe(120);
});

it("lists with client credentials pasted with surrounding white space", async () => {
  const result = await listClientGrants(
    { organizationId: ORG },
    { config: noConfig, env: { AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_CLIENT_ID: " test-client\n", AUTH0_CLIENT_SECRET: "test-secret\r\n" } },
  );
  expect(result.total).toBe(120);
});

it("refuses a token with a line break inside it before any request, naming the variable", async () => {
  const error = await listClientGrants(
    { organizationId: ORG },
    { config: noConfig, env: { AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_API_TOKEN: `${fixture.token}\n${fixture.token}` } },
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(/^AUTH0_API_TOKEN \(the environment\) cannot be used/);
  expect(fixture.emulator.requests).toHaveLength(0);
});

it("never retries a request undici refuses to send: one attempt, a ConfigurationError, nothing received", async () => {
  const report: RetryReport = { attempts: 0, rateLimited: 0 };
  const error = await sendWithRetries(
    { method: "GET", origin: fixture.emulator.origin, path: grantsPath(ORG), headers: { authorization: "Bearer unsendable\nvalue" } },
    "Listing a page",
    { maxAttempts: 4, timeoutMs: 5_000, rateLimitPatienceMs: 1_000 },
    report,
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(/^Listing a page: the request could not be sent \(UND_ERR_INVALID_ARG invalid authorization header\)/);
  expect(report.attempts).toBe(1);
  expect(fixture.emulator.requests).toHaveLength(0);
});

// `docker run --env-file` keeps the quotes of AUTH0_API_TOKEN="eyJ...", and so do YAML and JSON copied by hand; a token
// copied across a wrapped line picks up a space. Either went to Auth0 and came back as "invalid or expired: set a
// fresh token", which sends the user to the dashboard for a token that was fine.
it.each([
  ["wrapped in double quotes", "AUTH0_API_TOKEN", (t: string) => `"${t}"`, /AUTH0_API_TOKEN \(the environment\) cannot be used: it is wrapped in quotes/],
  ["wrapped in single quotes", "AUTH0_API_TOKEN", (t: string) => `'${t}'`, /AUTH0_API_TOKEN \(the environment\) cannot be used: it is wrapped in quotes/],
  ["with a space inside", "AUTH0_API_TOKEN", (t: string) => `${t.slice(0, 10)} ${t.slice(10)}`, /AUTH0_API_TOKEN \(the environment\) cannot be used: it has white space inside it/],
  ["with a no-break space inside", "AUTH0_API_TOKEN", (t: string) => `${t.slice(0, 10)}\u00a0${t.slice(10)}`, /AUTH0_API_TOKEN \(the environment\) cannot be used: it has white space inside it/],
  ["a client secret wrapped in quotes", "AUTH0_CLIENT_SECRET", () => '"test-secret"', /AUTH0_CLIENT_SECRET \(the environment\) cannot be used: it is wrapped in quotes/],
])("refuses a credential %s before any request, naming the variable", async (_, name, paste, message) => {
  const env: Record<string, string> =
    name === "AUTH0_API_TOKEN"
      ? { AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_API_TOKEN: paste(fixture.token) }
      : { AUTH0_DOMAIN: fixture.emulator.origin, AUTH0_CLIENT_ID: "test-client", AUTH0_CLIENT_SECRET: paste("") };
  const error = await listClientGrants({ organizationId: ORG }, { config: noConfig, env }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain(fixture.token.slice(10));
  expect(fixture.emulator.requests).toHaveLength(0);
});
