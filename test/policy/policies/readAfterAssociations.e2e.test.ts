// The read-after-associations policy on its own, through the analyzer: a stack that reads an organization while the
// same deployment associates grants with it, declared with the real @pulumi/auth0 resources (test/helpers/grantsStack.ts).
import { readAfterAssociations } from "../../../provider/policy";
import { violation, violations } from "../../helpers/analyzer";
import { grantsStack, type GrantsScenario, type GrantsStackOptions } from "../../helpers/grantsStack";
import { AUDIENCE, CLIENT, ORG, wireGrant } from "../../helpers/policyFixtures";
import { withOnePolicyAtATime } from "../../helpers/policyRules";

const packed = withOnePolicyAtATime();
const only = packed.only;

const GRANT_ID = "cgr_Dl4kW9xQ2mZr7TbN";
const MODES: [string, GrantsStackOptions][] = [
  ["a preview (linked by dependencies)", { mode: "preview" }],
  ["an update (linked by grant id)", { mode: "update", ids: { "any-grant": GRANT_ID, "wide-grant": GRANT_ID, "billing-grant": GRANT_ID } }],
];

describe("ordering within one pulumi up", () => {
  const base: GrantsScenario = {
    grants: [{ name: "billing-grant", clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["read:invoices"], organizationUsage: "require" }],
    associations: [{ name: "billing-acme", organizationId: ORG.acme, grant: "billing-grant" }],
  };

  test.each(MODES)("a read of an organization that does not depend on its associations gets an advisory note, in %s", async (_mode, options) => {
    await only(readAfterAssociations);
    const stack = await grantsStack({ ...base, reads: [{ name: "acme-grants", organizationId: ORG.acme }] }, { ...options, listings: { "acme-grants": [] } });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        readAfterAssociations,
        "advisory",
        `OrganizationClientGrants "acme-grants" reads organization ${ORG.acme} without depending on the OrganizationClientGrant resources this stack ` +
          `associates with it: "billing-acme". In one pulumi up it can read the organization before they are made (or after they are removed), ` +
          `and the grant policies then judge what it was. Add them to its dependsOn.`,
        stack.urnOf("acme-grants"),
      ),
    ]);
  });

  test.each(MODES)("an association of a grant the stack neither declares nor reads gets a note: no grant policy can judge it, in %s", async (_mode, options) => {
    await only(readAfterAssociations);
    const stack = await grantsStack({ associations: [{ name: "other-acme", organizationId: ORG.acme, grantId: "cgr_Elsewhere0000001" }] }, options);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        readAfterAssociations,
        "advisory",
        `OrganizationClientGrant "other-acme" associates grant cgr_Elsewhere0000001 with organization ${ORG.acme}, but this stack neither declares ` +
          `that grant (ClientGrant) nor reads it in the organization (OrganizationClientGrants), so no grant policy can judge its client, audience, ` +
          `scopes or flags. Read the organization with OrganizationClientGrants, with the association in its dependsOn.`,
        stack.urnOf("other-acme"),
      ),
    ]);
  });

  test("an association of a grant made elsewhere that the stack reads after it passes", async () => {
    await only(readAfterAssociations);
    const stack = await grantsStack(
      {
        associations: [{ name: "other-acme", organizationId: ORG.acme, grantId: "cgr_Elsewhere0000001" }],
        reads: [{ name: "acme-grants", organizationId: ORG.acme, dependsOn: ["other-acme"] }],
      },
      {
        mode: "update",
        listings: { "acme-grants": [wireGrant({ id: "cgr_Elsewhere0000001", client_id: CLIENT.reporting, audience: AUDIENCE.reports, scope: ["read:reports"] })] },
      },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });

  test.each(MODES)("a read that depends on them, or reads another organization, passes, in %s", async (_mode, options) => {
    await only(readAfterAssociations);
    const stack = await grantsStack(
      {
        ...base,
        reads: [
          { name: "acme-grants", organizationId: ORG.acme, dependsOn: ["billing-acme"] },
          { name: "globex-grants", organizationId: ORG.globex },
        ],
      },
      { ...options, listings: { "acme-grants": [], "globex-grants": [] } },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });
});
