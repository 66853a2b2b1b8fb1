// The `@pulumi/auth0` provider an invoke of package `auth0` would use, and its settings as the program holds them.
// A Pulumi surface: the core never sees a provider, only the plain settings this module hands it.
//
// Why the settings are read from the provider's outputs: an engine invoke with `{ provider }` runs in the plugin that
// the engine configured with that provider's checked inputs, and the engine answers the provider's registration with
// exactly those inputs as its outputs (pulumi/pulumi `pkg/resource/deploy/providers/registry.go`, `Registry.Create`
// and `Update` return `filterProviderConfig(req.Properties)`, secrets kept secret; in a preview too, with an unknown
// id). `@pulumi/auth0`'s `Provider` declares each setting as an output (`provider.domain`, `provider.apiToken`, ...),
// so reading them sees what the auth0 plugin would be configured with, without another process or any RPC: the
// credentials stay in this program's memory.
import * as pulumi from "@pulumi/pulumi";
import { CREDENTIAL_FIELDS } from "../core/credentials/fields";
import { providerArgumentsLayer, type SettingsLayer } from "../core/credentials/layers";
import { ConfigurationError } from "../core/errors";

export const AUTH0_PACKAGE = "auth0";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
export const AUTH0_PROVIDER_TYPE = `${PROVIDER_TYPE_PREFIX}${AUTH0_PACKAGE}`;

/** A token of package `auth0`: `Resource.getProvider` finds the provider an invoke of that package would inherit. */
const AUTH0_MEMBER = `${AUTH0_PACKAGE}:index:getOrganizationClientGrants`;

/** The settings of `@pulumi/auth0`'s provider that say where and how to authenticate: the same names as ours. */
export const PROVIDER_SETTINGS = CREDENTIAL_FIELDS;
export type ProviderSetting = (typeof PROVIDER_SETTINGS)[number];
export interface ProviderSettings {
  readonly values: Partial<Record<ProviderSetting, string>>;
  /** `cliLogin` is set: the provider logs in through the Auth0 CLI's keyring, which this package cannot read. */
  readonly cliLogin: boolean;
}

/**
 * The provider's settings as a layer of the credential resolution. It stands where the default provider's stack
 * config (`auth0:*`) would: an explicit provider of @pulumi/auth0 does not read that config either, but it does fall
 * back to `AUTH0_*`, so the environment layer follows it.
 */
export function providerLayer(provider: Auth0Provider, settings: ProviderSettings): SettingsLayer {
  return providerArgumentsLayer("auth0", provider.name, settings.values, settings.cliLogin ? ["cliLogin"] : []);
}

/** An Auth0 provider resource with its settings, ready for the listing. */
export interface Auth0Provider {
  /** The provider's resource name, for messages. */
  readonly name: string;
  /**
   * The settings, unknown while any of them is unknown (in a preview), and never secret: as with any provider's
   * invoke, the provider's secret settings do not make the result secret (only secret arguments do). They exist only
   * in this process's memory.
   */
  readonly settings: pulumi.Output<ProviderSettings>;
}

/** The package a provider resource belongs to (`pulumi:providers:<package>`), or undefined for anything else. */
export function packageOf(resource: pulumi.Resource): string | undefined {
  const type = pulumi.resourceType(resource);
  return typeof type === "string" && type.startsWith(PROVIDER_TYPE_PREFIX) ? type.slice(PROVIDER_TYPE_PREFIX.length) : undefined;
}

export function isAuth0Provider(resource: pulumi.Resource | undefined): resource is pulumi.ProviderResource {
  return resource !== undefined && packageOf(resource) === AUTH0_PACKAGE;
}

/** The resource name given to the constructor; the SDK keeps it but exposes only the URN, which is asynchronous. */
export function resourceName(resource: pulumi.Resource): string {
  const name = (resource as unknown as { __name?: unknown }).__name;
  return typeof name === "string" ? name : "(unnamed)";
}

/** The Auth0 provider inherited from `parent`, as an engine invoke of package `auth0` would resolve it. */
export function inheritedAuth0Provider(parent: pulumi.Resource | undefined): pulumi.ProviderResource | undefined {
  const inherited = parent?.getProvider(AUTH0_MEMBER);
  // A `providers` map entry under the key "auth0" holding another package's provider is not an Auth0 provider.
  return isAuth0Provider(inherited) ? inherited : undefined;
}

/**
 * The Auth0 provider an invoke with these options uses: `opts.provider`, else one inherited from `opts.parent`;
 * undefined when there is none (then the stack config and the environment apply). An explicit provider of another
 * package is refused: it cannot tell how to reach an Auth0 tenant, and ignoring it would read another tenant.
 */
export function invokeProvider(opts: { provider?: pulumi.ProviderResource; parent?: pulumi.Resource } | undefined): Auth0Provider | undefined {
  refuseProvidersOption(opts);
  const explicit = opts?.provider;
  if (explicit !== undefined) {
    if (!isAuth0Provider(explicit)) {
      const pkg = packageOf(explicit);
      throw new ConfigurationError(
        `The provider "${resourceName(explicit)}" passed as \`provider\` is ${pkg === undefined ? "not a provider resource" : `a provider of the package "${pkg}"`}, ` +
          `not an Auth0 provider: pass a provider of @pulumi/auth0 (\`new auth0.Provider("tenant", { domain, ... })\`), ` +
          "or no provider to use the stack config (auth0:*) and the AUTH0_* environment variables.",
      );
    }
    return auth0Provider(explicit);
  }
  const inherited = inheritedAuth0Provider(opts?.parent);
  return inherited === undefined ? undefined : auth0Provider(inherited);
}

/**
 * `providers` is not an invoke option: the type has no such field, and an engine invoke drops it, so an auth0 provider
 * there would be ignored and the stack config's tenant read instead. A JavaScript program, or one that spreads a
 * component's options into the call, still passes it; say what to pass instead. The same provider in `provider` too
 * (a spread of `{ provider, providers: [provider] }`) is simply that provider.
 */
function refuseProvidersOption(opts: object | undefined): void {
  const listed = (opts as { providers?: unknown } | undefined)?.providers;
  if (listed === undefined || listed === null || typeof listed !== "object") return;
  const entries = (Array.isArray(listed) ? listed : Object.values(listed)) as unknown[];
  const auth0 = entries.find((p): p is pulumi.ProviderResource => pulumi.Resource.isInstance(p) && isAuth0Provider(p));
  if (auth0 === undefined || auth0 === (opts as { provider?: unknown }).provider) return;
  throw new ConfigurationError(
    `The auth0 provider "${resourceName(auth0)}" was passed in \`providers\`, which a function call does not take (it would be ` +
      "ignored and the stack config's tenant read instead): pass it as `provider` " +
      `(\`getOrganizationClientGrantsOutput(args, { provider })\`), or give the call a \`parent\` whose \`providers\` hold it.`,
  );
}

function auth0Provider(provider: pulumi.ProviderResource): Auth0Provider {
  const name = resourceName(provider);
  const fields = provider as unknown as Record<string, unknown>;
  if (!PROVIDER_SETTINGS.some((f) => pulumi.Output.isInstance(fields[f]))) {
    // A provider known only by reference (e.g. rehydrated from a URN) carries no settings in this program.
    throw new ConfigurationError(
      `The Auth0 provider "${name}" carries none of its settings in this program: pass a provider created here with ` +
        "`new auth0.Provider(name, { domain, ... })` from @pulumi/auth0.",
    );
  }
  // Built from a promise, so the Output is neither secret nor tied to the provider's secrets; unknown settings turn
  // it unknown through the apply.
  const settings = pulumi
    .output(readSettings(fields))
    .apply((read) => (read.known ? pulumi.output(read.settings) : (pulumi.output(pulumi.unknown) as unknown as pulumi.Output<ProviderSettings>)));
  return { name, settings };
}

async function readSettings(fields: Record<string, unknown>): Promise<{ known: boolean; settings: ProviderSettings }> {
  const [login, ...read] = await Promise.all([peek(fields.cliLogin), ...PROVIDER_SETTINGS.map((f) => peek(fields[f]))]);
  const values: Partial<Record<ProviderSetting, string>> = {};
  PROVIDER_SETTINGS.forEach((f, i) => {
    const value = read[i]!.value;
    if (typeof value === "string") values[f] = value;
  });
  // @pulumi/auth0 sends booleans JSON-encoded: "true" when cliLogin is set.
  const cliLogin = login!.value === true || login!.value === "true";
  return { known: read.every((r) => r.known), settings: { values, cliLogin } };
}

/**
 * One output's value and whether it is known. In a preview the SDK reports an output the engine's answer left out as
 * unknown with no value; a provider's outputs are its inputs, so that is a setting the program did not set. A setting
 * computed from a resource the preview has not created comes back as the unknown value itself: truly unknown.
 */
async function peek(field: unknown): Promise<{ known: boolean; value?: unknown }> {
  if (!pulumi.Output.isInstance(field)) return { known: true };
  const output = field as unknown as { promise(withUnknowns?: boolean): Promise<unknown>; isKnown: Promise<boolean> };
  const [value, known] = await Promise.all([output.promise(true), output.isKnown]);
  if (known) return { known, value };
  return { known: value === undefined };
}

/**
 * The settings as plain values, for the Promise form. An Output has no public way to be awaited; this reads it as the
 * SDK's own invoke reads a provider's URN and id (`ProviderResource.register`). Unknown settings (a preview, with a
 * provider whose inputs come from resources not created yet) cannot be listed with, and waiting would never end.
 */
export async function knownSettings(provider: Auth0Provider): Promise<ProviderSettings> {
  const output = provider.settings as unknown as { promise(): Promise<ProviderSettings>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  // Awaited together, so that a failure (cliLogin) rejects this call once instead of leaving a rejection unhandled.
  const [settings, known] = await Promise.all([output.promise(), output.isKnown, output.isSecret]);
  if (!known) {
    throw new ConfigurationError(
      `The settings of the Auth0 provider "${provider.name}" are not known yet in this preview: use ` +
        "getOrganizationClientGrantsOutput, which stays unknown until they are.",
    );
  }
  return settings;
}
