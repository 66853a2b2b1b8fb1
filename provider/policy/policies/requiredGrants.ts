// Clients that must reach an API: each requirement names a client and an audience (and optionally scopes and an
// organization), and every organization the stack reads or associates grants with must grant it.
//
// A grant counts when the stack reads it (OrganizationClientGrants) or declares it and associates it with the
// organization (ClientGrant + OrganizationClientGrant). A grant holds the scopes it lists, or all of them with
// allowAllScopes. A listing read with filters only shows part of the organization, so absence proves something only
// where the filters could have let the grant through: no grantIds filter, and an audience and clientId filter that
// are unset or equal to the requirement's; declarations never prove absence (grants can be made elsewhere). When
// nothing the stack reads could show the grant, the requirement cannot be verified: that passes by default and is
// reported with requireVerification, and so is a requirement for an organization the stack neither reads nor declares.
import type { ReportViolation } from "@pulumi/policy";
import { z } from "zod";
import { audienceSchema, clientIdSchema, organizationIdSchema, type ClientGrant } from "../../core/schemas";
import { nearlySameAudience } from "../audience";
import { couldContain, listingFilters, type ClientGrantsListing } from "../listing";
import { declaredSubject, grantSubject, resourceLabel } from "../messages";
import { associationsOnlySetting, mayNotReach, unreadAnyOrganization, viaAnyOrganization } from "../anyOrganization";
import { heldScopes, holdsAll, type HeldScopes } from "../scopes";
import { grantsStackPolicy, declaredNotKnown, reportAdvisory } from "../validation";
import type { DeclaredGrantView, GrantsView, OrganizationView } from "../view";

const requirementSchema = z.strictObject({
  clientId: clientIdSchema.describe("The client that must hold the grant."),
  audience: audienceSchema.describe("The audience (API identifier) the grant must be for."),
  scopes: z.array(z.string().min(1)).optional().describe("Scopes the grant must include (it may hold more, or all with allowAllScopes)."),
  organizationId: organizationIdSchema
    .optional()
    .describe("Only this organization; every organization the stack reads or associates grants with when omitted."),
});

export const requiredGrantsConfigSchema = z.strictObject({
  requiredGrants: z
    .array(requirementSchema)
    .default([])
    .describe("Grants every organization the stack reads or associates grants with must contain."),
  requireVerification: z
    .boolean()
    .default(false)
    .describe(
      "Report a requirement that cannot be verified: nothing the stack reads could show the grant (every listing of the organization is filtered so that it could hide it, or the stack only declares grants for it), or the stack neither reads nor declares the organization a requirement names.",
    ),
  associationsOnly: associationsOnlySetting,
});
export type RequiredGrantsConfig = z.input<typeof requiredGrantsConfigSchema>;
type Requirement = z.output<typeof requirementSchema>;

type Candidate = {
  readonly subject: string;
  readonly held: Extract<HeldScopes, { state: "known" }>;
  readonly urn: string;
  readonly key: string;
  /** Read through allow_any_organization without organizationUsage: listed as reaching the organization, it may not. */
  readonly reachUnsure?: boolean;
};

export const requiredGrants = grantsStackPolicy({
  name: "auth0-org-grants-required-grants",
  description:
    "Given clients must hold a client grant for given audiences in the Auth0 Organizations the stack reads or associates grants with. " +
    "Without requireVerification, a requirement that the stack cannot verify (an organization it neither reads nor declares, or listings filtered so they could hide the grant) passes.",
  enforcementLevel: "mandatory",
  config: requiredGrantsConfigSchema,
  validate(view, config, _args, reportViolation) {
    config.requiredGrants.forEach((requirement, index) => {
      const where = `requiredGrants[${index}]`;
      const organizationIds = requirement.organizationId !== undefined ? [requirement.organizationId] : [...view.organizations.keys()];
      for (const organizationId of organizationIds) {
        const organization = view.organizations.get(organizationId);
        if (organization) judge(view, organizationId, organization, requirement, where, config, reportViolation);
        else notInStack(view, organizationId, requirement, where, config.requireVerification, reportViolation);
      }
    });
  },
});

function judge(
  view: GrantsView,
  organizationId: string,
  organization: OrganizationView,
  requirement: Requirement,
  where: string,
  config: Pick<RequiredGrantsConfig, "requireVerification" | "associationsOnly">,
  reportViolation: ReportViolation,
): void {
  const { requireVerification } = config;
  // A grant that applies through allow_any_organization counts as the organization's when a listing read it (unless
  // the configuration judges associations only); where none did, a missing grant may still reach the organization
  // that way, and the violation says so.
  const associationsOnly = config.associationsOnly === true;
  const unread = unreadAnyOrganization(organizationId, organization.listings, associationsOnly);
  const judging = organization.listings.filter((listing) => couldContain(listing.result, requirement));
  const declared = organization.grants.filter((g): g is DeclaredGrantView => g.kind === "declared");
  const declaredIds = new Set(declared.flatMap(({ grant }) => (grant.id === undefined ? [] : [grant.id])));
  const candidates: Candidate[] = [];
  const undecided: { text: string; urn: string }[] = [];
  for (const listing of judging) {
    for (const grant of judgedGrantsOf(listing, associationsOnly)) {
      if (grant.clientId !== requirement.clientId || grant.audience !== requirement.audience || declaredIds.has(grant.id)) continue;
      const held = { state: "known", audience: grant.audience, allScopes: grant.allowAllScopes === true, scopes: grant.scope } as const;
      candidates.push({ subject: grantSubject(organizationId, grant), held, urn: listing.urn, key: grant.id, reachUnsure: mayNotReach(grant) });
    }
  }
  for (const judged of declared) {
    const { grant } = judged;
    const unknownMatch = (["clientId", "audience"] as const).filter((field) => grant.unknown.has(field));
    if (unknownMatch.length > 0) {
      undecided.push({ text: declaredNotKnown(`${declaredSubject(judged)}, judged for ${where}`, unknownMatch), urn: judged.urn });
      continue;
    }
    if (grant.clientId !== requirement.clientId || grant.audience !== requirement.audience) continue;
    const held = heldScopes(judged);
    if (held.state === "unknown") undecided.push({ text: declaredNotKnown(`${declaredSubject(judged)}, judged for ${where}`, held.fields), urn: judged.urn });
    else candidates.push({ subject: declaredSubject(judged), held, urn: judged.urn, key: grant.urn });
  }

  // An association whose grant id is computed from several ClientGrants (a preview) may be the required grant.
  for (const { association } of view.declarations.associations) {
    if (association.organizationId !== organizationId || association.candidates === undefined) continue;
    undecided.push({
      text:
        `OrganizationClientGrant "${association.name}" associates with organization ${organizationId} a grant computed from several ` +
        `ClientGrant resources (${association.candidates.map((c) => JSON.stringify(c)).join(", ")}), judged for ${where} (client ` +
        `${requirement.clientId}, audience ${requirement.audience}): which one is known only after deployment. This policy checks it when the stack is deployed.`,
      urn: association.urn,
    });
  }

  const needed = requirement.scopes ?? [];
  if (candidates.some(({ held, reachUnsure }) => reachUnsure !== true && holdsAll(held, needed))) return;
  if (undecided.length > 0) {
    for (const { text, urn } of undecided) reportAdvisory(reportViolation, text, urn);
    return;
  }
  if (candidates.length === 0) {
    if (judging.length > 0) {
      const readers = judging.map((listing) => resourceLabel(listing.name)).join(", ");
      reportViolation(
        `Organization ${organizationId} has no client grant for client ${requirement.clientId} and audience ` +
          `${requirement.audience}, which ${where} requires (read by ${readers}).${nearMiss(judging, requirement, where, associationsOnly)}${unread}`,
        judging[0]!.urn,
      );
    } else if (requireVerification && !view.pendingOrganizations.has(organizationId)) {
      if (organization.listings.length > 0) reportViolation(unverifiable(organizationId, requirement, where, organization.listings), organization.listings[0]!.urn);
      else reportViolation(onlyDeclared(organizationId, requirement, where), associationOf(view, organizationId));
    }
    return;
  }
  const reported = new Set<string>();
  for (const { subject, held, urn, key, reachUnsure } of candidates) {
    if (reported.has(key)) continue;
    reported.add(key);
    if (reachUnsure === true && holdsAll(held, needed)) {
      reportViolation(
        `${subject} would meet ${where}, but it has no organizationUsage: the listing counts it as reaching the organization, yet Auth0 does ` +
          `not say whether a grant with allow_any_organization and no organizationUsage applies to organizations (@pulumi/auth0 documents ` +
          `"deny" as its default), so it may not. Set its organizationUsage to "allow" or "require", or associate the grant with the organization.${unread}`,
        urn,
      );
      continue;
    }
    const missing = needed.filter((scope) => !held.scopes.includes(scope));
    reportViolation(`${subject} lacks scopes that ${where} requires: ${missing.join(", ")}.${unread}`, urn);
  }
}

/** The grants of a listing the rule judges: with associationsOnly, not those read through allow_any_organization. */
function judgedGrantsOf(listing: ClientGrantsListing, associationsOnly: boolean): readonly ClientGrant[] {
  return associationsOnly ? listing.result.clientGrants.filter((grant) => !viaAnyOrganization(grant)) : listing.result.clientGrants;
}

/** ` Its grant cgr_1 is for audience X, which differs only by ...`: the likely typo behind a missing grant, if any. */
function nearMiss(listings: readonly ClientGrantsListing[], requirement: Requirement, where: string, associationsOnly: boolean): string {
  const near = listings
    .flatMap((listing) => judgedGrantsOf(listing, associationsOnly))
    .filter((grant) => grant.clientId === requirement.clientId && nearlySameAudience(grant.audience, requirement.audience));
  if (near.length === 0) return "";
  const grant = near[0]!;
  return (
    ` Its grant ${grant.id} is for audience ${grant.audience}, which differs only by case or a trailing slash: Auth0 compares ` +
    `API identifiers exactly. Check ${where}.audience.`
  );
}

/** A requirement pinned to an organization that nothing in the stack reads or associates grants with. */
function notInStack(
  view: GrantsView,
  organizationId: string,
  requirement: Requirement,
  where: string,
  requireVerification: boolean,
  reportViolation: ReportViolation,
): void {
  // Read in this run but not known yet (a preview), or malformed: already reported by the listing's note.
  if (view.pendingOrganizations.has(organizationId) || !requireVerification) return;
  if (view.unknownOrganization) {
    const urn = view.listings[0]?.urn ?? view.declarations.associations[0]?.association.urn;
    reportAdvisory(
      reportViolation,
      `Cannot tell yet whether this stack reads or associates grants with organization ${organizationId} (${where}): some ` +
        `organization ids are known only after deployment. This policy checks it when the stack is deployed.`,
      urn ?? "",
    );
    return;
  }
  reportViolation(
    `Cannot verify ${where}: this stack neither reads organization ${organizationId} (OrganizationClientGrants) nor ` +
      `associates grants with it (OrganizationClientGrant), so nothing shows whether client ${requirement.clientId} holds a ` +
      `grant for audience ${requirement.audience} there. Read the organization with OrganizationClientGrants, or check the organization id.`,
  );
}

function associationOf(view: GrantsView, organizationId: string): string | undefined {
  return view.declarations.associations.find(({ association }) => association.organizationId === organizationId)?.association.urn;
}

function onlyDeclared(organizationId: string, requirement: Requirement, where: string): string {
  return (
    `Cannot verify that client ${requirement.clientId} holds a grant for audience ${requirement.audience} in ` +
    `organization ${organizationId} (${where}): this stack associates grants with that organization but does not read it, ` +
    `and none of the grants it associates is that one. Read the organization with OrganizationClientGrants.`
  );
}

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
