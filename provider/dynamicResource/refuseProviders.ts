// `OrganizationClientGrants` runs in Pulumi's own dynamic provider (`pulumi-nodejs`), which no provider of another
// package can configure: the SDK drops such a provider without a word, and the grants would then be read with the
// stack config's credentials, from another tenant than the one the program named. So the resource refuses them.
import type * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../core/errors";
import { inheritedAuth0Provider, isAuth0Provider, packageOf, resourceName } from "../shared/auth0Providers";

export const WHAT_TO_USE =
  "OrganizationClientGrants cannot use it: it runs in Pulumi's dynamic provider, which reads the stack config. For a " +
  "tenant of an explicit provider, call getOrganizationClientGrantsOutput(args, { provider }) (the function honours " +
  "@pulumi/auth0 providers), or use the provider plugin's OrganizationClientGrants, which takes explicit providers. " +
  "For this resource, set the tenant in the stack config (auth0:domain with auth0:apiToken, or auth0:clientId and " +
  "auth0:clientSecret) or the AUTH0_* environment variables of the deployment.";

/** Throws when `opts` gives the resource a provider it would silently ignore. */
export function refuseProviders(opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.provider !== undefined) {
    const provider = opts.provider;
    const what = isAuth0Provider(provider) ? `the auth0 provider "${resourceName(provider)}"` : `the provider "${resourceName(provider)}" of the package "${packageOf(provider) ?? "(unknown)"}"`;
    throw new ConfigurationError(`OrganizationClientGrants was given ${what} in \`provider\`. ${WHAT_TO_USE}`);
  }
  // Not in CustomResourceOptions' type, and the SDK refuses it at run time, but without a word about what to use; a
  // JavaScript program or a spread of a component's options can still pass it.
  const listed = (opts as { providers?: pulumi.ProviderResource[] | Record<string, pulumi.ProviderResource> } | undefined)?.providers;
  const entries = listed === undefined ? [] : Array.isArray(listed) ? listed : Object.values(listed);
  const auth0 = entries.find((p) => isAuth0Provider(p));
  if (auth0 !== undefined) {
    throw new ConfigurationError(`OrganizationClientGrants was given the auth0 provider "${resourceName(auth0)}" in \`providers\`. ${WHAT_TO_USE}`);
  }
  const inherited = inheritedAuth0Provider(opts?.parent);
  if (inherited !== undefined) {
    throw new ConfigurationError(
      `OrganizationClientGrants would inherit the auth0 provider "${resourceName(inherited)}" from the parent ` +
        `"${resourceName(opts!.parent!)}" (its \`providers\`). ${WHAT_TO_USE} Or give the resource another parent.`,
    );
  }
}
