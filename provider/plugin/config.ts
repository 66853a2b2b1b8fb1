// The plugin's configuration: the variables it declares in its schema, how `CheckConfig` marks the secret ones, how
// `Configure` reads them (from `args`, or from the older `variables` map), and how they become the listing's
// connection, with the `AUTH0_*` environment below them.
import { parseDomain } from "../credentials";
import { ConfigurationError } from "../errors";
import type { ListOptions } from "../listClientGrants";
import { connectionSchema } from "../schemas";
import { isSecret, secret, unwrapSecrets } from "./rpcValues";

/** The package name: plugin `pulumi-resource-auth0-org-grants`, tokens `auth0-org-grants:index:*`. */
export const PACKAGE_NAME = "auth0-org-grants";

export interface ConfigVariable {
  readonly description: string;
  /** The environment variable the listing falls back to. */
  readonly env: string;
  readonly secret: boolean;
}

/** Named as the official Auth0 provider names its settings, so a stack's `auth0:*` keys carry over by renaming. */
export const CONFIG_VARIABLES = {
  domain: {
    description: "The Auth0 tenant's domain (`tenant.eu.auth0.com`), or an origin `https://host[:port]`; plain `http://` only for loopback hosts.",
    env: "AUTH0_DOMAIN",
    secret: false,
  },
  apiToken: {
    description: "A Management API token with `read:organization_client_grants`. Wins over client credentials given in the same place or a lower one.",
    env: "AUTH0_API_TOKEN",
    secret: true,
  },
  clientId: {
    description: "The client id of a machine-to-machine application allowed `read:organization_client_grants`, used with `clientSecret` (or a client assertion).",
    env: "AUTH0_CLIENT_ID",
    secret: false,
  },
  clientSecret: {
    description: "The client secret of that application.",
    env: "AUTH0_CLIENT_SECRET",
    secret: true,
  },
  audience: {
    description: "The audience of the client-credentials token; defaults to `https://<domain>/api/v2/`.",
    env: "AUTH0_AUDIENCE",
    secret: false,
  },
  clientAssertionPrivateKey: {
    description: "A PEM private key that signs a client assertion (private key JWT) instead of sending a client secret.",
    env: "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY",
    secret: true,
  },
  clientAssertionSigningAlg: {
    description: "The algorithm that signs the client assertion (`RS256` by default).",
    env: "AUTH0_CLIENT_ASSERTION_SIGNING_ALG",
    secret: false,
  },
} as const satisfies Record<string, ConfigVariable>;

export type ConfigName = keyof typeof CONFIG_VARIABLES;
export type Settings = Partial<Record<ConfigName, string>>;

const NAMES = Object.keys(CONFIG_VARIABLES) as ConfigName[];
const isConfigName = (key: string): key is ConfigName => (NAMES as string[]).includes(key);

export interface CheckedConfig {
  readonly inputs: Record<string, unknown>;
  readonly failures: { property: string; reason: string }[];
}

/**
 * `CheckConfig`: every secret variable comes back wrapped as a secret even when it was given plain, so the engine
 * encrypts it in state. A value that is not a string, or a domain that cannot be used, is a failure naming the
 * variable (never quoting its value). Keys this package does not know (the engine sends `version`) pass through.
 */
export function checkConfig(news: Record<string, unknown>): CheckedConfig {
  const inputs: Record<string, unknown> = {};
  const failures: { property: string; reason: string }[] = [];
  for (const [key, given] of Object.entries(news)) {
    if (!isConfigName(key)) {
      inputs[key] = given;
      continue;
    }
    const value = unwrapSecrets(given);
    const variable: ConfigVariable = CONFIG_VARIABLES[key];
    inputs[key] = variable.secret && !isSecret(given) ? secret(given) : given;
    if (typeof value !== "string") {
      failures.push({ property: key, reason: `${PACKAGE_NAME}:${key} must be a string` });
      continue;
    }
    if (key === "domain" && value !== "") {
      try {
        parseDomain(value);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        failures.push({ property: key, reason: error.message });
      }
    }
  }
  return { inputs, failures };
}

/**
 * `Configure`: the settings from `args` when the engine sent them (secrets unwrapped), else from `variables`, whose
 * keys older engines spell `auth0-org-grants:config:domain` (or `auth0-org-grants:domain`). Empty values count as unset.
 */
export function settingsFrom(args: Record<string, unknown> | undefined, variables: ReadonlyMap<string, string> | Iterable<[string, string]>): Settings {
  const settings: Settings = {};
  if (args !== undefined && Object.keys(args).length > 0) {
    for (const [key, given] of Object.entries(args)) {
      const value = unwrapSecrets(given);
      if (isConfigName(key) && typeof value === "string" && value !== "") settings[key] = value;
    }
    return settings;
  }
  for (const [fullKey, value] of variables) {
    const key = /^auth0-org-grants:(?:config:)?(\w+)$/.exec(fullKey)?.[1];
    if (key !== undefined && isConfigName(key) && value !== "") settings[key] = value;
  }
  return settings;
}

const CONNECTION_FIELDS = Object.keys(connectionSchema.shape);

/**
 * The listing's options for these settings: the settings first, then the plugin's own environment. The program's
 * Pulumi config (`auth0:*`) is not read: a provider's settings come from its own configuration, which is how two
 * explicit providers of one stack read two tenants.
 */
export function listOptions(settings: Settings, env: NodeJS.ProcessEnv = process.env): ListOptions {
  const connection = Object.fromEntries(Object.entries(settings).filter(([key]) => CONNECTION_FIELDS.includes(key)));
  return { connection, config: () => undefined, env };
}
