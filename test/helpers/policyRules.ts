// What the tests of each shipped policy share (test/policy/policies/*.test.ts): the example pack in the real analyzer
// with one policy enabled at a time, and small grants and listings to judge.
import type { ApiClientGrant, Filters } from "../../provider/core/schemas";
import { CLIENT_GRANT_TYPE } from "../../provider/policy";
import { organizationClientGrantsResource, resourceUrn, withPolicyPack, type EnforcementLevel, type ResourceUnderTest } from "./analyzer";
import { AUDIENCE, CLIENT, clientGrantsOutputs, wireGrant } from "./policyFixtures";

/** The example pack for this test file, with `only` enabling one policy at a time. */
export function withOnePolicyAtATime() {
  const packed = withPolicyPack();
  return {
    get pack() {
      return packed.pack;
    },
    /** Configures the pack with only this policy enabled, at its default level, with these settings. */
    only(policy: { name: string; enforcementLevel?: EnforcementLevel }, settings: Record<string, unknown> = {}): Promise<void> {
      return packed.pack.configure({ all: "disabled", [policy.name]: { enforcementLevel: policy.enforcementLevel ?? "advisory", ...settings } });
    },
  };
}

/** A grant as the API returns it, associated with the organization and required there unless `extra` says otherwise. */
export function grant(id: string, clientId: string, audience: string, scope: string[], extra: Partial<ApiClientGrant> = {}): ApiClientGrant {
  return wireGrant({ id, client_id: clientId, audience, scope, organization_usage: "require", allow_any_organization: false, ...extra });
}

/**
 * An OrganizationClientGrants resource that read `grants` with `filters`, and with includeAnyOrganization unless the
 * filters say false (as the policies ask a stack to read): `anyOrganization` are the tenant's grants it found that
 * reach the organization through allow_any_organization.
 */
export function listing(name: string, filters: Filters, grants: ApiClientGrant[], anyOrganization: ApiClientGrant[] = []): ResourceUnderTest {
  return organizationClientGrantsResource(name, clientGrantsOutputs({ includeAnyOrganization: true, ...filters }, grants, anyOrganization));
}

/** A grant of the tenant that applies to every organization (allow_any_organization) unless `extra` says otherwise. */
export function anyOrganizationGrant(id: string, clientId: string, audience: string, scope: string[], extra: Partial<ApiClientGrant> = {}): ApiClientGrant {
  return grant(id, clientId, audience, scope, { organization_usage: "allow", allow_any_organization: true, ...extra });
}

export const billingGrant = grant("cgr_b1", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices", "create:invoices"]);
export const reportsGrant = grant("cgr_r1", CLIENT.reporting, AUDIENCE.reports, ["read:reports"]);

/**
 * A @pulumi/auth0 ClientGrant as AnalyzeStack receives it (its state: `properties`), associated with no organization,
 * as a grant read with `auth0.ClientGrant.get` is.
 */
export function declaredClientGrant(name: string, properties: Record<string, unknown>): ResourceUnderTest {
  return { type: CLIENT_GRANT_TYPE, name, urn: resourceUrn(CLIENT_GRANT_TYPE, name), properties };
}

/** A listing read without includeAnyOrganization, as every stack read before the option existed. */
export function associationsListing(name: string, filters: Filters, grants: ApiClientGrant[]): ResourceUnderTest {
  return listing(name, { ...filters, includeAnyOrganization: false }, grants);
}

/** What a rule about who can act for an organization reports, at its level, for a listing that did not read them. */
export function anyOrganizationNotRead(resourceName: string, organizationId: string): string {
  return (
    `OrganizationClientGrants "${resourceName}" reads organization ${organizationId} without includeAnyOrganization: the client grants that apply to ` +
    `every organization of the tenant (allow_any_organization, with no association) were not read, so this policy has not judged them ` +
    `and a client may act for the organization through one. Set includeAnyOrganization: true on it (its token then needs read:client_grants ` +
    `as well), or set associationsOnly: true in this policy's configuration to judge the associated grants only.`
  );
}

/**
 * What a violation says when the rule judged the organization on its associated grants only (associationsOnly): the
 * grants that apply through allow_any_organization were "not read" there, or read and "left out".
 */
export function judgedOnAssociationsOnly(organizationId: string, anyOrganization: "not read" | "left out" = "not read"): string {
  return (
    ` (Judged on the grants associated with organization ${organizationId} only: associationsOnly is set, so the grants that apply ` +
    `through allow_any_organization were ${anyOrganization}.)`
  );
}

/** How a rule names a grant that applies to every organization, once for all the organizations that read it. */
export function anyOrganizationSubject(grant: ApiClientGrant, organizationIds: readonly string[]): string {
  return (
    `Grant ${grant.id} (client ${grant.client_id}, audience ${grant.audience}), which applies to every organization of the tenant ` +
    `through allow_any_organization, without an association (read for organization ${organizationIds.join(", ")})`
  );
}
