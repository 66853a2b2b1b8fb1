// Each shipped policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only the policy it is about.
import {
  allowedOrganizationUsage,
  allowedScopes,
  completeListing,
  maxGrantsPerOrganization,
  noAllowAnyOrganization,
  requiredGrants,
} from "../provider/policy";
import type { ApiClientGrant, Filters } from "../provider/core/schemas";
import {
  organizationClientGrantsResource,
  withPolicyPack,
  violation,
  violations,
  type EnforcementLevel,
  type ResourceUnderTest,
} from "./helpers/analyzer";
import { AUDIENCE, CLIENT, ORG, clientGrantsOutputs, wireGrant } from "./helpers/policyFixtures";

const packed = withPolicyPack();

/** Configures the pack with only this policy enabled, at its default level, with these settings. */
function only(policy: { name: string; enforcementLevel?: EnforcementLevel }, settings: Record<string, unknown> = {}): Promise<void> {
  return packed.pack.configure({ all: "disabled", [policy.name]: { enforcementLevel: policy.enforcementLevel ?? "advisory", ...settings } });
}

function grant(id: string, clientId: string, audience: string, scope: string[], extra: Partial<ApiClientGrant> = {}): ApiClientGrant {
  return wireGrant({ id, client_id: clientId, audience, scope, organization_usage: "require", allow_any_organization: false, ...extra });
}

function listing(name: string, filters: Filters, grants: ApiClientGrant[]): ResourceUnderTest {
  return organizationClientGrantsResource(name, clientGrantsOutputs(filters, grants));
}

const billingGrant = grant("cgr_b1", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices", "create:invoices"]);
const reportsGrant = grant("cgr_r1", CLIENT.reporting, AUDIENCE.reports, ["read:reports"]);

describe(noAllowAnyOrganization.name, () => {
  test("reports a grant that any organization may use", async () => {
    await only(noAllowAnyOrganization);
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, grant("cgr_any", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true })]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        noAllowAnyOrganization,
        "mandatory",
        `Grant cgr_any of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.reports}) has allowAnyOrganization set: ` +
          `client ${CLIENT.backOffice} can use it for any organization of the tenant, not only ${ORG.acme}. ` +
          `Turn allow_any_organization off, or add ${CLIENT.backOffice} to exemptClientIds.`,
        acme.urn,
      ),
    ]);
  });

  test("passes grants where it is false or missing (Auth0's default)", async () => {
    await only(noAllowAnyOrganization);
    const unset = grant("cgr_unset", CLIENT.reporting, AUDIENCE.reports, ["read:reports"]);
    delete unset.allow_any_organization;
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, unset])]))).toEqual([]);
  });

  test("passes an exempt client", async () => {
    await only(noAllowAnyOrganization, { exemptClientIds: [CLIENT.backOffice] });
    const any = grant("cgr_any", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true });
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [any])]))).toEqual([]);
  });
});

describe(allowedOrganizationUsage.name, () => {
  const deny = grant("cgr_deny", CLIENT.reporting, AUDIENCE.reports, ["read:reports"], { organization_usage: "deny" });
  const unset = grant("cgr_unset", CLIENT.analytics, AUDIENCE.reports, ["read:reports"]);
  delete unset.organization_usage;

  test("reports a value outside the allowed ones, and reads a missing value as treatUnsetAs", async () => {
    await only(allowedOrganizationUsage);
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, deny, unset]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedOrganizationUsage,
        "mandatory",
        `Grant cgr_deny of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) has organizationUsage "deny"; allowed: "allow", "require".`,
        acme.urn,
      ),
      violation(
        allowedOrganizationUsage,
        "mandatory",
        `Grant cgr_unset of organization ${ORG.acme} (client ${CLIENT.analytics}, audience ${AUDIENCE.reports}) has no organizationUsage (read as "deny", see treatUnsetAs); allowed: "allow", "require".`,
        acme.urn,
      ),
    ]);
  });

  test("passes allowed values, and a missing value read as an allowed one", async () => {
    await only(allowedOrganizationUsage, { allowed: ["require"], treatUnsetAs: "require" });
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, unset])]))).toEqual([]);
  });
});

describe(allowedScopes.name, () => {
  const allowlist = { [AUDIENCE.billing]: ["read:invoices", "create:invoices"], [AUDIENCE.reports]: ["read:reports"] };

  test("reports scopes outside the audience's allowlist", async () => {
    await only(allowedScopes, { allowedScopes: allowlist });
    const acme = listing("acme", { organizationId: ORG.acme }, [
      grant("cgr_wide", CLIENT.reporting, AUDIENCE.reports, ["read:reports", "export:reports", "delete:reports"]),
    ]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_wide of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports, delete:reports. Allowed: read:reports.`,
        acme.urn,
      ),
    ]);
  });

  test("passes grants within their allowlist and, by default, grants for unlisted audiences", async () => {
    await only(allowedScopes, { allowedScopes: allowlist });
    const admin = grant("cgr_admin", CLIENT.backOffice, AUDIENCE.admin, ["read:users"]);
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, reportsGrant, admin])]))).toEqual([]);
  });

  test("reports an unlisted audience when unlistedAudiences is deny", async () => {
    await only(allowedScopes, { allowedScopes: allowlist, unlistedAudiences: "deny" });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_admin", CLIENT.backOffice, AUDIENCE.admin, ["read:users"])]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_admin of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}) is for audience ${AUDIENCE.admin}, which has no entry in allowedScopes (unlistedAudiences is "deny").`,
        acme.urn,
      ),
    ]);
  });

  test("reports a grant that holds every scope of its audience (allow_all_scopes)", async () => {
    await only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: [] } });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_all", CLIENT.reporting, AUDIENCE.reports, [], { allow_all_scopes: true })]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_all of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) has allowAllScopes set, which grants every scope of audience ${AUDIENCE.reports}. Allowed: none.`,
        acme.urn,
      ),
    ]);
  });
});

describe(requiredGrants.name, () => {
  const billingRequirement = { clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["create:invoices"] };

  test("reports an organization without the required grant", async () => {
    await only(requiredGrants, { requiredGrants: [billingRequirement] });
    const acme = listing("acme", { organizationId: ORG.acme }, [reportsGrant]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Organization ${ORG.acme} has no client grant for client ${CLIENT.billingWorker} and audience ${AUDIENCE.billing}, which requiredGrants[0] requires ` +
          `(read by OrganizationClientGrants "acme").`,
        acme.urn,
      ),
    ]);
  });

  test("names a grant of the client whose audience differs from the requirement's only by case or a trailing slash", async () => {
    const typo = AUDIENCE.billing.replace(/\/$/, "");
    await only(requiredGrants, { requiredGrants: [{ ...billingRequirement, audience: typo }] });
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Organization ${ORG.acme} has no client grant for client ${CLIENT.billingWorker} and audience ${typo}, which requiredGrants[0] requires ` +
          `(read by OrganizationClientGrants "acme"). Its grant cgr_b1 is for audience ${AUDIENCE.billing}, which differs only by case or a trailing ` +
          `slash: Auth0 compares API identifiers exactly. Check requiredGrants[0].audience.`,
        acme.urn,
      ),
    ]);
  });

  test("reports a required grant that lacks required scopes", async () => {
    await only(requiredGrants, { requiredGrants: [billingRequirement] });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_b1", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices"])]);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Grant cgr_b1 of organization ${ORG.acme} (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}) lacks scopes that requiredGrants[0] requires: create:invoices.`,
        acme.urn,
      ),
    ]);
  });

  test("passes when the grant is there with the scopes, and judges only the organization it names", async () => {
    await only(requiredGrants, { requiredGrants: [billingRequirement, { ...billingRequirement, audience: AUDIENCE.admin, organizationId: ORG.globex }] });
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant])]))).toEqual([]);
  });

  test("a listing filtered by the same audience judges the requirement", async () => {
    await only(requiredGrants, { requiredGrants: [billingRequirement] });
    const byAudience = listing("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing }, []);
    expect(violations(await packed.pack.analyzeStack([byAudience]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Organization ${ORG.acme} has no client grant for client ${CLIENT.billingWorker} and audience ${AUDIENCE.billing}, which requiredGrants[0] requires ` +
          `(read by OrganizationClientGrants "acme-billing").`,
        byAudience.urn,
      ),
    ]);
  });

  test("listings whose filters could hide the grant do not judge it; requireVerification reports that", async () => {
    const byOtherAudience = listing("acme-reports", { organizationId: ORG.acme, audience: AUDIENCE.reports }, [reportsGrant]);
    const byIds = listing("acme-some", { organizationId: ORG.acme, grantIds: ["cgr_r1"] }, [reportsGrant]);
    await only(requiredGrants, { requiredGrants: [billingRequirement] });
    expect(violations(await packed.pack.analyzeStack([byOtherAudience, byIds]))).toEqual([]);

    await only(requiredGrants, { requiredGrants: [billingRequirement], requireVerification: true });
    expect(violations(await packed.pack.analyzeStack([byOtherAudience, byIds]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Cannot verify that client ${CLIENT.billingWorker} holds a grant for audience ${AUDIENCE.billing} in organization ${ORG.acme} ` +
          `(requiredGrants[0]): every listing of that organization in this stack is filtered so that it could leave the grant out: ` +
          `OrganizationClientGrants "acme-reports" (audience ${AUDIENCE.reports}), OrganizationClientGrants "acme-some" (grant ids cgr_r1). ` +
          `Read the organization without filters, or filtered by that audience or client.`,
        byOtherAudience.urn,
      ),
    ]);
  });
});

describe(maxGrantsPerOrganization.name, () => {
  const three = [billingGrant, reportsGrant, grant("cgr_a1", CLIENT.analytics, AUDIENCE.reports, ["read:reports"])];
  const listed =
    `cgr_b1 (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}), cgr_r1 (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}), ` +
    `cgr_a1 (client ${CLIENT.analytics}, audience ${AUDIENCE.reports})`;

  test("reports an organization over its cap, listing its grants", async () => {
    await only(maxGrantsPerOrganization, { maxGrants: 2 });
    const acme = listing("acme", { organizationId: ORG.acme }, three);
    expect(violations(await packed.pack.analyzeStack([acme]))).toEqual([
      violation(maxGrantsPerOrganization, "advisory", `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ${listed}.`, acme.urn),
    ]);
  });

  test("passes an organization at its cap", async () => {
    await only(maxGrantsPerOrganization, { maxGrants: 3 });
    expect(violations(await packed.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, three)]))).toEqual([]);
  });

  test("a per-organization cap overrides maxGrants, and filtered listings give a lower bound", async () => {
    await only(maxGrantsPerOrganization, { maxGrants: 10, perOrganization: { [ORG.acme]: 2 } });
    const billing = listing("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing }, [billingGrant]);
    const reports = listing("acme-reports", { organizationId: ORG.acme, audience: AUDIENCE.reports }, three.slice(1));
    expect(violations(await packed.pack.analyzeStack([billing, reports]))).toEqual([
      violation(
        maxGrantsPerOrganization,
        "advisory",
        `Organization ${ORG.acme} has at least 3 client grants, more than the 2 allowed by perOrganization["${ORG.acme}"]: ${listed}.`,
        billing.urn,
      ),
    ]);
  });
});

describe(completeListing.name, () => {
  test("reports a resource that reads its organization through filters", async () => {
    await only(completeListing);
    const filtered = organizationClientGrantsResource("acme-some", { organizationId: ORG.acme, clientId: CLIENT.reporting, grantIds: ["cgr_r1", "cgr_a1"] });
    expect(violations(await packed.pack.analyze(filtered))).toEqual([
      violation(
        completeListing,
        "advisory",
        `OrganizationClientGrants "acme-some" reads organization ${ORG.acme} filtered by client ${CLIENT.reporting} and grant ids cgr_r1, cgr_a1: ` +
          `the grant policies see only the grants that match, so a required grant can look missing and the grant count looks smaller. ` +
          `Remove the filter, or list it in allowedFilters.`,
        filtered.urn,
      ),
    ]);
  });

  test("passes a resource that reads the whole organization, and a filter the team allows", async () => {
    await only(completeListing, { allowedFilters: ["audience"] });
    expect(violations(await packed.pack.analyze(organizationClientGrantsResource("acme", { organizationId: ORG.acme })))).toEqual([]);
    expect(violations(await packed.pack.analyze(organizationClientGrantsResource("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing })))).toEqual([]);
  });
});
