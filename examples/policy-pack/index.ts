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
  requiredGrants,
} from "../../provider/policy";

new PolicyPack("auth0-org-grants", {
  description: "Gates deployments on the client grants of the Auth0 Organizations a stack reads.",
  policies: [
    // Rules about the grants themselves: judged on the outputs, after `OrganizationClientGrants` has read them.
    noAllowAnyOrganization,
    allowedOrganizationUsage,
    allowedScopes,
    requiredGrants,
    maxGrantsPerOrganization,
    // A rule about how the grants are read: judged on the inputs, before the resource is read.
    completeListing,
  ],
});
