// The read-only resource's lifecycle, once for both of its surfaces: the dynamic provider
// (providerImplementation.ts) and the provider plugin (provider/plugin/resourceHooks.ts). Check validates the filters,
// diff lists again and compares (or, in a refresh, compares what read found with what state held before), create and
// update list, read refreshes and reports a deleted organization as gone; delete sends nothing, so it is not here. It
// loads nothing of Pulumi: each surface lists with its own credentials (`fetchGrants`) and shapes the answers for its
// own protocol.
import { randomUUID } from "node:crypto";
import { ApiError, ValidationError } from "../core/errors";
import { parseFilters } from "../core/arguments";
import type { ClientGrantsResult, Filters } from "../core/schemas";
import { canonical, containsUnknown, filtersFromState, INPUT_KEYS, pickFilters, sameFilters, sameGrants, toOutputs } from "./resourceState";

type Props = Record<string, unknown>;
export type FetchGrants = (filters: Filters) => Promise<ClientGrantsResult>;

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** The reason an argument the resource does not take is refused; undefined lets it through. */
export type ArgumentRefusal = (key: string) => string | undefined;

/**
 * Said when Auth0 refuses a credential while refreshing. `pulumi refresh` configures every provider with its
 * configuration as saved in state at the last update, not with the stack configuration as it is now, so a credential
 * rotated since then is refused even after `pulumi config set --secret` stored the fresh one. `pulumi up` and
 * `pulumi refresh --run-program` configure providers from the current configuration.
 */
const SAVED_CONFIGURATION =
  "If the credential comes from the stack configuration: pulumi refresh used the provider configuration saved in state at the last update, " +
  "not the current stack configuration, so a credential set since then (pulumi config set --secret ...) is not used yet. " +
  "After rotating a credential, run pulumi refresh --run-program or pulumi up, which use the current configuration.";

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
  /** The provider process's environment, where the engine's own settings show (`refreshDiffsThroughProvider`). */
  readonly env?: NodeJS.ProcessEnv;
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

/** How long the listing of a `read` may stand in for the listing of the `diff` of the same resource after it. */
const READ_REUSED_BY_DIFF_MS = 10_000;

/**
 * Whether the engine of this deployment shows what a refresh changed by calling Diff (Pulumi 3.x's default), or the
 * legacy way (`PULUMI_ENABLE_LEGACY_REFRESH_DIFF`, read by the CLI as "1" or "true" in any case, and inherited by the
 * provider processes it starts): comparing the outputs itself, with no Diff.
 */
function refreshDiffsThroughProvider(env: NodeJS.ProcessEnv): boolean {
  const legacy = env.PULUMI_ENABLE_LEGACY_REFRESH_DIFF;
  return !(legacy === "1" || legacy?.toLowerCase() === "true");
}

/** What a `read` listed, and the grants the resource held in state before it (a refresh's "before"). */
interface ReadListing {
  readonly result: ClientGrantsResult;
  readonly heldBefore?: Props;
}

/**
 * The listings `read` made, for the `diff` of the same resource that follows. `pulumi refresh` calls Read and then, at
 * once, Diff on every resource to decide what the refresh changed: with the refreshed outputs as the old state and the
 * inputs as they were as the new ones (pkg/v3 resource/deploy/step.go, RefreshStep.Apply). Comparing those with a
 * listing (again, or the one Read just made) can only answer "no change", and the refresh would print "unchanged"
 * while it writes new grants into state. So a read keeps the grants that were in state before it, and the diff that
 * follows compares those with what the read listed, without listing again. Kept per resource id and filters, taken
 * once, and only for a few seconds; a read that fails drops what an earlier read of the resource kept.
 */
class ListingsOfReads {
  private readonly kept = new Map<string, { at: number; listing: ReadListing }>();

  keep(id: string, filters: Filters, listing: ReadListing): void {
    for (const [key, entry] of this.kept) if (Date.now() - entry.at >= READ_REUSED_BY_DIFF_MS) this.kept.delete(key);
    this.kept.set(listingKey(id, filters), { at: Date.now(), listing });
  }

  /** A read that failed: the next diff must list for itself, not take an older read's grants. */
  forget(id: string, filters: Filters): void {
    this.kept.delete(listingKey(id, filters));
  }

  take(id: string, filters: Filters): ReadListing | undefined {
    const key = listingKey(id, filters);
    const entry = this.kept.get(key);
    this.kept.delete(key);
    return entry !== undefined && Date.now() - entry.at < READ_REUSED_BY_DIFF_MS ? entry.listing : undefined;
  }
}

function listingKey(id: string, filters: Filters): string {
  return canonical([id, filters]);
}

/** The diff of grants held in state against grants listed: which of `total` and `clientGrants` differ. */
function grantsDiff(held: Props, current: ClientGrantsResult): DiffResult {
  if (sameGrants(held, current)) return { changes: false, replaces: [], diffs: [] };
  // The total compared as judged (unwrapped): a secret one that is unchanged is not listed as changed.
  return { changes: true, replaces: [], diffs: held.total === current.total ? ["clientGrants"] : ["total", "clientGrants"] };
}

export function lifecycle({ fetchGrants, plain = (props) => props, refuseArgument = notAnArgument, env = process.env }: Surface): Lifecycle {
  const readListings = new ListingsOfReads();
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
     * grants listed now differ from those in state, so a plain `pulumi preview` shows drift. Right after a `read` of
     * the resource (a refresh), a change when the read's grants differ from those held before it, so the refresh shows
     * what it changed. A failing listing is an error.
     */
    async diff(id, olds, news) {
      const held = plain(olds ?? {});
      const before = filtersFromState(held, id);
      const after = pickFilters(plain(news));
      // Another organization is another resource: the grants it holds have nothing to do with the old ones.
      const replaces = before.organizationId !== after.organizationId ? ["organizationId"] : [];
      const changed = INPUT_KEYS.filter((key) => !sameFilters({ [key]: before[key] }, { [key]: after[key] }));
      if (containsUnknown(after) || changed.length > 0) return { changes: true, replaces, diffs: changed };
      const filters = parseFilters(after);
      const read = readListings.take(id, filters);
      // The refresh's own diff: the old state it sends is what the read just listed, so what the refresh changed is
      // the difference between the grants held before the read and those.
      if (read?.heldBefore !== undefined && sameGrants(held, read.result)) return grantsDiff(read.heldBefore, read.result);
      return grantsDiff(held, read?.result ?? (await fetchGrants(filters)));
    },

    /**
     * The id is a new UUID, never the organization id: the engine stores ids in plain text (an id is never a secret),
     * so a secret organization id would otherwise be in state, its history and its backups for anyone to read.
     */
    async create(inputs) {
      const filters = parseFilters(pickFilters(plain(inputs)));
      return { id: randomUUID(), outputs: toOutputs(await fetchGrants(filters)) };
    },

    /** Lists again with the filters in state, so `pulumi refresh` brings the grants up to date. */
    async read(id, properties) {
      const held = plain(properties ?? {});
      const filters = parseFilters(filtersFromState(held, id));
      // The grants in state before this read, for the Diff the engine makes next to show what the refresh changed.
      // Not for an import or a `get` (no grants in state yet), and not when the engine shows refreshes the legacy way:
      // it makes no such Diff then, and the Diff of the update that may follow (`pulumi up --refresh`) must compare
      // with the refreshed grants, or it would report the refresh's change once more, as an update.
      const heldBefore = Array.isArray(held.clientGrants) && refreshDiffsThroughProvider(env) ? held : undefined;
      let result: ClientGrantsResult;
      try {
        result = await fetchGrants(filters);
        readListings.keep(id, filters, { result, ...(heldBefore && { heldBefore }) });
      } catch (error) {
        readListings.forget(id, filters);
        // The organization itself is gone: an empty id is how a provider tells the engine, so that `pulumi refresh`
        // shows the resource as deleted instead of failing the whole stack's refresh. Any other failure stays an error.
        if (error instanceof ApiError && error.status === 404 && error.errorCode === "inexistent_organization") return { id: "" };
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) error.message += ` ${SAVED_CONFIGURATION}`;
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
