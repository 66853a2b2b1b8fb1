// The contenders, each listing every grant of the scenario's organizations at once against a fresh emulator:
// this library, and the official auth0 SDK v7 iterating its Page as its README shows (for await over the Page,
// which calls getNextPage until hasNextPage() is false), with its default page size and with per_page=100.
import { isDeepStrictEqual } from "node:util";
import { ManagementClient } from "auth0";
import { redirectingFetch } from "../../emulator";
import { listClientGrants } from "../../provider/core/listClientGrants";
import type { RetryReport } from "../../provider/core/http/retry";
import { AnyOrganizationListings } from "../../provider/core/anyOrganizationGrants";
import { toClientGrant, toClientGrantVia, type ApiClientGrant } from "../../provider/core/schemas";
import { pluginInvoke } from "./pluginInvoke";
import type { BenchTenant } from "./benchTenant";

export type ContenderName = "ours" | "ours-any-org" | "sdk-default" | "sdk-100" | "plugin-invoke";

export interface Contender {
  readonly name: ContenderName;
  readonly label: string;
  /** Lists one organization; resolves to the grants as the contender returns them, or rejects. */
  list(tenant: BenchTenant, organizationId: string, shared: SharedState): Promise<unknown[]>;
  /** The emulator's grants as this contender should have returned them; `tenant`: every grant of the tenant, read
   *  only for a contender that `readsTenantGrants` (else empty). */
  expected(grants: readonly ApiClientGrant[], tenant: readonly ApiClientGrant[]): unknown[];
  /** Its result holds grants of the tenant-wide listing too, so `expected` needs them. */
  readonly readsTenantGrants?: true;
  /** Runs only in the scenarios that name it. */
  readonly optIn?: boolean;
  /** Run before the clock starts (the plugin's Configure). */
  prepare?(tenant: BenchTenant): Promise<void>;
  /** Turns what `list` returned into grants, after the clock stopped (the plugin's answer is raw bytes). */
  decode?(value: unknown[]): unknown[];
  /** Stops what the contender started (the plugin process). */
  close?(): Promise<void>;
}

/** Made once per run and shared by the listings of that run, as one program would share them. */
export interface SharedState {
  readonly report: RetryReport;
  sdk?: ManagementClient;
  /** One deployment's tenant-wide listings, as the dynamic-provider host or the plugin keeps them. */
  anyOrganizationListings?: AnyOrganizationListings;
}

export const ours: Contender = {
  name: "ours",
  label: "this library (listClientGrants)",
  async list(tenant, organizationId, shared) {
    const result = await listClientGrants({ organizationId }, { connection: { domain: tenant.origin, apiToken: tenant.token }, report: shared.report });
    return result.clientGrants;
  },
  expected: (grants) => grants.map(toClientGrant),
};

/** This library with includeAnyOrganization, the organizations of a run sharing one tenant-wide listing. */
export const oursAnyOrganization: Contender = {
  name: "ours-any-org",
  label: "this library with includeAnyOrganization",
  optIn: true,
  readsTenantGrants: true,
  async list(tenant, organizationId, shared) {
    shared.anyOrganizationListings ??= new AnyOrganizationListings();
    const result = await listClientGrants(
      { organizationId, includeAnyOrganization: true },
      { connection: { domain: tenant.origin, apiToken: tenant.token }, report: shared.report, anyOrganizationListings: shared.anyOrganizationListings },
    );
    return result.clientGrants;
  },
  expected(grants, tenant) {
    const own = new Set(grants.map((g) => g.id));
    const reaching = tenant.filter((g) => g.allow_any_organization === true && g.organization_usage !== "deny" && !own.has(g.id));
    return [...grants.map((g) => toClientGrantVia(g, "association")), ...reaching.map((g) => toClientGrantVia(g, "anyOrganization"))];
  },
};

function sdk(name: ContenderName, label: string, perPage: number | undefined): Contender {
  return {
    name,
    label,
    async list(tenant, organizationId, shared) {
      // Default options (maxRetries 2, which retries 429 after Retry-After / x-ratelimit-reset), one client per program.
      shared.sdk ??= new ManagementClient({ domain: tenant.domain, token: tenant.token, fetch: redirectingFetch(tenant.origin) });
      const listed: unknown[] = [];
      const page = await shared.sdk.organizations.clientGrants.list(organizationId, perPage === undefined ? {} : { per_page: perPage });
      for await (const grant of page) listed.push(grant);
      return listed;
    },
    expected: (grants) => [...grants],
  };
}

export const sdkDefault = sdk("sdk-default", "auth0 SDK v7, default page size (50)", undefined);
export const sdk100 = sdk("sdk-100", "auth0 SDK v7, per_page=100", 100);
export const CONTENDERS: readonly Contender[] = [ours, oursAnyOrganization, sdkDefault, sdk100, pluginInvoke];
export const SDKS: readonly Contender[] = [sdkDefault, sdk100];
export { pluginInvoke };

export interface RunResult {
  readonly wallMs: number;
  /** Requests to the grant endpoints (the organization's, and the tenant's for includeAnyOrganization). */
  readonly requests: number;
  readonly tooManyRequests: number;
  /** Organizations whose listing rejected. */
  readonly failures: number;
  readonly failureMessages: readonly string[];
  readonly grants: number;
  /** Every organization listed, and each listing equal to the emulator's data, in order. */
  readonly equal: boolean;
  /** When each grants request arrived, relative to the start, and its status: for the pacing notes. */
  readonly timeline: readonly { readonly atMs: number; readonly status?: number }[];
  /** The longest time one organization's listing took, from the common start to its own end. */
  readonly worstListingMs: number;
}

/** One measured run: every organization listed at once, timed from the first call to the last answer. */
export async function measure(contender: Contender, tenant: BenchTenant, organizationIds: readonly string[]): Promise<RunResult> {
  const shared: SharedState = { report: { attempts: 0, rateLimited: 0 } };
  await contender.prepare?.(tenant);
  const started = Date.now();
  const t0 = performance.now();
  let worstListingMs = 0;
  const outcomes = await Promise.allSettled(
    organizationIds.map((id) => contender.list(tenant, id, shared).finally(() => (worstListingMs = Math.max(worstListingMs, performance.now() - t0)))),
  );
  const wallMs = performance.now() - t0;

  const counters = await tenant.counters();
  const requests = (await tenant.requests()).filter((r) => r.endpoint === "grants" || r.endpoint === "tenantGrants");
  const tenantGrants = contender.readsTenantGrants ? await tenant.clientGrants() : [];
  let equal = true;
  let grants = 0;
  const failureMessages: string[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === "rejected") {
      equal = false;
      const reason = outcome.reason as Error | undefined;
      failureMessages.push(`${reason?.name ?? "Error"}: ${String(reason?.message ?? outcome.reason).replace(/\s+/g, " ")}`.slice(0, 200));
      continue;
    }
    let value: unknown[];
    try {
      value = contender.decode ? contender.decode(outcome.value) : outcome.value;
    } catch (error) {
      equal = false;
      failureMessages.push(String((error as Error)?.message ?? error).slice(0, 200));
      continue;
    }
    grants += value.length;
    if (equal && !isDeepStrictEqual(value, contender.expected(await tenant.grantsOf(organizationIds[index]!), tenantGrants))) equal = false;
  }
  return {
    wallMs,
    requests: counters.requests.grants + counters.requests.tenantGrants,
    tooManyRequests: counters.tooManyRequests,
    failures: failureMessages.length,
    failureMessages,
    grants,
    equal,
    timeline: requests.map((r) => ({ atMs: r.receivedAt - started, status: r.status })),
    worstListingMs,
  };
}
