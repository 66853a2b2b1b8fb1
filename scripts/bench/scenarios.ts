// The scenarios of the listing benchmark and the floor each one allows: the time no client could beat, given the latency,
// our concurrency, and (where it binds) the tenant's token bucket.
import type { RateLimit } from "../../emulator";
import { API_LIMITS, tuningSchema } from "../../provider/core/schemas";
import type { ContenderName } from "./contenders";
import { anyOrganizationGrantsOf, type TenantSpec } from "./spec";

export interface Scenario {
  readonly key: string;
  readonly title: string;
  readonly spec: TenantSpec;
  /** The contenders this scenario compares; by default every one that is not opt-in. */
  readonly contenders?: readonly ContenderName[];
}

const LATENCY_MS = 50;
const ANY_ORGANIZATION_GRANTS = 150;
/** Production-like: Auth0's token bucket with real 429s and x-ratelimit-* headers. */
export const PRODUCTION_LIMIT: RateLimit = { perSecond: 15, burst: 50 };
/** The shared rate limit under load: a bucket of 50 refilled at 20 a second, many listings at once. */
const LOAD_LIMIT: RateLimit = { perSecond: 20, burst: 50 };

const organizations = (count: number, grants: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => ({ id: `org_${prefix}${String(i).padStart(3, "0")}`, grants }));

export const SCENARIOS: readonly Scenario[] = [
  { key: "1k", title: "1,000 grants, 50 ms/request, no rate limit", spec: { organizations: organizations(1, 1_000, "bench1k"), latencyMs: LATENCY_MS } },
  { key: "10k", title: "10,000 grants, 50 ms/request, no rate limit", spec: { organizations: organizations(1, 10_000, "bench10k"), latencyMs: LATENCY_MS } },
  {
    key: "10k-limited",
    title: "10,000 grants, 50 ms/request, 15 req/s burst 50",
    spec: { organizations: organizations(1, 10_000, "bench10k"), latencyMs: LATENCY_MS, rateLimit: PRODUCTION_LIMIT },
  },
  {
    // The same limit on a fast link, where a sequential client is quick enough to drain the
    // bucket (at 50 ms it sends at most 20 requests a second, barely above 15, and one listing never empties it).
    key: "10k-limited-0ms",
    title: "10,000 grants, 0 ms/request, 15 req/s burst 50",
    spec: { organizations: organizations(1, 10_000, "bench10k"), latencyMs: 0, rateLimit: PRODUCTION_LIMIT },
  },
  {
    key: "50orgs-limited",
    title: "50 orgs x 300 grants at once, 50 ms/request, 15 req/s burst 50",
    spec: { organizations: organizations(50, 300, "bench50x"), latencyMs: LATENCY_MS, rateLimit: PRODUCTION_LIMIT },
  },
  {
    // Many listings in one process sharing one tenant's budget: what a platform team's policy run over every
    // organization does. Ours only: the SDK has no shared limiter, and its runs would take minutes of 429s.
    key: "200orgs-limited",
    title: "200 orgs x 120 grants at once, 50 ms/request, 20 req/s burst 50",
    spec: { organizations: organizations(200, 120, "bench200x"), latencyMs: LATENCY_MS, rateLimit: LOAD_LIMIT },
    contenders: ["ours"],
  },
  // What includeAnyOrganization costs: the same organizations read without and with it, in a tenant with 150 grants
  // that apply to every organization (two pages of the tenant-wide listing; 120 of them reach an organization).
  {
    key: "anyorg-1",
    title: "includeAnyOrganization: 1 org x 300 grants, 150 tenant-wide, 50 ms/request",
    spec: { organizations: organizations(1, 300, "benchAny1x"), latencyMs: LATENCY_MS, anyOrganizationGrants: ANY_ORGANIZATION_GRANTS },
    contenders: ["ours", "ours-any-org"],
  },
  {
    key: "anyorg-200",
    title: "includeAnyOrganization: 200 orgs x 10 grants at once, 150 tenant-wide, 50 ms/request, 15 req/s burst 50",
    spec: { organizations: organizations(200, 10, "benchAny200x"), latencyMs: LATENCY_MS, rateLimit: PRODUCTION_LIMIT, anyOrganizationGrants: ANY_ORGANIZATION_GRANTS },
    contenders: ["ours", "ours-any-org"],
  },
];

/** Listed once per contender before anything is measured, and thrown away. */
export const WARM_UP: TenantSpec = { organizations: organizations(1, 1_000, "benchWarm"), latencyMs: 0 };

export interface Floor {
  readonly ms: number;
  /** The fewest requests that can list the scenario: ceil(N/100) per organization (1 for an empty one). */
  readonly requests: number;
  readonly grants: number;
  /** Which bound set the floor. */
  readonly bound: "latency" | "rate limit";
  readonly formula: string;
}

/**
 * Latency floor: page 0 alone (it tells the total), then the remaining pages of every organization in rounds of
 * `concurrency` (organizations are listed side by side, so the rounds are per organization):
 * L * (1 + ceil((pages - 1) / concurrency)). With tenant-wide grants the floor is that of includeAnyOrganization: one
 * tenant-wide listing more, side by side with the organizations', and each organization's result holds the grants
 * that reach it (a row without the option lists fewer).
 * Rate floor: with a full bucket of B and refill r, request k cannot go before (k - B) / r, so N requests need
 * max(0, N - B) / r seconds before the last one is sent, plus one round trip for its answer.
 */
export function floorOf(spec: TenantSpec, concurrency = tuningSchema.parse({}).concurrency): Floor {
  const L = spec.latencyMs;
  const any = spec.anyOrganizationGrants;
  const tenantPages = any === undefined ? [] : [Math.max(1, Math.ceil(any / API_LIMITS.perPageMax))];
  const pages = [...spec.organizations.map((o) => Math.max(1, Math.ceil(o.grants / API_LIMITS.perPageMax))), ...tenantPages];
  const requests = pages.reduce((a, b) => a + b, 0);
  const reaching = any === undefined ? 0 : anyOrganizationGrantsOf(any).filter((g) => g.organization_usage !== "deny").length;
  const grants = spec.organizations.reduce((a, o) => a + o.grants + reaching, 0);
  const rounds = Math.max(...pages.map((p) => 1 + Math.ceil((p - 1) / concurrency)));
  const latencyMs = L * rounds;
  const latencyFormula = `${L} ms x (1 + ceil(${Math.max(...pages) - 1}/${concurrency}))`;
  if (!spec.rateLimit) return { ms: latencyMs, requests, grants, bound: "latency", formula: latencyFormula };
  const { burst: B, perSecond: r } = spec.rateLimit;
  const rateMs = (Math.max(0, requests - B) / r) * 1000 + L;
  if (rateMs <= latencyMs) return { ms: latencyMs, requests, grants, bound: "latency", formula: latencyFormula };
  return { ms: rateMs, requests, grants, bound: "rate limit", formula: `max(0, ${requests} - ${B}) / ${r} s + ${L} ms` };
}
