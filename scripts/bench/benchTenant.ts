// A fresh emulator per measured run, either in this process or in a child process. Every run gets a new port and so
// a new origin, which gives our library a fresh process-wide rate limiter and connection pool for it, and the
// emulator a full bucket: no row can borrow budget, warm connections or a cached token from another.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Counters } from "../../emulator";
import { READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS, startEmulator, type Emulator } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { seedOf, summarize, type RequestSummary, type TenantSpec } from "./spec";

export interface BenchTenant {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `127.0.0.1:PORT`, for the official SDK (which insists on https://domain; see redirectingFetch). */
  readonly domain: string;
  /** A static Management API token with read:organization_client_grants and read:client_grants, for every contender. */
  readonly token: string;
  counters(): Promise<Counters>;
  requests(): Promise<RequestSummary[]>;
  grantsOf(organizationId: string): Promise<ApiClientGrant[]>;
  /** Every grant of the tenant, as GET /api/v2/client-grants lists them. */
  clientGrants(): Promise<ApiClientGrant[]>;
  stop(): Promise<void>;
}

/** The scopes of the benchmark's token: the organization endpoint's, and the tenant-wide one's for includeAnyOrganization. */
export const BENCH_SCOPES = [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS];

export interface TenantHost {
  readonly where: "in-process" | "child process";
  start(spec: TenantSpec): Promise<BenchTenant>;
  close(): Promise<void>;
}

/** The emulator on this process's event loop: its work and the client's compete for one thread. */
export function inProcessHost(): TenantHost {
  return {
    where: "in-process",
    async start(spec) {
      const emulator: Emulator = await startEmulator({ seed: seedOf(spec), latencyMs: spec.latencyMs, rateLimit: spec.rateLimit });
      const token = emulator.issueToken(BENCH_SCOPES);
      return {
        origin: emulator.origin,
        domain: emulator.domain,
        token,
        counters: async () => structuredClone(emulator.counters),
        requests: async () => summarize(emulator.requests),
        grantsOf: async (id) => emulator.grantsOf(id) ?? [],
        clientGrants: async () => emulator.clientGrants(),
        stop: () => emulator.stop(),
      };
    },
    close: async () => undefined,
  };
}

export interface HostRequest {
  readonly id: number;
  readonly op: "start" | "counters" | "requests" | "grantsOf" | "clientGrants" | "stop";
  readonly spec?: TenantSpec;
  readonly handle?: number;
  readonly organizationId?: string;
}

export type HostReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** The emulator in a child process (scripts/bench/emulatorHost.ts): its own event loop, as a real tenant would have. */
export function childProcessHost(): TenantHost {
  const child: ChildProcess = fork(join(__dirname, "emulatorHost.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  child.on("message", (message: HostReply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(`emulator host: ${message.error}`));
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`emulator host exited with ${code}`));
    pending.clear();
  });
  const ask = <T>(request: Omit<HostRequest, "id">): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });

  return {
    where: "child process",
    async start(spec) {
      const started = await ask<{ handle: number; origin: string; domain: string; token: string }>({ op: "start", spec });
      const { handle } = started;
      return {
        origin: started.origin,
        domain: started.domain,
        token: started.token,
        counters: () => ask<Counters>({ op: "counters", handle }),
        requests: () => ask<RequestSummary[]>({ op: "requests", handle }),
        grantsOf: (organizationId) => ask<ApiClientGrant[]>({ op: "grantsOf", handle, organizationId }),
        clientGrants: () => ask<ApiClientGrant[]>({ op: "clientGrants", handle }),
        stop: () => ask<void>({ op: "stop", handle }),
      };
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await exited;
    },
  };
}
