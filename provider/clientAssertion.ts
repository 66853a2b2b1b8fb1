// Private-key JWT client authentication (RFC 7523, as Auth0 implements it): a short-lived JWT signed with the
// application's private key stands in for the client secret at /oauth/token. Built with node:crypto only.
import { createPrivateKey, randomUUID, sign, constants, type KeyObject } from "node:crypto";

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

/** Why `pem` cannot sign with `alg`, or undefined when it can. Never says anything about the key's content. */
export function parsePrivateKey(pem: string, alg: SigningAlg): "notPem" | "notRsa" | undefined {
  const key = loadKey(pem);
  if (key === undefined) return "notPem";
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
