// An allowlist of scopes per API (audience): a grant may hold only the scopes listed for its audience.
import { z } from "zod";
import { audienceSchema } from "../../core/schemas";
import { nearlySameAudience } from "../audience";
import { heldScopes } from "../scopes";
import { associationsOnlySetting, checkAnyOrganizationRead, grantsToJudge, judgedOn } from "../anyOrganization";
import { grantsStackPolicy, declaredNotKnown, reportAdvisory } from "../validation";

export const allowedScopesConfigSchema = z.strictObject({
  allowedScopes: z
    .record(audienceSchema, z.array(z.string().min(1)))
    .default({})
    .describe("For each audience (API identifier), the scopes a grant for it may hold."),
  unlistedAudiences: z
    .enum(["allow", "deny"])
    .default("allow")
    .describe("Whether grants for an audience missing from allowedScopes pass (allow) or are reported (deny)."),
  associationsOnly: associationsOnlySetting,
});
export type AllowedScopesConfig = z.input<typeof allowedScopesConfigSchema>;

export const allowedScopes = grantsStackPolicy({
  name: "auth0-org-grants-allowed-scopes",
  description: "Client grants of an Auth0 Organization may hold only the scopes allowed for their audience.",
  enforcementLevel: "mandatory",
  config: allowedScopesConfigSchema,
  validate(view, config, _args, reportViolation) {
    const scope = checkAnyOrganizationRead(view, config.associationsOnly, reportViolation);
    for (const { judged, subject, organizationIds } of grantsToJudge(view, scope)) {
      const report = (text: string) => reportViolation(`${text}${judgedOn(scope, organizationIds)}`, judged.urn);
      const held = heldScopes(judged);
      if (held.state === "unknown") {
        reportAdvisory(reportViolation, declaredNotKnown(subject, held.fields), judged.urn);
        continue;
      }
      const { audience } = held;
      const allowedList = Object.hasOwn(config.allowedScopes, audience) ? config.allowedScopes[audience] : undefined;
      if (allowedList === undefined) {
        // Auth0 compares API identifiers exactly. A key that differs only by case or a trailing slash is a typo far more
        // often than a second API: passing the grant as unlisted would let the typo open the allowlist silently.
        const near = Object.keys(config.allowedScopes).filter((key) => nearlySameAudience(key, audience));
        if (near.length > 0) {
          report(
            `${subject} is for audience ${audience}, which has no entry in allowedScopes: the entry ${near.map((k) => JSON.stringify(k)).join(", ")} ` +
              `differs from it only by case or a trailing slash, and Auth0 compares API identifiers exactly, so it does not apply. ` +
              `Use the exact identifier as the key (or list both if both APIs exist).`,
          );
          continue;
        }
        if (config.unlistedAudiences === "deny") {
          report(`${subject} is for audience ${audience}, which has no entry in allowedScopes (unlistedAudiences is "deny").`);
        }
        continue;
      }
      const allowedText = allowedList.length > 0 ? allowedList.join(", ") : "none";
      if (held.allScopes) {
        report(`${subject} has allowAllScopes set, which grants every scope of audience ${audience}. Allowed: ${allowedText}.`);
        continue;
      }
      const allowed = new Set(allowedList);
      const extra = held.scopes.filter((scope) => !allowed.has(scope));
      if (extra.length === 0) continue;
      report(`${subject} holds scopes not allowed for audience ${audience}: ${extra.join(", ")}. Allowed: ${allowedText}.`);
    }
  },
});

