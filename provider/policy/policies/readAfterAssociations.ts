// Within one `pulumi up`, the engine runs resources in dependency order and nothing else: an OrganizationClientGrants
// that reads an organization while the same deployment associates grants with it (OrganizationClientGrant) may read
// before the associations exist, or after they are gone, unless it depends on them. Its state, and every rule that
// judges it, would then describe the organization as it was. This policy notes the case the stack shows.
import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { quotedList, resourceLabel } from "../messages";
import { isOrganizationClientGrants, snapshot } from "../readings";
import { grantsStackPolicy } from "../validation";

export const readAfterAssociationsConfigSchema = z.strictObject({});
export type ReadAfterAssociationsConfig = z.input<typeof readAfterAssociationsConfigSchema>;

export const readAfterAssociations = grantsStackPolicy({
  name: "auth0-org-grants-read-after-associations",
  description:
    "An OrganizationClientGrants that reads an organization the stack associates grants with should depend on those associations (dependsOn), so that it reads after they are made; a grant the stack associates should be declared or read, so that the grant policies can judge it.",
  enforcementLevel: "advisory",
  config: readAfterAssociationsConfigSchema,
  judgesGrants: false,
  validate(view, _config, args, reportViolation) {
    const associations = view.declarations.associations.map(({ association }) => association);
    if (associations.length === 0) return;
    // An association of a grant the stack does not declare is judged only through what the stack reads of the
    // organization. Where it reads nothing that holds the grant, every grant rule passes it unseen: say so.
    for (const { association, grants } of view.declarations.associations) {
      const { organizationId, grantId } = association;
      if (association.candidates !== undefined) {
        reportViolation(
          `OrganizationClientGrant "${association.name}" associates with organization ${organizationId ?? "(known only after deployment)"} a ` +
            `grant whose id is computed from several ClientGrant resources (${quotedList(association.candidates)}): which one is known ` +
            `only after deployment, so the grant policies judge it when the stack is deployed.`,
          association.urn,
        );
        continue;
      }
      if (grants.length > 0 || organizationId === undefined || view.pendingOrganizations.has(organizationId)) continue;
      const read = view.organizations.get(organizationId)?.grants.some((g) => g.kind === "listed" && g.grant.id === grantId) ?? false;
      if (read) continue;
      reportViolation(
        `OrganizationClientGrant "${association.name}" associates grant ${grantId ?? "(id known only after deployment)"} with organization ` +
          `${organizationId}, but this stack neither declares that grant (ClientGrant) nor reads it in the organization ` +
          `(OrganizationClientGrants), so no grant policy can judge its client, audience, scopes or flags. Read the organization ` +
          `with OrganizationClientGrants, with the association in its dependsOn.`,
        association.urn,
      );
    }
    for (const reader of args.resources.filter(isOrganizationClientGrants)) {
      const { value } = snapshot(reader.props);
      const organizationId = typeof value.organizationId === "string" ? value.organizationId : undefined;
      const source = single(reader.propertyDependencies?.organizationId);
      const same = associations.filter(
        (a) => (organizationId !== undefined && a.organizationId === organizationId) || (source !== undefined && a.organizationSource === source),
      );
      const reached = dependencyClosure(reader);
      const missing = same.filter((a) => !reached.has(a.urn));
      if (missing.length === 0) continue;
      const organization = organizationId ?? "(known only after deployment)";
      reportViolation(
        `${resourceLabel(reader.name)} reads organization ${organization} without depending on the OrganizationClientGrant ` +
          `resources this stack associates with it: ${quotedList(missing.map((a) => a.name))}. In one pulumi up it can read the ` +
          `organization before they are made (or after they are removed), and the grant policies then judge what it was. ` +
          `Add them to its dependsOn.`,
        reader.urn,
      );
    }
  },
});

function single(resources: readonly PolicyResource[] | undefined): string | undefined {
  return resources !== undefined && resources.length === 1 ? resources[0]!.urn : undefined;
}

/** Every resource `resource` depends on, directly or through others (dependsOn, inputs, and their own dependencies). */
function dependencyClosure(resource: PolicyResource): Set<string> {
  const seen = new Set<string>();
  const queue: PolicyResource[] = [resource];
  while (queue.length > 0) {
    const next = queue.pop()!;
    const direct = [...(next.dependencies ?? []), ...Object.values(next.propertyDependencies ?? {}).flat()];
    for (const dependency of direct) {
      if (seen.has(dependency.urn)) continue;
      seen.add(dependency.urn);
      queue.push(dependency);
    }
  }
  return seen;
}
