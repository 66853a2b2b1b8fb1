// The whole listing for one organization: validate the arguments before anything is sent, resolve the credentials,
// split grantIds into requests of at most 10, page each through to the end, and merge into one checked result.
// With includeAnyOrganization, the tenant's grants that apply to every organization are merged in
// (anyOrganizationGrants.ts). Identical listings already in flight in this process share one set of requests.
import { anyOrganizationGrants, type AnyOrganizationListings } from "./anyOrganizationGrants";
import { mapWithConcurrency } from "./concurrency";
import { connectionKey, resolveConnection, resolveSettings, type ResolvedConnection } from "./credentials/resolve";
import type { ConfigSource, SettingsLayer } from "./credentials/layers";
import { parseConnection, parseFilters, parseTuning } from "./arguments";
import { fetchGrantsPage, grantPaging } from "./managementApi";
import { fetchAllPages, type Progress } from "./paginator";
import { requireFiltersApplied } from "./grantFilters";
import type { RetryReport } from "./http/retry";
import {
  API_LIMITS,
  toClientGrant,
  toClientGrantVia,
  type ApiClientGrant,
  type ClientGrant,
  type ClientGrantsResult,
  type Filters,
  type Tuning,
} from "./schemas";

export interface ListProgress extends Progress {
  readonly organizationId: string;
}

export interface ListOptions {
  /** Explicit connection settings; the first source of each field, before Pulumi config and the environment. */
  readonly connection?: unknown;
  /** Tuning knobs, validated by `tuningSchema`. */
  readonly options?: unknown;
  /** Where `auth0:*` configuration is read; none unless given (the function passes the running program's). */
  readonly config?: ConfigSource;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where the domain and credentials come from, highest first. When given, replaces `connection`, `config` and
   * `env`: each surface names its own places (the CLI's `--domain`, an explicit auth0 provider) in its messages.
   */
  readonly layers?: readonly SettingsLayer[];
  readonly onProgress?: (progress: ListProgress) => void;
  /** Counts requests and 429s across the listing; for the CLI's summary and the benchmark. */
  readonly report?: RetryReport;
  /**
   * Where the tenant-wide listings of includeAnyOrganization are shared: one per deployment, so that N organizations
   * read with it cost N listings plus one. Without it, only listings in flight at the same moment share one.
   */
  readonly anyOrganizationListings?: AnyOrganizationListings;
}

const inFlight = new Map<string, Promise<ClientGrantsResult>>();

/** Lists every client grant of one organization that matches the filters. */
export async function listClientGrants(args: unknown, options: ListOptions = {}): Promise<ClientGrantsResult> {
  const filters = parseFilters(args);
  const tuning = parseTuning(options.options);
  const connection = options.layers
    ? resolveSettings(options.layers)
    : resolveConnection(parseConnection(options.connection), { config: options.config, env: options.env });
  const key = listingKey(connection, filters, tuning);
  const running = inFlight.get(key);
  // A caller with its own progress or report hooks still shares the requests, but only the first caller's hooks fire.
  if (running) return running;
  const listing = list(connection, filters, tuning, options).finally(() => inFlight.delete(key));
  inFlight.set(key, listing);
  return listing;
}

function listingKey(connection: ResolvedConnection, filters: Filters, tuning: Tuning): string {
  return JSON.stringify([connectionKey(connection), filters, tuning]);
}

async function list(connection: ResolvedConnection, filters: Filters, tuning: Tuning, options: ListOptions): Promise<ClientGrantsResult> {
  const grantIds = filters.grantIds === undefined ? undefined : [...new Set(filters.grantIds)];
  const chunks: (readonly string[] | undefined)[] = grantIds === undefined ? [undefined] : chunk(grantIds, API_LIMITS.grantIdsPerRequest);
  const what = `Listing the client grants of organization ${filters.organizationId}`;
  // Once any page has failed the listing, the requests still under way are cancelled rather than left to run on.
  const cancel = new AbortController();
  const signal = cancel.signal;
  // Shared with the other organizations of the deployment, so it is never cancelled on this one's account.
  const anyOrganization: Promise<ClientGrant[]> | undefined =
    filters.includeAnyOrganization === true
      ? anyOrganizationGrants(connection, filters, tuning, { listings: options.anyOrganizationListings, report: options.report })
      : undefined;
  const toGrant = filters.includeAnyOrganization === true ? (grant: ApiClientGrant) => toClientGrantVia(grant, "association") : toClientGrant;
  try {
    const own = mapWithConcurrency(chunks, tuning.concurrency, (ids) =>
      fetchAllPages<ClientGrant>(
        async (page, pageSize) => {
          const result = await fetchGrantsPage(
            connection,
            { organizationId: filters.organizationId, audience: filters.audience, clientId: filters.clientId, grantIds: ids, page, perPage: pageSize },
            tuning,
            options.report,
            signal,
          );
          // Mapped as each page arrives, so the CPU work overlaps the wait for the other pages instead of following it.
          return { items: result.grants.map(toGrant), total: result.total };
        },
        {
          ...grantPaging(tuning),
          check: requireFiltersApplied(what, { audience: filters.audience, clientId: filters.clientId, grantIds: ids }),
          what,
          onProgress: chunks.length === 1 && options.onProgress ? (p) => options.onProgress!({ organizationId: filters.organizationId, ...p }) : undefined,
        },
      ),
    );
    // Whichever fails first fails the listing; the finally below then cancels this organization's pages still running.
    const [listings, tenant] = await Promise.all([own, anyOrganization]);

    // Each grant once: chunks of distinct ids cannot share a grant, but the set guards that promise regardless; and a
    // grant both associated and applying to every organization comes first, so it is listed as an association.
    const seen = new Set<string>();
    const grants = [...listings.flatMap((l) => l.items), ...(tenant ?? [])].filter((g) => !seen.has(g.id) && seen.add(g.id));
    // Built from parts already checked (the filters by filtersSchema, each grant by toClientGrant), so it is not
    // parsed again: that would validate every grant of a large listing twice.
    const result: ClientGrantsResult = {
      organizationId: filters.organizationId,
      ...(filters.audience !== undefined && { audience: filters.audience }),
      ...(filters.clientId !== undefined && { clientId: filters.clientId }),
      ...(filters.grantIds !== undefined && { grantIds: filters.grantIds }),
      ...(filters.includeAnyOrganization !== undefined && { includeAnyOrganization: filters.includeAnyOrganization }),
      total: grants.length,
      clientGrants: grants,
    };
    return result;
  } finally {
    cancel.abort();
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
