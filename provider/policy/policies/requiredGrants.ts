// Clients that must reach an API: each requirement names a client and an audience (and optionally scopes and an
// organization), and every organization the stack reads must grant it.
//
// A listing read with filters only shows part of the organization, so absence proves something only where the
// filters could have let the grant through: no grantIds filter, and an audience and clientId filter that are unset
// or equal to the requirement's. A requirement is judged against those listings only. When the stack reads the
// organization but none of its listings could show the grant, the requirement cannot be verified: that passes by
// default and is reported with requireVerification. An organization the stack does not read is not judged at all.
import { z } from "zod";
import { audienceSchema, clientIdSchema, organizationIdSchema } from "../../schemas";
import { couldContain, listingFilters, listingsByOrganization, type ClientGrantsListing } from "../listing";
import { grantSubject, resourceLabel } from "../messages";
import { clientGrantsStackPolicy } from "../validation";

const requirementSchema = z.strictObject({
  clientId: clientIdSchema.describe("The client that must hold the grant."),
  audience: audienceSchema.describe("The audience (API identifier) the grant must be for."),
  scopes: z.array(z.string().min(1)).optional().describe("Scopes the grant must include (it may hold more)."),
  organizationId: organizationIdSchema.optional().describe("Only this organization; every organization the stack reads when omitted."),
});

export const requiredGrantsConfigSchema = z.strictObject({
  requiredGrants: z.array(requirementSchema).default([]).describe("Grants every organization read by the stack must contain."),
  requireVerification: z
    .boolean()
    .default(false)
    .describe(
      "Report a requirement that cannot be verified because every listing of the organization is filtered in a way that could hide the grant.",
    ),
});
export type RequiredGrantsConfig = z.input<typeof requiredGrantsConfigSchema>;
type Requirement = z.output<typeof requirementSchema>;

export const requiredGrants = clientGrantsStackPolicy({
  name: "auth0-org-grants-required-grants",
  description: "Given clients must hold a client grant for given audiences in the Auth0 Organizations the stack reads.",
  enforcementLevel: "mandatory",
  config: requiredGrantsConfigSchema,
  validate(listings, config, _args, reportViolation) {
    const byOrganization = listingsByOrganization(listings);
    config.requiredGrants.forEach((requirement, index) => {
      const where = `requiredGrants[${index}]`;
      for (const [organizationId, orgListings] of byOrganization) {
        if (requirement.organizationId !== undefined && requirement.organizationId !== organizationId) continue;
        const judging = orgListings.filter((listing) => couldContain(listing.result, requirement));
        if (judging.length === 0) {
          if (config.requireVerification) reportViolation(unverifiable(organizationId, requirement, where, orgListings), orgListings[0]!.urn);
          continue;
        }
        const candidates = judging.flatMap((listing) =>
          listing.result.clientGrants
            .filter((grant) => grant.clientId === requirement.clientId && grant.audience === requirement.audience)
            .map((grant) => ({ grant, listing })),
        );
        if (candidates.length === 0) {
          reportViolation(
            `Organization ${organizationId} has no client grant for client ${requirement.clientId} and audience ` +
              `${requirement.audience}, which ${where} requires.`,
            judging[0]!.urn,
          );
          continue;
        }
        const needed = requirement.scopes ?? [];
        const missingOf = (scope: readonly string[]) => needed.filter((s) => !scope.includes(s));
        if (candidates.some(({ grant }) => missingOf(grant.scope).length === 0)) continue;
        const reported = new Set<string>();
        for (const { grant, listing } of candidates) {
          if (reported.has(grant.id)) continue;
          reported.add(grant.id);
          reportViolation(
            `${grantSubject(organizationId, grant)} lacks scopes that ${where} requires: ${missingOf(grant.scope).join(", ")}.`,
            listing.urn,
          );
        }
      }
    });
  },
});

function unverifiable(organizationId: string, requirement: Requirement, where: string, listings: readonly ClientGrantsListing[]): string {
  const filters = listings.map((listing) => `${resourceLabel(listing.name)} (${describeFilters(listing)})`).join(", ");
  return (
    `Cannot verify that client ${requirement.clientId} holds a grant for audience ${requirement.audience} in ` +
    `organization ${organizationId} (${where}): every listing of that organization in this stack is filtered so that ` +
    `it could leave the grant out: ${filters}. Read the organization without filters, or filtered by that audience or client.`
  );
}

function describeFilters(listing: ClientGrantsListing): string {
  const filters = listingFilters(listing.result);
  const parts: string[] = [];
  if (filters.audience !== undefined) parts.push(`audience ${filters.audience}`);
  if (filters.clientId !== undefined) parts.push(`client ${filters.clientId}`);
  if (filters.grantIds !== undefined) parts.push(`grant ids ${filters.grantIds.join(", ")}`);
  return parts.join(", ");
}
