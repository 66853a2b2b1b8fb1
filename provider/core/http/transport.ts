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

/** Connections per origin: the largest allowed concurrency of one listing. */
const CONNECTIONS = 16;

let agent: Agent | undefined;

function sharedAgent(): Agent {
  // Idle sockets close after 10 s, so a CLI exits promptly.
  agent ??= new Agent({ connections: CONNECTIONS, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 });
  return agent;
}

/**
 * Places on the connections of one origin. A request takes one before its timeout starts: many listings at once
 * (one dynamic-provider host serving many resources) would otherwise queue inside the pool with their clocks
 * already running, and fail as timeouts while the server answers each in time.
 */
class ConnectionSlots {
  private free = CONNECTIONS;
  private readonly waiting: (() => void)[] = [];

  async take(signal?: AbortSignal): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal!.reason);
      };
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      signal?.throwIfAborted();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

const slotsByOrigin = new Map<string, ConnectionSlots>();

/** Closes the pooled connections; the next request opens new ones. */
export async function closeConnections(): Promise<void> {
  const current = agent;
  agent = undefined;
  await current?.close();
}

export async function sendOnce(request: HttpRequest, timeoutMs: number, cancel?: AbortSignal): Promise<HttpResponse> {
  let slots = slotsByOrigin.get(request.origin);
  if (!slots) slotsByOrigin.set(request.origin, (slots = new ConnectionSlots()));
  await slots.take(cancel);
  try {
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
  } finally {
    slots.give();
  }
}
