// The read-only resource's lifecycle, once for both of its surfaces: the dynamic provider
// (providerImplementation.ts) and the provider plugin (provider/plugin/resourceHooks.ts). Check validates the filters,
// diff lists again and compares, create and update list, read refreshes and reports a deleted organization as gone;
// delete sends nothing, so it is not here. It knows nothing of Pulumi: each surface lists with its own credentials
// (`fetchGrants`) and shapes the answers for its own protocol.
import { ApiError, ValidationError } from "../core/errors";
import { parseFilters } from "../core/arguments";
import type { ClientGrantsResult, Filters } from "../core/schemas";
import { containsUnknown, filtersFromState, INPUT_KEYS, pickFilters, sameFilters, sameGrants, toOutputs } from "./resourceState";

type Props = Record<string, unknown>;
export type FetchGrants = (filters: Filters) => Promise<ClientGrantsResult>;

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** The reason an argument the resource does not take is refused; undefined lets it through. */
export type ArgumentRefusal = (key: string) => string | undefined;

export const notAnArgument: ArgumentRefusal = (key) => `${key} is not an argument of OrganizationClientGrants (it takes ${INPUT_KEYS.join(", ")})`;

export interface Surface {
  /** Lists the grants with the surface's credentials. */
  readonly fetchGrants: FetchGrants;
  /**
   * A property bag as the lifecycle judges it. The plugin's arrive with the engine's secret wrappers, which are
   * judged unwrapped while check hands the inputs back as they came, so the engine keeps them secret. Default: as is.
   */
  readonly plain?: (props: Props) => Props;
  /** Default: every argument that is not a filter is refused with `notAnArgument`. */
  readonly refuseArgument?: ArgumentRefusal;
}

export interface CheckResult {
  readonly inputs: Props;
  readonly failures: CheckFailure[];
}

export interface DiffResult {
  readonly changes: boolean;
  readonly replaces: string[];
  /** The properties that differ, for the engine's display. */
  readonly diffs: string[];
}

export interface ReadResult {
  /** Empty when the organization is gone: how a provider tells the engine the resource no longer exists. */
  readonly id: string;
  readonly outputs?: ClientGrantsResult;
  readonly inputs?: Props;
}

export interface Lifecycle {
  check(news: Props | undefined): CheckResult;
  diff(id: string, olds: Props | undefined, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<{ id: string; outputs: ClientGrantsResult }>;
  read(id: string, properties: Props | undefined): Promise<ReadResult>;
  update(news: Props): Promise<ClientGrantsResult>;
}

export function lifecycle({ fetchGrants, plain = (props) => props, refuseArgument = notAnArgument }: Surface): Lifecycle {
  return {
    /** Validates the inputs with the core function's schema; a value not known yet (in a preview) is not judged. */
    check(news) {
      const failures: CheckFailure[] = [];
      for (const key of Object.keys(news ?? {})) {
        if ((INPUT_KEYS as string[]).includes(key)) continue;
        const reason = refuseArgument(key);
        if (reason !== undefined) failures.push({ property: key, reason });
      }
      const inputs = pickFilters(news);
      const judged = plain(inputs);
      const unknown = INPUT_KEYS.filter((key) => containsUnknown(judged[key]));
      const known = Object.fromEntries(Object.entries(judged).filter(([key]) => !(unknown as string[]).includes(key)));
      try {
        parseFilters(known);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const issues = error.issues.filter((i) => !unknown.some((key) => i.path === key || i.path.startsWith(`${key}[`)));
        failures.push(...issues.map((i) => ({ property: i.path, reason: i.message })));
      }
      return { inputs, failures };
    },

    /**
     * A change when the filters changed (a different organization replaces the resource, whose id it is), or when the
     * grants listed now differ from those in state, so a plain `pulumi preview` shows drift. A failing listing is an error.
     */
    async diff(id, olds, news) {
      const held = plain(olds ?? {});
      const before = filtersFromState(held, id);
      const after = pickFilters(plain(news));
      const replaces = before.organizationId !== after.organizationId ? ["organizationId"] : [];
      const changed = INPUT_KEYS.filter((key) => !sameFilters({ [key]: before[key] }, { [key]: after[key] }));
      if (containsUnknown(after) || changed.length > 0) return { changes: true, replaces, diffs: changed };
      const current = await fetchGrants(parseFilters(after));
      const drifted = !sameGrants(held, current);
      // The total compared as judged (unwrapped): a secret one that is unchanged is not listed as changed.
      return { changes: drifted, replaces, diffs: !drifted ? [] : held.total === current.total ? ["clientGrants"] : ["total", "clientGrants"] };
    },

    async create(inputs) {
      const filters = parseFilters(pickFilters(plain(inputs)));
      return { id: filters.organizationId, outputs: toOutputs(await fetchGrants(filters)) };
    },

    /** Lists again with the filters in state, so `pulumi refresh` brings the grants up to date. */
    async read(id, properties) {
      const filters = parseFilters(filtersFromState(plain(properties ?? {}), id));
      let result: ClientGrantsResult;
      try {
        result = await fetchGrants(filters);
      } catch (error) {
        // The organization itself is gone: an empty id is how a provider tells the engine, so that `pulumi refresh`
        // shows the resource as deleted instead of failing the whole stack's refresh. Any other failure stays an error.
        if (error instanceof ApiError && error.status === 404 && error.errorCode === "inexistent_organization") return { id: "" };
        throw error;
      }
      const outputs = toOutputs(result);
      return { id, outputs, inputs: pickFilters(outputs) };
    },

    async update(news) {
      return toOutputs(await fetchGrants(parseFilters(pickFilters(plain(news)))));
    },
  };
}
