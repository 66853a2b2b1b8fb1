// A small node:http server on 127.0.0.1 that answers GET /api/v2/organizations/{id}/client-grants however its
// caller says: the way a cache, a proxy, an overloaded tenant or another server breaks the Management API's contract.
// Each scenario is one function from the request to the answer, written where it is used (the fault matrix's rows
// against hand-written servers, and the core's tests). It checks no token: the listing sends a static one.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generateGrants } from "../emulator";
import type { ApiClientGrant } from "../provider/core/schemas";

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly organizationId?: string;
  readonly page: number;
  readonly perPage: number;
  readonly audience?: string;
  readonly clientId?: string;
  readonly grantIds: readonly string[];
  readonly headers: IncomingMessage["headers"];
  /** Requests received before this one. */
  readonly index: number;
}

/** An answer: JSON (`json`), text, or a handler of its own for the raw response (`raw`). */
export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly text?: string;
  /** Writes the response itself: a body that never ends, a body of hundreds of megabytes. */
  readonly raw?: (response: ServerResponse) => void;
}

export type Serve = (request: SeenRequest) => Answer | Promise<Answer>;

export interface HostileServer {
  /** `http://127.0.0.1:PORT`, or `https://127.0.0.1:PORT` with `tls`. */
  readonly origin: string;
  readonly port: number;
  readonly requests: readonly SeenRequest[];
  stop(): Promise<void>;
}

export interface HostileServerOptions {
  /** Serve HTTPS with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export async function startHostileServer(serve: Serve, options: HostileServerOptions = {}): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const listener: RequestListener = (incoming, response) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const match = /^\/api\/v2\/organizations\/([^/]+)\/client-grants$/.exec(url.pathname);
    const seen: SeenRequest = {
      method: incoming.method ?? "GET",
      path: url.pathname + url.search,
      organizationId: match ? decodeURIComponent(match[1]!) : undefined,
      page: Number(url.searchParams.get("page") ?? 0),
      perPage: Number(url.searchParams.get("per_page") ?? 50),
      audience: url.searchParams.get("audience") ?? undefined,
      clientId: url.searchParams.get("client_id") ?? undefined,
      grantIds: url.searchParams.getAll("grant_ids"),
      headers: incoming.headers,
      index: requests.length,
    };
    requests.push(seen);
    incoming.resume();
    Promise.resolve(serve(seen)).then(
      (answer) => {
        if (answer.raw) return answer.raw(response);
        const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? "");
        const type = answer.json !== undefined ? "application/json; charset=utf-8" : "text/html";
        response.writeHead(answer.status ?? 200, { "content-type": type, ...answer.headers });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      },
    );
  };
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The grants of page `page` of `size`, by offset. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  return items.slice(page * size, page * size + size);
}

/** Auth0's envelope of one page, `total` included unless it is left out. */
export function envelope(grants: readonly ApiClientGrant[], request: SeenRequest, total?: number): unknown {
  return { client_grants: grants, start: request.page * request.perPage, limit: request.perPage, ...(total !== undefined && { total }) };
}

/** `count` generated grants of one organization, as the emulator generates them. */
export function someGrants(count: number, organizationId = "org_hostile000000001"): ApiClientGrant[] {
  return generateGrants(count, { organizationId });
}
