// Wording shared by every violation, so that each one names the organization, the grant, the client and the audience
// the same way and a reader can search the output for any of them.
import type { ClientGrant } from "../schemas";

/** `Grant cgr_1 of organization org_1 (client abc, audience https://api.example.com/)` */
export function grantSubject(organizationId: string, grant: Pick<ClientGrant, "id" | "clientId" | "audience">): string {
  return `Grant ${grant.id} of organization ${organizationId} (client ${grant.clientId}, audience ${grant.audience})`;
}

/** `cgr_1 (client abc, audience https://api.example.com/)` */
export function grantShort(grant: Pick<ClientGrant, "id" | "clientId" | "audience">): string {
  return `${grant.id} (client ${grant.clientId}, audience ${grant.audience})`;
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
