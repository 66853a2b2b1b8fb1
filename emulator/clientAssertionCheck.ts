// Verifies a private-key JWT client assertion at /oauth/token as Auth0 does before it authenticates the client:
// the registered public key's signature, an allowed algorithm, `iss` and `sub` the client id, `aud` the tenant,
// an expiry in the future, and a `jti` never seen before. Each refusal says which rule failed, so a test can tell.
import { constants, createPublicKey, verify } from "node:crypto";
import { CLIENT_ASSERTION_TYPE, SIGNING_ALGS, type SigningAlg } from "../provider/core/credentials/clientAssertion";
import { oauthError, type OAuthErrorBody } from "./errorBodies";
import type { Tenant } from "./tenant";

export type AssertionVerdict =
  | { readonly ok: true; readonly clientId: string }
  | { readonly ok: false; readonly status: number; readonly body: OAuthErrorBody };

export interface AssertionForm {
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly client_assertion?: string;
  readonly client_assertion_type?: string;
}

const VERIFIERS: Record<SigningAlg, { digest: string; pss: boolean }> = {
  RS256: { digest: "sha256", pss: false },
  RS384: { digest: "sha384", pss: false },
  PS256: { digest: "sha256", pss: true },
};

const invalidRequest = (description: string): AssertionVerdict => ({ ok: false, status: 400, body: oauthError("invalid_request", description) });
const invalidClient = (description: string): AssertionVerdict => ({ ok: false, status: 401, body: oauthError("invalid_client", description) });

function decodeJson(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `audiences`: what `aud` may be, `https://{domain}/` and the emulator's own origin with a slash. */
export function verifyClientAssertion(form: AssertionForm, tenant: Tenant, audiences: readonly string[]): AssertionVerdict {
  if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    return invalidRequest(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
  }
  if (form.client_assertion === undefined) return invalidRequest("Missing required parameter: client_assertion");
  if (form.client_secret !== undefined) return invalidRequest("Only one client authentication method may be used: client_secret or client_assertion");

  const parts = form.client_assertion.split(".");
  const header = decodeJson(parts[0]);
  const payload = decodeJson(parts[1]);
  const signature = parts[2];
  if (parts.length !== 3 || header === undefined || payload === undefined || !signature || !/^[A-Za-z0-9_-]+$/.test(signature)) {
    return invalidRequest("client_assertion is not a signed JWT");
  }

  const clientId = form.client_id ?? (typeof payload.sub === "string" ? payload.sub : undefined);
  if (clientId === undefined) return invalidRequest("Missing required parameter: client_id");
  const client = tenant.client(clientId);
  if (client === undefined || client.publicKey === undefined) return invalidClient(`No credential is registered for client "${clientId}" to verify client_assertion`);

  const alg = SIGNING_ALGS.find((a) => a === header.alg);
  if (alg === undefined || (client.publicKeyAlg !== undefined && client.publicKeyAlg !== alg)) {
    return invalidClient(`client_assertion is signed with ${String(header.alg)}, not an algorithm allowed for this credential`);
  }
  if (!checkSignature(client.publicKey, alg, `${parts[0]}.${parts[1]}`, signature)) return invalidClient("client_assertion signature is invalid");

  if (payload.iss !== clientId || payload.sub !== clientId) return invalidClient("client_assertion iss and sub must both be the client_id");
  const aud = payload.aud;
  const audOk = typeof aud === "string" ? audiences.includes(aud) : Array.isArray(aud) && aud.some((a) => typeof a === "string" && audiences.includes(a));
  if (!audOk) return invalidClient(`client_assertion aud must be ${audiences[0]}`);
  const now = tenant.currentTime();
  if (typeof payload.exp !== "number" || !Number.isFinite(payload.exp)) return invalidClient("client_assertion has no exp");
  if (payload.exp * 1000 <= now) return invalidClient("client_assertion has expired");
  if (typeof payload.jti !== "string" || payload.jti === "") return invalidClient("client_assertion has no jti");
  if (!tenant.useAssertionId(clientId, payload.jti, payload.exp * 1000)) return invalidClient("client_assertion jti has already been used");
  return { ok: true, clientId };
}

function checkSignature(publicKey: string, alg: SigningAlg, signingInput: string, signature: string): boolean {
  const verifier = VERIFIERS[alg];
  try {
    const key = createPublicKey(publicKey);
    return verify(
      verifier.digest,
      Buffer.from(signingInput),
      verifier.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key,
      Buffer.from(signature, "base64url"),
    );
  } catch {
    // A key that cannot verify with this algorithm (an EC key, an RSA-PSS key asked for PKCS#1) verifies nothing.
    return false;
  }
}
