// `OrganizationClientGrants`: the client grants of an Auth0 Organization as a read-only resource, so that they live in
// Pulumi state: `pulumi preview` shows when they changed since the last deployment, `pulumi refresh` updates them,
// other resources and stack outputs can use them, and CrossGuard policies can read them.
import * as pulumi from "@pulumi/pulumi";
import type { FilterInputs } from "../shared/filterInputs";
import type { ClientGrantsResult } from "../core/schemas";
import { CONNECTION_NOT_ACCEPTED } from "./providerImplementation";
import { providerShell } from "./providerShell";
import { AUTH0_PACKAGE, resourceName } from "../shared/auth0Providers";
import { ConfigurationError, ValidationError } from "../core/errors";
import { refuseProviders, WHAT_TO_USE } from "./refuseProviders";
import { ORGANIZATION_CLIENT_GRANTS_TYPE } from "../shared/typeTokens";

export { ORGANIZATION_CLIENT_GRANTS_TYPE };

/**
 * Arguments of {@link OrganizationClientGrants}: the filters of `getOrganizationClientGrants`, as Inputs. There is no
 * `connection`: the provider takes the credentials from the stack config (`auth0:*`) or the deployment's `AUTH0_*`
 * environment, so that no credential ever becomes a resource input stored in state.
 */
export interface OrganizationClientGrantsArgs extends FilterInputs {
  /** The organization, `org_...`. Changing it replaces the resource. */
  organizationId: pulumi.Input<string>;
}

type Result = ClientGrantsResult;

/**
 * Every client grant of an Auth0 Organization that matches the filters, across all pages, held in state. It only
 * reads from Auth0: creating it lists the grants, deleting it forgets them.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as grants from "pulumi-auth0-org-grants";
 *
 * const orgGrants = new grants.OrganizationClientGrants("acme-grants", {
 *     organizationId: "org_W6dx7BlpYSJkf1mB",
 * });
 * export const grantIds = orgGrants.clientGrants.apply((gs) => gs.map((g) => g.id));
 * ```
 *
 * Credentials: `pulumi config set auth0:domain tenant.eu.auth0.com` and
 * `pulumi config set --secret auth0:apiToken ...` (or `auth0:clientId` with a secret `auth0:clientSecret`), or the
 * `AUTH0_*` environment variables of the deployment. It refuses an `@pulumi/auth0` provider (`provider`, `providers`
 * or inherited from the parent), which its dynamic provider could not honour: for a tenant of an explicit provider,
 * use `getOrganizationClientGrantsOutput(args, { provider })`.
 */
export class OrganizationClientGrants extends pulumi.dynamic.Resource {
  /** The type token; `@pulumi/policy`'s `...OfType` helpers and `isType` recognise the class by it. */
  static readonly __pulumiType = ORGANIZATION_CLIENT_GRANTS_TYPE;

  /** Whether `obj` is an `OrganizationClientGrants`, also across copies of this package. */
  static override isInstance(obj: unknown): obj is OrganizationClientGrants {
    return (obj as { __pulumiType?: unknown } | null | undefined)?.__pulumiType === ORGANIZATION_CLIENT_GRANTS_TYPE;
  }

  // `declare`: the base constructor sets these; a class field would overwrite them with undefined.
  declare readonly organizationId: pulumi.Output<Result["organizationId"]>;
  declare readonly audience: pulumi.Output<Result["audience"]>;
  declare readonly clientId: pulumi.Output<Result["clientId"]>;
  declare readonly grantIds: pulumi.Output<Result["grantIds"]>;
  declare readonly includeAnyOrganization: pulumi.Output<Result["includeAnyOrganization"]>;
  /** How many grants matched: the length of `clientGrants`. */
  declare readonly total: pulumi.Output<Result["total"]>;
  /** The grants, camelCased, with any field Auth0 added beyond the documented six. */
  declare readonly clientGrants: pulumi.Output<Result["clientGrants"]>;

  constructor(name: string, args: OrganizationClientGrantsArgs, opts?: pulumi.CustomResourceOptions) {
    if (args !== null && typeof args === "object" && "connection" in args) {
      throw new ValidationError([{ path: "connection", message: CONNECTION_NOT_ACCEPTED }]);
    }
    refuseProviders(opts);
    // Transformations run inside the SDK's constructor, after `opts` were checked, and may add a provider; the
    // registration they lead to is held until the options they produced were checked too (see below).
    const checked = gate();
    super(
      providerShell,
      name,
      {
        organizationId: checked.hold(args.organizationId),
        audience: args.audience,
        clientId: args.clientId,
        grantIds: args.grantIds,
        includeAnyOrganization: args.includeAnyOrganization,
        total: undefined,
        clientGrants: undefined,
      },
      opts,
      "auth0",
      "OrganizationClientGrants",
    );
    const added = refusedAfterTransformations(this);
    if (added !== undefined) {
      checked.refuse(added);
      observeRejections(this);
      throw added;
    }
    checked.open();
  }
}

/** A hold on the registration: its inputs wait for `open`, and `refuse` fails it before anything reaches the engine. */
function gate() {
  let open!: () => void;
  let refuse!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  // Observed here, so that a refusal does not also surface as an unhandled rejection; the registration still fails.
  opened.catch(() => undefined);
  // A promise of the input itself: the SDK awaits it, then serializes the input as it would have (its secrecy,
  // unknown-ness and dependencies unchanged). A plain promise, not an Output, so that a refusal rejects nothing else.
  const hold = <T>(input: pulumi.Input<T>): Promise<pulumi.Input<T>> => opened.then(() => input);
  return { hold, open, refuse };
}

/**
 * The refused registration rejects every output of the resource; the constructor's own error is the one to report,
 * so those rejections are observed here rather than left to surface again as unhandled ones.
 */
function observeRejections(resource: pulumi.Resource): void {
  for (const value of Object.values(resource)) {
    if (!pulumi.Output.isInstance(value)) continue;
    const output = value as unknown as { promise(): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
    for (const promise of [output.promise(), output.isKnown, output.isSecret]) promise.catch(() => undefined);
  }
}

/**
 * An auth0 provider the resource ended up with that `refuseProviders` could not see: put in `provider` or `providers`
 * by a transformation (its own, a parent's, the stack's). The SDK keeps the providers it resolved in `__providers`.
 */
function refusedAfterTransformations(resource: pulumi.Resource): ConfigurationError | undefined {
  const provider = (resource as unknown as { __providers?: Record<string, pulumi.ProviderResource | undefined> }).__providers?.[AUTH0_PACKAGE];
  if (provider === undefined) return undefined;
  return new ConfigurationError(
    `OrganizationClientGrants was given the auth0 provider "${resourceName(provider)}" by a transformation (of the resource, a parent or the stack). ${WHAT_TO_USE} ` +
      "Or leave this resource out of the transformation (its type is pulumi-nodejs:dynamic/auth0:OrganizationClientGrants).",
  );
}
