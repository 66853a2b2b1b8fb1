// The noAllowAnyOrganization policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { noAllowAnyOrganization } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { AUDIENCE, CLIENT, ORG } from "../../helpers/policyFixtures";
import {
  anyOrganizationGrant,
  anyOrganizationNotRead,
  anyOrganizationSubject,
  associationsListing,
  billingGrant,
  declaredClientGrant,
  grant,
  judgedOnAssociationsOnly,
  listing,
  withOnePolicyAtATime,
} from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

/** The violation for a back-office grant for the reports API, read in Acme, that carries allow_any_organization itself. */
function flaggedGrantOfAcme(id: string, suffix = ""): string {
  return (
    `Grant ${id} of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.reports}) has allowAnyOrganization set: ` +
    `client ${CLIENT.backOffice} can use it for any organization of the tenant, not only ${ORG.acme}. ` +
    `Turn allow_any_organization off, or add ${CLIENT.backOffice} to exemptClientIds.${suffix}`
  );
}

describe(noAllowAnyOrganization.name, () => {
  test("reports a grant that any organization may use", async () => {
    await policies.only(noAllowAnyOrganization);
    const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, grant("cgr_any", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true })]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(
        noAllowAnyOrganization,
        "mandatory",
        flaggedGrantOfAcme("cgr_any"),
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

  describe("grants that apply to every organization without an association", () => {
    const backOffice = anyOrganizationGrant("cgr_anyOrg", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"]);

    test("reports a grant read through allow_any_organization once, naming every organization it was read for", async () => {
      await policies.only(noAllowAnyOrganization);
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [backOffice]);
      const globex = listing("globex", { organizationId: ORG.globex }, [], [backOffice]);
      expect(violations(await policies.pack.analyzeStack([acme, globex]))).toEqual([
        violation(
          noAllowAnyOrganization,
          "mandatory",
          `${anyOrganizationSubject(backOffice, [ORG.acme, ORG.globex])}: client ${CLIENT.backOffice} can act for any organization of the tenant ` +
            `through it. Turn allow_any_organization off, or add ${CLIENT.backOffice} to exemptClientIds.`,
          acme.urn,
        ),
      ]);
    });

    test("passes such a grant of an exempt client", async () => {
      await policies.only(noAllowAnyOrganization, { exemptClientIds: [CLIENT.backOffice] });
      expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant], [backOffice])]))).toEqual([]);
    });

    test("does not pass a listing that did not read them: it reports so at its level, naming the fix", async () => {
      await policies.only(noAllowAnyOrganization);
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(noAllowAnyOrganization, "mandatory", anyOrganizationNotRead("acme", ORG.acme), acme.urn),
      ]);
    });

    test("an organization read once with the option and once without has had them read", async () => {
      await policies.only(noAllowAnyOrganization);
      const whole = listing("acme", { organizationId: ORG.acme }, [billingGrant]);
      const billing = associationsListing("acme-billing", { organizationId: ORG.acme, audience: AUDIENCE.billing }, [billingGrant]);
      expect(violations(await policies.pack.analyzeStack([whole, billing]))).toEqual([]);
    });

    test("with associationsOnly it judges the associated grants only, and its violations say so", async () => {
      await policies.only(noAllowAnyOrganization, { associationsOnly: true });
      const associatedAny = grant("cgr_assocAny", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant, associatedAny]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          noAllowAnyOrganization,
          "mandatory",
          flaggedGrantOfAcme("cgr_assocAny", judgedOnAssociationsOnly(ORG.acme)),
          acme.urn,
        ),
      ]);
    });

    test("with associationsOnly a listing that read them is judged on its associated grants only: an associated grant with the flag is still reported", async () => {
      await policies.only(noAllowAnyOrganization, { associationsOnly: true });
      const associatedAny = grant("cgr_assocAny", CLIENT.backOffice, AUDIENCE.reports, ["read:reports"], { allow_any_organization: true });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, associatedAny], [backOffice]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          noAllowAnyOrganization,
          "mandatory",
          flaggedGrantOfAcme("cgr_assocAny", judgedOnAssociationsOnly(ORG.acme, "left out")),
          acme.urn,
        ),
      ]);
    });

    test("with associationsOnly a ClientGrant the stack declares with allowAnyOrganization is still judged where a listing read it", async () => {
      await policies.only(noAllowAnyOrganization, { associationsOnly: true });
      const declared = declaredClientGrant("legacy-grant", { id: backOffice.id, clientId: CLIENT.backOffice, audience: AUDIENCE.reports, allowAnyOrganization: true });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [backOffice]);
      expect(violations(await policies.pack.analyzeStack([declared, acme]))).toEqual([
        violation(
          noAllowAnyOrganization,
          "mandatory",
          `ClientGrant "legacy-grant" (grant ${backOffice.id}, client ${CLIENT.backOffice}, audience ${AUDIENCE.reports}), which applies to every organization ` +
            `of the tenant through allow_any_organization, without an association (read for organization ${ORG.acme}): client ${CLIENT.backOffice} can act ` +
            `for any organization of the tenant through it. Set allowAnyOrganization to false, or add ${CLIENT.backOffice} to exemptClientIds.`,
          declared.urn,
        ),
      ]);
    });
  });
});
