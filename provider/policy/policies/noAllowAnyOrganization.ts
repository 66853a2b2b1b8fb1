// A grant with allow_any_organization lets its client act for every organization of the tenant through it, which
// defeats the point of scoping the grant to an organization.
import { z } from "zod";
import { distinctGrants } from "../listing";
import { grantSubject } from "../messages";
import { clientGrantsStackPolicy } from "../validation";

export const noAllowAnyOrganizationConfigSchema = z.strictObject({
  exemptClientIds: z
    .array(z.string().min(1))
    .default([])
    .describe("Clients allowed to hold grants with allowAnyOrganization, such as a tenant-wide back office."),
});
export type NoAllowAnyOrganizationConfig = z.input<typeof noAllowAnyOrganizationConfigSchema>;

export const noAllowAnyOrganization = clientGrantsStackPolicy({
  name: "auth0-org-grants-no-allow-any-organization",
  description:
    "Client grants of an Auth0 Organization must not set allowAnyOrganization: such a grant lets its client act for every organization of the tenant.",
  enforcementLevel: "mandatory",
  config: noAllowAnyOrganizationConfigSchema,
  validate(listings, config, _args, reportViolation) {
    const exempt = new Set(config.exemptClientIds);
    for (const { organizationId, grant, listing } of distinctGrants(listings)) {
      // Auth0 reads a missing allow_any_organization as false.
      if (grant.allowAnyOrganization !== true || exempt.has(grant.clientId)) continue;
      reportViolation(
        `${grantSubject(organizationId, grant)} has allowAnyOrganization set: client ${grant.clientId} can use it for ` +
          `any organization of the tenant, not only ${organizationId}. Turn allow_any_organization off, or add ` +
          `${grant.clientId} to exemptClientIds.`,
        listing.urn,
      );
    }
  },
});
