// The emulator's HTTP server: routing, added latency, transport faults, the rate limit and bearer-token checks,
// in the order a request meets them at Auth0. Endpoint logic lives in grantsEndpoint.ts, tenantGrantsEndpoint.ts and
// tokenEndpoint.ts.
import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { ApiClientGrant } from "../provider/core/schemas";
import { insufficientScope, invalidToken, managementError, reasonPhrase, routeNotFound, tooManyRequests } from "./errorBodies";
import { Exchange } from "./exchange";
import type { Fault, FaultHandle, FaultRuleInput, RequestFacts } from "./faults";
import { FaultBook, PROXY_HTML } from "./faults";
import { handleGrants, requestedPage } from "./grantsEndpoint";
import type { Counters, LoggedRequest } from "./requestLog";
import { RequestLog, parseQuery } from "./requestLog";
import type { Seed, SeedClient } from "./seed";
import { READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS, demoTenant, seedSchema } from "./seed";
import { handleTenantGrants } from "./tenantGrantsEndpoint";
import { Tenant } from "./tenant";
import type { RateLimit } from "./tokenBucket";
import { TokenBucket, rateLimitHeaders, rateLimitSchema } from "./tokenBucket";
import { handleToken } from "./tokenEndpoint";

export const emulatorOptionsSchema = z.strictObject({
  /** 0 (the default) picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  /** The tenant's data; the demo tenant (see `demoTenant()`) when left out. */
  seed: seedSchema.optional(),
  /** Added before every request is handled, to make loopback behave like a real network. */
  latencyMs: z.number().min(0).default(0),
  /** The tenant's rate limit on Management API requests; none when left out. */
  rateLimit: rateLimitSchema.optional(),
  /** `expires_in` of tokens from /oauth/token. Auth0's default for machine-to-machine tokens is a day. */
  tokenExpiresInSeconds: z.number().positive().default(86_400),
});
export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;

export interface IssueTokenOptions {
  /** Leave out for a token that never expires, like a static Management API token. */
  readonly expiresInSeconds?: number;
}

/** A running emulator. Every method takes effect for the next request. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`, where the Management API is `${origin}/api/v2`. */
  readonly origin: string;
  /** `127.0.0.1:PORT`: what a client calls the tenant's domain. */
  readonly domain: string;
  /** The audience /oauth/token accepts: `${origin}/api/v2/` (its `https://` twin is accepted as well). */
  readonly audience: string;
  /** Every request received since the last `resetLog()`, in arrival order. */
  readonly requests: readonly LoggedRequest[];
  readonly counters: Readonly<Counters>;
  resetLog(): void;

  addFault(rule: FaultRuleInput): FaultHandle;
  clearFaults(): void;
  /** `undefined` turns the rate limit off. A new limit starts with a full bucket. */
  setRateLimit(limit: RateLimit | undefined): void;
  setLatency(ms: number): void;

  /** A token the emulator accepts, carrying `scopes` (default: read:organization_client_grants). */
  issueToken(scopes?: readonly string[], options?: IssueTokenOptions): string;
  revokeToken(token: string): boolean;
  /** Adds or replaces a client: with a `clientSecret`, a `publicKey` (PEM) for private-key JWT, or both. */
  addClient(client: SeedClient): void;

  /** Creates the organization, or replaces all its grants. */
  setOrganization(organizationId: string, grants?: readonly ApiClientGrant[]): void;
  removeOrganization(organizationId: string): boolean;
  /** Adds a grant at `index` (default: the end). */
  addGrant(organizationId: string, grant: ApiClientGrant, index?: number): void;
  removeGrant(organizationId: string, grantId: string): boolean;
  /** A copy of the organization's grants in listing order; `undefined` for an unknown organization. */
  grantsOf(organizationId: string): ApiClientGrant[] | undefined;
  /** A copy of every client grant of the tenant, as `GET /api/v2/client-grants` lists them (in id order). */
  clientGrants(): ApiClientGrant[];
  /** Replaces all data: organizations, clients, and tokens (issued ones included). */
  replaceData(seed: Seed): void;

  /** Closes the server and destroys every connection, hanging ones included. */
  stop(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(emulatorOptionsSchema.parse(options));
  await emulator.listen();
  return emulator;
}

const HOST = "127.0.0.1";

type Route =
  | { readonly endpoint: "grants"; readonly encodedOrganizationId: string }
  | { readonly endpoint: "tenantGrants" }
  | { readonly endpoint: "token" }
  | { readonly endpoint: "other"; readonly management: boolean };

class EmulatorServer implements Emulator {
  origin = "";
  domain = "";
  audience = "";
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly tenant: Tenant;
  private readonly faults = new FaultBook();
  private readonly log = new RequestLog();
  // Every delayed request listens to this one signal; many at once is normal under load, not a leak.
  private readonly stopping = (() => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  })();
  private bucket: TokenBucket | undefined;
  private latencyMs: number;
  private readonly tokenExpiresInSeconds: number;
  private closed: Promise<void> | undefined;
  private readonly port: number;

  constructor(options: z.output<typeof emulatorOptionsSchema>) {
    this.tenant = new Tenant(options.seed ?? demoTenant());
    this.latencyMs = options.latencyMs;
    this.bucket = options.rateLimit && new TokenBucket(options.rateLimit);
    this.tokenExpiresInSeconds = options.tokenExpiresInSeconds;
    this.port = options.port;
    this.server = createServer((req, res) => void this.handle(req, res));
    // Tracked so that stop() can destroy keep-alive and hanging connections, which server.close() would wait for.
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.port, HOST, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.domain = `${HOST}:${port}`;
    this.origin = `http://${this.domain}`;
    this.audience = `${this.origin}/api/v2/`;
  }

  get requests(): readonly LoggedRequest[] {
    return this.log.entries;
  }

  get counters(): Readonly<Counters> {
    return this.log.counters;
  }

  resetLog(): void {
    this.log.reset();
  }

  addFault(rule: FaultRuleInput): FaultHandle {
    return this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRateLimit(limit: RateLimit | undefined): void {
    this.bucket = limit && new TokenBucket(limit);
  }

  setLatency(ms: number): void {
    this.latencyMs = z.number().min(0).parse(ms);
  }

  issueToken(scopes: readonly string[] = [READ_ORGANIZATION_CLIENT_GRANTS], options: IssueTokenOptions = {}): string {
    return this.tenant.issueToken(scopes, options.expiresInSeconds);
  }

  revokeToken(token: string): boolean {
    return this.tenant.revokeToken(token);
  }

  addClient(client: SeedClient): void {
    this.tenant.addClient(client);
  }

  setOrganization(organizationId: string, grants?: readonly ApiClientGrant[]): void {
    this.tenant.setOrganization(organizationId, grants);
  }

  removeOrganization(organizationId: string): boolean {
    return this.tenant.removeOrganization(organizationId);
  }

  addGrant(organizationId: string, grant: ApiClientGrant, index?: number): void {
    this.tenant.addGrant(organizationId, grant, index);
  }

  removeGrant(organizationId: string, grantId: string): boolean {
    return this.tenant.removeGrant(organizationId, grantId);
  }

  grantsOf(organizationId: string): ApiClientGrant[] | undefined {
    return this.tenant.grantsOf(organizationId);
  }

  clientGrants(): ApiClientGrant[] {
    return this.tenant.clientGrants().map((grant) => structuredClone(grant));
  }

  replaceData(seed: Seed): void {
    this.tenant.replace(seed);
  }

  stop(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.stopping.abort();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    // Split by hand rather than with `new URL`: URL normalisation would fold "." and ".." segments and so change
    // which organization a path names. The path id is decoded once, as one segment, by the grants endpoint.
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const params = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
    const route = routeOf(req.method ?? "GET", path);

    const entry = this.log.record({
      method: req.method ?? "GET",
      path,
      endpoint: route.endpoint,
      query: parseQuery(params),
      authorizationPresent: req.headers.authorization !== undefined,
      receivedAt: Date.now(),
    });
    res.on("close", () => this.log.finished());
    const exchange = new Exchange(req, res, entry, this.log);

    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: this.stopping.signal });
      await this.answer(exchange, route, params);
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      exchange.json(500, managementError(500, `Emulator failure: ${(error as Error).message}`));
    }
  }

  private async answer(exchange: Exchange, route: Route, params: URLSearchParams): Promise<void> {
    const facts = factsOf(route, params);
    const delay = this.faults.take("delay", facts);
    if (delay?.kind === "delay") await sleep(delay.ms, undefined, { signal: this.stopping.signal });
    const transport = this.faults.take("transport", facts);
    if (transport !== undefined) {
      exchange.entry.fault = transport.kind;
      return answerTransportFault(exchange, transport);
    }

    if (route.endpoint === "token") {
      return handleToken(exchange, {
        tenant: this.tenant,
        audiences: [this.audience, `https://${this.domain}/api/v2/`],
        assertionAudiences: [`https://${this.domain}/`, `${this.origin}/`],
        expiresInSeconds: this.tokenExpiresInSeconds,
        responseFault: () => this.faults.take("response", facts),
      });
    }
    if (route.endpoint === "other" && !route.management) return exchange.json(404, routeNotFound());

    // Every Management API answer from here on carries the rate-limit headers, whatever its status.
    if (this.bucket !== undefined) {
      const decision = this.bucket.take();
      Object.assign(exchange.commonHeaders, rateLimitHeaders(decision));
      if (!decision.allowed) return exchange.json(429, tooManyRequests());
    }
    exchange.commonHeaders["x-auth0-requestid"] = Math.random().toString(16).slice(2, 22);
    if (route.endpoint === "other") return exchange.json(404, routeNotFound());

    const token = bearerToken(exchange.req.headers.authorization);
    const check = this.tenant.checkToken(token);
    exchange.entry.tokenKnown = check.valid;
    if (!check.valid) return exchange.json(401, invalidToken());
    if (this.faults.take("auth", facts)?.kind === "expireToken") {
      exchange.entry.fault = "expireToken";
      if (token !== undefined) this.tenant.revokeToken(token);
      return exchange.json(401, invalidToken());
    }
    const scope = route.endpoint === "tenantGrants" ? READ_CLIENT_GRANTS : READ_ORGANIZATION_CLIENT_GRANTS;
    if (!check.token.scopes.includes(scope)) return exchange.json(403, insufficientScope([scope]));
    if (route.endpoint === "tenantGrants") return handleTenantGrants(exchange, { tenant: this.tenant, faults: this.faults, params });
    handleGrants(exchange, {
      tenant: this.tenant,
      faults: this.faults,
      encodedOrganizationId: route.encodedOrganizationId,
      params,
    });
  }
}

function routeOf(method: string, path: string): Route {
  const segments = path.split("/");
  if (method === "POST" && path === "/oauth/token") return { endpoint: "token" };
  if (method === "GET" && path === "/api/v2/client-grants") return { endpoint: "tenantGrants" };
  const [empty, api, v2, organizations, id, clientGrants, ...rest] = segments;
  if (
    method === "GET" &&
    empty === "" &&
    api === "api" &&
    v2 === "v2" &&
    organizations === "organizations" &&
    id !== undefined &&
    id !== "" &&
    clientGrants === "client-grants" &&
    rest.length === 0
  ) {
    return { endpoint: "grants", encodedOrganizationId: id };
  }
  return { endpoint: "other", management: path === "/api/v2" || path.startsWith("/api/v2/") };
}

function factsOf(route: Route, params: URLSearchParams): RequestFacts {
  if (route.endpoint === "tenantGrants") return { endpoint: route.endpoint, page: requestedPage(params) };
  if (route.endpoint !== "grants") return { endpoint: route.endpoint };
  let organizationId: string | undefined;
  try {
    organizationId = decodeURIComponent(route.encodedOrganizationId);
  } catch {
    organizationId = undefined;
  }
  return { endpoint: "grants", organizationId, page: requestedPage(params) };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

function answerTransportFault(exchange: Exchange, fault: Fault): void {
  switch (fault.kind) {
    case "status":
      return exchange.json(fault.status, fault.body ?? managementError(fault.status, reasonPhrase(fault.status)), fault.headers);
    case "rateLimited": {
      const headers: Record<string, string> = {};
      if (fault.resetAfterSeconds !== undefined) {
        headers["x-ratelimit-limit"] = "50";
        headers["x-ratelimit-remaining"] = "0";
        headers["x-ratelimit-reset"] = String(Math.ceil(Date.now() / 1000 + fault.resetAfterSeconds));
      }
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      return exchange.json(429, tooManyRequests(), headers);
    }
    case "html":
      return exchange.send(fault.status, { "content-type": "text/html" }, PROXY_HTML(fault.status, reasonPhrase(fault.status)));
    case "emptyBody":
      return exchange.send(fault.status, { "content-type": "application/json; charset=utf-8" }, "");
    case "hang":
      return exchange.hang(fault.afterHeaders);
    default:
      throw new Error(`fault ${fault.kind} is not a transport fault`);
  }
}

