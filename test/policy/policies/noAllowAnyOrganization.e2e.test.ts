// The noAllowAnyOrganization policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { noAllowAnyOrganization } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import { withOnePolicyAtATime, billingGrant, grant, listing } from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(noAllowAnyOrganization.name, () => {
  test("reports a grant that any organization may use", async () => {
    await policies.only(noAllowAnyOrganization);
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, grant("cgr_any", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true })]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
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
    await policies.only(noAllowAnyOrganization);
    const unset = grant("cgr_unset", CLIENT.reporting, AUDIENCE.reports, ["read:reports"]);
    delete unset.allow_any_organization;
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, unset])]))).toEqual([]);
  });

  test("passes an exempt client", async () => {
    await policies.only(noAllowAnyOrganization, { exemptClientIds: [CLIENT.backOffice] });
    const any = grant("cgr_any", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true });
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [any])]))).toEqual([]);
  });
});
