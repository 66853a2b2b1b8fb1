// Access tokens for the Management API. A static API token is used as given; client credentials (a secret, or a
// client assertion signed with a private key) are exchanged at `/oauth/token` once per domain, client and
// audience, and the token is reused for its lifetime within the process.
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from "./credentials/clientAssertion";
import { ApiError, ResponseFormatError } from "./errors";
import type { Credentials, ResolvedConnection } from "./credentials/resolve";
import { foreignAnswer } from "./http/foreignAnswer";
import { sendWithRetries, errorBodyDetails, type RetryTuning } from "./http/retry";
import { tokenResponseSchema } from "./schemas";
import { fingerprint, registerSecret } from "./secrets";

// Renew a little before Auth0 would refuse the token, so a long listing does not straddle the expiry.
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  token: Promise<string>;
  value?: string;
  expiresAt: number;
}

const cache = new Map<string, CachedToken>();

type Exchangeable = Exclude<Credentials, { kind: "apiToken" }>;

function cacheKey(connection: ResolvedConnection): string | undefined {
  const c = connection.credentials;
  // The secret or the key takes part (as a digest): a call with another one must not borrow a token it could not get.
  if (c.kind === "clientCredentials") return JSON.stringify([connection.api.origin, c.clientId, c.audience, fingerprint(c.clientSecret)]);
  if (c.kind === "privateKeyJwt") return JSON.stringify([connection.api.origin, c.clientId, c.audience, fingerprint(c.privateKey), c.signingAlg]);
  return undefined;
}

/** The bearer token to send. Concurrent callers share one token request. */
export function accessToken(connection: ResolvedConnection, tuning: RetryTuning): Promise<string> {
  const c = connection.credentials;
  if (c.kind === "apiToken") return Promise.resolve(c.apiToken);
  const key = cacheKey(connection)!;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const entry: CachedToken = { token: Promise.resolve(""), expiresAt: Number.POSITIVE_INFINITY };
  entry.token = requestToken(connection, c, tuning).then(
    ({ token, expiresInMs }) => {
      entry.value = token;
      entry.expiresAt = Date.now() + Math.max(0, expiresInMs - EXPIRY_MARGIN_MS);
      return token;
    },
    (error: unknown) => {
      cache.delete(key);
      throw error;
    },
  );
  cache.set(key, entry);
  return entry.token;
}

/** Forgets `token` after the API refused it, so the next `accessToken` asks for a fresh one. */
export function invalidateToken(connection: ResolvedConnection, token: string): boolean {
  const key = cacheKey(connection);
  if (key === undefined) return false;
  if (cache.get(key)?.value === token) cache.delete(key);
  return true;
}

/** For tests and long-lived hosts that rotate credentials. */
export function clearTokenCache(): void {
  cache.clear();
}

async function requestToken(
  connection: ResolvedConnection,
  c: Exchangeable,
  tuning: RetryTuning,
): Promise<{ token: string; expiresInMs: number }> {
  // The audience is named: a 403 "Service not enabled" is about it, not about the client's secret or key.
  const what = `Getting a Management API token for client ${c.clientId} and audience ${c.audience} from ${connection.api.origin}/oauth/token`;
  const response = await sendWithRetries(
    () => ({ method: "POST", origin: connection.api.origin, path: "/oauth/token", ...tokenRequestBody(connection, c) }),
    what,
    tuning,
  );
  if (response.status !== 200) {
    const foreign = foreignAnswer(what, response, connection.api.origin);
    if (foreign) throw foreign;
    const used = connection.credentialsFrom === undefined ? "" : ` (used here: ${connection.credentialsFrom})`;
    // In the caller's terms when known (the plugin reads auth0-org-grants:*, the CLI only AUTH0_*).
    const where = connection.settable;
    const settings =
      c.kind === "privateKeyJwt"
        ? `${where?.clientId && where.clientAssertionPrivateKey ? `${where.clientId} and ${where.clientAssertionPrivateKey}` : "auth0:clientId / auth0:clientAssertionPrivateKey (AUTH0_CLIENT_ID / AUTH0_CLIENT_ASSERTION_PRIVATE_KEY)"}${used}, that the public key of that private key is registered for the application with ${c.signingAlg}`
        : `${where?.clientId && where.clientSecret ? `${where.clientId} and ${where.clientSecret}` : "auth0:clientId / auth0:clientSecret (AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET)"}${used}`;
    throw new ApiError(
      what,
      { status: response.status, ...errorBodyDetails(response.body) },
      response.status === 401 || response.status === 403
        ? `Check ${settings}, and that the application is authorized for the Management API audience with the scope read:organization_client_grants.`
        : undefined,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new ResponseFormatError(`${what}: the answer is not JSON.`);
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new ResponseFormatError(`${what}: the answer has no usable access_token/expires_in (${parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ")}).`);
  }
  registerSecret(parsed.data.access_token);
  return { token: parsed.data.access_token, expiresInMs: parsed.data.expires_in * 1000 };
}

/**
 * A client secret goes as JSON, as the official SDKs send it. A client assertion goes as a form, as Auth0
 * documents private-key JWT; it is signed afresh for every attempt, so a retry never replays a `jti`.
 */
function tokenRequestBody(connection: ResolvedConnection, c: Exchangeable): { headers: Record<string, string>; body: string } {
  if (c.kind === "clientCredentials") {
    return {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret, audience: c.audience }),
    };
  }
  const assertion = signClientAssertion(c, `${connection.api.origin}/`);
  registerSecret(assertion);
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: c.clientId,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    audience: c.audience,
  });
  return { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() };
}
