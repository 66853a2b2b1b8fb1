// Realistic outputs of `OrganizationClientGrants` for the policy tests: wire-shaped grants (as the Management API
// answers) mapped with the package's own `toClientGrant`, wrapped in the result shape the resource stores. The stacks
// are plain data so they can later be replaced by outputs the dynamic-provider host produced against the emulator.
import type { ApiClientGrant, ClientGrantsResult, Filters } from "../../provider/core/schemas";
import { toClientGrant, toClientGrantVia } from "../../provider/core/schemas";

export const ORG = {
  acme: "org_W6dx7BlpYSJkf1mB",
  globex: "org_5k1Xq9RzP0mLb2Hc",
} as const;

export const CLIENT = {
  billingWorker: "kbQ7n3vXr2Yp8LwT5mZc1HsJ9dFg4AeU",
  reporting: "Rt6uW1oP9sK3lQ8xN2vB7cM5zH4jD0fG",
  backOffice: "yE2rT8uI4oP6aS1dF3gH5jK7lZ9xC0vB",
  analytics: "Mn4bV6cX8zL1kJ3hG5fD7sA9pO2iU0yT",
} as const;

export const AUDIENCE = {
  billing: "https://billing.example.com/",
  reports: "https://reports.example.com/",
  admin: "https://admin.example.com/",
} as const;

/** A grant as `GET /api/v2/organizations/{id}/client-grants` returns it, with the fields Auth0 adds over time. */
export function wireGrant(grant: ApiClientGrant): ApiClientGrant {
  return { ...grant, is_system: false, subject_type: "client" };
}

/**
 * The outputs the resource stores for these grants, echoing the filters it was read with. Read with
 * includeAnyOrganization, each grant says how it applies, and `anyOrganization` (the tenant's grants that reach the
 * organization through allow_any_organization) follow the associated ones.
 */
export function clientGrantsOutputs(filters: Filters, grants: readonly ApiClientGrant[], anyOrganization: readonly ApiClientGrant[] = []): ClientGrantsResult {
  const clientGrants =
    filters.includeAnyOrganization === true
      ? [...grants.map((g) => toClientGrantVia(g, "association")), ...anyOrganization.map((g) => toClientGrantVia(g, "anyOrganization"))]
      : grants.map(toClientGrant);
  return { ...filters, total: clientGrants.length, clientGrants };
}

/** Acme follows the example pack's policy-config.json to the letter. */
export const acmeGrants: ApiClientGrant[] = [
  wireGrant({
    id: "cgr_Yc2tZxJ4mQ8wK1pN",
    client_id: CLIENT.billingWorker,
    audience: AUDIENCE.billing,
    scope: ["read:invoices", "create:invoices"],
    organization_usage: "require",
    allow_any_organization: false,
  }),
  // Auth0 omits allow_any_organization where it was never set: that reads as false.
  wireGrant({
    id: "cgr_Hb8rLs3VnT6qW0eD",
    client_id: CLIENT.reporting,
    audience: AUDIENCE.reports,
    scope: ["read:reports"],
    organization_usage: "require",
  }),
];

/** Globex breaks each rule of the example configuration once, and has six grants where five are allowed. */
export const globexGrants: ApiClientGrant[] = [
  // Lacks create:invoices, which requiredGrants[0] requires.
  wireGrant({
    id: "cgr_A1sD2fG3hJ4kL5zX",
    client_id: CLIENT.billingWorker,
    audience: AUDIENCE.billing,
    scope: ["read:invoices"],
    organization_usage: "require",
    allow_any_organization: false,
  }),
  // export:reports is not in the allowlist for the reports API.
  wireGrant({
    id: "cgr_Q9wE8rT7yU6iO5pA",
    client_id: CLIENT.reporting,
    audience: AUDIENCE.reports,
    scope: ["read:reports", "export:reports"],
    organization_usage: "require",
    allow_any_organization: false,
  }),
  // Any organization may use it.
  wireGrant({
    id: "cgr_Z3xC4vB5nM6qW7eR",
    client_id: CLIENT.backOffice,
    audience: AUDIENCE.billing,
    scope: ["read:invoices"],
    organization_usage: "require",
    allow_any_organization: true,
  }),
  // "allow" where only "require" is allowed.
  wireGrant({
    id: "cgr_K8jH7gF6dS5aL4kJ",
    client_id: CLIENT.backOffice,
    audience: AUDIENCE.reports,
    scope: ["read:reports"],
    organization_usage: "allow",
    allow_any_organization: false,
  }),
  // An API with no entry in the allowlist, which is closed to unlisted audiences.
  wireGrant({
    id: "cgr_P0oI9uY8tR7eW6qA",
    client_id: CLIENT.reporting,
    audience: AUDIENCE.admin,
    scope: ["read:users"],
    organization_usage: "require",
    allow_any_organization: false,
  }),
  // organization_usage never set: read as "deny".
  wireGrant({
    id: "cgr_M2nB3vC4xZ5lK6jH",
    client_id: CLIENT.analytics,
    audience: AUDIENCE.reports,
    scope: ["read:reports"],
    allow_any_organization: false,
  }),
];
