// The package's public API: the function in both forms, the dynamic resource, the listing itself, the schemas (and
// the types they define), the error classes and the credential layers. Outside a Pulumi program, `listClientGrants`
// and `pulumiConfigLayer` read no Pulumi config unless PULUMI_CONFIG is set, as before.
export * from "./function/getOrganizationClientGrants";
export { OrganizationClientGrants, ORGANIZATION_CLIENT_GRANTS_TYPE, type OrganizationClientGrantsArgs } from "./dynamicResource/organizationClientGrants";
export { listWithProgramConfig as listClientGrants, programConfigLayer as pulumiConfigLayer } from "./shared/pulumiConfig";
export type { ListOptions, ListProgress } from "./core/listClientGrants";
export {
  API_LIMITS,
  GRANTED_VIA,
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
  type GrantedVia,
  type OrganizationUsage,
  type TuningInput,
} from "./core/schemas";
export * from "./core/errors";
export { CREDENTIAL_FIELDS, type CredentialField } from "./core/credentials/fields";
export { connectionLayer, environmentLayer, type SettingsLayer } from "./core/credentials/layers";
export { resolveSettings } from "./core/credentials/resolve";
export { closeConnections } from "./core/http/transport";
