// Recognising OrganizationClientGrants resources among whatever the analyzer hands a policy, and reading their
// properties with the package's own schemas. A reading is one of three things, never a crash: known (typed), unknown
// (a preview has not read the grants yet, or an input is still computed) or malformed (the properties are not what
// this package writes).
import * as policy from "@pulumi/policy";
import type { ValidationIssue } from "../core/errors";
import { clientGrantsResultSchema, filtersSchema, type ClientGrantsResult, type Filters } from "../core/schemas";
import { formatPath, toValidationIssues } from "../core/validationIssues";

// From the import-free module, so that a policy pack does not load the resource's implementation to recognise it.
import { ORGANIZATION_CLIENT_GRANTS_TYPE } from "../shared/typeTokens";
export { ORGANIZATION_CLIENT_GRANTS_TYPE };

/** The dynamic provider's serialized code: an input and an output of every dynamic resource, never policy data. */
const PROVIDER_KEY = "__provider";

/** Whether a resource (in `validateResource` or among `validateStack`'s resources) is an `OrganizationClientGrants`. */
export function isOrganizationClientGrants(resource: { readonly type: string }): boolean {
  return resource.type === ORGANIZATION_CLIENT_GRANTS_TYPE;
}

/**
 * The properties cannot be judged yet. `reason` is `"not-read"` when a new resource has not read its grants (a
 * preview), `"computed"` when some value depends on the deployment; `unknown` lists the properties concerned.
 */
export interface UnknownReading {
  readonly state: "unknown";
  readonly reason: "not-read" | "computed";
  readonly organizationId?: string;
  readonly unknown: readonly string[];
}

/** The properties are there but break the schema; `issues` says where. */
export interface MalformedReading {
  readonly state: "malformed";
  readonly organizationId?: string;
  readonly issues: readonly ValidationIssue[];
}

export type ClientGrantsReading = { readonly state: "known"; readonly result: ClientGrantsResult } | UnknownReading | MalformedReading;
export type ClientGrantsInputsReading = { readonly state: "known"; readonly inputs: Filters } | UnknownReading | MalformedReading;

// Outputs a deployed resource always has. In a preview the engine calls neither `create` nor `update` of a dynamic
// provider, so a resource about to be created or updated has only its inputs: a missing key here means "not read
// yet", not "no grants".
const READ_OUTPUTS = ["clientGrants", "total"] as const;

// Version skew between the pack and the stack must not fail every check: fields added to the result later are
// ignored here rather than refused. Every field the policies read is still checked.
const outputsSchema = clientGrantsResultSchema.loose();
const inputsSchema = filtersSchema.loose();

/**
 * Reads an `OrganizationClientGrants` resource's outputs, as `validateStack` sees them (`resource.props`).
 *
 * @example
 * const reading = readClientGrants(resource.props);
 * if (reading.state === "known") for (const grant of reading.result.clientGrants) { ... }
 */
export function readClientGrants(props: Record<string, unknown>): ClientGrantsReading {
  const { value, unknown } = snapshot(props);
  const organizationId = typeof value.organizationId === "string" ? value.organizationId : undefined;
  const notRead = READ_OUTPUTS.filter((key) => !(key in value));
  if (unknown.length > 0) return { state: "unknown", reason: "computed", organizationId, unknown };
  if (notRead.length > 0) return { state: "unknown", reason: "not-read", organizationId, unknown: notRead };
  const parsed = outputsSchema.safeParse(value);
  if (!parsed.success) return { state: "malformed", organizationId, issues: toValidationIssues(parsed.error.issues) };
  const { [PROVIDER_KEY]: _provider, ...result } = parsed.data;
  return { state: "known", result: result as ClientGrantsResult };
}

/** Reads an `OrganizationClientGrants` resource's inputs, as `validateResource` sees them (`args.props`). */
export function readClientGrantsInputs(props: Record<string, unknown>): ClientGrantsInputsReading {
  const { value, unknown } = snapshot(props);
  const organizationId = typeof value.organizationId === "string" ? value.organizationId : undefined;
  if (unknown.length > 0) return { state: "unknown", reason: "computed", organizationId, unknown };
  const parsed = inputsSchema.safeParse(value);
  if (!parsed.success) return { state: "malformed", organizationId, issues: toValidationIssues(parsed.error.issues) };
  const { organizationId: id, audience, clientId, grantIds, includeAnyOrganization } = parsed.data;
  const inputs: Filters = { organizationId: id };
  if (audience !== undefined) inputs.audience = audience;
  if (clientId !== undefined) inputs.clientId = clientId;
  if (grantIds !== undefined) inputs.grantIds = grantIds;
  if (includeAnyOrganization !== undefined) inputs.includeAnyOrganization = includeAnyOrganization;
  return { state: "known", inputs };
}

// ---------------------------------------------------------------------------------------------------------------
// The analyzer wraps properties in a proxy that throws `UnknownValueError` when an unknown value is read. Copying
// them property by property collects every unknown path instead of stopping at the first, and leaves plain data
// that zod can parse. `UnknownValueError` is exported by @pulumi/policy at run time but missing from its typings.

const UnknownValueError = (policy as unknown as { UnknownValueError?: new (...args: never[]) => Error }).UnknownValueError;

function isUnknownValueError(error: unknown): boolean {
  return UnknownValueError !== undefined && error instanceof UnknownValueError;
}

/** A plain copy of analyzer properties without the values not known yet, and the paths of those values. */
export function snapshot(props: Record<string, unknown>): { value: Record<string, unknown>; unknown: string[] } {
  const unknown: string[] = [];
  const value = copy(props, [], unknown) as Record<string, unknown>;
  return { value, unknown };
}

function copy(value: unknown, path: PropertyKey[], unknown: string[]): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(field(value, i, [...path, i], unknown));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copied = field(value, key, [...path, key], unknown);
    if (copied !== NOT_KNOWN_YET) out[key] = copied;
  }
  return out;
}

const NOT_KNOWN_YET = Symbol("unknown");

function field(container: object, key: string | number, path: PropertyKey[], unknown: string[]): unknown {
  try {
    return copy((container as Record<string | number, unknown>)[key], path, unknown);
  } catch (error) {
    if (!isUnknownValueError(error)) throw error;
    unknown.push(formatPath(path));
    return NOT_KNOWN_YET;
  }
}
