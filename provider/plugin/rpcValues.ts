// The engine's encodings inside a google.protobuf.Struct: a secret is an object with Pulumi's signature key, a value
// not known yet (a preview) is a fixed string. These are wire constants of the Pulumi RPC protocol, written here so
// that the plugin does not load the whole `@pulumi/pulumi` SDK to get them.
import { containsUnknown, UNKNOWN } from "../shared/resourceState";

export { containsUnknown, UNKNOWN };

export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export function isSecret(value: unknown): value is { value?: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** A value wrapped as a secret, so that the engine keeps it encrypted in state. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** The value with every secret wrapper removed, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Every string held inside a secret wrapper, at any depth: the values a caller marked secret. */
export function secretStrings(value: unknown, inSecret = false): string[] {
  if (isSecret(value)) return secretStrings(value.value, true);
  if (typeof value === "string") return inSecret ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretStrings(v, inSecret));
  if (value !== null && typeof value === "object") return Object.values(value).flatMap((v) => secretStrings(v, inSecret));
  return [];
}
