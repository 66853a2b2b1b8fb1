// POST /oauth/token, the client-credentials grant only (the client authenticated by its secret or by a private-key
// JWT assertion), answering as Auth0's authentication API does: OAuth 2.0 error bodies, `access_denied` for a wrong audience, and opaque tokens that the emulator remembers.
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import type { tokenResponseSchema } from "../provider/core/schemas";
import { verifyClientAssertion } from "./clientAssertionCheck";
import { oauthError } from "./errorBodies";
import type { Exchange } from "./exchange";
import type { Fault } from "./faults";
import { breakTokenResponse } from "./faults";
import type { Tenant } from "./tenant";

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface TokenEndpointContext {
  readonly tenant: Tenant;
  /** The audiences this tenant's Management API answers to. */
  readonly audiences: readonly string[];
  /** What a client assertion's `aud` may be: the tenant, `https://{domain}/` (and the emulator's own origin). */
  readonly assertionAudiences: readonly string[];
  readonly expiresInSeconds: number;
  /** Asks the fault book for a response fault; called only once a token has been issued. */
  readonly responseFault: () => Fault | undefined;
}

const MAX_BODY_BYTES = 64 * 1024;
// Auth0 never caches token responses, and says so.
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export async function handleToken(exchange: Exchange, context: TokenEndpointContext): Promise<void> {
  const form = await readForm(exchange.req);
  if (form === undefined) {
    exchange.json(400, oauthError("invalid_request", "The request body could not be parsed"), NO_STORE);
    return;
  }
  const basic = basicCredentials(exchange.req.headers.authorization);
  let clientId = form.client_id ?? basic?.clientId;
  const clientSecret = form.client_secret ?? basic?.clientSecret;

  if (form.grant_type === undefined) {
    exchange.json(400, oauthError("invalid_request", "Missing required parameter: grant_type"), NO_STORE);
    return;
  }
  if (form.client_assertion !== undefined || form.client_assertion_type !== undefined) {
    // Private-key JWT: the signed assertion authenticates the client instead of a secret.
    const verdict = verifyClientAssertion({ ...form, client_secret: clientSecret }, context.tenant, context.assertionAudiences);
    if (!verdict.ok) {
      exchange.json(verdict.status, verdict.body, NO_STORE);
      return;
    }
    clientId = verdict.clientId;
  } else {
    if (clientId === undefined) {
      exchange.json(400, oauthError("invalid_request", "Missing required parameter: client_id"), NO_STORE);
      return;
    }
    const known = context.tenant.client(clientId);
    if (known?.clientSecret === undefined || clientSecret === undefined || known.clientSecret !== clientSecret) {
      exchange.json(401, oauthError("access_denied", "Unauthorized"), NO_STORE);
      return;
    }
  }
  const client = context.tenant.client(clientId)!;
  if (form.grant_type !== "client_credentials") {
    exchange.json(403, oauthError("unauthorized_client", `Grant type '${form.grant_type}' not allowed for the client.`), NO_STORE);
    return;
  }
  if (form.audience === undefined) {
    const description = "No audience parameter was provided, and no default audience has been configured";
    exchange.json(403, oauthError("access_denied", description), NO_STORE);
    return;
  }
  if (!context.audiences.includes(form.audience)) {
    exchange.json(403, oauthError("access_denied", `Service not enabled within domain: ${form.audience}`), NO_STORE);
    return;
  }
  // A requested scope narrows the token to what was both asked for and granted, as Auth0 does.
  const requested = form.scope?.split(" ").filter(Boolean);
  const scopes = requested === undefined ? client.scopes : client.scopes.filter((s) => requested.includes(s));
  if (client.scopes.length === 0) {
    const description = `Client "${clientId}" is not authorized to access "${form.audience}". You need to create a "client-grant" associated to this API.`;
    exchange.json(403, oauthError("access_denied", description), NO_STORE);
    return;
  }

  const body: TokenResponse = {
    access_token: context.tenant.issueToken(scopes, context.expiresInSeconds),
    scope: scopes.join(" "),
    expires_in: context.expiresInSeconds,
    token_type: "Bearer",
  };
  const fault = context.responseFault();
  if (fault?.kind === "malformedJson") {
    exchange.entry.fault = fault.kind;
    exchange.truncatedJson(200, body);
  } else if (fault?.kind === "resetMidBody") {
    exchange.entry.fault = fault.kind;
    exchange.resetMidBody(200, body, fault.fraction);
  } else if (fault?.kind === "schemaBreak") {
    exchange.entry.fault = fault.kind;
    exchange.json(200, breakTokenResponse(body, fault.breakage), NO_STORE);
  } else {
    exchange.json(200, body, NO_STORE);
  }
}

type Form = Partial<Record<"grant_type" | "client_id" | "client_secret" | "client_assertion" | "client_assertion_type" | "audience" | "scope", string>>;

/** The body as form fields, from JSON or x-www-form-urlencoded (Auth0 takes both); undefined if unreadable. */
async function readForm(req: IncomingMessage): Promise<Form | undefined> {
  const text = await readBody(req);
  if (text === undefined) return undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
    return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large: leaving the loop early would destroy the socket before the 400 goes out.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

/** client_secret_basic: Auth0 also takes the client's credentials in an HTTP Basic header. */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}
