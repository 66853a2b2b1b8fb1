// The package's public API: the function in both forms, the dynamic resource, the schemas (and the types they
// define), and the error classes.
export * from "./getOrganizationClientGrants";
export { OrganizationClientGrants, ORGANIZATION_CLIENT_GRANTS_TYPE, type OrganizationClientGrantsArgs } from "./resource/organizationClientGrants";
export { listClientGrants, type ListOptions, type ListProgress } from "./listClientGrants";
export {
  API_LIMITS,
  ORGANIZATION_USAGES,
  clientGrantSchema,
  clientGrantsResultSchema,
  connectionSchema,
  filtersSchema,
  tuningSchema,
  type ClientGrant,
  type ClientGrantsResult,
  type Connection,
  type Filters,
  type OrganizationUsage,
  type TuningInput,
} from "./schemas";
export * from "./errors";
export {
  CREDENTIAL_FIELDS,
  connectionLayer,
  environmentLayer,
  pulumiConfigLayer,
  resolveSettings,
  type CredentialField,
  type SettingsLayer,
} from "./credentials";
export { closeConnections } from "./http/transport";
