// What the emulator saw and answered, for tests that assert on the traffic (how many requests, which pages, in
// what order, how many at once) and for the benchmark. Credentials are never stored: only whether an
// Authorization header came and whether it named a token the emulator knew.
import type { Endpoint, FaultKind } from "./faults";

export interface LoggedRequest {
  /** 1, 2, 3...: the order requests arrived in. */
  readonly seq: number;
  readonly method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  readonly path: string;
  readonly endpoint: Endpoint;
  /** The query string, parsed; a repeated parameter becomes an array. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  readonly authorizationPresent: boolean;
  /** Whether the bearer token was one the emulator knew and had not expired (false for the token endpoint). */
  tokenKnown: boolean;
  /** Epoch milliseconds at arrival. */
  readonly receivedAt: number;
  /** The status sent; absent while nothing has been sent, and for ever for a request left hanging. */
  status?: number;
  /** Epoch milliseconds at which the status line went out. */
  answeredAt?: number;
  /** The fault that shaped the answer, if one did. */
  fault?: FaultKind;
}

export interface Counters {
  /** Requests received per endpoint. */
  readonly requests: Record<Endpoint, number>;
  /** 429 answers sent, by the rate limiter or by a fault. */
  tooManyRequests: number;
  /** Requests being handled right now, and the most there have been at once since the last reset. */
  inFlight: number;
  maxInFlight: number;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  counters: Counters = freshCounters();
  private seq = 0;

  record(entry: Omit<LoggedRequest, "seq" | "tokenKnown">): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: ++this.seq, tokenKnown: false };
    this.entries.push(logged);
    this.counters.requests[entry.endpoint] += 1;
    this.counters.inFlight += 1;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
    return logged;
  }

  answered(entry: LoggedRequest, status: number, at: number): void {
    entry.status = status;
    entry.answeredAt = at;
    if (status === 429) this.counters.tooManyRequests += 1;
  }

  finished(): void {
    this.counters.inFlight = Math.max(0, this.counters.inFlight - 1);
  }

  /** Forgets every entry and zeroes the counters; requests still in flight keep counting as in flight. */
  reset(): void {
    this.entries.length = 0;
    const inFlight = this.counters.inFlight;
    this.counters = freshCounters();
    this.counters.inFlight = inFlight;
    this.counters.maxInFlight = inFlight;
  }
}

function freshCounters(): Counters {
  return { requests: { grants: 0, tenantGrants: 0, token: 0, other: 0 }, tooManyRequests: 0, inFlight: 0, maxInFlight: 0 };
}

export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}
