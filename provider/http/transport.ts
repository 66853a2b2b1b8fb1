// One HTTP attempt over a process-wide keep-alive pool. Redirects are never followed (undici's Agent has no redirect
// interceptor unless asked), so a token cannot be carried to another host by a 3xx.
import { Agent } from "undici";
import { version } from "../version";

export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly origin: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

let agent: Agent | undefined;

function sharedAgent(): Agent {
  // 16 connections per origin covers the largest allowed concurrency; idle sockets close after 10 s so a CLI exits.
  agent ??= new Agent({ connections: 16, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 });
  return agent;
}

/** Closes the pooled connections; the next request opens new ones. */
export async function closeConnections(): Promise<void> {
  const current = agent;
  agent = undefined;
  await current?.close();
}

export async function sendOnce(request: HttpRequest, timeoutMs: number, cancel?: AbortSignal): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
  const response = await sharedAgent().request({
    origin: request.origin,
    path: request.path,
    method: request.method,
    headers: { "user-agent": `pulumi-auth0-org-grants/${version}`, accept: "application/json", ...request.headers },
    body: request.body,
    signal,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  // The whole body is read under the same deadline: a response that stalls mid-body is a timeout, not a hang.
  const body = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body };
}
