// The allowedScopes policy on its own, through the analyzer: a passing and a failing case, and the choices its
// configuration offers. Every other policy is disabled, so each test sees only this one.
import { allowedScopes } from "../../../provider/policy";
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
  reportsGrant,
  withOnePolicyAtATime,
} from "../../helpers/policyRules";

const policies = withOnePolicyAtATime();

describe(allowedScopes.name, () => {
  const allowlist = { [AUDIENCE.billing]: ["read:invoices", "create:invoices"], [AUDIENCE.reports]: ["read:reports"] };

  test("reports scopes outside the audience's allowlist", async () => {
    await policies.only(allowedScopes, { allowedScopes: allowlist });
    const acme = listing("acme", { organizationId: ORG.acme }, [
      grant("cgr_wide", CLIENT.reporting, AUDIENCE.reports, ["read:reports", "export:reports", "delete:reports"]),
    ]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_wide of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports, delete:reports. Allowed: read:reports.`,
        acme.urn,
      ),
    ]);
  });

  test("passes grants within their allowlist and, by default, grants for unlisted audiences", async () => {
    await policies.only(allowedScopes, { allowedScopes: allowlist });
    const admin = grant("cgr_admin", CLIENT.backOffice, AUDIENCE.admin, ["read:users"]);
    expect(violations(await policies.pack.analyzeStack([listing("acme", { organizationId: ORG.acme }, [billingGrant, reportsGrant, admin])]))).toEqual([]);
  });

  test("reports an unlisted audience when unlistedAudiences is deny", async () => {
    await policies.only(allowedScopes, { allowedScopes: allowlist, unlistedAudiences: "deny" });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_admin", CLIENT.backOffice, AUDIENCE.admin, ["read:users"])]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_admin of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}) is for audience ${AUDIENCE.admin}, which has no entry in allowedScopes (unlistedAudiences is "deny").`,
        acme.urn,
      ),
    ]);
  });

  test("reports a grant that holds every scope of its audience (allow_all_scopes)", async () => {
    await policies.only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: [] } });
    const acme = listing("acme", { organizationId: ORG.acme }, [grant("cgr_all", CLIENT.reporting, AUDIENCE.reports, [], { allow_all_scopes: true })]);
    expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `Grant cgr_all of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) has allowAllScopes set, which grants every scope of audience ${AUDIENCE.reports}. Allowed: none.`,
        acme.urn,
      ),
    ]);
  });

  describe("grants that apply to every organization without an association", () => {
    const wide = anyOrganizationGrant("cgr_anyWide", CLIENT.analytics, AUDIENCE.reports, ["read:reports", "export:reports"]);

    test("judges a grant read through allow_any_organization once, naming it and how it applies", async () => {
      await policies.only(allowedScopes, { allowedScopes: allowlist });
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant], [wide]);
      const globex = listing("globex", { organizationId: ORG.globex }, [reportsGrant], [wide]);
      expect(violations(await policies.pack.analyzeStack([acme, globex]))).toEqual([
        violation(
          allowedScopes,
          "mandatory",
          `${anyOrganizationSubject(wide, [ORG.acme, ORG.globex])} holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports. Allowed: read:reports.`,
          acme.urn,
        ),
      ]);
    });

    test("does not pass a listing that did not read them: it reports so at its level", async () => {
      await policies.only(allowedScopes, { allowedScopes: allowlist });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [billingGrant]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([violation(allowedScopes, "mandatory", anyOrganizationNotRead("acme", ORG.acme), acme.urn)]);
    });

    test("with associationsOnly it reports no such note, and its violations say it judged associations only", async () => {
      await policies.only(allowedScopes, { allowedScopes: allowlist, associationsOnly: true });
      const acme = associationsListing("acme", { organizationId: ORG.acme }, [grant("cgr_extra", CLIENT.reporting, AUDIENCE.reports, ["read:reports", "export:reports"])]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedScopes,
          "mandatory",
          `Grant cgr_extra of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) holds scopes not allowed for audience ` +
            `${AUDIENCE.reports}: export:reports. Allowed: read:reports.${judgedOnAssociationsOnly(ORG.acme)}`,
          acme.urn,
        ),
      ]);
    });

    test("with associationsOnly a listing that read them is judged on its associated grants only", async () => {
      await policies.only(allowedScopes, { allowedScopes: allowlist, associationsOnly: true });
      const extra = grant("cgr_extra", CLIENT.reporting, AUDIENCE.reports, ["read:reports", "export:reports"]);
      const acme = listing("acme", { organizationId: ORG.acme }, [billingGrant, extra], [wide]);
      expect(violations(await policies.pack.analyzeStack([acme]))).toEqual([
        violation(
          allowedScopes,
          "mandatory",
          `Grant cgr_extra of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}) holds scopes not allowed for audience ` +
            `${AUDIENCE.reports}: export:reports. Allowed: read:reports.${judgedOnAssociationsOnly(ORG.acme, "left out")}`,
          acme.urn,
        ),
      ]);
    });
  });
});
