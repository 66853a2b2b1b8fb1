// An allowlist of scopes per API (audience): a grant may hold only the scopes listed for its audience.
import { z } from "zod";
import { audienceSchema } from "../../schemas";
import { distinctGrants } from "../listing";
import { grantSubject } from "../messages";
import { clientGrantsStackPolicy } from "../validation";

export const allowedScopesConfigSchema = z.strictObject({
  allowedScopes: z
    .record(audienceSchema, z.array(z.string().min(1)))
    .default({})
    .describe("For each audience (API identifier), the scopes a grant for it may hold."),
  unlistedAudiences: z
    .enum(["allow", "deny"])
    .default("allow")
    .describe("Whether grants for an audience missing from allowedScopes pass (allow) or are reported (deny)."),
});
export type AllowedScopesConfig = z.input<typeof allowedScopesConfigSchema>;

export const allowedScopes = clientGrantsStackPolicy({
  name: "auth0-org-grants-allowed-scopes",
  description: "Client grants of an Auth0 Organization may hold only the scopes allowed for their audience.",
  enforcementLevel: "mandatory",
  config: allowedScopesConfigSchema,
  validate(listings, config, _args, reportViolation) {
    for (const { organizationId, grant, listing } of distinctGrants(listings)) {
      const subject = grantSubject(organizationId, grant);
      const allowedList = Object.hasOwn(config.allowedScopes, grant.audience) ? config.allowedScopes[grant.audience] : undefined;
      if (allowedList === undefined) {
        if (config.unlistedAudiences === "deny") {
          reportViolation(
            `${subject} is for audience ${grant.audience}, which has no entry in allowedScopes (unlistedAudiences is "deny").`,
            listing.urn,
          );
        }
        continue;
      }
      const allowedText = allowedList.length > 0 ? allowedList.join(", ") : "none";
      // Auth0's general client-grants endpoint reports allow_all_scopes; the field is kept camelCased when present.
      if (grant.allowAllScopes === true) {
        reportViolation(`${subject} has allowAllScopes set, which grants every scope of audience ${grant.audience}. Allowed: ${allowedText}.`, listing.urn);
        continue;
      }
      const allowed = new Set(allowedList);
      const extra = grant.scope.filter((scope) => !allowed.has(scope));
      if (extra.length === 0) continue;
      reportViolation(`${subject} holds scopes not allowed for audience ${grant.audience}: ${extra.join(", ")}. Allowed: ${allowedText}.`, listing.urn);
    }
  },
});
