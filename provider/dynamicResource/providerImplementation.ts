// The dynamic provider of `OrganizationClientGrants`, as the serialized shell (providerShell.ts) loads it at run time
// by its export `pulumi-auth0-org-grants/dynamic-provider`, inside the provider host the Pulumi engine starts.
//
// `provider` is a contract with every shell ever stored in a user's state: its hooks keep their names and
// signatures across versions. It is read-only toward Auth0: every hook that talks to the tenant only lists grants
// (GETs, plus the token request for client credentials).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { environmentLayer, pulumiConfigLayer, type ConfigSource } from "../core/credentials/layers";
import { AnyOrganizationListings } from "../core/anyOrganizationGrants";
import { listClientGrants } from "../core/listClientGrants";
import type { ClientGrantsResult, Filters } from "../core/schemas";
import { lifecycle, notAnArgument } from "../shared/resourceLifecycle";

/**
 * Why the resource takes no `connection`: its inputs are stored in state and shown by `pulumi preview`, and a
 * credential there would be one mistake away from plain text. The provider reads the stack's `auth0:*` config instead.
 */
export const CONNECTION_NOT_ACCEPTED =
  "OrganizationClientGrants takes no connection: credentials must not be resource inputs, which are stored in state. " +
  "Set the stack config auth0:domain with auth0:apiToken (or auth0:clientId and auth0:clientSecret), as secrets " +
  "(`pulumi config set --secret auth0:apiToken ...`), or the AUTH0_* environment variables of the deployment.";

/**
 * Where the stack's configuration (as the engine hands it to `configure`, secrets decrypted) waits for the hooks that
 * list: a global slot, because the shell stored in state fills it itself, without loading this package, and older
 * shells hand the configuration to `configure` below. The key is a contract with every stored shell.
 */
const STACK_CONFIG = Symbol.for("pulumi-auth0-org-grants/stack-config");

type ConfigSlot = Record<symbol, { get(key: string): unknown } | undefined>;

/** The configured stack's value for `key`; nothing before `configure`. */
const stackConfig: ConfigSource = (key) => {
  const value = (globalThis as ConfigSlot)[STACK_CONFIG]?.get(key);
  return typeof value === "string" ? value : undefined;
};

/**
 * The engine starts one provider host per deployment (preview, update, refresh), which serves every resource of the
 * stack: the tenant-wide listing of includeAnyOrganization is read once in it, whatever the number of resources.
 */
const deploymentListings = new AnyOrganizationListings();

/**
 * Lists the grants with the credentials of the deployment: stack config first, then the host's `AUTH0_*`
 * environment. Messages name those (`auth0:domain`, AUTH0_DOMAIN), never the function's `connection`.
 */
function fetchGrants(filters: Filters): Promise<ClientGrantsResult> {
  const layers = [{ ...pulumiConfigLayer(stackConfig), place: "the stack configuration" }, environmentLayer(process.env)];
  return listClientGrants(filters, { layers, anyOrganizationListings: deploymentListings });
}

async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  (globalThis as ConfigSlot)[STACK_CONFIG] = req.config;
}

const resource = lifecycle({
  fetchGrants,
  // The SDK adds the serialized provider to the inputs; a connection gets its own reason (above).
  refuseArgument: (key) => (key === "__provider" ? undefined : key === "connection" ? CONNECTION_NOT_ACCEPTED : notAnArgument(key)),
});

async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return resource.check(news);
}

async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
  const { changes, replaces } = await resource.diff(id, olds, news);
  return { changes, replaces };
}

async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
  const { id, outputs } = await resource.create(inputs);
  return { id, outs: outputs };
}

async function read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult> {
  const result = await resource.read(id, props);
  return result.outputs === undefined ? { id: result.id, props: {} } : { id: result.id, props: result.outputs, inputs: result.inputs };
}

async function update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult> {
  return { outs: await resource.update(news) };
}

/** The resource only reads: deleting it forgets the grants from state and sends nothing to Auth0. */
async function deleteResource(_id: string, _props: Record<string, unknown>): Promise<void> {}

export const provider = {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: deleteResource,
} satisfies Required<dynamic.ResourceProvider>;
