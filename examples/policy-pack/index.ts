// An example policy pack over the client grants of Auth0 Organizations. Outside this repository, import the policies
// from "pulumi-auth0-org-grants/policy" and give the pack its own package.json (see "The example pack" in docs/policies.md).
//
// The rules themselves live in policy configuration, not here: see policy-config.json next to this file.
import { PolicyPack } from "@pulumi/policy";
import {
  allowedOrganizationUsage,
  allowedScopes,
  completeListing,
  maxGrantsPerOrganization,
  noAllowAnyOrganization,
  readAfterAssociations,
  requiredGrants,
} from "../../provider/policy";

new PolicyPack("auth0-org-grants", {
  description: "Gates deployments on the client grants of the Auth0 Organizations a stack reads or declares.",
  policies: [
    // Rules about the grants themselves. They judge the grants the stack reads (OrganizationClientGrants, on the
    // stack's outputs) and the grants it declares and associates with an organization (@pulumi/auth0 ClientGrant and
    // OrganizationClientGrant). no-allow-any-organization also judges every ClientGrant's inputs, so a preview stops it.
    // Who can act for an organization includes the grants with allow_any_organization, which need no association:
    // each of these rules reports an organization read without includeAnyOrganization: true, unless its configuration
    // sets associationsOnly, which judges the associated grants only (policy-config.json shows the setting, off).
    noAllowAnyOrganization,
    allowedOrganizationUsage,
    allowedScopes,
    requiredGrants,
    maxGrantsPerOrganization,
    // Rules about how the grants are read: the filters of each OrganizationClientGrants (its inputs), and whether it
    // reads after the associations the same deployment makes (the stack's dependencies).
    completeListing,
    readAfterAssociations,
  ],
});
