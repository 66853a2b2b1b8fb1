// The filters a listing asks the API to apply, checked on every grant it returns. A server (or a cache in front of
// it) that ignores a filter would otherwise have its unfiltered grants returned as "matching", with the filter
// echoed in the result, and a policy gate would pass on them. Any listing of grants, whichever endpoint it reads,
// hands `requireFiltersApplied` to the paginator as its `check`, so each grant is checked as its page arrives.
import { FilterNotAppliedError } from "./errors";
import type { ClientGrant } from "./schemas";

/** The filters one request asked the API to apply, in the result's terms. */
export interface AppliedFilters {
  /** Exact match. */
  readonly audience?: string;
  /** Exact match. */
  readonly clientId?: string;
  /** The ids this request asked for (at most 10 a request): every grant returned must be one of them. */
  readonly grantIds?: readonly string[];
  /** `allow_any_organization`, for the tenant-wide `GET /api/v2/client-grants`. */
  readonly allowAnyOrganization?: boolean;
}

const quote = (value: unknown) => JSON.stringify(value) ?? "nothing";

/** Which filter `grant` breaks and how, in words (its first broken filter), or undefined when it matches them all. */
export function filterViolation(filters: AppliedFilters, grant: ClientGrant, grantIds = filters.grantIds && new Set(filters.grantIds)): string | undefined {
  if (filters.audience !== undefined && grant.audience !== filters.audience) {
    return `its audience is ${quote(grant.audience)}, yet only audience ${quote(filters.audience)} was asked for: the audience filter`;
  }
  if (filters.clientId !== undefined && grant.clientId !== filters.clientId) {
    return `its client_id is ${quote(grant.clientId)}, yet only client_id ${quote(filters.clientId)} was asked for: the client_id filter`;
  }
  if (grantIds !== undefined && !grantIds.has(grant.id)) {
    return `it is not among the ${grantIds.size} grant_ids asked for: the grant_ids filter`;
  }
  if (filters.allowAnyOrganization !== undefined && grant.allowAnyOrganization !== filters.allowAnyOrganization) {
    return `its allow_any_organization is ${quote(grant.allowAnyOrganization)}, yet only ${filters.allowAnyOrganization} was asked for: the allow_any_organization filter`;
  }
  return undefined;
}

/**
 * A check for the paginator (PaginateOptions.check): a grant that breaks one of `filters` fails the whole listing
 * with a FilterNotAppliedError that names the grant and the filter the API did not apply.
 */
export function requireFiltersApplied(what: string, filters: AppliedFilters): (grant: ClientGrant) => void {
  const grantIds = filters.grantIds && new Set(filters.grantIds);
  return (grant) => {
    const violation = filterViolation(filters, grant, grantIds);
    if (violation === undefined) return;
    throw new FilterNotAppliedError(
      `${what}: the API returned grant ${quote(grant.id)}, but ${violation} was not applied. A cache or proxy between here and Auth0 may ` +
        "drop or ignore the query string, or the server does not implement the filter; nothing of this listing is returned, since it would pass for a filtered one.",
    );
  };
}
