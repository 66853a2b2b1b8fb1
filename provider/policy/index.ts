// CrossGuard policies for the client grants of Auth0 Organizations: those the `OrganizationClientGrants` dynamic
// resource reads, and those a stack declares with @pulumi/auth0 (ClientGrant, OrganizationClientGrant). Import this module from a policy pack (`pulumi-auth0-org-grants/policy`), never from a Pulumi program:
// it needs @pulumi/policy. It does not construct a PolicyPack (one process may serve only one), the pack does.
import type { Policies } from "@pulumi/policy";
import { allowedOrganizationUsage } from "./policies/allowedOrganizationUsage";
import { allowedScopes } from "./policies/allowedScopes";
import { completeListing } from "./policies/completeListing";
import { maxGrantsPerOrganization } from "./policies/maxGrantsPerOrganization";
import { noAllowAnyOrganization } from "./policies/noAllowAnyOrganization";
import { readAfterAssociations } from "./policies/readAfterAssociations";
import { requiredGrants } from "./policies/requiredGrants";

export {
  ORGANIZATION_CLIENT_GRANTS_TYPE,
  isOrganizationClientGrants,
  readClientGrants,
  readClientGrantsInputs,
  type ClientGrantsInputsReading,
  type ClientGrantsReading,
  type MalformedReading,
  type UnknownReading,
} from "./readings";
export {
  couldContain,
  distinctGrants,
  isCompleteListing,
  listingFilters,
  listingsByOrganization,
  type ClientGrantsListing,
  type ListedGrant,
} from "./listing";
export {
  clientGrantsResourcePolicy,
  clientGrantsStackPolicy,
  grantsStackPolicy,
  validateOrganizationClientGrantsResource,
  validateOrganizationClientGrantsStack,
  validateGrantsView,
  validateDeclaredGrantResource,
  type ClientGrantsResourcePolicyArgs,
  type ClientGrantsResourceValidation,
  type ClientGrantsStackPolicyArgs,
  type GrantsStackPolicyArgs,
  type ClientGrantsStackValidation,
} from "./validation";
export {
  CLIENT_GRANT_TYPE,
  ORGANIZATION_CLIENT_GRANT_TYPE,
  isClientGrant,
  isOrganizationClientGrant,
  readDeclarations,
  readDeclaredGrant,
  type DeclaredAssociation,
  type DeclaredGrant,
  type Declarations,
} from "./declared";
export { buildView, type DeclaredGrantView, type GrantsView, type JudgedGrant, type ListedGrantView, type OrganizationView } from "./view";
export { heldScopes, holdsAll, type HeldScopes } from "./scopes";
export {
  anyOrganizationSubject,
  associationsOnlySetting,
  checkAnyOrganizationRead,
  grantsToJudge,
  isLeftOut,
  judgedOn,
  mayNotReach,
  readsAnyOrganization,
  unreadAnyOrganization,
  viaAnyOrganization,
  type AnyOrganizationScope,
  type GrantToJudge,
} from "./anyOrganization";
export { definePolicyConfig, type ConfigSource, type PolicyConfig } from "./policyConfig";
export { PolicyConfigurationError } from "./policyErrors";
export { declaredSubject, grantShort, grantSubject, judgedShort, judgedSubject } from "./messages";

export { allowedOrganizationUsage, allowedOrganizationUsageConfigSchema, type AllowedOrganizationUsageConfig } from "./policies/allowedOrganizationUsage";
export { allowedScopes, allowedScopesConfigSchema, type AllowedScopesConfig } from "./policies/allowedScopes";
export { completeListing, completeListingConfigSchema, type CompleteListingConfig } from "./policies/completeListing";
export { maxGrantsPerOrganization, maxGrantsPerOrganizationConfigSchema, type MaxGrantsPerOrganizationConfig } from "./policies/maxGrantsPerOrganization";
export { noAllowAnyOrganization, noAllowAnyOrganizationConfigSchema, type NoAllowAnyOrganizationConfig } from "./policies/noAllowAnyOrganization";
export { requiredGrants, requiredGrantsConfigSchema, type RequiredGrantsConfig } from "./policies/requiredGrants";
export { readAfterAssociations, readAfterAssociationsConfigSchema, type ReadAfterAssociationsConfig } from "./policies/readAfterAssociations";

/** Every policy of this module, for a pack that wants them all: `new PolicyPack("auth0", { policies: [...organizationClientGrantsPolicies] })`. */
export const organizationClientGrantsPolicies: Policies = [
  noAllowAnyOrganization,
  allowedOrganizationUsage,
  allowedScopes,
  requiredGrants,
  maxGrantsPerOrganization,
  completeListing,
  readAfterAssociations,
];
