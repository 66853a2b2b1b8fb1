// The fault matrix: every fault the emulator can produce, the outcome the library must give for it, and a runner
// that measures what it really gave. `npm run faults` prints it; test/function/faultMatrix.e2e.test.ts asserts it row by row.
// The promise under test: the complete and correct list, or a typed error that says what happened; never a
// partial or duplicated list, never an unhandled rejection, never a hang past the configured timeout.
import { generateGrants, startEmulator, type Emulator, type FaultRuleInput } from "../emulator";
import { Auth0GrantsError } from "../provider/core/errors";
import type { RetryReport } from "../provider/core/http/retry";
import { listClientGrants } from "../provider/core/listClientGrants";
import { toClientGrant, type TuningInput } from "../provider/core/schemas";
import { clearTokenCache } from "../provider/core/tokens";

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
  // A rejection nobody handles (a page request left behind by a failed listing, say) breaks the promise too.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const started = Date.now();
  try {
    let outcome: string;
    let problem: string | undefined;
    try {
      const result = await listClientGrants({ organizationId }, { connection, options: { ...BASE_OPTIONS, ...c.options }, report, config: () => undefined, env: {} });
      const truth = emulator.grantsOf(organizationId)!.map(toClientGrant);
      const correct = JSON.stringify(result.clientGrants) === JSON.stringify(truth) && result.total === truth.length;
      outcome = correct ? `complete (${result.total} grants)` : `WRONG LIST (${result.total} grants, emulator has ${truth.length})`;
      if (!correct) problem = "returned a list that differs from the emulator's data";
      else if (!("complete" in c.expected)) problem = `expected ${c.expected.error}`;
    } catch (error) {
      const e = error as Error;
      outcome = `${e.name}: ${e.message}`;
      if (!(error instanceof Auth0GrantsError)) problem = "not a typed error";
      else if ("complete" in c.expected) problem = "expected the complete list";
      else if (e.name !== c.expected.error || !c.expected.message.test(e.message)) problem = `expected ${c.expected.error} matching ${c.expected.message}`;
    }
    const ms = Date.now() - started;
    // Requests cancelled when the listing failed settle a moment later; give their rejections time to surface.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!problem && unhandled.length > 0) problem = `unhandled rejection: ${String(unhandled[0])}`;
    const tokenRequests = emulator.requests.filter((r) => r.endpoint === "token").length;
    if (!problem && c.tokenRequests !== undefined && tokenRequests !== c.tokenRequests) problem = `expected ${c.tokenRequests} token requests, saw ${tokenRequests}`;
    return { name: c.name, outcome, ok: problem === undefined, problem, attempts: report.attempts, tokenRequests, ms };
  } finally {
    process.off("unhandledRejection", onUnhandled);
    await emulator.stop();
  }
}
