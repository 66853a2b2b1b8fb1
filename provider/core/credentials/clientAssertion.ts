// Private-key JWT client authentication (RFC 7523, as Auth0 implements it): a short-lived JWT signed with the
// application's private key stands in for the client secret at /oauth/token. Built with node:crypto only.
import { createPrivateKey, createPublicKey, randomUUID, sign, constants, type KeyObject } from "node:crypto";

/** The algorithms Auth0 accepts for client assertions. */
export const SIGNING_ALGS = ["RS256", "RS384", "PS256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Long enough for one token request with its retries, short enough that a captured assertion is soon useless. */
export const ASSERTION_LIFETIME_SECONDS = 60;

/** How each algorithm signs: the digest, and PSS padding with a salt as long as the digest for PS*. */
const SIGNERS: Record<SigningAlg, { digest: string; pss: boolean }> = {
  RS256: { digest: "sha256", pss: false },
  RS384: { digest: "sha384", pss: false },
  PS256: { digest: "sha256", pss: true },
};

function loadKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // node's message says nothing the caller can act on, and a decoder's error could quote the input.
    return undefined;
  }
}

const ARMOUR = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;

/**
 * The PEM with its armour on lines of their own and its base64 body wrapped at 64, whatever white space the text
 * travelled with: a key flattened to one line with spaces (`tr '\n' ' '`, an unquoted `echo $KEY`, a one-line form
 * field), indented by a YAML block, or with tabs and blank lines. OpenSSL reads none of those, and the white space
 * carries no part of the key. A body with headers (`Proc-Type: 4,ENCRYPTED`) or anything but base64 is left as is.
 * A PEM already in that form comes back unchanged (trimmed, as every value is).
 */
export function canonicalPem(text: string): string {
  const match = ARMOUR.exec(text.trim());
  if (match === null) return text;
  const [, label, body] = match as unknown as [string, string, string];
  const base64 = body.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return text;
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----`;
}

export type KeyProblem = "notPem" | "notRsa" | "encrypted" | "publicKey";

/** Why a text that is not a usable private key is not one: each has its own remedy. */
function whyNotPrivate(pem: string): KeyProblem {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,\s*ENCRYPTED/.test(pem)) return "encrypted";
  try {
    createPublicKey({ key: pem, format: "pem" }); // a public key or an X.509 certificate
    return "publicKey";
  } catch {
    return "notPem";
  }
}

/** Why `pem` cannot sign with `alg`, or undefined when it can. Never says anything about the key's content. */
export function parsePrivateKey(pem: string, alg: SigningAlg): KeyProblem | undefined {
  const key = loadKey(pem);
  if (key === undefined) return whyNotPrivate(pem);
  // RS* and PS* both need RSA; an rsa-pss key is restricted to PSS and cannot make an RS* signature.
  const type = key.asymmetricKeyType;
  if (type === "rsa") return undefined;
  if (type === "rsa-pss" && SIGNERS[alg].pss) return undefined;
  return "notRsa";
}

export interface AssertionInput {
  readonly clientId: string;
  readonly privateKey: string;
  readonly signingAlg: SigningAlg;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * A client assertion for `audience` (`https://{domain}/`): `iss` and `sub` the client id, a fresh `jti` so that
 * Auth0 can refuse a replay, and an expiry a minute away.
 */
export function signClientAssertion(input: AssertionInput, audience: string, now: number = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = { alg: input.signingAlg, typ: "JWT" };
  const payload = { iss: input.clientId, sub: input.clientId, aud: audience, iat, exp: iat + ASSERTION_LIFETIME_SECONDS, jti: randomUUID() };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signer = SIGNERS[input.signingAlg];
  const key = loadKey(input.privateKey);
  if (key === undefined) throw new Error("the private key could not be loaded"); // checked at resolution: unreachable
  const signature = sign(
    signer.digest,
    Buffer.from(signingInput),
    signer.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key,
  );
  return `${signingInput}.${base64url(signature)}`;
}
