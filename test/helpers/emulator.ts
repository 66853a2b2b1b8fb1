// Shared fixtures for tests that talk to the emulator over real HTTP. `withEmulator()` starts one emulator per
// test file and puts it back to its starting state before every test, so tests can program faults and limits
// freely without leaking into each other.
import { request } from "undici";
import type { Emulator, EmulatorOptions, Endpoint, LoggedRequest, Seed } from "../../emulator";
import { generateGrants, startEmulator } from "../../emulator";
import { perTestFile } from "./perTestFile";
import { toClientGrant, type ApiClientGrant } from "../../provider/core/schemas";

export interface EmulatorFixture {
  readonly emulator: Emulator;
  /** A fresh token with read:organization_client_grants, issued before each test. */
  readonly token: string;
}

/** Starts an emulator for this file (beforeAll), resets it before each test, stops it afterwards (afterAll). */
export function withEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  const seed = options.seed ?? smallTenant();
  const started = perTestFile("the emulator", () => startEmulator({ ...options, seed }), (emulator) => emulator.stop());
  let token = "";
  beforeEach(() => {
    const e = started.current;
    e.clearFaults();
    e.setRateLimit(options.rateLimit);
    e.setLatency(options.latencyMs ?? 0);
    e.replaceData(seed);
    e.resetLog();
    token = e.issueToken();
  });
  return {
    get emulator() {
      return started.current;
    },
    get token() {
      return token;
    },
  };
}

export const ORG = "org_test000000000001";
export const EMPTY_ORG = "org_testEmpty0000001";

/** One organization of 120 generated grants (three pages of 50) and one without grants. */
export function smallTenant(count = 120): Seed {
  return {
    organizations: { [ORG]: generateGrants(count, { organizationId: ORG }), [EMPTY_ORG]: [] },
    clients: [{ clientId: "test-client", clientSecret: "test-secret", scopes: ["read:organization_client_grants"] }],
  };
}

/**
 * The outputs of `OrganizationClientGrants` (either surface) that the emulator's data calls for: the filters echoed
 * and the matching grants, computed from the emulator's grants, not from the provider under test.
 */
export function expectedOutputs(
  emulator: Emulator,
  organizationId: string,
  filters: { audience?: string; grantIds?: string[] } = {},
): Record<string, unknown> {
  const grants = (emulator.grantsOf(organizationId) ?? []).filter((g) => matchesFilters(g, filters));
  return { organizationId, ...filters, total: grants.length, clientGrants: grants.map(toClientGrant) };
}

/** Whether an emulator grant matches the listing filters given (each exact; grantIds: one of them). */
export function matchesFilters(grant: ApiClientGrant, filters: { readonly audience?: string; readonly clientId?: string; readonly grantIds?: readonly string[] }): boolean {
  return (
    (filters.audience === undefined || grant.audience === filters.audience) &&
    (filters.clientId === undefined || grant.client_id === filters.clientId) &&
    (filters.grantIds === undefined || filters.grantIds.includes(grant.id))
  );
}

export type QueryValue = string | number | boolean | readonly string[];

/** The grants endpoint's path with its id encoded as one segment and arrays as repeated parameters. */
export function grantsPath(organizationId: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const search = params.toString();
  return `/api/v2/organizations/${encodeURIComponent(organizationId)}/client-grants${search ? `?${search}` : ""}`;
}

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON; throws if it is not JSON. */
  json(): unknown;
}

export interface CallOptions {
  readonly method?: "GET" | "POST" | "PUT" | "DELETE";
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** One HTTP request to the emulator; the whole body is read before it resolves. */
export async function call(emulator: Emulator, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await request(`${emulator.origin}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body,
    signal: options.signal,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

/** GET one page of an organization's grants with `token`. */
export function listPage(
  fixture: EmulatorFixture,
  organizationId: string,
  query: Readonly<Record<string, QueryValue>> = {},
  token: string = fixture.token,
): Promise<Answer> {
  return call(fixture.emulator, grantsPath(organizationId, query), { token });
}

/** POST /oauth/token with a JSON body. */
export function requestToken(emulator: Emulator, body: Record<string, string>): Promise<Answer> {
  return call(emulator, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The requests the emulator logged to one endpoint, in the order they arrived. */
export function requestsTo(emulator: Pick<Emulator, "requests">, endpoint: Endpoint): LoggedRequest[] {
  return emulator.requests.filter((r) => r.endpoint === endpoint);
}
