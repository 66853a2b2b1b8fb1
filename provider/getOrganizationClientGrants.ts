// The invoke-style function, in the shape of the functions of generated Pulumi SDKs: a Promise form for plain
// values and an Output form that accepts Inputs, stays unknown while an input is unknown, and is secret when an
// input is secret.
import * as pulumi from "@pulumi/pulumi";
import { listClientGrants } from "./listClientGrants";
import type { ClientGrantsResult, Connection, Filters, TuningInput } from "./schemas";

/**
 * Arguments of {@link getOrganizationClientGrants}. `connection` fields override Pulumi config (`auth0:*`) and the
 * environment (`AUTH0_*`) field by field.
 */
export type GetOrganizationClientGrantsArgs = Filters & {
  connection?: Connection;
  /** Tuning knobs: concurrency, maxAttempts, timeoutMs, rateLimitPatienceMs, maxListingAttempts. */
  options?: TuningInput;
};

/** Arguments of {@link getOrganizationClientGrantsOutput}: the same, as Inputs. */
export interface GetOrganizationClientGrantsOutputArgs {
  organizationId: pulumi.Input<string>;
  audience?: pulumi.Input<string | undefined>;
  clientId?: pulumi.Input<string | undefined>;
  grantIds?: pulumi.Input<pulumi.Input<string>[] | undefined>;
  connection?: pulumi.Input<{ [K in keyof Connection]?: pulumi.Input<Connection[K]> } | undefined>;
  options?: pulumi.Input<TuningInput | undefined>;
}

/** Every client grant of the organization that matches the filters, with the filters echoed back. */
export type GetOrganizationClientGrantsResult = Readonly<ClientGrantsResult>;

/**
 * Lists every client grant of an Auth0 Organization, across all pages.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as grants from "pulumi-auth0-org-grants";
 *
 * const result = await grants.getOrganizationClientGrants({
 *     organizationId: "org_W6dx7BlpYSJkf1mB",
 *     audience: "https://api.example.com/",
 * });
 * export const grantIds = result.clientGrants.map((g) => g.id);
 * ```
 */
export async function getOrganizationClientGrants(
  args: GetOrganizationClientGrantsArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetOrganizationClientGrantsResult> {
  const { connection, options, ...filters } = args ?? ({} as GetOrganizationClientGrantsArgs);
  const parent = opts?.parent;
  return listClientGrants(filters, {
    connection,
    options,
    onProgress: (p) => {
      // Ephemeral: the CLI shows it as the running status of the deployment, not as a permanent diagnostic.
      if (p.pagesTotal !== undefined && p.pagesTotal > 1 && pulumi.runtime.hasEngine()) {
        void pulumi.log.info(`Auth0 organization ${p.organizationId}: ${p.pagesFetched}/${p.pagesTotal} pages, ${p.itemsFetched}/${p.total} grants`, parent, undefined, true);
      }
    },
  });
}

/**
 * {@link getOrganizationClientGrants} for Inputs.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as auth0 from "@pulumi/auth0";
 * import * as grants from "pulumi-auth0-org-grants";
 *
 * const org = new auth0.Organization("acme", { name: "acme" });
 * const result = grants.getOrganizationClientGrantsOutput({ organizationId: org.id });
 * export const audiences = result.clientGrants.apply((gs) => [...new Set(gs.map((g) => g.audience))]);
 * ```
 */
export function getOrganizationClientGrantsOutput(
  args: GetOrganizationClientGrantsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetOrganizationClientGrantsResult> {
  const dependencies = pulumi.output(opts?.dependsOn ?? []).apply((deps) =>
    // Waiting for a custom resource's id waits for its creation, as an engine invoke with dependsOn does.
    pulumi.all((Array.isArray(deps) ? deps : [deps]).map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn))),
  );
  return pulumi
    .all([pulumi.output(args), dependencies])
    .apply(([plain]) => getOrganizationClientGrants(plain as GetOrganizationClientGrantsArgs, opts)) as pulumi.Output<GetOrganizationClientGrantsResult>;
}

