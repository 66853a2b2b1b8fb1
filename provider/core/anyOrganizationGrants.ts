// The grants that reach an organization without an association: the tenant's client grants with
// allow_any_organization, which apply to every organization unless their organization_usage is deny. The
// organization endpoint does not list them; the tenant-wide `GET /api/v2/client-grants?allow_any_organization=true`
// (scope read:client_grants) does. That listing is the same for every organization of the tenant, so the listings of
// one deployment share it: N organizations cost N listings plus one. It goes through the same paginator (its bounds
// and page checks), retries, rate limiter and token cache as the organization's own pages, and every grant it returns
// is checked against the filters it was asked for (grantFilters.ts), so a filter the server did not apply is an
// error, never a grant that does not apply.
import type { ResolvedConnection } from "./credentials/resolve";
import { MissingScopeError } from "./errors";
import { requireFiltersApplied } from "./grantFilters";
import { foreignAnswer } from "./http/foreignAnswer";
import { errorBodyDetails, type RetryReport } from "./http/retry";
import { apiError, getAuthorized, parseGrantsPage, type GrantsPage } from "./managementApi";
import { fetchAllPages } from "./paginator";
import { fingerprint } from "./secrets";
import { API_LIMITS, toClientGrantVia, type ClientGrant, type Filters, type Tuning } from "./schemas";

/** The scope the tenant-wide listing needs, besides read:organization_client_grants for the organization's own. */
export const READ_CLIENT_GRANTS = "read:client_grants";

/** What the tenant-wide endpoint filters itself; grantIds and organization_usage are applied here. */
export interface TenantGrantsQuery {
  readonly audience?: string;
  readonly clientId?: string;
  readonly page: number;
  readonly perPage: number;
}

/** `GET /api/v2/client-grants` for the grants with allow_any_organization, offset-paged with totals. */
export function tenantGrantsPath(query: TenantGrantsQuery): string {
  const params = new URLSearchParams();
  params.append("allow_any_organization", "true");
  if (query.audience !== undefined) params.append("audience", query.audience);
  if (query.clientId !== undefined) params.append("client_id", query.clientId);
  params.append("page", String(query.page));
  params.append("per_page", String(query.perPage));
  params.append("include_totals", "true");
  return `/api/v2/client-grants?${params.toString()}`;
}

const WHAT = "Listing the tenant's client grants that apply to every organization (allow_any_organization)";

const HINTS: Readonly<Record<number, string>> = {
  400: "Auth0 refused the tenant-wide listing (offset paging stops at 1000 records there): narrow it with the audience or clientId filter.",
  404: "The tenant does not serve GET /api/v2/client-grants: check the domain.",
};

async function fetchTenantGrantsPage(connection: ResolvedConnection, query: TenantGrantsQuery, tuning: Tuning, report?: RetryReport): Promise<GrantsPage> {
  const what = `${WHAT} (page ${query.page})`;
  const response = await getAuthorized(connection, tenantGrantsPath(query), what, tuning, report);
  if (response.status === 200) return parseGrantsPage(what, response);
  const foreign = foreignAnswer(what, response, connection.api.origin);
  if (foreign) throw foreign;
  if (response.status === 403) {
    throw new MissingScopeError(
      what,
      { status: 403, ...errorBodyDetails(response.body) },
      READ_CLIENT_GRANTS,
      `includeAnyOrganization reads the grants that apply to every organization tenant-wide, which needs the scope ${READ_CLIENT_GRANTS} ` +
        "besides read:organization_client_grants: grant it to the application (Applications > APIs > Auth0 Management API > " +
        "Machine to Machine Applications) or use a token that has it. Without includeAnyOrganization those grants are not listed at all.",
    );
  }
  throw apiError(what, response, connection, HINTS);
}

/**
 * Every grant of the tenant with allow_any_organization that matches the server-side filters, across all pages, as
 * the result holds them (`grantedVia: "anyOrganization"`), each checked against the filters the request carried.
 */
async function listTenantGrants(
  connection: ResolvedConnection,
  filters: Pick<TenantGrantsQuery, "audience" | "clientId">,
  tuning: Tuning,
  report?: RetryReport,
): Promise<readonly ClientGrant[]> {
  const listing = await fetchAllPages<ClientGrant>(
    async (page, perPage) => {
      const result = await fetchTenantGrantsPage(connection, { ...filters, page, perPage }, tuning, report);
      return { items: result.grants.map((grant) => toClientGrantVia(grant, "anyOrganization")), total: result.total };
    },
    {
      perPage: API_LIMITS.perPageMax,
      concurrency: tuning.concurrency,
      maxListingAttempts: tuning.maxListingAttempts,
      maxItems: tuning.maxGrants,
      maxItemsOption: "options.maxGrants",
      check: requireFiltersApplied(WHAT, { ...filters, allowAnyOrganization: true }),
      what: WHAT,
    },
  );
  return listing.items;
}

/**
 * Where the tenant-wide listings of one deployment are kept, so that every organization read in it shares one per
 * tenant and credential. A surface makes one per deployment (the dynamic-provider host and the plugin live for one
 * deployment; a program's run is one). Without one, only listings in flight at the same moment are shared. A failed
 * listing is forgotten, so a later read tries again.
 */
export class AnyOrganizationListings {
  private readonly listings = new Map<string, Promise<readonly ClientGrant[]>>();

  /** `keepSettled: false` keeps a listing only while it runs. */
  constructor(private readonly options: { readonly keepSettled?: boolean } = {}) {}

  /** The kept listing for `key`, or else the unfiltered one, which holds every grant a filtered one would; else a new one. */
  share(key: string, unfilteredKey: string, start: () => Promise<readonly ClientGrant[]>): Promise<readonly ClientGrant[]> {
    const kept = this.listings.get(key) ?? this.listings.get(unfilteredKey);
    if (kept) return kept;
    const listing = start();
    this.listings.set(key, listing);
    const forget = () => {
      if (this.listings.get(key) === listing) this.listings.delete(key);
    };
    listing.then(() => this.options.keepSettled === false && forget(), forget);
    return listing;
  }
}

const inFlightOnly = new AnyOrganizationListings({ keepSettled: false });

function listingKey(connection: ResolvedConnection, audience: string | undefined, clientId: string | undefined): string {
  // The credentials take part (as a digest): a token without read:client_grants must fail, not borrow another's listing.
  return JSON.stringify([connection.api.origin, fingerprint(JSON.stringify(connection.credentials)), audience ?? null, clientId ?? null]);
}

/**
 * The grants of the tenant that reach the organization of `filters` without an association: allow_any_organization,
 * an organization_usage other than deny, and the audience, clientId and grantIds filters. Copies: a caller may change
 * its result without changing the shared listing.
 */
export async function anyOrganizationGrants(
  connection: ResolvedConnection,
  filters: Filters,
  tuning: Tuning,
  options: { readonly listings?: AnyOrganizationListings; readonly report?: RetryReport } = {},
): Promise<ClientGrant[]> {
  const { audience, clientId } = filters;
  const listings = options.listings ?? inFlightOnly;
  const tenant = await listings.share(listingKey(connection, audience, clientId), listingKey(connection, undefined, undefined), () =>
    listTenantGrants(connection, { audience, clientId }, tuning, options.report),
  );
  const ids = filters.grantIds === undefined ? undefined : new Set(filters.grantIds);
  return tenant
    .filter(
      (grant) =>
        grant.organizationUsage !== "deny" &&
        (audience === undefined || grant.audience === audience) &&
        (clientId === undefined || grant.clientId === clientId) &&
        (ids === undefined || ids.has(grant.id)),
    )
    .map((grant) => structuredClone(grant));
}

/**
 * The organization's associated grants followed by the any-organization grants that are not among them: a grant that
 * is both appears once, as an association.
 */
export function withAnyOrganization(associated: readonly ClientGrant[], anyOrganization: readonly ClientGrant[]): ClientGrant[] {
  const seen = new Set(associated.map((grant) => grant.id));
  return [...associated, ...anyOrganization.filter((grant) => !seen.has(grant.id))];
}
