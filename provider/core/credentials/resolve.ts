// Credential resolution. Settings come from places ("layers", layers.ts) ordered highest first: for the function, the
// explicit connection, then Pulumi config (`auth0:*`), then the environment (`AUTH0_*`), as the official Auth0 provider
// orders them; other surfaces bring their own layers (the CLI's `--domain`, an explicit `@pulumi/auth0` provider).
// Each field is taken from the first layer that has it, with two rules on top: the kind of credential comes from
// the highest layer that gives any, and a credential is only sent to the domain of its own layer.
import { ConfigurationError } from "../errors";
import type { Connection } from "../schemas";
import { fingerprint, registerSecret } from "../secrets";
import { SIGNING_ALGS, canonicalPem, parsePrivateKey, type KeyProblem, type SigningAlg } from "./clientAssertion";
import { parseDomain, QUOTED, type ApiOrigin } from "./domain";
import { CREDENTIAL_FIELDS, CREDENTIAL_KINDS, SECRET_FIELDS, type CredentialField } from "./fields";
import { connectionLayer, environmentLayer, pulumiConfigLayer, type ConfigSource, type SettingsLayer } from "./layers";

export type Credentials =
  | { readonly kind: "apiToken"; readonly apiToken: string }
  | { readonly kind: "clientCredentials"; readonly clientId: string; readonly clientSecret: string; readonly audience: string }
  | {
      /** Private-key JWT client authentication: a signed client assertion exchanged at /oauth/token. */
      readonly kind: "privateKeyJwt";
      readonly clientId: string;
      /** The PEM text, as checked by `parsePrivateKey`; kept as text so that cache keys can fingerprint it. */
      readonly privateKey: string;
      readonly signingAlg: SigningAlg;
      readonly audience: string;
    };

export interface ResolvedConnection {
  readonly api: ApiOrigin;
  readonly credentials: Credentials;
  /** The settings the credentials came from, in their places' terms ("AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET"), for
   *  the hints of errors that happen later, when Auth0 refuses them. */
  readonly credentialsFrom?: string;
  /** Where each field can be set, in the caller's terms ("auth0-org-grants:apiToken / AUTH0_API_TOKEN"), so that the
   *  hint of a refused credential names settings the caller reads, not another caller's. */
  readonly settable?: Partial<Record<CredentialField, string>>;
}

/** What makes two connections the same tenant and identity, for listings shared between calls: the origin and a
 *  digest of the credentials (a token without a scope must fail, not borrow another credential's listing). */
export function connectionKey(connection: ResolvedConnection): string {
  return JSON.stringify([connection.api.origin, fingerprint(JSON.stringify(connection.credentials))]);
}

export interface ResolveSources {
  /** Where `auth0:*` keys are read; none unless given (the core reads no Pulumi config by itself). */
  readonly config?: ConfigSource;
  readonly env?: NodeJS.ProcessEnv;
}

/** The function's resolution: `connection`, then Pulumi config, then the environment. */
export function resolveConnection(explicit: Connection | undefined, sources: ResolveSources = {}): ResolvedConnection {
  return resolveSettings([connectionLayer(explicit), pulumiConfigLayer(sources.config ?? (() => undefined)), environmentLayer(sources.env)]);
}

/**
 * A setting as messages name it, with the place it came from: "auth0:domain (Pulumi config)"; the place is left out
 * where the name says it already ("auth0:domain in PULUMI_CONFIG").
 */
function at(layer: SettingsLayer, field: CredentialField): string {
  return withPlace(layer.nameOf(field), layer);
}

function withPlace(names: string, layer: SettingsLayer): string {
  return names.includes(layer.place) ? names : `${names} (${layer.place})`;
}

/** A value and the layer it came from. */
interface Picked {
  readonly value: string;
  readonly layer: SettingsLayer;
  readonly field: CredentialField;
}

/**
 * Merges the layers (highest first) into what the listing uses. Every ConfigurationError names fields with the
 * layers' own `nameOf`, so each caller's messages are in its own terms; none carries a secret's value. Nothing is
 * sent before this returns, so every refusal here happens before any request.
 */
export function resolveSettings(layers: readonly SettingsLayer[]): ResolvedConnection {
  const normalized = layers.map(normalize);
  const pick = (field: CredentialField, from: readonly SettingsLayer[] = normalized): Picked | undefined => {
    const layer = from.find((l) => l.values[field] !== undefined);
    return layer && { value: layer.values[field]!, layer, field };
  };

  const domain = pick("domain");
  if (!domain) throw new ConfigurationError(`No Auth0 domain: set ${alternatives(normalized, "domain")}.`);
  const api = parseDomain(domain.value, domain.layer.nameOf("domain"));

  // The kind of credential comes from the highest place that gives any: a client id and secret passed in
  // `connection` must not lose to a token lying in the environment, which belongs to whatever tenant it was made for.
  const top = normalized.findIndex((l) => CREDENTIAL_KINDS.some((f) => l.values[f] !== undefined));
  const fromTop = top < 0 ? [] : normalized.slice(top);
  for (const layer of fromTop) refuseSecretAndKey(layer);

  // An API token wins over client credentials given in the same place or a lower one, as the official provider does.
  const apiToken = pick("apiToken", fromTop.slice(0, 1));
  let used: Picked[];
  let credentials: Credentials;
  if (apiToken) {
    used = [apiToken];
    credentials = { kind: "apiToken", apiToken: apiToken.value };
  } else {
    const clientId = pick("clientId", fromTop);
    // A layer holds a secret or a key, never both (refused above); the highest one that holds either decides.
    const proofLayer = fromTop.find((l) => l.values.clientSecret !== undefined || l.values.clientAssertionPrivateKey !== undefined);
    const proof = proofLayer && (pick("clientSecret", [proofLayer]) ?? pick("clientAssertionPrivateKey", [proofLayer]));
    if (!clientId || !proof) throw noCredentials(normalized, clientId, proof);
    used = [clientId, proof];
    const audienceFrom = pick("audience");
    checkAudienceBinding(audienceFrom, domain, api, normalized);
    const audience = audienceFrom?.value ?? `${api.origin}/api/v2/`;
    if (proof.field === "clientSecret") {
      credentials = { kind: "clientCredentials", clientId: clientId.value, clientSecret: proof.value, audience };
    } else {
      const alg = pick("clientAssertionSigningAlg", fromTop);
      const signingAlg = checkSigningAlg(alg);
      credentials = {
        kind: "privateKeyJwt",
        clientId: clientId.value,
        privateKey: checkPrivateKey(proof, signingAlg, alg),
        signingAlg,
        audience,
      };
    }
  }
  checkBinding(used, domain, api, normalized);
  for (const p of used) if (p.field !== "clientAssertionPrivateKey") checkHeaderSafe(p);
  const settable = Object.fromEntries(CREDENTIAL_FIELDS.map((f) => [f, settableIn(normalized, f).join(" / ")]));
  return { api, credentials, credentialsFrom: used.map((p) => p.layer.nameOf(p.field)).join(", "), settable };
}

/**
 * Trims every value (a token read from a file ends with a newline; a pasted one may start with a space), drops
 * those left blank, and registers the secrets so that no message can show them, in either form.
 */
function normalize(layer: SettingsLayer): SettingsLayer {
  const values: Partial<Record<CredentialField, string>> = {};
  for (const field of CREDENTIAL_FIELDS) {
    const raw = layer.values[field];
    if (raw === undefined) continue;
    let value = raw.trim();
    const pasted = value;
    if (field === "clientAssertionPrivateKey") value = canonicalPem(unescapeNewlines(value));
    if (SECRET_FIELDS.includes(field)) {
      registerSecret(raw);
      registerSecret(value);
      // A key's body lines are secret on their own, as given and as rewrapped: a message quoting one line (or one
      // space-separated piece) of it must not show it either.
      if (field === "clientAssertionPrivateKey") {
        const bodies = `${pasted}\n${value}`.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, " ");
        for (const piece of bodies.split(/\s+/)) registerSecret(piece);
      }
    }
    if (value !== "") values[field] = value;
  }
  return { ...layer, values };
}

/** A PEM stored in one line of an environment variable or a CI secret often carries `\n` as two characters. */
function unescapeNewlines(pem: string): string {
  return !pem.includes("\n") && pem.includes("\\n") ? pem.replace(/(\\r)?\\n/g, "\n") : pem;
}

function refuseSecretAndKey(layer: SettingsLayer): void {
  if (layer.values.clientSecret !== undefined && layer.values.clientAssertionPrivateKey !== undefined) {
    throw new ConfigurationError(
      `Both a client secret (${layer.nameOf("clientSecret")}) and a private key (${layer.nameOf("clientAssertionPrivateKey")}) are set in ${layer.place}: ` +
        "an application authenticates with one of them. Remove the one it does not use.",
    );
  }
}

/**
 * The domain a setting from `layer` belongs to, and where that domain is set; undefined when it belongs to none
 * (then it pairs with the domain in use). A place that names a domain owns what it holds. A place that names none
 * pairs its settings the way @pulumi/auth0 does, reading each setting from its own places in order (its provider's
 * settings or `auth0:*`, then `AUTH0_*`): with the first domain among those places. `auth0:domain` in the stack
 * config and AUTH0_API_TOKEN in the environment are one tenant's domain and token, and the token goes nowhere else.
 * Places given for one call only (`connection`, `--domain`) take no part in that pairing.
 */
function homeOf(layer: SettingsLayer, layers: readonly SettingsLayer[]): { readonly origin: string; readonly layer: SettingsLayer } | undefined {
  const owner = layer.values.domain !== undefined ? layer : layer.override ? undefined : layers.find((l) => !l.override && l.values.domain !== undefined);
  return owner && { origin: parseDomain(owner.values.domain!, owner.nameOf("domain")).origin, layer: owner };
}

/**
 * A credential belongs to its home domain (homeOf). Sending it to a domain from another layer would hand one
 * tenant's credential to another host, so that is refused unless both name the same origin.
 */
function checkBinding(used: readonly Picked[], domain: Picked, api: ApiOrigin, layers: readonly SettingsLayer[]): void {
  for (const layer of new Set(used.map((p) => p.layer))) {
    const home = homeOf(layer, layers);
    if (home === undefined || home.origin === api.origin) continue;
    const fields = used.filter((p) => p.layer === layer).map((p) => layer.nameOf(p.field));
    throw new ConfigurationError(
      `The credentials in ${withPlace(fields.join(" and "), layer)} ${ownership(layer, home.layer, false)}, but the domain in use ` +
        `comes from ${at(domain.layer, "domain")} and names another tenant. Nothing was sent. Give the credentials of ` +
        `that tenant in the same place as its domain, or remove one of the two domains.`,
    );
  }
}

/** "belong to the tenant of AUTH0_DOMAIN", or, for a place without a domain, whose it pairs with and why. */
function ownership(layer: SettingsLayer, owner: SettingsLayer, one: boolean): string {
  const [belong, pair] = one ? ["belongs", "pairs"] : ["belong", "pair"];
  return owner === layer
    ? `${belong} to the tenant of ${layer.nameOf("domain")}`
    : `${pair} with ${at(owner, "domain")} as @pulumi/auth0 pairs them, and so ${belong} to its tenant`;
}

/**
 * The token audience is not a credential: the token is asked of the domain in use and only ever sent there, so an
 * audience cannot carry a token to another host. But an audience given beside another tenant's domain names that
 * tenant's API; asking this tenant for it fails with a 403 whose hint blames the client credentials. Refused here,
 * by the same rule as credentials, so the message names where each came from.
 */
function checkAudienceBinding(audience: Picked | undefined, domain: Picked, api: ApiOrigin, layers: readonly SettingsLayer[]): void {
  if (audience === undefined) return;
  const home = homeOf(audience.layer, layers);
  if (home === undefined || home.origin === api.origin) return;
  throw new ConfigurationError(
    `The token audience in ${at(audience.layer, "audience")} ${ownership(audience.layer, home.layer, true)}, ` +
      `but the domain in use comes from ${at(domain.layer, "domain")} and names another tenant. Nothing was sent. ` +
      `Give the audience in the same place as the domain, or remove ${audience.layer.nameOf("audience")} (the default is https://{domain}/api/v2/).`,
  );
}

// undici refuses header values with control characters or characters beyond Latin-1; Auth0 credentials are ASCII.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/; // astral characters are surrogate pairs, caught as well

// A bearer token (RFC 6750 b64token) and an Auth0 client id never hold white space; a space inside one comes from a
// copy across a wrapped line. Client secrets are left alone: a custom one is the user's own text.
const NO_INNER_SPACE: readonly CredentialField[] = ["apiToken", "clientId"];

function checkHeaderSafe(p: Picked): void {
  const again = "Copy the value again; surrounding white space is removed already.";
  const why = CONTROL.test(p.value)
    ? `it contains a line break or another control character inside it. ${again}`
    : BEYOND_LATIN1.test(p.value)
      ? `it contains characters that cannot be sent in an HTTP header (beyond Latin-1). ${again}`
      : p.value.length >= 2 && QUOTED.test(p.value)
        ? "it is wrapped in quotes, which are not part of it (a .env line read by `docker run --env-file` keeps them). Remove the quotes."
        : NO_INNER_SPACE.includes(p.field) && /\s/.test(p.value)
          ? `it has white space inside it, which it never holds (a copy across a wrapped line adds some). ${again}`
          : undefined;
  if (why) throw new ConfigurationError(`${at(p.layer, p.field)} cannot be used: ${why}`);
}

function checkSigningAlg(alg: Picked | undefined): SigningAlg {
  if (alg === undefined) return "RS256";
  const found = SIGNING_ALGS.find((a) => a === alg.value.toUpperCase());
  if (!found) {
    throw new ConfigurationError(
      `${at(alg.layer, alg.field)} names an unsupported signing algorithm: use one of ${SIGNING_ALGS.join(", ")} (RS256 when unset).`,
    );
  }
  return found;
}

function checkPrivateKey(key: Picked, alg: SigningAlg, algFrom: Picked | undefined): string {
  const problem = parsePrivateKey(key.value, alg);
  if (problem) {
    const algName = algFrom ? ` (${algFrom.layer.nameOf(algFrom.field)})` : "";
    const why: Record<KeyProblem, string> = {
      notRsa: `it is not an RSA private key, which ${alg}${algName} needs`,
      notPem: "it is not a PEM private key (PKCS#8 or PKCS#1). Set the whole PEM text, from -----BEGIN PRIVATE KEY----- to the END line",
      encrypted:
        "it is encrypted with a passphrase, which this package cannot be given. Set the key unencrypted " +
        "(`openssl pkey -in key.pem -out plain.pem` asks for the passphrase once) and keep it as a secret",
      publicKey:
        "it is a public key or a certificate: set the private key that goes with it (the public key or certificate is " +
        "what is registered for the application in Auth0)",
    };
    throw new ConfigurationError(`${at(key.layer, key.field)} cannot be used: ${why[problem]}.`);
  }
  return key.value;
}

/** The names of `field` in the layers that can hold it, highest first. */
function settableIn(layers: readonly SettingsLayer[], field: CredentialField): string[] {
  return layers.filter((l) => l.fields === undefined || l.fields.includes(field)).map((l) => l.nameOf(field));
}

/** "connection.domain, auth0:domain or AUTH0_DOMAIN": where `field` can be set, in each layer's terms. */
function alternatives(layers: readonly SettingsLayer[], field: CredentialField): string {
  const names = settableIn(layers, field);
  return names.length <= 1 ? (names[0] ?? field) : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

function noCredentials(layers: readonly SettingsLayer[], clientId: Picked | undefined, proof: Picked | undefined): ConfigurationError {
  const found = clientId
    ? `a client id but no client secret or private key; the client id is ${clientId.layer.nameOf("clientId")}`
    : proof
      ? `a ${proof.field === "clientSecret" ? "client secret but no client id; the secret is" : "private key but no client id; the key is"} ${proof.layer.nameOf(proof.field)}`
      : "none";
  const unsupported = layers.flatMap((l) => l.unsupported ?? []);
  const cliLogin = unsupported.length
    ? ` ${unsupported.join(" and ")} ${unsupported.length > 1 ? "are" : "is"} set, but logging in through the Auth0 CLI (cliLogin) is not supported by pulumi-auth0-org-grants: it needs one of the credentials above.`
    : "";
  return new ConfigurationError(
    `No usable Auth0 credentials (found ${found}): set an API token (${alternatives(layers, "apiToken")}), or a client id ` +
      `(${alternatives(layers, "clientId")}) with either a client secret (${alternatives(layers, "clientSecret")}) or a private key ` +
      `for private-key JWT (${alternatives(layers, "clientAssertionPrivateKey")}).${cliLogin}`,
  );
}
