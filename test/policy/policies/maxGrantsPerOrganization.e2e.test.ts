// The maxGrantsPerOrganization policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { maxGrantsPerOrganization } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import {
  anyOrganizationGrant,
  anyOrganizationNotRead,
  associationsListing,
  billingGrant,
  grant,
  judgedOnAssociationsOnly,
  listing,
  reportsGrant,
  withOnePolicyAtATime,
} from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(maxGrantsPerOrganization.name, () => {
  const three = [billingGrant, reportsGrant, grant("cgr_a1", CLIENT.analytics, AUDIENCE.reports, ["read:reports"])];
  const listed =
    `cgr_b1 (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}), cgr_r1 (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}), ` +
    `cgr_a1 (client ${CLIENT.analytics}, audience ${AUDIENCE.reports})`;

  test("reports an organization over its cap, listing its grants", async () => {
    await policies.only(maxGrantsPerOrganization, { maxGrants: 2 });
    const acme = listing("acme", { organizationId: ORG.acme }, three);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(maxGrantsPerOrganization, "advisory", `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ${listed}.`, acme.urn),
    ]);
  });

  test("passes an organization at its cap", async () => {
    await policies.only(maxGrantsPerOrganization, { maxGrants: 3 });
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, three)]))).toEqual([]);
  });

  test("a per-organization cap overrides maxGrants, and filtered listings give a lower bound", async () => {
    await policies.only(maxGrantsPerOrganization, { maxGrants: 10, perOrganization: { [ORG.acme]: 2 } });
    const billing = listing("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing }, [billingGrant]);
    const reports = listing("acme-reports", { organizationId: ORG.acme, audience: AUDIENCE.reports }, three.slice(1));
    expect(violations(await policies.pack.analyzeStack([billing, reports]))).toEqual([
      violation(
        maxGrantsPerOrganization,
        "advisory",
        `Organization ${ORG.acme} has at least 3 client grants, more than the 2 allowed by perOrganization["${ORG.acme}"]: ${listed}.`,
        billing.urn,
      ),
    ]);
  });

  describe("grants that apply to every organization without an association", () => {
    const backOffice = anyOrganizationGrant("cgr_anyOrg", CLIENT.backOffice, AUDIENCE.admin, ["read:users"]);

    test("counts them in every organization they reach, and marks them in the list", async () => {
      await policies.only(maxGrantsPerOrganization, { maxGrants: 2 });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, reportsGrant], [backOffice]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          maxGrantsPerOrganization,
          "advisory",
          `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ` +
            `cgr_b1 (client ${CLIENT.billingWorker}, audience ${AUDIENCE.billing}), cgr_r1 (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}), ` +
            `cgr_anyOrg (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}; through allow_any_organization, without an association).`,
          acme.urn,
        ),
      ]);
    });

    test("does not pass a listing that did not read them: it reports so at its level", async () => {
      await policies.only(maxGrantsPerOrganization, { maxGrants: 2 });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(maxGrantsPerOrganization, "advisory", anyOrganizationNotRead("acme", ORG.acme), acme.urn),
      ]);
    });

    test("with associationsOnly it reports no such note, and its violations say it counted associations only", async () => {
      await policies.only(maxGrantsPerOrganization, { maxGrants: 2, associationsOnly: true });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, three);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          maxGrantsPerOrganization,
          "advisory",
          `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ${listed}.${judgedOnAssociationsOnly(ORG.acme)}`,
          acme.urn,
        ),
      ]);
    });

    test("with associationsOnly a listing that read them counts its associated grants only", async () => {
      await policies.only(maxGrantsPerOrganization, { maxGrants: 2, associationsOnly: true });
      const acme = listing("acme", { organizationId: ORG.acme }, three, [backOffice]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          maxGrantsPerOrganization,
          "advisory",
          `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ${listed}.${judgedOnAssociationsOnly(ORG.acme, "left out")}`,
          acme.urn,
        ),
      ]);
    });
  });
});
