// PULUMI_CONFIG as the CLI reads it: the JSON object of "namespace:key" strings the Pulumi engine hands a program, and
// that people export to run the CLI beside a stack. Parsed here, not through @pulumi/pulumi: that is a peer dependency
// the CLI may run without (yarn 1, npm --legacy-peer-deps, pnpm without auto-installed peers), and the same command
// must list the same tenant in every install. A variable that is set but cannot be read is an error before any
// request, never a silent fall back to the AUTH0_* tenant.
import type { ConfigSource } from "../core/credentials/layers";
import { CREDENTIAL_FIELDS } from "../core/credentials/fields";
import { ConfigurationError } from "../core/errors";

const NAME = "PULUMI_CONFIG";

/** "auth0:config:domain", the form older language hosts set, is "auth0:domain", as @pulumi/pulumi reads it. */
const cleanKey = (key: string) => key.replace(/^([^:]+):config:/, "$1:");

/** The keys of PULUMI_CONFIG this package reads: they must hold strings. */
const READ_KEYS = [...CREDENTIAL_FIELDS, "cliLogin"].map((field) => `auth0:${field}`);

/** Reads the keys of PULUMI_CONFIG in `env`; undefined when the variable is unset or empty. */
export function pulumiConfigVariable(env: NodeJS.ProcessEnv): ConfigSource | undefined {
  const raw = env[NAME];
  if (raw === undefined || raw.trim() === "") return undefined;
  // Its values are secrets in plain text: no message quotes it, nor JSON.parse's own words (which quote a piece).
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError(
      `${NAME} is set but is not valid JSON (${raw.length} characters; cut short, or quoted for another shell?): it must be the JSON object of "namespace:key" settings ` +
        `that Pulumi hands a program, such as {"auth0:domain":"tenant.eu.auth0.com"}. Nothing was sent. Fix it, or unset it to use AUTH0_*.`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigurationError(`${NAME} is set but is not a JSON object of "namespace:key" settings (it is ${Array.isArray(parsed) ? "an array" : parsed === null ? "null" : `a ${typeof parsed}`}). Nothing was sent.`);
  }
  const values = new Map(Object.entries(parsed).map(([key, value]) => [cleanKey(key), value as unknown]));
  for (const key of READ_KEYS) {
    const value = values.get(key);
    if (value !== undefined && typeof value !== "string") {
      throw new ConfigurationError(`${key} in ${NAME} must be a string, as Pulumi config values are, not ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}. Nothing was sent.`);
    }
  }
  return (key) => {
    const value = values.get(key);
    return typeof value === "string" ? value : undefined;
  };
}
