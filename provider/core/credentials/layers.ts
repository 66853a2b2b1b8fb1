// The places settings come from ("layers"), each naming its fields in its own terms so that every message speaks the
// caller's language: the function's `connection`, Pulumi config keys (`auth0:*`), the `AUTH0_*` environment. Other
// surfaces build layers of their own (the CLI's command line, an explicit `@pulumi/auth0` provider, the plugin's
// configuration). A layer only holds values: reading Pulumi config is the surfaces' business (`ConfigSource`).
import type { Connection } from "../schemas";
import { CREDENTIAL_FIELDS, ENV_NAMES, type CredentialField } from "./fields";

/** Reads one Pulumi configuration key such as `auth0:domain`; undefined when unset. */
export type ConfigSource = (key: string) => string | undefined;

/** One place settings come from. Layers are ordered highest first. */
export interface SettingsLayer {
  /** How messages name this place as a whole: "connection", 'the auth0 provider "tenant-b"', "Pulumi config",
   *  "the environment", "the command line". */
  readonly place: string;
  /** How messages name one field in this place: "connection.domain", "auth0:domain", "AUTH0_DOMAIN", "--domain". */
  readonly nameOf: (field: CredentialField) => string;
  readonly values: Partial<Record<CredentialField, string>>;
  /** The fields this place can hold at all (default: every field); messages only suggest these. The command line,
   *  say, takes a domain but never a credential. */
  readonly fields?: readonly CredentialField[];
  /** Settings present in this place, in its own terms, that this package cannot use, such as "auth0:cliLogin".
   *  Named in the error when no credential is usable, so that the user learns why theirs was not taken. */
  readonly unsupported?: readonly string[];
  /**
   * Set on a place the caller names for one call only (the function's `connection`, the CLI's `--domain`), as
   * opposed to the places `@pulumi/auth0` itself reads (its provider's settings or `auth0:*`, then `AUTH0_*`).
   * A credential without a domain of its own belongs to the domain those places pair it with (see resolve.ts).
   */
  readonly override?: boolean;
}

/** The values that are set, blank ones dropped: an empty AUTH0_API_TOKEN= line means "not set", as it does for the
 *  official provider. */
function present(read: (field: CredentialField) => string | undefined): Partial<Record<CredentialField, string>> {
  const values: Partial<Record<CredentialField, string>> = {};
  for (const field of CREDENTIAL_FIELDS) {
    const value = read(field);
    if (value !== undefined && value.trim() !== "") values[field] = value;
  }
  return values;
}

/** `cliLogin` of @pulumi/auth0 logs in through the Auth0 CLI's stored session, which this package cannot use. */
const isTruthy = (value: string | undefined) => value !== undefined && /^\s*(1|t|true|yes|on)\s*$/i.test(value);

/** The explicit `connection` argument of the function. */
export function connectionLayer(connection: Connection | undefined): SettingsLayer {
  return { place: "connection", nameOf: (f) => `connection.${f}`, values: present((f) => connection?.[f]), override: true };
}

/** `auth0:*` keys of Pulumi config, as `config` reads them. */
/**
 * An explicit provider's arguments as a layer (a `@pulumi/auth0` provider, or this package's plugin's): named by its
 * own arguments, since naming the stack settings would send the user to the default provider's configuration, which
 * changes nothing for this one. `unsupported`: arguments present that this package cannot use.
 */
export function providerArgumentsLayer(packageName: string, providerName: string, values: SettingsLayer["values"], unsupported: readonly string[] = []): SettingsLayer {
  return {
    place: `the ${packageName} provider "${providerName}"`,
    nameOf: (f) => `provider "${providerName}" argument ${f}`,
    values,
    unsupported: unsupported.map((argument) => `provider "${providerName}" argument ${argument}`),
  };
}

export function pulumiConfigLayer(config: ConfigSource): SettingsLayer {
  return {
    place: "Pulumi config",
    nameOf: (f) => `auth0:${f}`,
    values: present((f) => config(`auth0:${f}`)),
    unsupported: isTruthy(config("auth0:cliLogin")) ? ["auth0:cliLogin"] : [],
  };
}

/** `AUTH0_*` environment variables. */
export function environmentLayer(env: NodeJS.ProcessEnv = process.env): SettingsLayer {
  return {
    place: "the environment",
    nameOf: (f) => ENV_NAMES[f],
    values: present((f) => env[ENV_NAMES[f]]),
    unsupported: isTruthy(env.AUTH0_CLI_LOGIN) ? ["AUTH0_CLI_LOGIN"] : [],
  };
}
