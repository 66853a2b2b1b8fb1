// The grants that reach an organization without an association: the tenant's client grants with
// allow_any_organization, which apply to every organization unless their organization_usage is deny. The
// organization endpoint does not list them; the tenant-wide `GET /api/v2/client-grants?allow_any_organization=true`
// (scope read:client_grants) does. That listing is the same for every organization of the tenant, so the listings of
// one deployment share it: N organizations cost N listings plus one. It goes through the same paginator (its bounds
// and page checks), retries, rate limiter and token cache as the organization's own pages, and every grant it returns
// is checked against the filters it was asked for (grantFilters.ts), so a filter the server did not apply is an
// error, never a grant that does not apply.
import { connectionKey, type ResolvedConnection } from "./credentials/resolve";
import { MissingScopeError } from "./errors";
import { filterViolation, requireFiltersApplied } from "./grantFilters";
import { errorBodyDetails, type RetryReport } from "./http/retry";
import { apiError, getAuthorized, grantPaging, grantsQueryString, parseGrantsPage, type GrantsPage, type GrantsQuery } from "./managementApi";
import { fetchAllPages } from "./paginator";
import { toClientGrantVia, type ClientGrant, type Filters, type Tuning } from "./schemas";

/** The scope the tenant-wide listing needs, besides read:organization_client_grants for the organization's own. */
export const READ_CLIENT_GRANTS = "read:client_grants";

/** What the tenant-wide endpoint filters itself; grantIds and organization_usage are applied here. */
type TenantGrantsQuery = Omit<GrantsQuery, "grantIds">;

/** `GET /api/v2/client-grants` for the grants with allow_any_organization, offset-paged with totals. */
function tenantGrantsPath(query: TenantGrantsQuery): string {
  return `/api/v2/client-grants?${grantsQueryString(query, { allow_any_organization: "true" })}`;
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
      ...grantPaging(tuning),
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
  const tenantAndIdentity = connectionKey(connection);
  const key = (audience?: string, clientId?: string) => JSON.stringify([tenantAndIdentity, audience ?? null, clientId ?? null]);
  const tenant = await listings.share(key(audience, clientId), key(), () => listTenantGrants(connection, { audience, clientId }, tuning, options.report));
  // A listing kept unfiltered serves a filtered one: the filters apply here too.
  const ids = filters.grantIds === undefined ? undefined : new Set(filters.grantIds);
  return tenant
    .filter((grant) => grant.organizationUsage !== "deny" && filterViolation({ audience, clientId }, grant, ids) === undefined)
    .map((grant) => structuredClone(grant));
}
