// The grant rules can only judge what a listing shows. A resource read with filters shows part of its organization,
// so a required grant may look missing and a grant count looks smaller. This input-level policy asks that every
// OrganizationClientGrants read its whole organization, unless the team allows a given filter.
import { z } from "zod";
import { resourceLabel } from "../messages";
import { clientGrantsResourcePolicy } from "../validation";

const FILTERS = ["audience", "clientId", "grantIds"] as const;

export const completeListingConfigSchema = z.strictObject({
  allowedFilters: z.array(z.enum(FILTERS)).default([]).describe("Filters an OrganizationClientGrants may use."),
});
export type CompleteListingConfig = z.input<typeof completeListingConfigSchema>;

export const completeListing = clientGrantsResourcePolicy({
  name: "auth0-org-grants-complete-listing",
  description:
    "OrganizationClientGrants resources should read every grant of their organization, so that the grant policies judge the whole organization.",
  enforcementLevel: "advisory",
  config: completeListingConfigSchema,
  validate(inputs, config, args, reportViolation) {
    const allowed = new Set<string>(config.allowedFilters);
    const used: string[] = [];
    if (inputs.audience !== undefined && !allowed.has("audience")) used.push(`audience ${inputs.audience}`);
    if (inputs.clientId !== undefined && !allowed.has("clientId")) used.push(`client ${inputs.clientId}`);
    if (inputs.grantIds !== undefined && !allowed.has("grantIds")) used.push(`grant ids ${inputs.grantIds.join(", ")}`);
    if (used.length === 0) return;
    reportViolation(
      `${resourceLabel(args.name)} reads organization ${inputs.organizationId} filtered by ${used.join(" and ")}: the ` +
        `grant policies see only the grants that match, so a required grant can look missing and the grant count ` +
        `looks smaller. Remove the filter, or list it in allowedFilters.`,
      args.urn,
    );
  },
});
