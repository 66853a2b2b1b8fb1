// The plugin's configuration: the variables it declares in its schema, how `CheckConfig` marks the secret ones, how
// `Configure` reads them (from `args`, or from the older `variables` map), and how they become the listing's
// connection, with the `AUTH0_*` environment below them.
import { SIGNING_ALGS } from "../core/credentials/clientAssertion";
import { CREDENTIAL_FIELDS, ENV_NAMES, SECRET_FIELDS, type CredentialField } from "../core/credentials/fields";
import { environmentLayer, providerArgumentsLayer, type SettingsLayer } from "../core/credentials/layers";
import { parseDomain } from "../core/credentials/domain";
import { ConfigurationError } from "../core/errors";
import { AnyOrganizationListings } from "../core/anyOrganizationGrants";
import type { ListOptions } from "../core/listClientGrants";
import { containsUnknown, isSecret, secret, unwrapSecrets } from "./rpcValues";

/** The package name: plugin `pulumi-resource-auth0-org-grants`, tokens `auth0-org-grants:index:*`. */
export const PACKAGE_NAME = "auth0-org-grants";

export interface ConfigVariable {
  readonly description: string;
  /** The environment variable the listing falls back to (the credentials core's own name for it). */
  readonly env: string;
  readonly secret: boolean;
}

/** Named as the official Auth0 provider names its settings, so a stack's `auth0:*` keys carry over by renaming. */
const DESCRIPTIONS: Record<CredentialField, string> = {
  domain: "The Auth0 tenant's domain (`tenant.eu.auth0.com`), or an origin `https://host[:port]`; plain `http://` only for loopback hosts.",
  apiToken: "A Management API token with `read:organization_client_grants`. Wins over client credentials given in the same place or a lower one.",
  clientId:
    "The client id of a machine-to-machine application allowed `read:organization_client_grants`, used with `clientSecret` or `clientAssertionPrivateKey`.",
  clientSecret: "The client secret of that application.",
  audience: "The audience of the client-credentials token; defaults to `https://<domain>/api/v2/`.",
  clientAssertionPrivateKey: "A PEM private key that signs a client assertion (private key JWT) instead of sending a client secret.",
  clientAssertionSigningAlg: `The algorithm that signs the client assertion: ${SIGNING_ALGS.map((a) => `\`${a}\``).join(", ")} (\`RS256\` by default).`,
};

/** The configuration variables, one per credential field of the credentials core (provider/core/credentials/fields.ts). */
export const CONFIG_VARIABLES: Record<CredentialField, ConfigVariable> = Object.fromEntries(
  CREDENTIAL_FIELDS.map((field) => [field, { description: DESCRIPTIONS[field], env: ENV_NAMES[field], secret: SECRET_FIELDS.includes(field) }]),
) as Record<CredentialField, ConfigVariable>;

export type ConfigName = CredentialField;
export type Settings = Partial<Record<ConfigName, string>>;

const NAMES = Object.keys(CONFIG_VARIABLES) as ConfigName[];
const isConfigName = (key: string): key is ConfigName => (NAMES as string[]).includes(key);

/** The setting a key misspells by case or separators (`apitoken`, `client_secret`, `API-TOKEN`), if any. */
function misspelt(key: string): ConfigName | undefined {
  const fold = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return NAMES.find((name) => name !== key && fold(name) === fold(key));
}

export interface CheckedConfig {
  readonly inputs: Record<string, unknown>;
  readonly failures: { property: string; reason: string }[];
}

/**
 * `CheckConfig`: every secret variable comes back wrapped as a secret even when it was given plain, so the engine
 * encrypts it in state. A value that is not a string, or a domain that cannot be used, is a failure naming the
 * variable (never quoting its value); a value not known yet (a preview) is not judged. A key that misspells a
 * setting is a failure naming the right one (its value wrapped as a secret when the setting is one); other keys this
 * package does not know (the engine sends `version`) pass through.
 */
export function checkConfig(news: Record<string, unknown>): CheckedConfig {
  const inputs: Record<string, unknown> = {};
  const failures: { property: string; reason: string }[] = [];
  for (const [key, given] of Object.entries(news)) {
    if (!isConfigName(key)) {
      // A misspelt setting would be ignored, and the environment's credentials would quietly stand in for it. Other
      // keys are the engine's own (`version`, `pluginDownloadURL`, `__internal`...) and pass through.
      const meant = misspelt(key);
      inputs[key] = meant && CONFIG_VARIABLES[meant].secret && !isSecret(given) ? secret(given) : given;
      if (meant) failures.push({ property: key, reason: `${PACKAGE_NAME}:${key} is not a setting of this provider: did you mean ${PACKAGE_NAME}:${meant}?` });
      continue;
    }
    const value = unwrapSecrets(given);
    const variable: ConfigVariable = CONFIG_VARIABLES[key];
    inputs[key] = variable.secret && !isSecret(given) ? secret(given) : given;
    // In a preview, an explicit provider's setting may come from another resource's output: the engine checks the
    // configuration with the value still unknown, and configures the plugin only once every value is known.
    if (containsUnknown(value)) continue;
    if (typeof value !== "string") {
      failures.push({ property: key, reason: `${PACKAGE_NAME}:${key} must be a string` });
      continue;
    }
    if (key === "domain" && value !== "") {
      try {
        parseDomain(value, `${PACKAGE_NAME}:domain`);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        failures.push({ property: key, reason: error.message });
      }
    }
    if (key === "clientAssertionSigningAlg" && value !== "" && !(SIGNING_ALGS as readonly string[]).includes(value)) {
      failures.push({ property: key, reason: `${PACKAGE_NAME}:${key} must be one of ${SIGNING_ALGS.join(", ")}` });
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

/** The plugin's configuration as a credential layer: highest, named the way a user sets it in the stack config. */
export function configurationLayer(settings: Settings, explicitProvider?: string): SettingsLayer {
  if (explicitProvider === undefined) return { place: "the provider configuration", nameOf: (field) => `${PACKAGE_NAME}:${field}`, values: settings };
  return providerArgumentsLayer(PACKAGE_NAME, explicitProvider, settings);
}

/**
 * The name of the provider resource a Configure is for, when it is an explicit one; undefined for the default
 * provider, which the engine names `default` (or `default_<version>`) and configures from the stack config.
 */
export function explicitProviderName(name: string | undefined, urn: string | undefined): string | undefined {
  const given = name || urn?.split("::").pop() || undefined;
  return given === undefined || /^default(_|$)/.test(given) ? undefined : given;
}

/**
 * The listing's options for these settings: the provider's configuration first, then the plugin's own environment.
 * The program's Pulumi config (`auth0:*`) is not read: a provider's settings come from its own configuration, which
 * is how two explicit providers of one stack read two tenants.
 */
export function listOptions(settings: Settings, env: NodeJS.ProcessEnv = process.env, explicitProvider?: string): ListOptions {
  return { layers: [configurationLayer(settings, explicitProvider), environmentLayer(env)], anyOrganizationListings: deploymentListings };
}

/**
 * The engine starts a plugin process per provider and deployment: its invokes and resources share one tenant-wide
 * listing of includeAnyOrganization per tenant and credential, however many organizations they read.
 */
const deploymentListings = new AnyOrganizationListings();
