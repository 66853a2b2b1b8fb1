// The grants that reach an organization without an association (allow_any_organization), as the grant rules see
// them. A listing read with includeAnyOrganization holds them, each `grantedVia: "anyOrganization"`, and the rules
// judge them like any other; one that applies to every organization is named once, with the organizations it was
// read for. Where no listing of an organization read them, a rule cannot say who can act for it: it reports that at
// its own level rather than pass. A rule configured with associationsOnly judges the associated grants only: it
// leaves those grants out wherever they were read, reports nothing where they were not, and its violations say so.
import type { ReportViolation } from "@pulumi/policy";
import { z } from "zod";
import type { ClientGrant, OrganizationUsage } from "../core/schemas";
import { readsAnyOrganization, viaAnyOrganization, type ClientGrantsListing } from "./listing";
import { judgedSubject, quotedList, resourceLabel, shortList } from "./messages";
import type { GrantsView, JudgedGrant, ListedGrantView } from "./view";

export { readsAnyOrganization, viaAnyOrganization };

/** The setting each rule about who can act for an organization takes. */
export const associationsOnlySetting = z
  .boolean()
  .default(false)
  .describe(
    "Judge only the grants associated with each organization. By default, the grants a listing read through allow_any_organization (includeAnyOrganization) are judged too, and an organization whose OrganizationClientGrants were read without includeAnyOrganization is reported (those grants were not read); with true, those grants are left out and that organization is not reported, and the violations found in an organization the stack reads say they judged associations only. A ClientGrant the stack declares is judged either way.",
  );

/**
 * Whether the grant reaches its organization through allow_any_organization with no organizationUsage. The listing
 * counts it as reaching (a gate that shows a grant which may reach raises a visible false alarm; one that leaves it
 * out passes in silence), but Auth0 does not say how an unset value applies, and @pulumi/auth0 documents "deny" as the
 * default of the grants it creates: it may not reach the organization either. The rules take neither for granted: a
 * grant that would have to reach the organization to break a rule is judged as one that does (allowed-organization-
 * usage), one that would have to reach it to meet a rule does not meet it (required-grants).
 */
export function mayNotReach(grant: Pick<ClientGrant, "grantedVia" | "organizationUsage">): boolean {
  return viaAnyOrganization(grant) && grant.organizationUsage === undefined;
}

/** The organizationUsage values with which a grant with allow_any_organization reaches organizations. */
export const REACHING_USAGES = ["allow", "require"] as const satisfies readonly OrganizationUsage[];

/**
 * How a rule judged the grants that apply through allow_any_organization, by organization: {@link judgedOn} words it.
 */
export interface AnyOrganizationScope {
  /** The organizations the stack reads that the rule judges on their associated grants only (associationsOnly). */
  readonly associationsOnly: ReadonlySet<string>;
  /** The organizations the stack reads none of whose listings read the grants that apply to every organization. */
  readonly unread: ReadonlySet<string>;
}

/**
 * Reports, at the policy's level, every organization the stack reads none of whose listings read the grants that
 * apply to every organization. With `associationsOnly` nothing is reported, and every organization the stack reads is
 * judged on its associated grants only ({@link grantsToJudge} and {@link isLeftOut} leave the others out, and
 * {@link judgedOn} says so in the violations).
 */
export function checkAnyOrganizationRead(view: GrantsView, associationsOnly: boolean, reportViolation: ReportViolation): AnyOrganizationScope {
  const read = [...view.organizations].filter(([, { listings }]) => listings.length > 0);
  const unread = read.filter(([, { listings }]) => !listings.some(readsAnyOrganization));
  const scope = { unread: new Set(unread.map(([organizationId]) => organizationId)) };
  if (associationsOnly) return { ...scope, associationsOnly: new Set(read.map(([organizationId]) => organizationId)) };
  for (const [organizationId, { listings }] of unread) {
    reportViolation(
      `${readWithout(listings, organizationId)}: the client grants that apply to ` +
        `every organization of the tenant (allow_any_organization, with no association) were not read, so this policy has not judged them ` +
        `and a client may act for the organization through one. Set includeAnyOrganization: true on ${listings.length === 1 ? "it" : "one of them"} ` +
        `(its token then needs read:client_grants as well), or set associationsOnly: true in this policy's configuration to judge the associated grants only.`,
      listings[0]!.urn,
    );
  }
  return { ...scope, associationsOnly: new Set() };
}

/** Whether the rule leaves the grant out: read through allow_any_organization in an organization judged on associations only. */
export function isLeftOut(scope: AnyOrganizationScope, judged: JudgedGrant): boolean {
  return judged.kind === "listed" && viaAnyOrganization(judged.grant) && scope.associationsOnly.has(judged.organizationId);
}

/** ` (Judged on ... only ...)` for a violation about an organization judged on associations only, else nothing. */
export function judgedOn(scope: AnyOrganizationScope, organizationIds: readonly (string | undefined)[]): string {
  const only = organizationIds.filter((id): id is string => id !== undefined && scope.associationsOnly.has(id));
  return associationsOnlyNote(only, only.every((id) => scope.unread.has(id)) ? "not read" : "left out");
}

function associationsOnlyNote(organizationIds: readonly string[], anyOrganization: "not read" | "left out"): string {
  if (organizationIds.length === 0) return "";
  return (
    ` (Judged on the grants associated with organization ${shortList(organizationIds)} only: associationsOnly is set, so the grants that apply ` +
    `through allow_any_organization were ${anyOrganization}.)`
  );
}

/**
 * For a rule whose violation an unread grant could undo (a required grant may reach the organization through
 * allow_any_organization): what to add to a violation about an organization whose listings did not read them, or,
 * with associationsOnly, about any organization the stack reads.
 */
export function unreadAnyOrganization(organizationId: string, listings: readonly ClientGrantsListing[], associationsOnly: boolean): string {
  if (listings.length === 0) return "";
  const read = listings.some(readsAnyOrganization);
  if (associationsOnly) return associationsOnlyNote([organizationId], read ? "left out" : "not read");
  if (read) return "";
  return (
    ` The grants that apply to every organization of the tenant (allow_any_organization) were not read: ${readWithout(listings, organizationId)}, ` +
    `and the client may reach it through such a grant. Set ` +
    `includeAnyOrganization: true (its token then needs read:client_grants as well), or set associationsOnly: true in this policy's ` +
    `configuration to judge the associated grants only.`
  );
}

/** `OrganizationClientGrants "a" reads organization org_1 without includeAnyOrganization` (or the names of several). */
function readWithout(listings: readonly ClientGrantsListing[], organizationId: string): string {
  const names = listings.map((listing) => listing.name);
  const readers = names.length === 1 ? `${resourceLabel(names[0]!)} reads` : `OrganizationClientGrants ${quotedList(names)} read`;
  return `${readers} organization ${organizationId} without includeAnyOrganization`;
}

/** A grant as a rule judges it: with the words that name it and every organization it was judged for. */
export interface GrantToJudge {
  readonly judged: JudgedGrant;
  readonly subject: string;
  readonly organizationIds: readonly (string | undefined)[];
}

/**
 * The view's grants, each named once: a grant that applies through allow_any_organization is the same grant in every
 * organization that read it, so it is judged once, naming those organizations, and reported where it was first read.
 * Without those the `scope` leaves out (associationsOnly); every grant when it is not given.
 */
export function grantsToJudge(view: GrantsView, scope?: AnyOrganizationScope): GrantToJudge[] {
  const out: { judged: JudgedGrant; organizationIds: (string | undefined)[] }[] = [];
  const anyOrganization = new Map<string, { judged: ListedGrantView; organizationIds: string[] }>();
  for (const judged of view.grants) {
    if (scope !== undefined && isLeftOut(scope, judged)) continue;
    if (judged.kind === "listed" && viaAnyOrganization(judged.grant)) {
      const seen = anyOrganization.get(judged.grant.id);
      if (seen) {
        seen.organizationIds.push(judged.organizationId);
        continue;
      }
      const entry = { judged, organizationIds: [judged.organizationId] };
      anyOrganization.set(judged.grant.id, entry);
      out.push(entry);
      continue;
    }
    out.push({ judged, organizationIds: [judged.organizationId] });
  }
  return out.map(({ judged, organizationIds }) => ({
    judged,
    organizationIds,
    subject: judged.kind === "listed" && viaAnyOrganization(judged.grant) ? anyOrganizationSubject(judged.grant, organizationIds as string[]) : judgedSubject(judged),
  }));
}

/** `Grant cgr_1 (client abc, audience x), which applies to every organization ... (read for organization org_1)` */
export function anyOrganizationSubject(grant: Pick<ClientGrant, "id" | "clientId" | "audience">, organizationIds: readonly string[]): string {
  return `Grant ${grant.id} (client ${grant.clientId}, audience ${grant.audience}), ${appliesToEveryOrganization(organizationIds)}`;
}

/** `which applies to every organization ... (read for organization org_1)`: how a subject of such a grant ends. */
export function appliesToEveryOrganization(organizationIds: readonly string[]): string {
  return `which applies to every organization of the tenant through allow_any_organization, without an association (read for organization ${shortList(organizationIds)})`;
}
