// Credential resolution, with the precedence of the official Auth0 provider: each field is taken from the first
// source that has it, in the order explicit connection, Pulumi config (`auth0:*`), environment (`AUTH0_*`).
import { isIP } from "node:net";
import { ConfigurationError, ValidationError } from "./errors";
import { connectionSchema, type Connection } from "./schemas";
import { registerSecret } from "./secrets";

/** Reads one Pulumi configuration key such as `auth0:domain`; undefined when unset. */
export type ConfigSource = (key: string) => string | undefined;

const FIELDS = ["domain", "apiToken", "clientId", "clientSecret", "audience"] as const;
type Field = (typeof FIELDS)[number];

const ENV_NAMES: Record<Field, string> = {
  domain: "AUTH0_DOMAIN",
  apiToken: "AUTH0_API_TOKEN",
  clientId: "AUTH0_CLIENT_ID",
  clientSecret: "AUTH0_CLIENT_SECRET",
  audience: "AUTH0_AUDIENCE",
};

/** Where the Management API lives, checked: HTTPS, or plain HTTP on a loopback host only. */
export interface ApiOrigin {
  readonly origin: string;
  readonly hostname: string;
}

export type Credentials =
  | { readonly kind: "apiToken"; readonly apiToken: string }
  | { readonly kind: "clientCredentials"; readonly clientId: string; readonly clientSecret: string; readonly audience: string };

export interface ResolvedConnection {
  readonly api: ApiOrigin;
  readonly credentials: Credentials;
}

/**
 * Pulumi config as the running program sees it. `runtime.getConfig` reads the stack's configuration (or
 * `PULUMI_CONFIG` outside a deployment) without the warning `Config.get` prints for secrets. `@pulumi/pulumi` is a
 * peer dependency, so its absence means "no Pulumi config", not a crash.
 */
export const pulumiProgramConfig: ConfigSource = (key) => {
  try {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    return pulumi.runtime.getConfig(key);
  } catch {
    return undefined;
  }
};

export const environment = (env: NodeJS.ProcessEnv = process.env): Partial<Record<Field, string>> =>
  Object.fromEntries(FIELDS.map((f) => [f, nonEmpty(env[ENV_NAMES[f]])]).filter(([, v]) => v !== undefined));

export const fromConfig = (config: ConfigSource): Partial<Record<Field, string>> =>
  Object.fromEntries(FIELDS.map((f) => [f, nonEmpty(config(`auth0:${f}`))]).filter(([, v]) => v !== undefined));

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Validates an explicit `connection` argument; errors name `connection.<field>`. */
export function parseConnection(value: unknown): Connection | undefined {
  if (value === undefined) return undefined;
  const parsed = connectionSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: ["connection", ...i.path].join("."), message: i.message })),
    );
  }
  return parsed.data;
}

export interface ResolveSources {
  readonly config?: ConfigSource;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Merges the sources field by field and checks that what came out can reach the API. An API token wins over client
 * credentials given in the same place or a lower one.
 */
export function resolveConnection(explicit: Connection | undefined, sources: ResolveSources = {}): ResolvedConnection {
  const layers = [explicit ?? {}, fromConfig(sources.config ?? pulumiProgramConfig), environment(sources.env)];
  for (const layer of layers) {
    registerSecret(layer.apiToken);
    registerSecret(layer.clientSecret);
  }
  const pick = (f: Field, from = layers): string | undefined => from.map((l) => l[f]).find((v) => v !== undefined);
  // The kind of credential comes from the highest place that gives any: a client id and secret passed in
  // `connection` must not lose to a token lying in the environment, which belongs to whatever tenant it was made for.
  const top = layers.findIndex((l) => l.apiToken !== undefined || l.clientId !== undefined || l.clientSecret !== undefined);
  const fromTop = top < 0 ? [] : layers.slice(top);
  const merged: Partial<Record<Field, string>> = {
    domain: pick("domain"),
    apiToken: fromTop[0]?.apiToken,
    clientId: pick("clientId", fromTop),
    clientSecret: pick("clientSecret", fromTop),
    audience: pick("audience"),
  };

  if (!merged.domain) {
    throw new ConfigurationError(
      "No Auth0 domain: set `connection.domain`, the Pulumi config `auth0:domain`, or the environment variable AUTH0_DOMAIN.",
    );
  }
  const api = parseDomain(merged.domain);
  if (merged.apiToken) return { api, credentials: { kind: "apiToken", apiToken: merged.apiToken } };
  if (merged.clientId && merged.clientSecret) {
    return {
      api,
      credentials: {
        kind: "clientCredentials",
        clientId: merged.clientId,
        clientSecret: merged.clientSecret,
        audience: merged.audience ?? `${api.origin}/api/v2/`,
      },
    };
  }
  const half = merged.clientId ? "a client id but no client secret" : merged.clientSecret ? "a client secret but no client id" : "none";
  throw new ConfigurationError(
    `No usable Auth0 credentials (found ${half}): set an API token (auth0:apiToken / AUTH0_API_TOKEN) or both a client id and ` +
      "a client secret (auth0:clientId + auth0:clientSecret / AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET).",
  );
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/**
 * Accepts `tenant.eu.auth0.com` (then HTTPS) or an origin `https://host[:port]`; `http://` only for loopback hosts,
 * because a Management API token must never cross a network in clear text.
 */
export function parseDomain(domain: string): ApiOrigin {
  // The value itself is never echoed: a misplaced token or a password in user information would be printed.
  const fail = (why: string) =>
    new ConfigurationError(
      `Invalid Auth0 domain (connection.domain, auth0:domain or AUTH0_DOMAIN): ${why}. Use a host name such as "tenant.eu.auth0.com" or an origin such as "https://tenant.eu.auth0.com:443".`,
    );
  if (/\s/.test(domain)) throw fail("it contains white space");
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain);
  let url: URL;
  try {
    url = new URL(hasScheme ? domain : `https://${domain}`);
  } catch {
    throw fail("it is not a host name or an origin");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fail(`the scheme ${url.protocol} is not supported`);
  // "https://@host" parses with an empty user name, so look at the text, not only at the parsed URL.
  if (url.username || url.password || domain.includes("@")) throw fail("it must not carry user information");
  if (url.pathname !== "/" || url.search || url.hash || /[?#]/.test(domain)) throw fail("it must not have a path, query or fragment");
  if (!hasScheme && domain.includes("/")) throw fail("it must not have a path");
  const hostname = url.hostname;
  const isIpLiteral = isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;
  if (!isIpLiteral && !HOSTNAME.test(hostname)) throw fail("the host name is not valid");
  if (url.protocol === "http:" && !isLoopback(hostname)) {
    throw fail("plain http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https://");
  }
  return { origin: url.origin, hostname };
}
