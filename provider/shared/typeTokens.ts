// The type token of `OrganizationClientGrants`, in a module with no imports: policy packs recognise the resource by
// it without loading the resource's implementation and HTTP client. `module` "auth0" and `type`
// "OrganizationClientGrants" passed to `pulumi.dynamic.Resource` make the SDK register exactly this token.
export const ORGANIZATION_CLIENT_GRANTS_TYPE = "pulumi-nodejs:dynamic/auth0:OrganizationClientGrants";
