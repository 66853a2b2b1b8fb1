// Wording shared by every violation, so that each one names the organization, the grant, the client and the audience
// the same way and a reader can search the output for any of them.
import type { ClientGrant } from "../core/schemas";
import type { DeclaredGrant } from "./declared";
import { viaAnyOrganization } from "./listing";
import type { DeclaredGrantView, JudgedGrant } from "./view";

type NamedGrant = Pick<ClientGrant, "id" | "clientId" | "audience" | "grantedVia">;

/** `; through allow_any_organization` for a grant that reaches the organization without an association. */
const via = (grant: NamedGrant) => (viaAnyOrganization(grant) ? "; through allow_any_organization, without an association" : "");

/** `Grant cgr_1 of organization org_1 (client abc, audience https://api.example.com/)` */
export function grantSubject(organizationId: string, grant: NamedGrant): string {
  return `Grant ${grant.id} of organization ${organizationId} (client ${grant.clientId}, audience ${grant.audience}${via(grant)})`;
}

/** `cgr_1 (client abc, audience https://api.example.com/)` */
export function grantShort(grant: NamedGrant): string {
  return `${grant.id} (client ${grant.clientId}, audience ${grant.audience}${via(grant)})`;
}

/** `"a", "b"` for enum-like values. */
export function quotedList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** `a, b and 3 more`: long lists stay readable in a terminal. */
export function shortList(values: readonly string[], max = 10): string {
  if (values.length <= max) return values.join(", ");
  return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

/** A resource as the program named it. */
export function resourceLabel(name: string): string {
  return `OrganizationClientGrants "${name}"`;
}

/** A declared grant as the program named it. */
export function declaredGrantLabel(name: string): string {
  return `ClientGrant "${name}"`;
}

const LATER = "known only after deployment";

/** The client of a declared grant: its id, the group it is the default for, or that it is not known yet. */
export function declaredClient(grant: DeclaredGrant): string {
  if (grant.clientId !== undefined) return grant.clientId;
  if (grant.defaultFor !== undefined) return `default for ${grant.defaultFor}`;
  return grant.unknown.has("clientId") ? LATER : "none";
}

function declaredAudience(grant: DeclaredGrant): string {
  return grant.audience ?? (grant.unknown.has("audience") ? LATER : "none");
}

/**
 * `ClientGrant "billing" (grant cgr_1) of organization org_1 (client abc, audience https://api.example.com/;
 * associated by OrganizationClientGrant "billing-acme")`: the resource, the organization, the client and the audience.
 */
export function declaredSubject(view: Pick<DeclaredGrantView, "grant" | "association" | "organizationId">): string {
  const { grant, association } = view;
  const id = grant.id !== undefined ? ` (grant ${grant.id})` : "";
  const organization = view.organizationId ?? `${LATER} (from OrganizationClientGrant "${association.name}")`;
  return (
    `${declaredGrantLabel(grant.name)}${id} of organization ${organization} (client ${declaredClient(grant)}, ` +
    `audience ${declaredAudience(grant)}; associated by OrganizationClientGrant "${association.name}")`
  );
}

/** The subject of any judged grant: read ones as before, declared ones naming their resources. */
export function judgedSubject(judged: JudgedGrant): string {
  return judged.kind === "listed" ? grantSubject(judged.organizationId, judged.grant) : declaredSubject(judged);
}

/** A judged grant in a list: `cgr_1 (client abc, audience x)` or `ClientGrant "billing" (client abc, audience x)`. */
export function judgedShort(judged: JudgedGrant): string {
  if (judged.kind === "listed") return grantShort(judged.grant);
  const { grant } = judged;
  return `${declaredGrantLabel(grant.name)} (client ${declaredClient(grant)}, audience ${declaredAudience(grant)})`;
}
