// What one scenario asks of the emulator, in a form that crosses the IPC channel: organizations as (id, size) pairs
// rather than 10,000 grants, generated on the emulator's side with the deterministic generator.
import { generateGrants, type LoggedRequest, type RateLimit, type Seed } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";

export interface TenantSpec {
  readonly organizations: readonly { readonly id: string; readonly grants: number }[];
  readonly latencyMs: number;
  readonly rateLimit?: RateLimit;
  /**
   * Grants of the tenant with allow_any_organization and no association (every fifth one `deny`), for the
   * includeAnyOrganization scenarios; the organizations' own grants then have none, so that these are all there is.
   */
  readonly anyOrganizationGrants?: number;
}

/** The tenant-wide grants of a spec: allow_any_organization, `deny` for every fifth (which reaches no organization). */
export function anyOrganizationGrantsOf(count: number): ApiClientGrant[] {
  return generateGrants(count, { organizationId: "tenant-wide", seed: 5 }).map((grant, i) => ({
    ...grant,
    allow_any_organization: true,
    organization_usage: i % 5 === 4 ? "deny" : i % 2 === 0 ? "allow" : "require",
  }));
}

const seeds = new Map<string, Seed>();

/** The same spec always gives the same grants (and the same Seed object, so repeated runs do not regenerate). */
export function seedOf(spec: TenantSpec): Seed {
  const key = JSON.stringify([spec.organizations, spec.anyOrganizationGrants]);
  let seed = seeds.get(key);
  if (!seed) {
    const any = spec.anyOrganizationGrants;
    const own = (id: string, count: number) =>
      generateGrants(count, { organizationId: id, seed: 5 }).map((grant) => (any === undefined ? grant : { ...grant, allow_any_organization: false }));
    seed = {
      organizations: Object.fromEntries(spec.organizations.map((o) => [o.id, own(o.id, o.grants)])),
      ...(any !== undefined && { clientGrants: anyOrganizationGrantsOf(any) }),
    };
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
