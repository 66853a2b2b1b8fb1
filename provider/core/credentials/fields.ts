// The settings that say where and how to authenticate, named as the official Auth0 provider names them, with the
// environment variable each falls back to and which of them are secrets. Every surface's list of settings (the plugin's
// configuration variables, the explicit provider's outputs, redaction) is this one.

export const CREDENTIAL_FIELDS = [
  "domain",
  "apiToken",
  "clientId",
  "clientSecret",
  "audience",
  "clientAssertionPrivateKey",
  "clientAssertionSigningAlg",
] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

/** The settings whose values are secrets: registered for redaction, wrapped as secrets in state and schemas. */
export const SECRET_FIELDS: readonly CredentialField[] = ["apiToken", "clientSecret", "clientAssertionPrivateKey"];

/** The fields that make a credential, and so bind it to its layer's domain. */
export const CREDENTIAL_KINDS: readonly CredentialField[] = ["apiToken", "clientId", "clientSecret", "clientAssertionPrivateKey"];

/** The `AUTH0_*` environment variable of each setting, as the official provider reads them. */
export const ENV_NAMES: Record<CredentialField, string> = {
  domain: "AUTH0_DOMAIN",
  apiToken: "AUTH0_API_TOKEN",
  clientId: "AUTH0_CLIENT_ID",
  clientSecret: "AUTH0_CLIENT_SECRET",
  audience: "AUTH0_AUDIENCE",
  clientAssertionPrivateKey: "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY",
  clientAssertionSigningAlg: "AUTH0_CLIENT_ASSERTION_SIGNING_ALG",
};

