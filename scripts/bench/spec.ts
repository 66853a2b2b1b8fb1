// What one scenario asks of the emulator, in a form that crosses the IPC channel: organizations as (id, size) pairs
// rather than 10,000 grants, generated on the emulator's side with the deterministic generator.
import { generateGrants, type LoggedRequest, type RateLimit, type Seed } from "../../emulator";

export interface TenantSpec {
  readonly organizations: readonly { readonly id: string; readonly grants: number }[];
  readonly latencyMs: number;
  readonly rateLimit?: RateLimit;
}

const seeds = new Map<string, Seed>();

/** The same spec always gives the same grants (and the same Seed object, so repeated runs do not regenerate). */
export function seedOf(spec: TenantSpec): Seed {
  const key = JSON.stringify(spec.organizations);
  let seed = seeds.get(key);
  if (!seed) {
    seed = { organizations: Object.fromEntries(spec.organizations.map((o) => [o.id, generateGrants(o.grants, { organizationId: o.id, seed: 5 })])) };
    seeds.set(key, seed);
  }
  return seed;
}

/** The parts of the request log the benchmark reads. */
export interface RequestSummary {
  readonly endpoint: string;
  readonly page?: string;
  readonly status?: number;
  readonly receivedAt: number;
  readonly answeredAt?: number;
}

export function summarize(requests: readonly LoggedRequest[]): RequestSummary[] {
  return requests.map((r) => ({
    endpoint: r.endpoint,
    page: typeof r.query.page === "string" ? r.query.page : undefined,
    status: r.status,
    receivedAt: r.receivedAt,
    answeredAt: r.answeredAt,
  }));
}
