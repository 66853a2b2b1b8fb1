// The dynamic provider of `OrganizationClientGrants`, as the serialized shell (providerShell.ts) loads it at run time
// by its export `pulumi-auth0-org-grants/dynamic-provider`, inside the provider host the Pulumi engine starts.
//
// `provider` is a contract with every shell ever stored in a user's state: its hooks keep their names and
// signatures across versions. It is read-only toward Auth0: every hook that talks to the tenant only lists grants
// (GETs, plus the token request for client credentials).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { environmentLayer, pulumiConfigLayer, type ConfigSource } from "../credentials";
import { ApiError, ValidationError } from "../errors";
import { listClientGrants, parseFilters } from "../listClientGrants";
import type { ClientGrantsResult, Filters } from "../schemas";
import { containsUnknown, filtersFromState, INPUT_KEYS, pickFilters, sameFilters, sameGrants, toOutputs } from "./state";

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
 * Lists the grants with the credentials of the deployment: stack config first, then the host's `AUTH0_*`
 * environment. Messages name those (`auth0:domain`, AUTH0_DOMAIN), never the function's `connection`.
 */
function fetchGrants(filters: Filters): Promise<ClientGrantsResult> {
  const layers = [{ ...pulumiConfigLayer(stackConfig), place: "the stack configuration" }, environmentLayer(process.env)];
  return listClientGrants(filters, { layers });
}

async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  (globalThis as ConfigSlot)[STACK_CONFIG] = req.config;
}

/** Validates the inputs with the core function's schema; a value not known yet (in a preview) is not judged. */
async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const failures: dynamic.CheckFailure[] = [];
  for (const key of Object.keys(news ?? {})) {
    if (key === "__provider" || (INPUT_KEYS as string[]).includes(key)) continue;
    failures.push({
      property: key,
      reason: key === "connection" ? CONNECTION_NOT_ACCEPTED : `${key} is not an argument of OrganizationClientGrants (it takes ${INPUT_KEYS.join(", ")})`,
    });
  }
  const inputs = pickFilters(news);
  const unknown = INPUT_KEYS.filter((key) => containsUnknown(inputs[key]));
  const known = Object.fromEntries(Object.entries(inputs).filter(([key]) => !(unknown as string[]).includes(key)));
  try {
    parseFilters(known);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const judged = error.issues.filter((i) => !unknown.some((key) => i.path === key || i.path.startsWith(`${key}[`)));
    failures.push(...judged.map((i) => ({ property: i.path, reason: i.message })));
  }
  return { inputs, failures };
}

/**
 * A change when the filters changed (a different organization replaces the resource, whose id it is), or when the
 * grants listed now differ from those in state: a plain `pulumi preview` shows drift. A listing that fails is an error.
 */
async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
  const before = filtersFromState(olds, id);
  const after = pickFilters(news);
  const replaces = before.organizationId !== after.organizationId ? ["organizationId"] : [];
  if (containsUnknown(after) || !sameFilters(before, after)) return { changes: true, replaces };
  const current = await fetchGrants(parseFilters(after));
  return { changes: !sameGrants(olds, current), replaces };
}

async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
  const filters = parseFilters(pickFilters(inputs));
  return { id: filters.organizationId, outs: toOutputs(await fetchGrants(filters)) };
}

/** Lists again with the filters in state, so `pulumi refresh` brings the grants up to date. */
async function read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult> {
  const filters = parseFilters(filtersFromState(props, id));
  let result: ClientGrantsResult;
  try {
    result = await fetchGrants(filters);
  } catch (error) {
    // The organization itself is gone: an empty id is how a provider tells the engine, so that `pulumi refresh`
    // shows the resource as deleted instead of failing the whole stack's refresh. Any other failure stays an error.
    if (error instanceof ApiError && error.status === 404 && error.errorCode === "inexistent_organization") return { id: "", props: {} };
    throw error;
  }
  const outs = toOutputs(result);
  return { id, props: outs, inputs: pickFilters(outs) };
}

async function update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult> {
  return { outs: toOutputs(await fetchGrants(parseFilters(pickFilters(news)))) };
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
