// `auth0-org-grants:index:OrganizationClientGrants`: the read-only resource with the dynamic resource's lifecycle
// (provider/resource/lifecycle.ts) and the same state shape (provider/resource/state.ts). The plugin's own part is
// the engine's secret wrappers: the lifecycle judges the values unwrapped, check hands the inputs back wrapped.
import { lifecycle, type FetchGrants, type Lifecycle } from "../resource/lifecycle";
import { PACKAGE_NAME } from "./config";
import { unwrapSecrets } from "./rpcValues";

export type { FetchGrants };

export const ORGANIZATION_CLIENT_GRANTS = `${PACKAGE_NAME}:index:OrganizationClientGrants`;

/** The resource's hooks for one plugin instance, listing with its settings. */
export function organizationClientGrants(fetchGrants: FetchGrants): Lifecycle {
  return lifecycle({ fetchGrants, plain: (props) => unwrapSecrets(props) as Record<string, unknown> });
}
