// `auth0-org-grants:index:OrganizationClientGrants`: the read-only resource with the dynamic resource's lifecycle
// (provider/shared/resourceLifecycle.ts) and the same state shape (provider/shared/resourceState.ts). The plugin's own part is
// the engine's secret wrappers: the lifecycle judges the values unwrapped, check hands the inputs back wrapped, and
// every answer that goes to state wraps again what came in secret.
import { lifecycle, type CheckResult, type DiffResult, type FetchGrants } from "../shared/resourceLifecycle";
import { PACKAGE_NAME } from "./pluginConfig";
import { isSecret, secret, secretStrings, unwrapSecrets } from "./rpcValues";

export type { FetchGrants };

export const ORGANIZATION_CLIENT_GRANTS = `${PACKAGE_NAME}:index:OrganizationClientGrants`;

type Props = Record<string, unknown>;

/** The resource's hooks as the plugin serves them: answers for state carry the secrecy of what they came from. */
export interface PluginResource {
  check(news: Props | undefined): CheckResult;
  diff(id: string, olds: Props | undefined, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<{ id: string; outputs: Props }>;
  /** `inputs` are the inputs the engine holds in state: their secrets count as much as the properties'. */
  read(id: string, properties: Props | undefined, inputs?: Props): Promise<{ id: string; outputs?: Props; inputs?: Props }>;
  update(news: Props): Promise<Props>;
}

/**
 * Wraps as a secret every property of `answer` whose namesake in one of `sources` holds a secret. The engine does
 * this itself only for providers that do not accept secrets; this one does (Configure's acceptSecrets), so without
 * it a secret organization id, audience or list of grant ids would be written to state in plain text.
 */
export function keepSecrecy(answer: Props, ...sources: (Props | undefined)[]): Props {
  const out: Props = { ...answer };
  for (const key of Object.keys(out)) {
    const secretIn = sources.some((source) => source !== undefined && (isSecret(source[key]) || secretStrings(source[key]).length > 0));
    if (secretIn && !isSecret(out[key])) out[key] = secret(out[key]);
  }
  return out;
}

/** The resource's hooks for one plugin instance, listing with its settings; `env` is the plugin process's. */
export function organizationClientGrants(fetchGrants: FetchGrants, env: NodeJS.ProcessEnv = process.env): PluginResource {
  const hooks = lifecycle({ fetchGrants, plain: (props) => unwrapSecrets(props) as Props, env });
  return {
    check: (news) => hooks.check(news),
    diff: (id, olds, news) => hooks.diff(id, olds, news),
    async create(inputs) {
      const { id, outputs } = await hooks.create(inputs);
      return { id, outputs: keepSecrecy({ ...outputs }, inputs) };
    },
    async read(id, properties, inputs) {
      const result = await hooks.read(id, properties);
      return {
        id: result.id,
        ...(result.outputs && { outputs: keepSecrecy({ ...result.outputs }, properties, inputs) }),
        ...(result.inputs && { inputs: keepSecrecy(result.inputs, properties, inputs) }),
      };
    },
    async update(news) {
      return keepSecrecy({ ...(await hooks.update(news)) }, news);
    },
  };
}
