// `auth0-org-grants:index:OrganizationClientGrants`: the read-only resource with the dynamic resource's semantics
// (provider/resource/providerImplementation.ts) and the same state shape (provider/resource/state.ts): check
// validates the filters, diff lists again and compares, create/update list, read refreshes and reports a deleted
// organization as gone, delete sends nothing.
import { ApiError, ValidationError } from "../errors";
import { parseFilters } from "../listClientGrants";
import type { ClientGrantsResult, Filters } from "../schemas";
import { containsUnknown, filtersFromState, INPUT_KEYS, pickFilters, sameFilters, sameGrants, toOutputs } from "../resource/state";
import { PACKAGE_NAME } from "./config";
import { unwrapSecrets } from "./rpcValues";

export const ORGANIZATION_CLIENT_GRANTS = `${PACKAGE_NAME}:index:OrganizationClientGrants`;

type Props = Record<string, unknown>;
export type FetchGrants = (filters: Filters) => Promise<ClientGrantsResult>;

export interface CheckResult {
  readonly inputs: Props;
  readonly failures: { property: string; reason: string }[];
}

/** Validates the inputs with the core function's schema; a value not known yet (in a preview) is not judged. */
export function check(news: Props): CheckResult {
  const failures: { property: string; reason: string }[] = [];
  for (const key of Object.keys(news)) {
    if (!(INPUT_KEYS as string[]).includes(key)) {
      failures.push({ property: key, reason: `${key} is not an argument of OrganizationClientGrants (it takes ${INPUT_KEYS.join(", ")})` });
    }
  }
  // The inputs keep their secret wrappers, so the engine keeps them secret; they are judged unwrapped.
  const inputs = pickFilters(news);
  const plain = unwrapSecrets(inputs) as Props;
  const unknown = INPUT_KEYS.filter((key) => containsUnknown(plain[key]));
  const known = Object.fromEntries(Object.entries(plain).filter(([key]) => !(unknown as string[]).includes(key)));
  try {
    parseFilters(known);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const judged = error.issues.filter((i) => !unknown.some((key) => i.path === key || i.path.startsWith(`${key}[`)));
    failures.push(...judged.map((i) => ({ property: i.path, reason: i.message })));
  }
  return { inputs, failures };
}

export interface DiffResult {
  readonly changes: boolean;
  readonly replaces: string[];
  /** The properties that differ, for the engine's display. */
  readonly diffs: string[];
}

/**
 * A change when the filters changed (a different organization replaces the resource, whose id it is), or when the
 * grants listed now differ from those in state, so a plain `pulumi preview` shows drift. A failing listing is an error.
 */
export async function diff(id: string, olds: Props, news: Props, fetchGrants: FetchGrants): Promise<DiffResult> {
  const before = filtersFromState(unwrapSecrets(olds) as Props, id);
  const after = pickFilters(unwrapSecrets(news) as Props);
  const replaces = before.organizationId !== after.organizationId ? ["organizationId"] : [];
  const changed = INPUT_KEYS.filter((key) => !sameFilters({ [key]: before[key] }, { [key]: after[key] }));
  if (containsUnknown(after) || changed.length > 0) return { changes: true, replaces, diffs: changed };
  const current = await fetchGrants(parseFilters(after));
  const drifted = !sameGrants(unwrapSecrets(olds) as Props, current);
  return { changes: drifted, replaces, diffs: !drifted ? [] : olds.total === current.total ? ["clientGrants"] : ["total", "clientGrants"] };
}

export async function create(inputs: Props, fetchGrants: FetchGrants): Promise<{ id: string; outputs: ClientGrantsResult }> {
  const filters = parseFilters(pickFilters(unwrapSecrets(inputs) as Props));
  return { id: filters.organizationId, outputs: toOutputs(await fetchGrants(filters)) };
}

export interface ReadResult {
  /** Empty when the organization is gone: how a provider tells the engine the resource no longer exists. */
  readonly id: string;
  readonly outputs?: ClientGrantsResult;
  readonly inputs?: Props;
}

/** Lists again with the filters in state, so `pulumi refresh` brings the grants up to date. */
export async function read(id: string, properties: Props, fetchGrants: FetchGrants): Promise<ReadResult> {
  const filters = parseFilters(filtersFromState(unwrapSecrets(properties) as Props, id));
  let result: ClientGrantsResult;
  try {
    result = await fetchGrants(filters);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.errorCode === "inexistent_organization") return { id: "" };
    throw error;
  }
  const outputs = toOutputs(result);
  return { id, outputs, inputs: pickFilters(outputs) };
}

export async function update(news: Props, fetchGrants: FetchGrants): Promise<ClientGrantsResult> {
  return toOutputs(await fetchGrants(parseFilters(pickFilters(unwrapSecrets(news) as Props))));
}
