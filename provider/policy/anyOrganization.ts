// The grants that reach an organization without an association (allow_any_organization), as the grant rules see
// them. A listing read with includeAnyOrganization holds them, each `grantedVia: "anyOrganization"`, and the rules
// judge them like any other; one that applies to every organization is named once, with the organizations it was
// read for. Where no listing of an organization read them, a rule cannot say who can act for it: it reports that at
// its own level rather than pass, unless its configuration says to judge associations only (associationsOnly), and
// then its violations say so.
import type { ReportViolation } from "@pulumi/policy";
import { z } from "zod";
import type { ClientGrant } from "../core/schemas";
import type { ClientGrantsListing } from "./listing";
import { judgedSubject, quotedList, resourceLabel, shortList } from "./messages";
import type { GrantsView, JudgedGrant, ListedGrantView } from "./view";

/** The setting each rule about who can act for an organization takes. */
export const associationsOnlySetting = z
  .boolean()
  .default(false)
  .describe(
    "Judge only the grants associated with each organization. By default, an organization whose OrganizationClientGrants were read without includeAnyOrganization is reported (its grants that apply through allow_any_organization were not read); with true it is not, and the violations found there say they judged associations only.",
  );

/** Whether the listing holds the grants that apply to every organization. */
export function readsAnyOrganization(listing: ClientGrantsListing): boolean {
  return listing.result.includeAnyOrganization === true;
}

/** Whether the grant reaches its organization through allow_any_organization rather than an association. */
export function viaAnyOrganization(grant: Pick<ClientGrant, "grantedVia">): boolean {
  return grant.grantedVia === "anyOrganization";
}

/**
 * Reports, at the policy's level, every organization the stack reads none of whose listings read the grants that
 * apply to every organization. With `associationsOnly` nothing is reported; the answer is then those organizations,
 * whose violations say (with {@link judgedOn}) that only associations were judged.
 */
export function checkAnyOrganizationRead(view: GrantsView, associationsOnly: boolean, reportViolation: ReportViolation): ReadonlySet<string> {
  const unread = [...view.organizations].filter(([, { listings }]) => listings.length > 0 && !listings.some(readsAnyOrganization));
  if (associationsOnly) return new Set(unread.map(([organizationId]) => organizationId));
  for (const [organizationId, { listings }] of unread) {
    const names = listings.map((listing) => listing.name);
    const readers = names.length === 1 ? resourceLabel(names[0]!) : `OrganizationClientGrants ${quotedList(names)}`;
    reportViolation(
      `${readers} read${names.length === 1 ? "s" : ""} organization ${organizationId} without includeAnyOrganization: the client grants that apply to ` +
        `every organization of the tenant (allow_any_organization, with no association) were not read, so this policy has not judged them ` +
        `and a client may act for the organization through one. Set includeAnyOrganization: true on ${names.length === 1 ? "it" : "one of them"} ` +
        `(its token then needs read:client_grants as well), or set associationsOnly: true in this policy's configuration to judge the associated grants only.`,
      listings[0]!.urn,
    );
  }
  return new Set();
}

/** ` (Judged on ... only ...)` for a violation about an organization judged on associations only, else nothing. */
export function judgedOn(associationsOnly: ReadonlySet<string>, organizationIds: readonly (string | undefined)[]): string {
  const only = organizationIds.filter((id): id is string => id !== undefined && associationsOnly.has(id));
  if (only.length === 0) return "";
  return (
    ` (Judged on the grants associated with organization ${shortList(only)} only: associationsOnly is set, so the grants that apply ` +
    `through allow_any_organization were not read.)`
  );
}

/**
 * For a rule whose violation an unread grant could undo (a required grant may reach the organization through
 * allow_any_organization): what to add to a violation about an organization whose listings did not read them.
 */
export function unreadAnyOrganization(organizationId: string, listings: readonly ClientGrantsListing[], associationsOnly: boolean): string {
  if (listings.length === 0 || listings.some(readsAnyOrganization)) return "";
  if (associationsOnly) return judgedOn(new Set([organizationId]), [organizationId]);
  const names = listings.map((listing) => listing.name);
  const readers = names.length === 1 ? resourceLabel(names[0]!) : `OrganizationClientGrants ${quotedList(names)}`;
  return (
    ` The grants that apply to every organization of the tenant (allow_any_organization) were not read: ${readers} read${names.length === 1 ? "s" : ""} ` +
    `organization ${organizationId} without includeAnyOrganization, and the client may reach it through such a grant. Set ` +
    `includeAnyOrganization: true (its token then needs read:client_grants as well), or set associationsOnly: true in this policy's ` +
    `configuration to judge the associated grants only.`
  );
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
 */
export function grantsToJudge(view: GrantsView): GrantToJudge[] {
  const out: { judged: JudgedGrant; organizationIds: (string | undefined)[] }[] = [];
  const anyOrganization = new Map<string, { judged: ListedGrantView; organizationIds: string[] }>();
  for (const judged of view.grants) {
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
  return (
    `Grant ${grant.id} (client ${grant.clientId}, audience ${grant.audience}), which applies to every organization of the tenant ` +
    `through allow_any_organization, without an association (read for organization ${shortList(organizationIds)})`
  );
}
