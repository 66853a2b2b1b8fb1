// The completeListing policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { completeListing } from "../../../provider/policy";
import { organizationClientGrantsResource, violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import { withOnePolicyAtATime } from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(completeListing.name, () => {
  test("reports a resource that reads its organization through filters", async () => {
    await policies.only(completeListing);
    const filtered = organizationClientGrantsResource("acme-some", { organizationId: ORG.acme, clientId: CLIENT.reporting, grantIds: ["cgr_r1", "cgr_a1"] });
    expect(violations(await policies.pack.analyze(filtered))).toEqual([
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
    await policies.only(completeListing, { allowedFilters: ["audience"] });
    expect(violations(await policies.pack.analyze(organizationClientGrantsResource("acme", { organizationId: ORG.acme })))).toEqual([]);
    expect(violations(await policies.pack.analyze(organizationClientGrantsResource("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing })))).toEqual([]);
  });
});
