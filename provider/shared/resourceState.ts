// How the resource's inputs and outputs look in Pulumi state, and how they are read back.
//
// State written by one version of this package is read by later versions (`refresh` and `destroy` run the provider
// text stored in state, which loads whatever implementation is installed: pulumi/pulumi #6490). So the outputs have
// exactly the shape of `clientGrantsResultSchema`, later versions may only add optional fields, and everything that
// reads state here is lenient: it takes the fields it knows and ignores the rest, instead of failing on them.
import { clientGrantsResultSchema, FILTER_KEYS, type ClientGrantsResult } from "../core/schemas";

/**
 * The Pulumi RPC protocol's marker for a value that is not known yet (a preview, an input computed from a resource
 * that is not created yet). It is a wire constant of the protocol (`pulumi.runtime.unknownValue`); the implementation
 * does not load `@pulumi/pulumi` to get it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The inputs the resource takes: exactly the filters of the core function. */
export const INPUT_KEYS = FILTER_KEYS;

/** Whether a value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The filter fields of a property bag (inputs or state), without `__provider` or any other key. */
export function pickFilters(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) {
    if (props?.[key] !== undefined && props[key] !== null) out[key] = props[key];
  }
  return out;
}

/**
 * The filters a resource in state was read with. `organizationId` falls back to the resource's id: `pulumi import`
 * gives the organization id as the id and no properties, and resources created by 0.1.0 have the organization id as
 * their id (later ones a UUID, which the state's own `organizationId` always accompanies).
 */
export function filtersFromState(props: Record<string, unknown> | undefined, id: string): Record<string, unknown> {
  const filters = pickFilters(props);
  if (filters.organizationId === undefined && id) filters.organizationId = id;
  return filters;
}

/**
 * The outputs: the listing in the shape of `clientGrantsResultSchema`, with every absent field left out. The
 * provider host cannot encode `undefined` (it fails with "Unexpected struct type"), so none may remain anywhere.
 */
export function toOutputs(result: ClientGrantsResult): ClientGrantsResult {
  return withoutUndefined(clientGrantsResultSchema.parse(result)) as ClientGrantsResult;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(withoutUndefined);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

/** Whether two filter bags select the same grants; absent and empty are not the same (the schema refuses empty). */
export function sameFilters(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return INPUT_KEYS.every((key) => canonical(a[key]) === canonical(b[key]));
}

/**
 * Whether the grants held in state are the grants listed now. Order does not count (offset paging's order is not a
 * property of the grants); every field of every grant does, fields Auth0 added included.
 */
export function sameGrants(state: Record<string, unknown> | undefined, current: ClientGrantsResult): boolean {
  const held = state?.clientGrants;
  if (!Array.isArray(held)) return false;
  return state?.total === current.total && canonical(byId(held)) === canonicalListing(current);
}

/** A refresh's diff compares one listing twice (with the state after the read, then before it): 10,000 grants are
 *  about 2 MB of JSON to sort, so a listing's canonical form is made once (nothing here changes a listing after it is made). */
const canonicalListings = new WeakMap<ClientGrantsResult, string>();

function canonicalListing(current: ClientGrantsResult): string {
  let text = canonicalListings.get(current);
  if (text === undefined) canonicalListings.set(current, (text = canonical(byId(current.clientGrants))));
  return text;
}

function byId(grants: readonly unknown[]): unknown[] {
  const id = (g: unknown) => String((g as { id?: unknown } | null)?.id ?? "");
  return [...grants].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** JSON with object keys sorted, so that two equal values compare equal whatever order their keys came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? "undefined";
}
