// What the grant rules judge: for each organization, the union of the grants the stack reads (OrganizationClientGrants)
// and the grants it declares and associates with the organization (ClientGrant + OrganizationClientGrant), each grant
// once. Where a declared grant is also read (same organization, same grant id), the declaration wins: it is what the
// deployment makes the grant, while a listing may have been read before the change.
import type { ClientGrant } from "../core/schemas";
import type { DeclaredAssociation, DeclaredGrant, Declarations } from "./declared";
import { distinctGrants, type ClientGrantsListing } from "./listing";

export interface ListedGrantView {
  readonly kind: "listed";
  readonly organizationId: string;
  readonly grant: ClientGrant;
  readonly listing: ClientGrantsListing;
  /** Where a violation about the grant is reported: the listing that read it. */
  readonly urn: string;
}

export interface DeclaredGrantView {
  readonly kind: "declared";
  /** Unset while the association's organization id is not known (a preview). */
  readonly organizationId?: string;
  readonly grant: DeclaredGrant;
  readonly association: DeclaredAssociation;
  /** Where a violation about the grant is reported: the ClientGrant itself. */
  readonly urn: string;
}

export type JudgedGrant = ListedGrantView | DeclaredGrantView;

export interface OrganizationView {
  readonly listings: readonly ClientGrantsListing[];
  readonly grants: readonly JudgedGrant[];
}

export interface GrantsView {
  /** The stack's OrganizationClientGrants whose outputs are known and well-formed. */
  readonly listings: readonly ClientGrantsListing[];
  readonly declarations: Declarations;
  /** Every grant the stack reads or associates with an organization, once per organization and grant. */
  readonly grants: readonly JudgedGrant[];
  /** By organization id: what the stack reads of it and the grants it reads or associates with it. */
  readonly organizations: ReadonlyMap<string, OrganizationView>;
  /** Organizations the stack reads whose grants cannot be judged in this run (not read yet, or malformed outputs). */
  readonly pendingOrganizations: ReadonlySet<string>;
  /** Some read or association names an organization whose id is not known yet. */
  readonly unknownOrganization: boolean;
}

export interface PendingReads {
  readonly organizationIds: ReadonlySet<string>;
  readonly unknownOrganization: boolean;
}

export function buildView(listings: readonly ClientGrantsListing[], declarations: Declarations, pending: PendingReads): GrantsView {
  const declared: DeclaredGrantView[] = [];
  const declaredKeys = new Set<string>();
  let unknownOrganization = pending.unknownOrganization;
  for (const { association, grants } of declarations.associations) {
    if (association.organizationId === undefined) unknownOrganization = true;
    for (const grant of grants) {
      const key = `${association.organizationId ?? association.urn}\u0000${grant.id ?? grant.urn}`;
      if (declaredKeys.has(key)) continue;
      declaredKeys.add(key);
      declared.push({ kind: "declared", organizationId: association.organizationId, grant, association, urn: grant.urn });
    }
  }
  // The engine's order of resources follows the order their registrations completed: sort, so messages do not vary.
  declared.sort((a, b) => compare(a.organizationId ?? a.association.urn, b.organizationId ?? b.association.urn) || compare(a.grant.name, b.grant.name));
  const listed: ListedGrantView[] = distinctGrants(listings)
    .filter(({ organizationId, grant }) => !declaredKeys.has(`${organizationId}\u0000${grant.id}`))
    .map(({ organizationId, grant, listing }) => ({ kind: "listed", organizationId, grant, listing, urn: listing.urn }));
  const grants: JudgedGrant[] = [...listed, ...declared];

  const organizations = new Map<string, { listings: ClientGrantsListing[]; grants: JudgedGrant[] }>();
  const organization = (id: string) => {
    let view = organizations.get(id);
    if (!view) organizations.set(id, (view = { listings: [], grants: [] }));
    return view;
  };
  for (const listing of listings) organization(listing.result.organizationId).listings.push(listing);
  for (const { association } of declarations.associations) if (association.organizationId !== undefined) organization(association.organizationId);
  for (const grant of grants) if (grant.organizationId !== undefined) organization(grant.organizationId).grants.push(grant);

  return { listings, declarations, grants, organizations, pendingOrganizations: pending.organizationIds, unknownOrganization };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
