// RSA key pairs for private-key JWT tests, made once per test file (generating one takes tens of milliseconds).
import { generateKeyPairSync } from "node:crypto";

export interface PemKeyPair {
  /** PKCS#8 PEM, as `auth0:clientAssertionPrivateKey` holds it. */
  readonly privateKey: string;
  /** SPKI PEM, as the emulator's client `publicKey` (and Auth0's credential) holds it. */
  readonly publicKey: string;
}

const pairs = new Map<string, PemKeyPair>();

/** A 2048-bit RSA key pair; the same `name` gives the same pair within one test file. */
export function rsaKeyPair(name = "default"): PemKeyPair {
  let pair = pairs.get(name);
  if (pair === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    pair = {
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
    pairs.set(name, pair);
  }
  return pair;
}

/** An EC key: a valid PEM private key that cannot make an RS256/RS384/PS256 signature. */
export function ecPrivateKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
