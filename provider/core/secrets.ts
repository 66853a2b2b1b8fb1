// A process-wide registry of the credentials this package has handled, so that every error message, log line and
// CLI output can be scrubbed of them, even where the text came from somewhere else (an API message echoing a token).
import { createHash } from "node:crypto";

const secrets = new Set<string>();

/** Remembers a credential so that `redact` removes it from any text. Short values are ignored: they would redact noise. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}

/** A stand-in for a credential inside a cache key: the key lives in memory, but no secret needs to. */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
