// An example Pulumi program: the client grants of one Auth0 Organization, read both ways, one used by another
// resource, and exported as stack outputs. The top-level Pulumi.yaml runs it.
//
// Outside this repository, import from "pulumi-auth0-org-grants" instead of "../../provider".
//
//   pulumi config set organizationId org_W6dx7BlpYSJkf1mB
//   pulumi config set audience https://api.example.com/
//   pulumi config set auth0:domain tenant.eu.auth0.com
//   pulumi config set --secret auth0:apiToken ...     # or auth0:clientId + a secret auth0:clientSecret; with the
//                                                     # scopes read:organization_client_grants and read:client_grants
//   pulumi config set grantClientId abc...            # optional: also create a grant for this client (see 0.)
//   pulumi up
//
// The credentials reach the dynamic provider as stack config: the engine hands the stack's configuration to the
// provider's `configure` (secrets decrypted) in the provider process. They never pass through this program's
// resources, their inputs, or their state.
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { getOrganizationClientGrantsOutput, OrganizationClientGrants, type ClientGrant } from "../../provider";

const config = new pulumi.Config();
const organizationId = config.require("organizationId");
const audience = config.require("audience");

// 0. Optionally, a grant this stack manages itself with @pulumi/auth0, associated with the organization. The policy
//    pack judges it as declared (allowAnyOrganization on its inputs in the preview; scopes, organizationUsage and the
//    required grants with the organization's other grants). @pulumi/auth0 reads the same auth0:domain and credentials.
const grantClientId = config.get("grantClientId") || undefined;
const associations: auth0.OrganizationClientGrant[] = [];
if (grantClientId !== undefined) {
  const grant = new auth0.ClientGrant("example-grant", {
    clientId: grantClientId,
    audience,
    scopes: config.getObject<string[]>("grantScopes") ?? [],
    organizationUsage: "require",
    allowAnyOrganization: false,
  });
  // Linked by the grant's id: the association depends on the grant, and the policies follow that dependency.
  associations.push(new auth0.OrganizationClientGrant("example-grant-association", { organizationId, grantId: grant.id }));
}

// 1. As a resource: every grant that reaches the organization, held in state. `pulumi preview` reports when they
//    changed since the last deployment, `pulumi refresh` updates them, and policies can read them. A client reaches
//    an organization through a grant associated with it, or through one with allow_any_organization, which applies to
//    every organization without an association: `includeAnyOrganization: true` reads those too (one more listing per
//    tenant, with the scope read:client_grants), and each grant says which (`grantedVia`). The policy pack asks for it.
//    It depends on the associations this stack makes: in one `pulumi up` the engine orders resources by their
//    dependencies only, so without `dependsOn` it could read the organization before the association exists (the
//    pack's read-after-associations policy notes that case).
const orgGrants = new OrganizationClientGrants("org-grants", { organizationId, includeAnyOrganization: true }, { dependsOn: associations });

// 2. As a function: the grants for one API, computed while the program runs, not stored as a resource.
const apiGrants = getOrganizationClientGrantsOutput({ organizationId, audience });

// 3. Used by another resource: outputs are inputs like any other. Here a second resource keeps in state exactly the
//    grants the function found for the API, so a change to their scopes shows up in `pulumi preview`.
const apiGrantsInState = new OrganizationClientGrants("api-grants", {
  organizationId: orgGrants.organizationId,
  grantIds: apiGrants.clientGrants.apply((grants) => {
    // An empty list would mean "no filter", so it is refused by the schema; say plainly what is wrong instead.
    if (grants.length === 0) throw new Error(`Organization ${organizationId} has no client grant for the audience ${audience}.`);
    return grants.map((grant) => grant.id);
  }),
});

/** Each client's audiences, sorted, without repeats. */
function audiencesByClient(grants: readonly ClientGrant[]): Record<string, string[]> {
  const byClient = new Map<string, Set<string>>();
  for (const grant of grants) byClient.set(grant.clientId, (byClient.get(grant.clientId) ?? new Set()).add(grant.audience));
  return Object.fromEntries([...byClient].sort(([a], [b]) => a.localeCompare(b)).map(([client, audiences]) => [client, [...audiences].sort()]));
}

export const grantIds = orgGrants.clientGrants.apply((grants) => grants.map((grant) => grant.id));
export const grantCount = orgGrants.total;
export const audiencesPerClient = orgGrants.clientGrants.apply(audiencesByClient);
export const apiGrantIds = apiGrants.clientGrants.apply((grants) => grants.map((grant) => grant.id));
export const apiScopesByGrant = apiGrantsInState.clientGrants.apply((grants) => Object.fromEntries(grants.map((grant) => [grant.id, grant.scope])));
