// Pulumi config as the running program sees it, for the surfaces that run inside a Pulumi program (the function and
// the package's exported listing). The core never reads Pulumi config itself: it is handed this source. (The CLI
// reads PULUMI_CONFIG itself, provider/cli/pulumiConfigVariable.ts: it may run where @pulumi/pulumi is not installed.)
import { pulumiConfigLayer, type ConfigSource, type SettingsLayer } from "../core/credentials/layers";
import { listClientGrants, type ListOptions } from "../core/listClientGrants";
import type { ClientGrantsResult } from "../core/schemas";

/**
 * `runtime.getConfig` reads the stack's configuration (or `PULUMI_CONFIG` outside a deployment) without the warning
 * `Config.get` prints for secrets. `@pulumi/pulumi` is a peer dependency, so its absence means "no Pulumi config",
 * not a crash.
 */
export const pulumiProgramConfig: ConfigSource = (key) => {
  try {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    return pulumi.runtime.getConfig(key);
  } catch {
    return undefined;
  }
};

/** `auth0:*` keys of Pulumi config: the running program's unless `config` says where else to read them. */
export function programConfigLayer(config: ConfigSource = pulumiProgramConfig): SettingsLayer {
  return pulumiConfigLayer(config);
}

/** The listing as the package exports it: `options.config` defaults to the running Pulumi program's config. */
export function listWithProgramConfig(args: unknown, options: ListOptions = {}): Promise<ClientGrantsResult> {
  return listClientGrants(args, { config: pulumiProgramConfig, ...options });
}
