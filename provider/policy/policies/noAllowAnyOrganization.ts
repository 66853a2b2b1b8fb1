// A grant with allow_any_organization lets its client act for every organization of the tenant through it, which
// defeats the point of scoping grants to organizations. The flag has no meaning outside organizations, so every
// ClientGrant the stack declares is judged, on its inputs, before it exists (`pulumi preview` stops it); the grants
// the stack reads, and the declared grants it associates with an organization (a grant read with ClientGrant.get is
// never analyzed on its inputs), are judged on the stack's outputs.
import { z } from "zod";
import type { DeclaredGrant } from "../declared";
import { appliesToEveryOrganization, associationsOnlySetting, checkAnyOrganizationRead, grantsToJudge, isLeftOut, judgedOn, viaAnyOrganization } from "../anyOrganization";
import { declaredClient, declaredGrantLabel, judgedSubject, resourceLabel } from "../messages";
import { grantsStackPolicy, declaredNotKnown, reportAdvisory, validateDeclaredGrantResource } from "../validation";

export const noAllowAnyOrganizationConfigSchema = z.strictObject({
  exemptClientIds: z
    .array(z.string().min(1))
    .default([])
    .describe("Clients allowed to hold grants with allowAnyOrganization, such as a tenant-wide back office."),
  associationsOnly: associationsOnlySetting,
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
    // Declared grants are fixed in the program (allowAnyOrganization), grants only read in Auth0 (allow_any_organization).
    const tail = (client: string, organizationId: string | undefined, fix = "Set allowAnyOrganization to false") =>
      `has allowAnyOrganization set: client ${client} can use it for any organization of the tenant, not only ` +
      `${organizationId ?? "the organizations it is associated with"}. ${fix}, or add ${client} to exemptClientIds.`;
    // A declared grant is judged on its inputs (validateResource) before it is made, and here again on its state:
    // the engine never hands a grant read with ClientGrant.get to Analyze, yet the stack may associate it with an
    // organization. A value not known yet (a preview) is left to validateResource's note and to the update.
    for (const judged of view.grants) {
      // Whichever organization the association names (even one not known yet), the flag is the same.
      if (judged.kind !== "declared" || !setsAllowAny(judged.grant, exempt)) continue;
      reportViolation(`${judgedSubject(judged)} ${tail(declaredClient(judged.grant), judged.organizationId)}`, judged.urn);
    }
    // A grant a listing holds that the stack also declares (made or read with get) is judged as it is declared: the
    // deployment makes it so, while the listing may have been read before the change.
    const declaredById = new Map(view.declarations.grants.flatMap((grant) => (grant.id === undefined ? [] : [[grant.id, grant] as const])));
    const scope = checkAnyOrganizationRead(view, config.associationsOnly, reportViolation);
    // Every grant, those associationsOnly leaves out included: a ClientGrant the stack declares is judged whatever that
    // setting says, as on its inputs.
    for (const { judged, subject, organizationIds } of grantsToJudge(view)) {
      if (judged.kind !== "listed") continue;
      const { organizationId, grant, urn } = judged;
      const declared = declaredById.get(grant.id);
      // A grant read through allow_any_organization applies to every organization: it is reported once, naming them.
      if (viaAnyOrganization(grant)) {
        if (declared !== undefined) {
          if (!setsAllowAny(declared, exempt)) continue;
          const declaredSubject =
            `${declaredGrantLabel(declared.name)} (grant ${grant.id}, client ${declaredClient(declared)}, audience ${declared.audience ?? grant.audience}), ` +
            appliesToEveryOrganization(organizationIds as string[]);
          reportViolation(`${declaredSubject}: ${anyOrganizationTail(declaredClient(declared), "Set allowAnyOrganization to false")}`, declared.urn);
          continue;
        }
        if (isLeftOut(scope, judged) || exempt.has(grant.clientId)) continue;
        reportViolation(`${subject}: ${anyOrganizationTail(grant.clientId, "Turn allow_any_organization off")}`, urn);
        continue;
      }
      const only = judgedOn(scope, [organizationId]);
      if (declared !== undefined) {
        if (!setsAllowAny(declared, exempt)) continue;
        const declaredSubject = `${declaredGrantLabel(declared.name)} (grant ${grant.id}) of organization ${organizationId} (client ${declaredClient(declared)}, audience ${declared.audience ?? grant.audience}; read by ${resourceLabel(judged.listing.name)})`;
        reportViolation(`${declaredSubject} ${tail(declaredClient(declared), organizationId)}${only}`, declared.urn);
        continue;
      }
      // Auth0 reads a missing allow_any_organization as false.
      if (grant.allowAnyOrganization !== true || exempt.has(grant.clientId)) continue;
      reportViolation(`${subject} ${tail(grant.clientId, organizationId, "Turn allow_any_organization off")}${only}`, urn);
    }
  },
});

/** What a grant that applies to every organization lets its client do, and the two ways out. */
function anyOrganizationTail(client: string, fix: string): string {
  return `client ${client} can act for any organization of the tenant through it. ${fix}, or add ${client} to exemptClientIds.`;
}

/** Whether a declared grant's known state sets allowAnyOrganization for a client that is not exempt. */
function setsAllowAny(grant: DeclaredGrant, exempt: ReadonlySet<string>): boolean {
  if (grant.allowAnyOrganization !== true) return false;
  if (grant.clientId !== undefined) return !exempt.has(grant.clientId);
  // A client id not known yet may be exempt: validateResource notes it, and the update judges it.
  return !(grant.unknown.has("clientId") && exempt.size > 0);
}

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
