// A grant with allow_any_organization lets its client act for every organization of the tenant through it, which
// defeats the point of scoping grants to organizations. The flag has no meaning outside organizations, so every
// ClientGrant the stack declares is judged, on its inputs, before it exists (`pulumi preview` stops it); the grants
// the stack reads are judged on the stack's outputs.
import { z } from "zod";
import { declaredClient, declaredGrantLabel, grantSubject } from "../messages";
import { grantsStackPolicy, declaredNotKnown, reportAdvisory, validateDeclaredGrantResource } from "../validation";
import { listedGrants } from "../view";

export const noAllowAnyOrganizationConfigSchema = z.strictObject({
  exemptClientIds: z
    .array(z.string().min(1))
    .default([])
    .describe("Clients allowed to hold grants with allowAnyOrganization, such as a tenant-wide back office."),
});
export type NoAllowAnyOrganizationConfig = z.input<typeof noAllowAnyOrganizationConfigSchema>;

const NAME = "auth0-org-grants-no-allow-any-organization";

const stackPolicy = grantsStackPolicy({
  name: NAME,
  description:
    "Client grants of an Auth0 Organization must not set allowAnyOrganization: such a grant lets its client act for every organization of the tenant.",
  enforcementLevel: "mandatory",
  config: noAllowAnyOrganizationConfigSchema,
  validate(view, config, _args, reportViolation) {
    const exempt = new Set(config.exemptClientIds);
    // A grant the stack declares is judged on its inputs (validateResource), from what the deployment makes it.
    const declaredIds = new Set(view.declarations.grants.flatMap((grant) => (grant.id === undefined ? [] : [grant.id])));
    for (const { organizationId, grant, urn } of listedGrants(view)) {
      // Auth0 reads a missing allow_any_organization as false.
      if (grant.allowAnyOrganization !== true || exempt.has(grant.clientId) || declaredIds.has(grant.id)) continue;
      reportViolation(
        `${grantSubject(organizationId, grant)} has allowAnyOrganization set: client ${grant.clientId} can use it for ` +
          `any organization of the tenant, not only ${organizationId}. Turn allow_any_organization off, or add ` +
          `${grant.clientId} to exemptClientIds.`,
        urn,
      );
    }
  },
});

export const noAllowAnyOrganization = {
  ...stackPolicy,
  validateResource: validateDeclaredGrantResource(NAME, noAllowAnyOrganizationConfigSchema, (grant, config, args, reportViolation) => {
    const subject = `${declaredGrantLabel(grant.name)} (client ${declaredClient(grant)}, audience ${grant.audience ?? "known only after deployment"})`;
    if (grant.unknown.has("allowAnyOrganization")) {
      reportAdvisory(reportViolation, declaredNotKnown(subject, ["allowAnyOrganization"]), args.urn);
      return;
    }
    if (grant.allowAnyOrganization !== true) return;
    if (grant.clientId !== undefined && config.exemptClientIds.includes(grant.clientId)) return;
    if (grant.unknown.has("clientId") && config.exemptClientIds.length > 0) {
      // Whether the client is exempt is known only once its id is.
      reportAdvisory(reportViolation, declaredNotKnown(`${subject} sets allowAnyOrganization; whether its client is exempt`, ["clientId"]), args.urn);
      return;
    }
    const client = grant.clientId ?? declaredClient(grant);
    reportViolation(
      `${subject} sets allowAnyOrganization: client ${client} can use it for any organization of the tenant, not only ` +
        `those it is associated with. Set allowAnyOrganization to false, or add the client to exemptClientIds.`,
      args.urn,
    );
  }),
};
