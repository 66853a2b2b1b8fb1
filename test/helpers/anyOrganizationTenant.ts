// A tenant where organization Z reaches clients two ways: grants associated with it, and grants of the tenant with
// allow_any_organization, which apply to every organization without an association (one of them kept away by
// organization_usage deny). The expectations are computed from the emulator's data, never from the code under test.
import { generateGrants, READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS, type Emulator, type Seed } from "../../emulator";
import { toClientGrantVia, type ApiClientGrant, type ClientGrant } from "../../provider/core/schemas";
import { matchesFilters } from "./emulator";

export const ORG_Z = "org_anyOrgZ000000001";
export const ORG_Y = "org_anyOrgY000000001";
export const BOTH_SCOPES = [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS] as const;

export const BACK_OFFICE = "backOfficeClient00000000000000001";
export const AUDITOR = "auditorClient0000000000000000000001";
export const BILLING_API = "https://billing.example.com/";
export const REPORTS_API = "https://reports.example.com/";

const tenantWide = (id: string, clientId: string, audience: string, usage: ApiClientGrant["organization_usage"]): ApiClientGrant => ({
  id,
  client_id: clientId,
  audience,
  scope: ["read:everything"],
  organization_usage: usage,
  allow_any_organization: true,
});

/** Any organization may use these two; the third is kept away from organizations (deny); the fourth is no any-org grant. */
export const ANY_ORG_ALLOW = tenantWide("cgr_anyOrgAllow00001", BACK_OFFICE, BILLING_API, "allow");
export const ANY_ORG_REQUIRE = tenantWide("cgr_anyOrgRequire0001", AUDITOR, REPORTS_API, "require");
export const ANY_ORG_DENY = tenantWide("cgr_anyOrgDeny000001", BACK_OFFICE, REPORTS_API, "deny");
export const UNASSOCIATED = { ...tenantWide("cgr_unassociated0001", AUDITOR, BILLING_API, "allow"), allow_any_organization: false };
/** Associated with Z and allowed for any organization as well: listed once, as an association. */
export const ASSOCIATED_AND_ANY = tenantWide("cgr_associatedAny001", AUDITOR, BILLING_API, "require");

/** Associated grants without allow_any_organization, so that only the grants above are any-organization ones. */
function associated(count: number, organizationId: string): ApiClientGrant[] {
  return generateGrants(count, { organizationId, seed: 3 }).map((grant) => ({ ...grant, allow_any_organization: false }));
}

/** Z: 130 associated grants (two pages) and ASSOCIATED_AND_ANY; Y: 3; the tenant: the any-organization grants. */
export function anyOrganizationTenant(options: { readonly anyOrganizationGrants?: readonly ApiClientGrant[] } = {}): Seed {
  return {
    organizations: { [ORG_Z]: [...associated(130, ORG_Z), ASSOCIATED_AND_ANY], [ORG_Y]: associated(3, ORG_Y) },
    clientGrants: [...(options.anyOrganizationGrants ?? [ANY_ORG_ALLOW, ANY_ORG_REQUIRE, ANY_ORG_DENY]), UNASSOCIATED],
  };
}

/** Static tokens of {@link deploymentTenant}: one with both scopes, one without read:client_grants. */
export const TOKEN_BOTH_SCOPES = "tok_anyOrganizationBoth_5c2e9a17";
export const TOKEN_ORGANIZATION_SCOPE_ONLY = "tok_anyOrganizationOrgOnly_81d3";

/** Ten organizations without grants of their own, which only the grants that apply to every organization reach. */
export const DEPLOYMENT_ORGANIZATIONS = Array.from({ length: 10 }, (_, i) => `org_deployment${String(i).padStart(6, "0")}`);

/**
 * The tenant above with the ten organizations of a deployment that reads many, and static tokens that survive
 * `replaceData` (a provider process configured once keeps its token across tests).
 */
export function deploymentTenant(options: Parameters<typeof anyOrganizationTenant>[0] = {}): Seed {
  const tenant = anyOrganizationTenant(options);
  return {
    ...tenant,
    organizations: { ...tenant.organizations, ...Object.fromEntries(DEPLOYMENT_ORGANIZATIONS.map((id) => [id, []])) },
    apiTokens: [
      { token: TOKEN_BOTH_SCOPES, scopes: [...BOTH_SCOPES] },
      { token: TOKEN_ORGANIZATION_SCOPE_ONLY, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] },
    ],
  };
}

/** A token with read:organization_client_grants and read:client_grants. */
export function tokenWithBothScopes(emulator: Emulator): string {
  return emulator.issueToken([...BOTH_SCOPES]);
}

export interface ReachFilters {
  readonly audience?: string;
  readonly clientId?: string;
  readonly grantIds?: readonly string[];
}

/**
 * What includeAnyOrganization should list for `organizationId`, from the emulator's data: its associated grants in
 * order, then the tenant's grants with allow_any_organization and no deny that are not associated with it, in the
 * tenant endpoint's order; the filters applied to both.
 */
export function expectedReach(emulator: Emulator, organizationId: string, filters: ReachFilters = {}): ClientGrant[] {
  const matches = (g: ApiClientGrant) => matchesFilters(g, filters);
  const own = (emulator.grantsOf(organizationId) ?? []).filter(matches);
  const ownIds = new Set(own.map((g) => g.id));
  const any = emulator.clientGrants().filter((g) => g.allow_any_organization === true && g.organization_usage !== "deny" && !ownIds.has(g.id) && matches(g));
  return [...own.map((g) => toClientGrantVia(g, "association")), ...any.map((g) => toClientGrantVia(g, "anyOrganization"))];
}
