// The invoke-style function, in the shape of the functions of generated Pulumi SDKs: a Promise form for plain
// values and an Output form that accepts Inputs, stays unknown while an input is unknown, and is secret when an
// input is secret. Both honour an explicit `@pulumi/auth0` provider, or one inherited from the parent, as an engine
// invoke of package `auth0` would.
import * as pulumi from "@pulumi/pulumi";
import type { FilterInputs } from "../shared/filterInputs";
import { connectionLayer, environmentLayer } from "../core/credentials/layers";
import { parseConnection } from "../core/arguments";
import { listWithProgramConfig } from "../shared/pulumiConfig";
import { AnyOrganizationListings } from "../core/anyOrganizationGrants";
import { invokeProvider, knownSettings, providerLayer, type Auth0Provider, type ProviderSettings } from "../shared/auth0Providers";
import { FILTER_KEYS, type ClientGrantsResult, type Connection, type Filters, type TuningInput } from "../core/schemas";
import { redact, registerSecret } from "../core/secrets";

/**
 * Arguments of {@link getOrganizationClientGrants}. `connection` fields override, field by field, the settings of the
 * `@pulumi/auth0` provider in `opts.provider` (or inherited from `opts.parent`) when there is one, else Pulumi config
 * (`auth0:*`), and then the environment (`AUTH0_*`).
 */
export type GetOrganizationClientGrantsArgs = Filters & {
  connection?: Connection;
  /** Tuning knobs: concurrency, maxAttempts, timeoutMs, rateLimitPatienceMs, maxListingAttempts, maxGrants (docs/limits.md). */
  options?: TuningInput;
};

/** Arguments of {@link getOrganizationClientGrantsOutput}: the same, as Inputs. */
export interface GetOrganizationClientGrantsOutputArgs extends FilterInputs {
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
  const provider = invokeProvider(opts);
  const withProvider = provider && { provider, settings: await knownSettings(provider) };
  return list(args, withProvider, opts?.parent);
}

interface WithProvider {
  readonly provider: Auth0Provider;
  readonly settings: ProviderSettings;
}

/**
 * The listing. With an Auth0 provider its settings take the place of the stack config (`auth0:*`): an explicit
 * provider of @pulumi/auth0 does not read that config either, but falls back to `AUTH0_*`. Without one, as always:
 * connection, Pulumi config, environment.
 */
function list(args: GetOrganizationClientGrantsArgs, withProvider: WithProvider | undefined, parent: pulumi.Resource | undefined) {
  const { connection, options, ...filters } = args ?? ({} as GetOrganizationClientGrantsArgs);
  return listWithProgramConfig(filters, {
    connection,
    options,
    anyOrganizationListings: deploymentListings(),
    ...(withProvider !== undefined && {
      layers: [connectionLayer(parseConnection(connection)), providerLayer(withProvider.provider, withProvider.settings), environmentLayer()],
    }),
    onProgress: (p) => {
      // Ephemeral: the CLI shows it as the running status of the deployment, not as a permanent diagnostic.
      if (p.pagesTotal !== undefined && p.pagesTotal > 1 && pulumi.runtime.hasEngine()) {
        void pulumi.log.info(redact(`Auth0 organization ${p.organizationId}: ${p.pagesFetched}/${p.pagesTotal} pages, ${p.itemsFetched}/${p.total} grants`), parent, undefined, true);
      }
    },
  });
}

// One run of the program is one deployment; its resource monitor is made for that run (an Automation API process
// runs many), so the tenant-wide listings of includeAnyOrganization are kept per monitor, for as long as it lives.
const listingsByRun = new WeakMap<object, AnyOrganizationListings>();

/** The tenant-wide listings of this run; none outside a Pulumi program, where nothing says when a deployment ends. */
function deploymentListings(): AnyOrganizationListings | undefined {
  const monitor = pulumi.runtime.getMonitor();
  if (monitor === undefined) return undefined;
  let listings = listingsByRun.get(monitor);
  if (!listings) listingsByRun.set(monitor, (listings = new AnyOrganizationListings()));
  return listings;
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
  // Resolved now, so that a provider of another package is refused where it is passed.
  const provider = invokeProvider(opts);
  const dependencies = pulumi.output(opts?.dependsOn ?? []).apply((deps) =>
    // Waiting for a custom resource's id waits for its creation, as an engine invoke with dependsOn does.
    pulumi.all((Array.isArray(deps) ? deps : [deps]).map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn))),
  );
  // Which filters came as secrets: booleans only, so that this Output holds nothing secret itself.
  const secretFilters = pulumi.output(Promise.all(FILTER_KEYS.map((key) => (args?.[key] === undefined ? false : pulumi.isSecret(pulumi.output(args[key]))))));
  // The provider's settings are never secret here (see Auth0Provider.settings), so only the arguments decide secrecy.
  return pulumi.all([pulumi.output(args), dependencies, provider?.settings, secretFilters]).apply(([plain, , settings, secret]) => {
    const given = plain as GetOrganizationClientGrantsArgs;
    // The engine prints a failed Output's error, and every log line, in plain text: a secret organization id (or
    // other filter) is registered for redaction before the listing can quote it, as the plugin does for its invokes.
    FILTER_KEYS.forEach((key, i) => secret[i] && [given[key]].flat().forEach((value) => typeof value === "string" && registerSecret(value)));
    return list(given, provider && settings && { provider, settings }, opts?.parent);
  }) as pulumi.Output<GetOrganizationClientGrantsResult>;
}

