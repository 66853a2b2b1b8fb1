// organization_usage says whether the client may (allow), must (require) or must not (deny) name an organization
// when it exchanges client credentials with this grant. Teams usually expect one value for every grant of an
// organization; a grant left at deny while it is associated with the organization is a common oversight.
import { z } from "zod";
import { organizationUsageSchema } from "../../core/schemas";
import { REACHING_USAGES, associationsOnlySetting, checkAnyOrganizationRead, grantsToJudge, judgedOn, mayNotReach } from "../anyOrganization";
import { quotedList } from "../messages";
import { grantsStackPolicy, declaredNotKnown, reportAdvisory } from "../validation";

export const allowedOrganizationUsageConfigSchema = z.strictObject({
  allowed: z
    .array(organizationUsageSchema)
    .min(1)
    .default(["allow", "require"])
    .describe("The organizationUsage values a grant of the organization may have."),
  treatUnsetAs: organizationUsageSchema
    .default("deny")
    .describe(
      "How to read a grant without organizationUsage (also one whose state holds \"\", as @pulumi/auth0 writes an unset value). @pulumi/auth0 documents deny as the default when it is not defined. A grant read through allow_any_organization is listed as reaching the organization, so it is never read as deny: with deny here, it is judged on the values that reach (allow and require).",
    ),
  associationsOnly: associationsOnlySetting,
});
export type AllowedOrganizationUsageConfig = z.input<typeof allowedOrganizationUsageConfigSchema>;

export const allowedOrganizationUsage = grantsStackPolicy({
  name: "auth0-org-grants-allowed-organization-usage",
  description: "Client grants of an Auth0 Organization must have one of the allowed organizationUsage values.",
  enforcementLevel: "mandatory",
  config: allowedOrganizationUsageConfigSchema,
  validate(view, config, _args, reportViolation) {
    const allowed = new Set<string>(config.allowed);
    const scope = checkAnyOrganizationRead(view, config.associationsOnly, reportViolation);
    for (const { judged, subject, organizationIds } of grantsToJudge(view, scope)) {
      if (judged.kind === "declared" && judged.grant.unknown.has("organizationUsage")) {
        reportAdvisory(reportViolation, declaredNotKnown(subject, ["organizationUsage"]), judged.urn);
        continue;
      }
      const report = (text: string) => reportViolation(`${subject} ${text}; allowed: ${quotedList(config.allowed)}.${judgedOn(scope, organizationIds)}`, judged.urn);
      const set = judged.grant.organizationUsage;
      if (set !== undefined) {
        if (!allowed.has(set)) report(`has organizationUsage "${set}"`);
        continue;
      }
      // The listing counts this grant as reaching the organization, which a "deny" would not: read as the values that reach.
      if (judged.kind === "listed" && mayNotReach(judged.grant) && config.treatUnsetAs === "deny") {
        const notAllowed = REACHING_USAGES.filter((usage) => !allowed.has(usage));
        if (notAllowed.length === 0) continue;
        report(
          `has no organizationUsage, so it may apply as ${notAllowed.map((usage) => JSON.stringify(usage)).join(" or ")}: the listing counts a grant ` +
            `with allow_any_organization as reaching the organization unless its organizationUsage is "deny" (Auth0 does not say an unset value is), ` +
            `so treatUnsetAs "deny" does not apply to it. Set its organizationUsage`,
        );
        continue;
      }
      if (!allowed.has(config.treatUnsetAs)) report(`has no organizationUsage (read as "${config.treatUnsetAs}", see treatUnsetAs)`);
    }
  },
});
