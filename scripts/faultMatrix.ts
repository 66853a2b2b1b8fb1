// The fault matrix: every fault the emulator can produce, and servers written by hand that break the contract in
// other ways (HOSTILE_SERVER_CASES), the outcome the library must give for each, and a runner that measures what it
// really gave. `npm run faults` prints it; test/function/faultMatrix.e2e.test.ts asserts it row by row.
// The promise under test: the complete and correct list, or a typed error that says what happened; never a
// partial or duplicated list, never an unhandled rejection, never a hang past the configured timeout.
import { generateGrants, startEmulator, type Emulator, type FaultRuleInput } from "../emulator";
import { Auth0GrantsError } from "../provider/core/errors";
import type { RetryReport } from "../provider/core/http/retry";
import { listClientGrants } from "../provider/core/listClientGrants";
import { toClientGrant, type ApiClientGrant, type ClientGrant, type ClientGrantsResult, type TuningInput } from "../provider/core/schemas";
import { clearTokenCache } from "../provider/core/tokens";
import { envelope, pageOf, startHostileServer, type SeenRequest, type Serve } from "./hostileServer";

export const MATRIX_ORG = "org_faultMatrix0001";
export const MATRIX_GRANTS = 250;
const LARGE_ORG = "org_faultMatrixLarge";

/** Either the complete list, or an error of the named class whose message matches. */
export type Expected = { readonly complete: true } | { readonly error: string; readonly message: RegExp };

export interface FaultCase {
  readonly name: string;
  readonly faults: readonly FaultRuleInput[];
  readonly expected: Expected;
  readonly organizationId?: string;
  readonly options?: TuningInput;
  /** Client credentials instead of a static token, for the token-expiry faults. */
  readonly clientCredentials?: boolean;
  /** Token requests the case must have made, where that is part of the promise. */
  readonly tokenRequests?: number;
}

const grants = (page?: number) => ({ endpoint: "grants" as const, ...(page === undefined ? {} : { page }) });

// Short timeouts and backoffs keep the whole matrix within seconds; the behaviour is the same at the defaults.
export const BASE_OPTIONS: TuningInput = { maxAttempts: 4, timeoutMs: 1_000, rateLimitPatienceMs: 10_000 };

export const FAULT_CASES: readonly FaultCase[] = [
  { name: "no fault (baseline)", faults: [], expected: { complete: true } },
  {
    name: "429 storm with x-ratelimit-reset",
    faults: [{ times: 3, match: grants(), fault: { kind: "rateLimited", resetAfterSeconds: 1 } }],
    expected: { complete: true },
  },
  { name: "429 storm without rate-limit headers", faults: [{ times: 3, match: grants(), fault: { kind: "rateLimited" } }], expected: { complete: true } },
  {
    name: "429 with Retry-After",
    faults: [{ times: 2, match: grants(), fault: { kind: "rateLimited", retryAfterSeconds: 1 } }],
    expected: { complete: true },
  },
  {
    name: "429 with a reset an hour away (beyond patience)",
    faults: [{ match: grants(), fault: { kind: "rateLimited", resetAfterSeconds: 3600 } }],
    expected: { error: "RateLimitError", message: /frees up in 3\d{3} s.*beyond the patience of \d+ s/ },
  },
  {
    name: "429 on every request, reset in the past (clock skew)",
    faults: [{ match: grants(), fault: { kind: "rateLimited", resetAfterSeconds: -30 } }],
    options: { rateLimitPatienceMs: 1_000 },
    expected: { error: "RateLimitError", message: /beyond the patience of 1 s/ },
  },
  {
    name: "429 on every request with Retry-After: 0",
    faults: [{ match: grants(), fault: { kind: "rateLimited", retryAfterSeconds: 0 } }],
    options: { rateLimitPatienceMs: 1_000 },
    expected: { error: "RateLimitError", message: /beyond the patience of 1 s/ },
  },
  { name: "5xx burst (3 x 503)", faults: [{ times: 3, match: grants(), fault: { kind: "status", status: 503 } }], expected: { complete: true } },
  {
    name: "a page failing permanently (page 1, 500)",
    faults: [{ match: grants(1), fault: { kind: "status", status: 500 } }],
    expected: { error: "ApiError", message: /page 1\) failed with HTTP 500.*gave up after 4 attempts/ },
  },
  { name: "connection reset mid-body, once", faults: [{ times: 1, match: grants(1), fault: { kind: "resetMidBody" } }], expected: { complete: true } },
  {
    name: "connection reset mid-body, always",
    faults: [{ match: grants(1), fault: { kind: "resetMidBody" } }],
    expected: { error: "NetworkError", message: /page 1\) failed after 4 attempts/ },
  },
  { name: "response never starts, once", faults: [{ times: 1, match: grants(0), fault: { kind: "hang" } }], expected: { complete: true } },
  {
    name: "response never starts, always",
    faults: [{ match: grants(0), fault: { kind: "hang" } }],
    options: { maxAttempts: 2, timeoutMs: 500 },
    expected: { error: "NetworkError", message: /no complete answer within 500 ms/ },
  },
  {
    name: "body stalls after the headers, always",
    faults: [{ match: grants(2), fault: { kind: "hang", afterHeaders: true } }],
    options: { maxAttempts: 2, timeoutMs: 500 },
    expected: { error: "NetworkError", message: /page 2\) failed after 2 attempts: no complete answer within 500 ms/ },
  },
  {
    name: "empty body with 200",
    faults: [{ match: grants(1), fault: { kind: "emptyBody" } }],
    expected: { error: "ResponseFormatError", message: /page 1\): the answer is not JSON \(empty body\)/ },
  },
  {
    name: "body that is not JSON",
    faults: [{ match: grants(1), fault: { kind: "malformedJson" } }],
    expected: { error: "ResponseFormatError", message: /page 1\): the answer is not JSON/ },
  },
  { name: "HTML 502 from a proxy, twice", faults: [{ times: 2, match: grants(), fault: { kind: "html", status: 502 } }], expected: { complete: true } },
  {
    name: "HTML 200 from a proxy",
    faults: [{ match: grants(0), fault: { kind: "html", status: 200 } }],
    expected: { error: "ResponseFormatError", message: /not JSON .*text\/html.*proxy/ },
  },
  {
    name: "grant with wrong types",
    faults: [{ match: grants(1), fault: { kind: "schemaBreak", breakage: "wrongTypes" } }],
    expected: { error: "ResponseFormatError", message: /page 1\): the answer does not have the documented shape \(client_grants\.\d+\./ },
  },
  {
    name: "grant without id",
    faults: [{ match: grants(1), fault: { kind: "schemaBreak", breakage: "missingId" } }],
    expected: { error: "ResponseFormatError", message: /client_grants\.\d+\.id/ },
  },
  {
    name: "scope not an array",
    faults: [{ match: grants(2), fault: { kind: "schemaBreak", breakage: "scopeNotArray" } }],
    expected: { error: "ResponseFormatError", message: /client_grants\.\d+\.scope/ },
  },
  { name: "total missing", faults: [{ match: grants(), fault: { kind: "omitTotal" } }], expected: { complete: true } },
  {
    name: "total lies (+1)",
    faults: [{ match: grants(), fault: { kind: "lieTotal", delta: 1 } }],
    expected: { error: "InconsistentListingError", message: /disagreed with the API's own count on each of 3 attempts/ },
  },
  {
    name: "total changes between pages, once",
    faults: [{ times: 2, match: grants(), fault: { kind: "totalChangesBetweenPages" } }],
    expected: { complete: true },
  },
  {
    name: "grant created mid-listing",
    faults: [{ times: 1, match: grants(0), fault: { kind: "mutateAfterPage", insert: 1 } }],
    options: { concurrency: 1 },
    expected: { complete: true },
  },
  {
    name: "grant deleted mid-listing",
    faults: [{ times: 1, match: grants(0), fault: { kind: "mutateAfterPage", remove: 1 } }],
    options: { concurrency: 1 },
    expected: { complete: true },
  },
  {
    name: "grants created on every listing",
    faults: [{ match: grants(0), fault: { kind: "mutateAfterPage", insert: 1 } }],
    options: { concurrency: 1 },
    expected: { error: "InconsistentListingError", message: /grants are probably being created or deleted/i },
  },
  {
    name: "token expires mid-listing",
    clientCredentials: true,
    faults: [{ times: 1, match: grants(1), fault: { kind: "expireToken" } }],
    options: { concurrency: 1 },
    tokenRequests: 2,
    expected: { complete: true },
  },
  {
    name: "fresh token refused as well",
    clientCredentials: true,
    faults: [{ times: 2, match: grants(0), fault: { kind: "expireToken" } }],
    tokenRequests: 2,
    expected: { error: "ApiError", message: /HTTP 401.*even after a fresh one/ },
  },
  {
    name: "400 past 1000 records",
    organizationId: LARGE_ORG,
    faults: [{ match: grants(), fault: { kind: "pageLimit400" } }],
    expected: { error: "ApiError", message: /HTTP 400 \(invalid_paging.*narrow the listing/ },
  },
];

export interface FaultOutcome {
  readonly name: string;
  /** "complete (250 grants)" or the error's class and message. */
  readonly outcome: string;
  readonly ok: boolean;
  readonly attempts: number;
  readonly tokenRequests: number;
  readonly ms: number;
  /** Why `ok` is false, for the report. */
  readonly problem?: string;
}

const CLIENT = { clientId: "fault-matrix-client", clientSecret: "fault-matrix-secret-8d2f" };

/** Runs one case against a fresh emulator, so no row inherits another's rate-limit state or tokens. */
export async function runFaultCase(c: FaultCase): Promise<FaultOutcome> {
  const emulator: Emulator = await startEmulator({
    seed: {
      organizations: {
        [MATRIX_ORG]: generateGrants(MATRIX_GRANTS, { organizationId: MATRIX_ORG }),
        [LARGE_ORG]: generateGrants(1_500, { organizationId: LARGE_ORG }),
      },
      clients: [{ ...CLIENT, scopes: ["read:organization_client_grants"] }],
    },
  });
  clearTokenCache();
  const report: RetryReport = { attempts: 0, rateLimited: 0 };
  const organizationId = c.organizationId ?? MATRIX_ORG;
  const connection = c.clientCredentials ? { domain: emulator.origin, ...CLIENT } : { domain: emulator.origin, apiToken: emulator.issueToken() };
  for (const fault of c.faults) emulator.addFault(fault);
  try {
    const judged = await judge(
      c.expected,
      () => listClientGrants({ organizationId }, { connection, options: { ...BASE_OPTIONS, ...c.options }, report, config: () => undefined, env: {} }),
      () => emulator.grantsOf(organizationId)!.map(toClientGrant),
    );
    const tokenRequests = emulator.requests.filter((r) => r.endpoint === "token").length;
    const problem = judged.problem ?? (c.tokenRequests !== undefined && tokenRequests !== c.tokenRequests ? `expected ${c.tokenRequests} token requests, saw ${tokenRequests}` : undefined);
    return { name: c.name, outcome: judged.outcome, ok: problem === undefined, problem, attempts: report.attempts, tokenRequests, ms: judged.ms };
  } finally {
    await emulator.stop();
  }
}

/**
 * Lists with `list` and holds the outcome to the promise: the complete list (equal to `truth`) when `expected` says
 * so, else the typed error expected; never another list, an untyped error or a rejection nobody handles.
 */
async function judge(expected: Expected, list: () => Promise<ClientGrantsResult>, truth: () => ClientGrant[]): Promise<{ outcome: string; problem?: string; ms: number }> {
  // A rejection nobody handles (a page request left behind by a failed listing, say) breaks the promise too.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const started = Date.now();
  try {
    let outcome: string;
    let problem: string | undefined;
    try {
      const result = await list();
      const wanted = truth();
      const correct = JSON.stringify(result.clientGrants) === JSON.stringify(wanted) && result.total === wanted.length;
      outcome = correct ? `complete (${result.total} grants)` : `WRONG LIST (${result.total} grants, the server has ${wanted.length})`;
      if (!correct) problem = "returned a list that differs from the server's data";
      else if (!("complete" in expected)) problem = `expected ${expected.error}`;
    } catch (error) {
      const e = error as Error;
      outcome = `${e.name}: ${e.message}`;
      if (!(error instanceof Auth0GrantsError)) problem = "not a typed error";
      else if ("complete" in expected) problem = "expected the complete list";
      else if (e.name !== expected.error || !expected.message.test(e.message)) problem = `expected ${expected.error} matching ${expected.message}`;
    }
    const ms = Date.now() - started;
    // Requests cancelled when the listing failed settle a moment later; give their rejections time to surface.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!problem && unhandled.length > 0) problem = `unhandled rejection: ${String(unhandled[0])}`;
    return { outcome, problem, ms };
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Servers that break the contract in ways the emulator's fault switches do not: caches, proxies and other servers,
// each written as one function from the request to the answer (scripts/hostileServer.ts).

/** A row served by a hand-written server over MATRIX_GRANTS grants of MATRIX_ORG. */
export interface HostileServerCase {
  readonly name: string;
  readonly serve: (grants: readonly ApiClientGrant[]) => Serve;
  readonly expected: Expected;
  /** Filters beside the organization id, for the rows about filters. */
  readonly filters?: { readonly audience?: string; readonly grantIds?: readonly string[] };
  readonly options?: TuningInput;
}

const hostileGrants = () => generateGrants(MATRIX_GRANTS, { organizationId: MATRIX_ORG });
const envelopePages = (grants: readonly ApiClientGrant[], total?: (r: SeenRequest) => number | undefined, size = (r: SeenRequest) => r.perPage) => (r: SeenRequest) =>
  ({ json: envelope(pageOf(grants, r.page, size(r)), r, total ? total(r) : grants.length) });
const refusedOnce = (headers: Record<string, string>) => (grants: readonly ApiClientGrant[]) => (r: SeenRequest) =>
  r.index === 0 ? { status: 429, headers, json: { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" } } : envelopePages(grants)(r);
const proxyPage = (status: number) => () => () => ({ status, text: `<html><head><title>${status}</title></head><body><h1>${status}</h1><hr>corporate proxy</body></html>` });

export const HOSTILE_SERVER_CASES: readonly HostileServerCase[] = [
  { name: "bare arrays capped at 50 a page (no total)", serve: (g) => (r) => ({ json: pageOf(g, r.page, 50) }), expected: { complete: true } },
  {
    name: "no total, capped at 50, offset by the per_page asked",
    serve: (g) => (r) => ({ json: envelope(g.slice(r.page * r.perPage, r.page * r.perPage + Math.min(50, r.perPage)), r) }),
    expected: { complete: true },
  },
  {
    name: "a cache that ignores ?page= (total 5,000)",
    serve: (g) => (r) => ({ json: envelope(g.slice(0, 100), r, 5_000) }),
    expected: { error: "InconsistentListingError", message: /came back twice/ },
  },
  {
    name: "total 5,000,000",
    serve: (g) => envelopePages(g, () => 5_000_000),
    expected: { error: "ListingTooLargeError", message: /the API says 5000000 grants match, more than options\.maxGrants \(10000\)/ },
  },
  { name: "total 1e15", serve: (g) => envelopePages(g, () => 1e15), expected: { error: "ListingTooLargeError", message: /the API says 1000000000000000 grants match/ } },
  {
    name: "pages that never end (no total, new grants on every page)",
    serve: () => (r) => ({ json: generateGrants(100, { organizationId: `org_endless${r.page}` }) }),
    options: { maxGrants: 1_000 },
    expected: { error: "ListingTooLargeError", message: /went on past 1000 grants without an end/ },
  },
  {
    name: "the audience filter ignored",
    serve: (g) => envelopePages(g),
    filters: { audience: "https://api.example.com/orders" },
    expected: { error: "FilterNotAppliedError", message: /the audience filter was not applied/ },
  },
  {
    name: "the grant_ids filter ignored",
    serve: (g) => envelopePages(g),
    filters: { grantIds: ["cgr_notServedByThisServer"] },
    expected: { error: "FilterNotAppliedError", message: /the grant_ids filter was not applied/ },
  },
  {
    name: "a body that never ends",
    serve: () => () => ({
      raw: (response) => {
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(1 << 20, " ");
        const write = () => {
          while (!response.destroyed) if (!response.write(chunk)) return void response.once("drain", write);
        };
        write();
      },
    }),
    expected: { error: "ResponseFormatError", message: /larger than 4 MiB.*not retried/ },
  },
  {
    name: "a field nested a million deep",
    serve: () => () => ({ text: `{"client_grants":[{"id":"cgr_1","client_id":"c","audience":"a","scope":[],"x":${"[".repeat(1e6)}${"]".repeat(1e6)}}],"total":1}` }),
    expected: { error: "ResponseFormatError", message: /nests deeper than 64 levels/ },
  },
  { name: "HTML 403 from a proxy", serve: proxyPage(403), expected: { error: "ResponseFormatError", message: /HTTP 403 with \d+ bytes of text\/html, which is not an answer of the Auth0 Management API/ } },
  { name: "HTML 404 from a proxy", serve: proxyPage(404), expected: { error: "ResponseFormatError", message: /HTTP 404 with \d+ bytes of text\/html, which is not an answer of the Auth0 Management API/ } },
  {
    name: "429 with x-ratelimit-reset in epoch milliseconds",
    serve: (g) => (r) => refusedOnce({ "x-ratelimit-limit": "50", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.now() + 1_000) })(g)(r),
    expected: { complete: true },
  },
  {
    name: "429 with Retry-After: 1000000000000",
    serve: refusedOnce({ "retry-after": "1000000000000" }),
    // Not believed: waited out for 10 s (MAX_BLOCK_MS), then asked again; the patience must cover that.
    options: { rateLimitPatienceMs: 15_000 },
    expected: { complete: true },
  },
];

/** Runs one row against its own server, with a static token (the server checks none). */
export async function runHostileServerCase(c: HostileServerCase): Promise<FaultOutcome> {
  const grants = hostileGrants();
  const server = await startHostileServer(c.serve(grants));
  const report: RetryReport = { attempts: 0, rateLimited: 0 };
  try {
    const judged = await judge(
      c.expected,
      () =>
        listClientGrants(
          { organizationId: MATRIX_ORG, ...c.filters },
          { connection: { domain: server.origin, apiToken: "hostile-server-matrix-token" }, options: { ...BASE_OPTIONS, ...c.options }, report, config: () => undefined, env: {} },
        ),
      () => grants.map(toClientGrant),
    );
    return { name: c.name, outcome: judged.outcome, ok: judged.problem === undefined, problem: judged.problem, attempts: report.attempts, tokenRequests: 0, ms: judged.ms };
  } finally {
    await server.stop();
  }
}
