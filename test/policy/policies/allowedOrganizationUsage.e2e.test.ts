// The allowedOrganizationUsage policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { allowedOrganizationUsage } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import {
  anyOrganizationGrant,
  anyOrganizationNotRead,
  anyOrganizationSubject,
  associationsListing,
  billingGrant,
  grant,
  judgedOnAssociationsOnly,
  listing,
  withOnePolicyAtATime,
} from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(allowedOrganizationUsage.name, () => {
  const deny = grant("cgr_deny", CLIENT.reporting, AUDIENCE.reports, ["read:reports"], { organization_usage: "deny" });
  const unset = grant("cgr_unset", CLIENT.analytics, AUDIENCE.reports, ["read:reports"]);
  delete unset.organization_usage;

  test("reports a value outside the allowed ones, and reads a missing value as treatUnsetAs", async () => {
    await policies.only(allowedOrganizationUsage);
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, deny, unset]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
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
    await policies.only(allowedOrganizationUsage, { allowed: ["require"], treatUnsetAs: "require" });
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, unset])]))).toEqual([]);
  });

  describe("grants that apply to every organization without an association", () => {
    test("judges a grant read through allow_any_organization, naming it and how it applies", async () => {
      await policies.only(allowedOrganizationUsage, { allowed: ["require"] });
      const allow = anyOrganizationGrant("cgr_anyAllow", CLIENT.backOffice, AUDIENCE.billing, ["read:invoices"], { organization_usage: "allow" });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [allow]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(allowedOrganizationUsage, "mandatory", `${anyOrganizationSubject(allow, [ORG.acme])} has organizationUsage "allow"; allowed: "require".`, acme.urn),
      ]);
    });

    test("does not pass a listing that did not read them: it reports so at its level", async () => {
      await policies.only(allowedOrganizationUsage);
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(allowedOrganizationUsage, "mandatory", anyOrganizationNotRead("acme", ORG.acme), acme.urn),
      ]);
    });

    test("with associationsOnly it reports no such note, and its violations say it judged associations only", async () => {
      await policies.only(allowedOrganizationUsage, { associationsOnly: true });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant, deny]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedOrganizationUsage,
          "mandatory",
          `Grant cgr_deny of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) has organizationUsage "deny"; ` +
            `allowed: "allow", "require".${judgedOnAssociationsOnly(ORG.acme)}`,
          acme.urn,
        ),
      ]);
    });

    test("with associationsOnly a listing that read them is judged on its associated grants only", async () => {
      await policies.only(allowedOrganizationUsage, { allowed: ["require"], associationsOnly: true });
      const allow = anyOrganizationGrant("cgr_anyAllow", CLIENT.backOffice, AUDIENCE.billing, ["read:invoices"], { organization_usage: "allow" });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, deny], [allow]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedOrganizationUsage,
          "mandatory",
          `Grant cgr_deny of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) has organizationUsage "deny"; ` +
            `allowed: "require".${judgedOnAssociationsOnly(ORG.acme, "left out")}`,
          acme.urn,
        ),
      ]);
    });
  });

  describe("a grant read through allow_any_organization without organizationUsage, which the listing counts as reaching the organization", () => {
    const unsetAny = anyOrganizationGrant("cgr_anyUnset", CLIENT.backOffice, AUDIENCE.billing, ["read:invoices"]);
    delete unsetAny.organization_usage;

    test("is not read as deny: with allow and require allowed, any value that reaches the organization passes", async () => {
      await policies.only(allowedOrganizationUsage);
      expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant], [unsetAny])]))).toEqual([]);
    });

    test("is reported, as a grant that may reach the organization, where a value that reaches it is not allowed", async () => {
      await policies.only(allowedOrganizationUsage, { allowed: ["require"] });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [unsetAny]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedOrganizationUsage,
          "mandatory",
          `${anyOrganizationSubject(unsetAny, [ORG.acme])} has no organizationUsage, so it may apply as "allow": the listing counts a grant with ` +
            `allow_any_organization as reaching the organization unless its organizationUsage is "deny" (Auth0 does not say an unset value is), ` +
            `so treatUnsetAs "deny" does not apply to it. Set its organizationUsage; allowed: "require".`,
          acme.urn,
        ),
      ]);
    });

    test("is read as treatUnsetAs when that is a value that reaches the organization", async () => {
      await policies.only(allowedOrganizationUsage, { allowed: ["require"], treatUnsetAs: "allow" });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [unsetAny]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedOrganizationUsage,
          "mandatory",
          `${anyOrganizationSubject(unsetAny, [ORG.acme])} has no organizationUsage (read as "allow", see treatUnsetAs); allowed: "require".`,
          acme.urn,
        ),
      ]);
    });
  });
});
