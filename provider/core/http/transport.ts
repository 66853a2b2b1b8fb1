// One HTTP attempt over process-wide keep-alive pools: one direct, and one per proxy that HTTPS_PROXY/HTTP_PROXY
// name (see proxy.ts). Redirects are never followed (undici's agents have no redirect interceptor unless asked), so a
// token cannot be carried to another host by a 3xx. A body is capped while it streams (undici's maxResponseSize).
import { Agent, ProxyAgent, type Dispatcher } from "undici";
import { version } from "../version";
import { describeRoute, routeFor } from "./proxy";

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

/**
 * The largest body read from one answer. A page of 100 grants is tens of kilobytes and a token a few; anything
 * near this is a proxy or a server misbehaving, and reading on would only grow the process.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Idle sockets close after 10 s, so a CLI exits promptly.
const POOL_OPTIONS = { connections: CONNECTIONS, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000, maxResponseSize: MAX_BODY_BYTES } as const;

let direct: Agent | undefined;
const viaProxy = new Map<string, ProxyAgent>();

function dispatcherFor(origin: string): Dispatcher {
  const { proxy } = routeFor(origin);
  if (!proxy) return (direct ??= new Agent(POOL_OPTIONS));
  let agent = viaProxy.get(proxy.url);
  if (!agent) viaProxy.set(proxy.url, (agent = new ProxyAgent({ ...POOL_OPTIONS, uri: proxy.url })));
  return agent;
}

/** "Sent through the proxy http://proxy:3128 (HTTPS_PROXY)." and the like, for messages about `origin`; may be "". */
export function viaWhat(origin: string): string {
  return describeRoute(routeFor(origin));
}

/** What to check when requests to `origin` never got an answer: the proxy they went through, if any; may be "". */
export function networkAdvice(origin: string): string {
  return routeFor(origin).proxy ? "Check that the proxy is reachable from here, or name the tenant's host in NO_PROXY to go direct." : "";
}

/** Whether `error` is undici refusing a body beyond MAX_BODY_BYTES. */
export function isTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "UND_ERR_RES_EXCEEDED_MAX_SIZE";
}

/** No connection to an origin became free in time: every one of them waited on an answer that did not come. */
export class ConnectionWaitTimeout extends Error {
  override readonly name = "ConnectionWaitTimeout";
  constructor(readonly timeoutMs: number) {
    super(`no connection became free within ${timeoutMs} ms (options.timeoutMs): all ${CONNECTIONS} of this process's connections to the tenant were waiting on answers`);
  }
}

interface SlotWaiter {
  readonly deadline: () => number;
  readonly grant: () => void;
  readonly expire: () => void;
}

/**
 * Places on the connections of one origin. The wait for a place counts toward a request's timeout, so that many
 * listings against a server that never answers all end within about attempts x timeoutMs instead of queueing one
 * behind another. But only while the origin makes no progress: each answer it gives restarts the waiters' clocks, so
 * many listings against a slow server that does answer (one dynamic-provider host serving many resources) are not
 * failed as timeouts while each of their requests would be answered in time.
 */
class ConnectionSlots {
  private free = CONNECTIONS;
  private readonly waiting: SlotWaiter[] = [];
  private lastAnswerAt = 0;

  async take(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.free > 0 && this.waiting.length === 0) {
      this.free--;
      return;
    }
    const since = Date.now();
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (error?: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const leave = (error: unknown) => {
        this.remove(waiter);
        settle(error);
      };
      const onAbort = () => leave(signal!.reason);
      const deadline = () => Math.max(since, this.lastAnswerAt) + timeoutMs;
      const check = () => {
        const left = deadline() - Date.now();
        if (left <= 0) leave(new ConnectionWaitTimeout(timeoutMs));
        else timer = setTimeout(check, left);
      };
      const waiter: SlotWaiter = { deadline, grant: () => settle(), expire: () => settle(new ConnectionWaitTimeout(timeoutMs)) };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      timer = setTimeout(check, timeoutMs);
    });
  }

  /** Frees a place; `answered` when the request that held it got an answer (progress, for the waiters' clocks). */
  give(answered: boolean): void {
    if (answered) this.lastAnswerAt = Date.now();
    this.free++;
    this.serve();
  }

  /** Hands free places to the waiters in order; one whose deadline has passed fails instead of being sent late. */
  private serve(): void {
    const now = Date.now();
    while (this.free > 0 && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.deadline() <= now) {
        next.expire();
        continue;
      }
      this.free--;
      next.grant();
    }
  }

  private remove(waiter: SlotWaiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index >= 0) this.waiting.splice(index, 1);
  }
}

const slotsByOrigin = new Map<string, ConnectionSlots>();

/** Closes the pooled connections; the next request opens new ones (and reads the proxy settings again). */
export async function closeConnections(): Promise<void> {
  const agents: Dispatcher[] = [...(direct ? [direct] : []), ...viaProxy.values()];
  direct = undefined;
  viaProxy.clear();
  await Promise.all(agents.map((a) => a.close()));
}

export async function sendOnce(request: HttpRequest, timeoutMs: number, cancel?: AbortSignal): Promise<HttpResponse> {
  let slots = slotsByOrigin.get(request.origin);
  if (!slots) slotsByOrigin.set(request.origin, (slots = new ConnectionSlots()));
  await slots.take(timeoutMs, cancel);
  let answered = false;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    const response = await dispatcherFor(request.origin).request({
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
    answered = true;
    return { status: response.statusCode, headers: response.headers, body };
  } finally {
    slots.give(answered);
  }
}
