// A cap on the number of client grants of an organization. Listings read with filters only show part of the
// organization: the count is the number of distinct grants across every listing of the organization and every grant
// the stack associates with it, exact when one listing is unfiltered and a lower bound otherwise (a lower bound above
// the cap is still a certain violation).
import { z } from "zod";
import { organizationIdSchema } from "../../core/schemas";
import { associationsOnlySetting, checkAnyOrganizationRead, isLeftOut, judgedOn } from "../anyOrganization";
import { isCompleteListing } from "../listing";
import { judgedShort, shortList } from "../messages";
import { grantsStackPolicy } from "../validation";

const cap = z.number().int().min(0);

export const maxGrantsPerOrganizationConfigSchema = z.strictObject({
  maxGrants: cap
    .default(1000)
    .describe(
      "Most client grants an organization may have. The default stays under the 1000 records that Auth0's offset paging serves on other endpoints.",
    ),
  perOrganization: z.record(organizationIdSchema, cap).default({}).describe("Caps for given organization ids, overriding maxGrants."),
  associationsOnly: associationsOnlySetting,
});
export type MaxGrantsPerOrganizationConfig = z.input<typeof maxGrantsPerOrganizationConfigSchema>;

export const maxGrantsPerOrganization = grantsStackPolicy({
  name: "auth0-org-grants-max-grants",
  description: "An Auth0 Organization must not have more client grants than its cap.",
  enforcementLevel: "advisory",
  config: maxGrantsPerOrganizationConfigSchema,
  validate(view, config, _args, reportViolation) {
    // A grant that applies through allow_any_organization counts in every organization it reaches, unless the
    // configuration counts associations only.
    const scope = checkAnyOrganizationRead(view, config.associationsOnly, reportViolation);
    for (const [organizationId, organization] of view.organizations) {
      const { listings } = organization;
      const grants = organization.grants.filter((judged) => !isLeftOut(scope, judged));
      const limit = Object.hasOwn(config.perOrganization, organizationId) ? config.perOrganization[organizationId]! : config.maxGrants;
      if (grants.length <= limit) continue;
      const complete = listings.find((listing) => isCompleteListing(listing.result));
      const count = complete ? `${grants.length}` : `at least ${grants.length}`;
      const source = Object.hasOwn(config.perOrganization, organizationId) ? `perOrganization["${organizationId}"]` : "maxGrants";
      reportViolation(
        `Organization ${organizationId} has ${count} client grants, more than the ${limit} allowed by ${source}: ` +
          `${shortList(grants.map(judgedShort))}.${judgedOn(scope, [organizationId])}`,
        (complete ?? listings[0] ?? grants[0]!).urn,
      );
    }
  },
});
