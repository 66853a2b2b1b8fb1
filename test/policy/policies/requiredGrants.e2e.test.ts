// The requiredGrants policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { requiredGrants } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import {
  anyOrganizationGrant,
  associationsListing,
  billingGrant,
  grant,
  judgedOnAssociationsOnly,
  listing,
  reportsGrant,
  withOnePolicyAtATime,
} from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(requiredGrants.name, () => {
  const billingRequirement = { clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["create:invoices"] };
  /** The violation for Acme without the billing worker's billing grant, read by the listing `name`. */
  const missing = (name = "acme") =>
    `Organization ${ORG.acme} has no client grant for client ${CLIENT.billingWorker} and audience ${AUDIENCE.billing}, which requiredGrants[0] requires ` +
    `(read by OrganizationClientGrants "${name}").`;

  test("reports an organization without the required grant", async () => {
    await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
    const acme = listing("acme", { organizationId: ORG.acme }, [reportsGrant]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(requiredGrants, "mandatory", missing(), acme.urn),
    ]);
  });

  test("names a grant of the client whose audience differs from the requirement's only by case or a trailing slash", async () => {
    const typo = AUDIENCE.billing.replace(/\/$/, "");
    await policies.only(requiredGrants, { requiredGrants: [{ ...billingRequirement, audience: typo }] });
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
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
    await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_b1", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices"])]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Grant cgr_b1 of organization ${ORG.acme} (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}) lacks scopes that requiredGrants[0] requires: create:invoices.`,
        acme.urn,
      ),
    ]);
  });

  test("passes when the grant is there with the scopes, and judges only the organization it names", async () => {
    await policies.only(requiredGrants, { requiredGrants: [billingRequirement, { ...billingRequirement, audience: AUDIENCE.admin, organizationId: ORG.globex }] });
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant])]))).toEqual([]);
  });

  test("a listing filtered by the same audience judges the requirement", async () => {
    await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
    const byAudience = listing("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing }, []);
    expect(violations(await policies.pack.analyzeStack([byAudience]))).toEqual([
      violation(requiredGrants, "mandatory", missing("acme-billing"), byAudience.urn),
    ]);
  });

  test("listings whose filters could hide the grant do not judge it; requireVerification reports that", async () => {
    const byOtherAudience = listing("acme-reports", { organizationId: ORG.acme, audience: AUDIENCE.reports }, [reportsGrant]);
    const byIds = listing("acme-some", { organizationId: ORG.acme, grantIds: ["cgr_r1"] }, [reportsGrant]);
    await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
    expect(violations(await policies.pack.analyzeStack([byOtherAudience, byIds]))).toEqual([]);

    await policies.only(requiredGrants, { requiredGrants: [billingRequirement], requireVerification: true });
    expect(violations(await policies.pack.analyzeStack([byOtherAudience, byIds]))).toEqual([
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

  describe("grants that apply to every organization without an association", () => {
    const tenantWide = anyOrganizationGrant("cgr_anyBilling", CLIENT.billingWorker, AUDIENCE.billing, ["create:invoices"]);
    /** How a violation names a billing grant of the billing worker that Acme's listing read through allow_any_organization. */
    const billingViaAnyOrganization = (id: string) =>
      `Grant ${id} of organization ${ORG.acme} (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}; through allow_any_organization, without an association)`;

    test("a requirement met through allow_any_organization passes", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
      expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [reportsGrant], [tenantWide])]))).toEqual([]);
    });

    test("a grant read through allow_any_organization that lacks scopes is named with how it applies", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
      const narrow = anyOrganizationGrant("cgr_anyNarrow", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices"]);
      const acme = listing("acme", { organizationId: ORG.acme }, [reportsGrant], [narrow]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          requiredGrants,
          "mandatory",
          `${billingViaAnyOrganization("cgr_anyNarrow")} lacks scopes that requiredGrants[0] requires: create:invoices.`,
          acme.urn,
        ),
      ]);
    });

    test("a missing grant in a listing that did not read them says one may still reach the organization that way", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [reportsGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          requiredGrants,
          "mandatory",
          `${missing()} The grants that apply to every organization of the tenant (allow_any_organization) were not read: OrganizationClientGrants "acme" ` +
            `reads organization ${ORG.acme} without includeAnyOrganization, and the client may reach it through such a grant. Set includeAnyOrganization: ` +
            `true (its token then needs read:client_grants as well), or set associationsOnly: true in this policy's configuration to judge the associated grants only.`,
          acme.urn,
        ),
      ]);
    });

    test("a requirement met by an associated grant passes without a note, whether they were read or not", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
      expect(violations(await policies.pack.analyzeStack([associationsListing("acme", { organizationId: ORG.acme }, [billingGrant])]))).toEqual([]);
    });

    test("with associationsOnly a missing grant is reported as judged on associations only", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement], associationsOnly: true });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [reportsGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(requiredGrants, "mandatory", `${missing()}${judgedOnAssociationsOnly(ORG.acme)}`, acme.urn),
      ]);
    });

    test("with associationsOnly a requirement met only through allow_any_organization is reported as missing, judged on associations only", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement], associationsOnly: true });
      const acme = listing("acme", { organizationId: ORG.acme }, [reportsGrant], [tenantWide]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(requiredGrants, "mandatory", `${missing()}${judgedOnAssociationsOnly(ORG.acme, "left out")}`, acme.urn),
      ]);
    });

    test("a grant read through allow_any_organization without organizationUsage does not meet a requirement: it may not reach the organization", async () => {
      await policies.only(requiredGrants, { requiredGrants: [billingRequirement] });
      const unset = anyOrganizationGrant("cgr_anyUnset", CLIENT.billingWorker, AUDIENCE.billing, ["read:invoices", "create:invoices"]);
      delete unset.organization_usage;
      const acme = listing("acme", { organizationId: ORG.acme }, [reportsGrant], [unset]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          requiredGrants,
          "mandatory",
          `${billingViaAnyOrganization("cgr_anyUnset")} would meet requiredGrants[0], but it has no organizationUsage: the listing counts it as reaching the ` +
            `organization, yet Auth0 does not say whether a grant with allow_any_organization and no organizationUsage applies to organizations ` +
            `(@pulumi/auth0 documents "deny" as its default), so it may not. Set its organizationUsage to "allow" or "require", or associate ` +
            `the grant with the organization.`,
          acme.urn,
        ),
      ]);
    });
  });
});
