// What the tests of each shipped policy share (test/policy/policies/*.test.ts): the example pack in the real analyzer
// with one policy enabled at a time, and small grants and listings to judge.
import type { ApiClientGrant, Filters } from "../../provider/core/schemas";
import { organizationClientGrantsResource, withPolicyPack, type EnforcementLevel, type ResourceUnderTest } from "./analyzer";
import { AUDIENCE, CLIENT, clientGrantsOutputs, wireGrant } from "./policyFixtures";

/** The example pack for this test file, with `only` enabling one policy at a time. */
export function withOnePolicyAtATime() {
  const packed = withPolicyPack();
  return {
    get pack() {
      return packed.pack;
    },
    /** Configures the pack with only this policy enabled, at its default level, with these settings. */
    only(policy: { name: string; enforcementLevel?: EnforcementLevel }, settings: Record<string, unknown> = {}): Promise<void> {
      return packed.pack.configure({ all: "disabled", [policy.name]: { enforcementLevel: policy.enforcementLevel ?? "advisory", ...settings } });
    },
  };
}

/** A grant as the API returns it, associated with the organization and required there unless `extra` says otherwise. */
export function grant(id: string, clientId: string, audience: string, scope: string[], extra: Partial<ApiClientGrant> = {}): ApiClientGrant {
  return wireGrant({ id, client_id: clientId, audience, scope, organization_usage: "require", allow_any_organization: false, ...extra });
}

/** An OrganizationClientGrants resource that read `grants` with `filters`. */
export function listing(name: string, filters: Filters, grants: ApiClientGrant[]): ResourceUnderTest {
  return organizationClientGrantsResource(name, clientGrantsOutputs(filters, grants));
}

export const billingGrant = grant("cgr_b1", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices", "create:invoices"]);
export const reportsGrant = grant("cgr_r1", CLIENT.reporting, AUDIENCE.reports, ["read:reports"]);
