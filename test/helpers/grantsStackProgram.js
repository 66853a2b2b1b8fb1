// A Pulumi program for the policy tests, run by pulumiProgramChild.js (`capture`): it registers REAL @pulumi/auth0
// resources (ClientGrant, OrganizationClientGrant, and Client or Organization when a test wants ids that are not
// known in a preview) and OrganizationClientGrants from the compiled package, as the stack config `scenario` says.
// References between them are real Outputs, so the dependencies the engine would see come from the SDK itself.
//
// scenario: {
//   clients?: string[], organizations?: string[],                         resources whose ids are known only once created
//   existing?: [{ name, id, state }],                                       grants read with ClientGrant.get
//   grants?: [{ name, clientId? | client?, audience, scopes?, allowAnyOrganization?, allowAllScopes?, organizationUsage?, ... }],
//   associations?: [{ name, organizationId? | organization?, grantId? | grant? | pickFrom?: string[], dependsOn?: string[] }],
//   reads?: [{ name, organizationId? | organization?, audience?, clientId?, grantIds?, includeAnyOrganization?, dependsOn?: string[] }],
// }
/* global __dirname */
"use strict";
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const auth0 = require("@pulumi/auth0");
const { OrganizationClientGrants } = require(path.join(__dirname, "..", "..", "dist", "provider", "index.js"));

const scenario = new pulumi.Config().requireObject("scenario");
const byName = new Map();
const add = (name, resource) => {
  byName.set(name, resource);
  return resource;
};
const ref = (name) => {
  const resource = byName.get(name);
  if (!resource) throw new Error(`the scenario refers to ${name}, declared nowhere before`);
  return resource;
};
const dependsOn = (names) => (names ? { dependsOn: names.map(ref) } : undefined);

for (const name of scenario.clients ?? []) add(name, new auth0.Client(name, { name, appType: "non_interactive" }));
for (const name of scenario.organizations ?? []) add(name, new auth0.Organization(name, { name }));

// Grants made elsewhere, read with ClientGrant.get: their state is what the provider reads (here, the scenario's).
for (const { name, id, state } of scenario.existing ?? []) add(name, auth0.ClientGrant.get(name, id, state));

for (const { name, client, ...args } of scenario.grants ?? []) {
  add(name, new auth0.ClientGrant(name, { ...args, ...(client ? { clientId: ref(client).id } : {}) }));
}

for (const { name, organization, organizationId, grant, grantId, pickFrom, dependsOn: after } of scenario.associations ?? []) {
  const args = {
    organizationId: organization ? ref(organization).id : organizationId,
    // pickFrom: the first of several grants' ids, computed from all of them (as a component's map of ids would be).
    grantId: grant ? ref(grant).id : pickFrom ? pulumi.all(pickFrom.map((g) => ref(g).id)).apply((ids) => ids[0]) : grantId,
  };
  add(name, new auth0.OrganizationClientGrant(name, args, dependsOn(after)));
}

for (const { name, organization, organizationId, dependsOn: after, ...filters } of scenario.reads ?? []) {
  const args = { organizationId: organization ? ref(organization).id : organizationId, ...filters };
  add(name, new OrganizationClientGrants(name, args, dependsOn(after)));
}

// Exporting every URN makes the run wait until each registration is answered, as the engine would.
module.exports = { urns: [...byName.values()].map((resource) => resource.urn) };
