// What a stack policy works with: the parsed result of each OrganizationClientGrants resource, and the questions
// every grant rule asks of it (was it filtered, could it contain a given grant, which grants are distinct).
import type { ClientGrant, ClientGrantsResult } from "../core/schemas";

/** One `OrganizationClientGrants` resource of the stack whose outputs are known and well-formed. */
export interface ClientGrantsListing {
  readonly urn: string;
  /** The resource's name in the program. */
  readonly name: string;
  readonly result: ClientGrantsResult;
}

/** A grant together with the listing it was read from. */
export interface ListedGrant {
  readonly organizationId: string;
  readonly grant: ClientGrant;
  readonly listing: ClientGrantsListing;
}

/** The filters a listing was read with, by name; empty when it holds every grant of its organization. */
/** Whether the listing holds the grants that apply to every organization. */
export function readsAnyOrganization(listing: ClientGrantsListing): boolean {
  return listing.result.includeAnyOrganization === true;
}

/** Whether the grant reaches its organization through allow_any_organization rather than an association. */
export function viaAnyOrganization(grant: Pick<ClientGrant, "grantedVia">): boolean {
  return grant.grantedVia === "anyOrganization";
}

export function listingFilters(result: ClientGrantsResult): { audience?: string; clientId?: string; grantIds?: readonly string[] } {
  const filters: { audience?: string; clientId?: string; grantIds?: readonly string[] } = {};
  if (result.audience !== undefined) filters.audience = result.audience;
  if (result.clientId !== undefined) filters.clientId = result.clientId;
  if (result.grantIds !== undefined) filters.grantIds = result.grantIds;
  return filters;
}

/** Whether the listing holds every grant of its organization (it was read without audience, clientId or grantIds). */
export function isCompleteListing(result: ClientGrantsResult): boolean {
  return result.audience === undefined && result.clientId === undefined && result.grantIds === undefined;
}

/**
 * Whether the listing would contain the grant of `clientId` for `audience` if the organization had one, so that its
 * absence from the listing proves the organization has none. A `grantIds` filter never proves absence: the id of a
 * grant that should exist is not known in advance.
 */
export function couldContain(result: ClientGrantsResult, grant: { clientId: string; audience: string }): boolean {
  return (
    result.grantIds === undefined &&
    (result.audience === undefined || result.audience === grant.audience) &&
    (result.clientId === undefined || result.clientId === grant.clientId)
  );
}

/**
 * Every distinct grant of the listings, once per organization and grant id even when several resources read it
 * (say, one listing of the whole organization and one filtered by audience); the first listing that holds it wins.
 */
export function distinctGrants(listings: readonly ClientGrantsListing[]): ListedGrant[] {
  const seen = new Set<string>();
  const out: ListedGrant[] = [];
  for (const listing of listings) {
    const organizationId = listing.result.organizationId;
    for (const grant of listing.result.clientGrants) {
      const key = `${organizationId}\u0000${grant.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ organizationId, grant, listing });
    }
  }
  return out;
}

/** The listings grouped by organization id, in the order the organizations first appear. */
export function listingsByOrganization(listings: readonly ClientGrantsListing[]): Map<string, ClientGrantsListing[]> {
  const out = new Map<string, ClientGrantsListing[]>();
  for (const listing of listings) {
    const group = out.get(listing.result.organizationId);
    if (group) group.push(listing);
    else out.set(listing.result.organizationId, [listing]);
  }
  return out;
}
