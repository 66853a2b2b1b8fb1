// The maxGrantsPerOrganization policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { maxGrantsPerOrganization } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import { withOnePolicyAtATime, billingGrant, grant, listing, reportsGrant } from "../../helpers/policyRules";

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
});
