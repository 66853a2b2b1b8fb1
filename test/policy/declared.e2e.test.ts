// The grants a stack declares itself, with the real @pulumi/auth0 resources, judged through the analyzer as the
// engine drives it. Each stack is a program run under the SDK's mocks (test/helpers/grantsStack.ts): in a preview
// (the grant has no id yet, so its association is linked by dependencies) and in an update (linked by grant id). The
// analyzer gets each resource's inputs in `Analyze`, and every resource's outputs and dependencies in `AnalyzeStack`.
import * as auth0 from "@pulumi/auth0";
import {
  CLIENT_GRANT_TYPE,
  ORGANIZATION_CLIENT_GRANT_TYPE,
  allowedOrganizationUsage,
  allowedScopes,
  maxGrantsPerOrganization,
  noAllowAnyOrganization,
  readAfterAssociations,
  requiredGrants,
} from "../../provider/policy";
import type { ApiClientGrant } from "../../provider/core/schemas";
import { note, violation, violations, type PolicyPackConfig } from "../helpers/analyzer";
import { withOnePolicyAtATime } from "../helpers/policyRules";
import { grantsStack, type GrantsScenario, type GrantsStackOptions } from "../helpers/grantsStack";
import { AUDIENCE, CLIENT, ORG, wireGrant } from "../helpers/policyFixtures";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/analyzer";

const SAMPLE_CONFIG = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "policy-pack", "policy-config.json"), "utf8")) as PolicyPackConfig;

const packed = withOnePolicyAtATime();
const only = packed.only;

/** Analyze for every resource of the stack, then AnalyzeStack: everything the engine would report, in that order. */
async function analyzeAll(stack: Awaited<ReturnType<typeof grantsStack>>) {
  const perResource = [];
  for (const name of stack.analyzed) perResource.push(...violations(await packed.pack.analyze(stack.inputsOf(name))));
  return { analyze: perResource, analyzeStack: violations(await packed.pack.analyzeStack(stack.outputs)) };
}

const GRANT_ID = "cgr_Dl4kW9xQ2mZr7TbN";
const MODES: [string, GrantsStackOptions][] = [
  ["a preview (linked by dependencies)", { mode: "preview" }],
  ["an update (linked by grant id)", { mode: "update", ids: { "any-grant": GRANT_ID, "wide-grant": GRANT_ID, "billing-grant": GRANT_ID } }],
];

test("the policies know @pulumi/auth0's type tokens", () => {
  expect(CLIENT_GRANT_TYPE).toBe((auth0.ClientGrant as unknown as { __pulumiType: string }).__pulumiType);
  expect(ORGANIZATION_CLIENT_GRANT_TYPE).toBe((auth0.OrganizationClientGrant as unknown as { __pulumiType: string }).__pulumiType);
});

describe("a ClientGrant with allowAnyOrganization and delete:everything, associated with an organization", () => {
  const scenario: GrantsScenario = {
    grants: [
      {
        name: "any-grant",
        clientId: CLIENT.backOffice,
        audience: AUDIENCE.admin,
        scopes: ["delete:everything"],
        allowAnyOrganization: true,
        organizationUsage: "require",
      },
    ],
    associations: [{ name: "any-acme", organizationId: ORG.acme, grant: "any-grant" }],
  };

  test.each(MODES)("no-allow-any-organization stops it in Analyze, on its inputs, in %s", async (_mode, options) => {
    await only(noAllowAnyOrganization);
    const stack = await grantsStack(scenario, options);
    const urn = stack.urnOf("any-grant");
    expect(violations(await packed.pack.analyze(stack.inputsOf("any-grant")))).toEqual([
      violation(
        noAllowAnyOrganization,
        "mandatory",
        `ClientGrant "any-grant" (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}) sets allowAnyOrganization: client ${CLIENT.backOffice} ` +
          `can use it for any organization of the tenant, not only those it is associated with. Set allowAnyOrganization to false, or add the client to exemptClientIds.`,
        urn,
      ),
    ]);
  });

  test.each(MODES)("the example configuration reports it in AnalyzeStack too, naming organization, client, audience and resource, in %s", async (_mode, options) => {
    await packed.pack.configure(SAMPLE_CONFIG);
    const stack = await grantsStack(scenario, options);
    const urn = stack.urnOf("any-grant");
    const id = options.mode === "update" ? ` (grant ${GRANT_ID})` : "";
    const subject = `ClientGrant "any-grant"${id} of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}; associated by OrganizationClientGrant "any-acme")`;
    const { analyzeStack } = await analyzeAll(stack);
    expect(analyzeStack).toEqual([
      // Judged on its state too: a grant read with ClientGrant.get never reaches Analyze, and the stack phase cannot tell them apart.
      violation(
        noAllowAnyOrganization,
        "mandatory",
        `${subject} has allowAnyOrganization set: client ${CLIENT.backOffice} can use it for any organization of the tenant, not only ${ORG.acme}. ` +
          `Set allowAnyOrganization to false, or add ${CLIENT.backOffice} to exemptClientIds.`,
        urn,
      ),
      violation(
        allowedScopes,
        "mandatory",
        `${subject} is for audience ${AUDIENCE.admin}, which has no entry in allowedScopes (unlistedAudiences is "deny").`,
        urn,
      ),
      violation(
        requiredGrants,
        "mandatory",
        `Cannot verify that client ${CLIENT.billingWorker} holds a grant for audience ${AUDIENCE.billing} in organization ${ORG.acme} (requiredGrants[0]): ` +
          `this stack associates grants with that organization but does not read it, and none of the grants it associates is that one. ` +
          `Read the organization with OrganizationClientGrants.`,
        stack.urnOf("any-acme"),
      ),
    ]);
  });
});

describe("a grant the stack reads with ClientGrant.get (the engine never hands it to Analyze)", () => {
  const LEGACY_ID = "cgr_Legacy00000001";
  const legacyState = {
    clientId: CLIENT.backOffice,
    audience: AUDIENCE.admin,
    scopes: ["delete:everything"],
    allowAnyOrganization: true,
    organizationUsage: "require",
  };

  test.each(MODES)("no-allow-any-organization reports it in AnalyzeStack when the stack associates it with an organization, in %s", async (_mode, options) => {
    await only(noAllowAnyOrganization);
    const stack = await grantsStack(
      {
        existing: [{ name: "legacy-grant", id: LEGACY_ID, state: legacyState }],
        associations: [{ name: "legacy-acme", organizationId: ORG.acme, grant: "legacy-grant" }],
      },
      options,
    );
    expect(stack.analyzed).not.toContain("legacy-grant");
    expect(await analyzeAll(stack)).toEqual({
      analyze: [],
      analyzeStack: [
        violation(
          noAllowAnyOrganization,
          "mandatory",
          `ClientGrant "legacy-grant" (grant ${LEGACY_ID}) of organization ${ORG.acme} (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}; ` +
            `associated by OrganizationClientGrant "legacy-acme") has allowAnyOrganization set: client ${CLIENT.backOffice} can use it for any ` +
            `organization of the tenant, not only ${ORG.acme}. Set allowAnyOrganization to false, or add ${CLIENT.backOffice} to exemptClientIds.`,
          stack.urnOf("legacy-grant"),
        ),
      ],
    });
  });

  test("no-allow-any-organization reports it where a listing of the organization holds it, though the stack also reads it with get", async () => {
    await only(noAllowAnyOrganization);
    const stack = await grantsStack(
      { existing: [{ name: "legacy-grant", id: LEGACY_ID, state: legacyState }], reads: [{ name: "acme-grants", organizationId: ORG.acme }] },
      {
        mode: "update",
        listings: {
          "acme-grants": [
            wireGrant({ id: LEGACY_ID, client_id: CLIENT.backOffice, audience: AUDIENCE.admin, scope: ["delete:everything"], allow_any_organization: true }),
          ],
        },
      },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs)).map((v) => [v.policyName, v.enforcementLevel, v.urn])).toEqual([
      [noAllowAnyOrganization.name, "mandatory", stack.urnOf("legacy-grant")],
    ]);
  });

  test("no-allow-any-organization reports it in a preview where the organization is created in the same deployment", async () => {
    await only(noAllowAnyOrganization);
    const stack = await grantsStack(
      {
        organizations: ["acme"],
        existing: [{ name: "legacy-grant", id: LEGACY_ID, state: legacyState }],
        associations: [{ name: "legacy-acme", organization: "acme", grant: "legacy-grant" }],
      },
      { mode: "preview" },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        noAllowAnyOrganization,
        "mandatory",
        `ClientGrant "legacy-grant" (grant ${LEGACY_ID}) of organization known only after deployment (from OrganizationClientGrant "legacy-acme") ` +
          `(client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}; associated by OrganizationClientGrant "legacy-acme") has allowAnyOrganization set: ` +
          `client ${CLIENT.backOffice} can use it for any organization of the tenant, not only the organizations it is associated with. ` +
          `Set allowAnyOrganization to false, or add ${CLIENT.backOffice} to exemptClientIds.`,
        stack.urnOf("legacy-grant"),
      ),
    ]);
  });

  test("a grant read with get that the stack neither associates nor reads through an organization is not its concern", async () => {
    await only(noAllowAnyOrganization);
    const stack = await grantsStack({ existing: [{ name: "legacy-grant", id: LEGACY_ID, state: legacyState }] }, { mode: "update" });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });
});

/** How a violation names the ClientGrant "wide-grant" that the association "wide-acme" links to Acme. */
const subject = (options: GrantsStackOptions) =>
  `ClientGrant "wide-grant"${options.mode === "update" ? ` (grant ${GRANT_ID})` : ""} of organization ${ORG.acme} ` +
  `(client ${CLIENT.reporting}, audience ${AUDIENCE.reports}; associated by OrganizationClientGrant "wide-acme")`;

describe("declared grants associated with an organization", () => {
  const wide: GrantsScenario = {
    grants: [{ name: "wide-grant", clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["read:reports", "export:reports"], organizationUsage: "allow" }],
    associations: [{ name: "wide-acme", organizationId: ORG.acme, grant: "wide-grant" }],
  };

  test.each(MODES)("allowed-scopes reports scopes outside the allowlist in %s", async (_mode, options) => {
    await only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: ["read:reports"] } });
    const stack = await grantsStack(wide, options);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `${subject(options)} holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports. Allowed: read:reports.`,
        stack.urnOf("wide-grant"),
      ),
    ]);
  });

  test.each(MODES)("allowed-scopes does not let an allowedScopes key that differs only by a trailing slash or case pass the grant as unlisted, in %s", async (_mode, options) => {
    const typo = AUDIENCE.reports.replace(/\/$/, "").replace("reports", "Reports");
    await only(allowedScopes, { allowedScopes: { [typo]: ["read:reports"] } });
    const stack = await grantsStack(wide, options);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `${subject(options)} is for audience ${AUDIENCE.reports}, which has no entry in allowedScopes: the entry "${typo}" differs from it only by ` +
          `case or a trailing slash, and Auth0 compares API identifiers exactly, so it does not apply. Use the exact identifier as the key ` +
          `(or list both if both APIs exist).`,
        stack.urnOf("wide-grant"),
      ),
    ]);
  });

  test.each(MODES)("allowed-organization-usage reports a value outside the allowed ones in %s", async (_mode, options) => {
    await only(allowedOrganizationUsage, { allowed: ["require"] });
    const stack = await grantsStack(wide, options);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(allowedOrganizationUsage, "mandatory", `${subject(options)} has organizationUsage "allow"; allowed: "require".`, stack.urnOf("wide-grant")),
    ]);
  });

  test.each(MODES)("required-grants reports a declared grant that lacks required scopes in %s", async (_mode, options) => {
    await only(requiredGrants, { requiredGrants: [{ clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["delete:reports"] }] });
    const stack = await grantsStack(wide, options);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(requiredGrants, "mandatory", `${subject(options)} lacks scopes that requiredGrants[0] requires: delete:reports.`, stack.urnOf("wide-grant")),
    ]);
  });

  test.each(MODES)("a compliant stack passes every policy, in Analyze and AnalyzeStack, in %s", async (_mode, options) => {
    await packed.pack.configure(SAMPLE_CONFIG);
    const stack = await grantsStack(
      {
        grants: [
          {
            name: "billing-grant",
            clientId: CLIENT.billingWorker,
            audience: AUDIENCE.billing,
            scopes: ["read:invoices", "create:invoices"],
            organizationUsage: "require",
            allowAnyOrganization: false,
          },
        ],
        associations: [{ name: "billing-acme", organizationId: ORG.acme, grant: "billing-grant" }],
      },
      options,
    );
    expect(await analyzeAll(stack)).toEqual({ analyze: [], analyzeStack: [] });
  });

  test.each(MODES)("an association of a grant made elsewhere is not linked to a ClientGrant it merely depends on, in %s", async (_mode, options) => {
    await only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: ["read:reports"] } });
    const stack = await grantsStack(
      { grants: wide.grants, associations: [{ name: "other-acme", organizationId: ORG.acme, grantId: "cgr_Elsewhere0000001", dependsOn: ["wide-grant"] }] },
      options,
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });

  test("a grant whose client is created in the same deployment is judged once its id is known, with a note meanwhile", async () => {
    await only(requiredGrants, { requiredGrants: [{ clientId: CLIENT.reporting, audience: AUDIENCE.reports }] });
    const stack = await grantsStack(
      {
        clients: ["new-app"],
        grants: [{ name: "app-grant", client: "new-app", audience: AUDIENCE.reports, scopes: ["read:reports"] }],
        associations: [{ name: "app-acme", organizationId: ORG.acme, grant: "app-grant" }],
      },
      { mode: "preview" },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      note(
        requiredGrants,
        `ClientGrant "app-grant" of organization ${ORG.acme} (client known only after deployment, audience ${AUDIENCE.reports}; associated by ` +
          `OrganizationClientGrant "app-acme"), judged for requiredGrants[0]: clientId is known only after deployment. This policy checks them when the stack is deployed.`,
        stack.urnOf("app-grant"),
      ),
    ]);
  });
});

describe("declared grants as the provider reads them back (the state AnalyzeStack sees after an update)", () => {
  // terraform-provider-auth0 (which @pulumi/auth0 bridges) flattens a grant with the Go SDK's getters: a field the
  // Management API leaves out becomes its zero value in state, "" for organization_usage and default_for, and
  // client_id "" on a grant made with default_for.
  const readBack = { allowAllScopes: false, allowAnyOrganization: false, subjectType: "client", isSystem: false, authorizationDetailsTypes: [] };

  test("a compliant stack still passes every policy", async () => {
    await packed.pack.configure(SAMPLE_CONFIG);
    const stack = await grantsStack(
      {
        grants: [
          { name: "billing-grant", clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["read:invoices", "create:invoices"], organizationUsage: "require" },
          // Not associated with any organization: none of these policies' concern.
          { name: "third-party-grant", defaultFor: "third_party_clients", audience: AUDIENCE.reports, scopes: ["read:reports"] },
        ],
        associations: [{ name: "billing-acme", organizationId: ORG.acme, grant: "billing-grant" }],
      },
      {
        mode: "update",
        ids: { "billing-grant": GRANT_ID },
        providerState: {
          "billing-grant": { ...readBack, defaultFor: "" },
          "third-party-grant": { ...readBack, clientId: "", organizationUsage: "" },
        },
      },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs)).filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("an organizationUsage read back as \"\" is unset: treatUnsetAs applies, not a malformed grant", async () => {
    const stack = await grantsStack(
      {
        grants: [{ name: "wide-grant", clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["read:reports"] }],
        associations: [{ name: "wide-acme", organizationId: ORG.acme, grant: "wide-grant" }],
      },
      { mode: "update", ids: { "wide-grant": GRANT_ID }, providerState: { "wide-grant": { ...readBack, organizationUsage: "", defaultFor: "" } } },
    );
    await only(allowedOrganizationUsage, { allowed: ["require"], treatUnsetAs: "require" });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
    await only(allowedOrganizationUsage, { allowed: ["require"] });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        allowedOrganizationUsage,
        "mandatory",
        `ClientGrant "wide-grant" (grant ${GRANT_ID}) of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}; ` +
          `associated by OrganizationClientGrant "wide-acme") has no organizationUsage (read as "deny", see treatUnsetAs); allowed: "require".`,
        stack.urnOf("wide-grant"),
      ),
    ]);
  });
});

describe("an association whose grantId is computed from several ClientGrants (pulumi.all, a component's map of ids)", () => {
  const scenario: GrantsScenario = {
    grants: [
      { name: "billing-grant", clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["read:invoices"], organizationUsage: "require" },
      // A tenant-level grant, never associated with an organization: no organizationUsage.
      { name: "internal-grant", clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["export:reports"] },
    ],
    associations: [{ name: "billing-acme", organizationId: ORG.acme, pickFrom: ["billing-grant", "internal-grant"] }],
  };

  test.each(MODES)("does not judge every one of them as associated, in %s", async (_mode, options) => {
    await only(allowedOrganizationUsage, { allowed: ["require"] });
    const stack = await grantsStack(scenario, { ...options, ids: { "billing-grant": GRANT_ID, "internal-grant": "cgr_Internal000001" } });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });

  test.each(MODES)("required-grants with requireVerification does not call it unverifiable while the grant is not known, in %s", async (_mode, options) => {
    await only(requiredGrants, { requiredGrants: [{ clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, scopes: ["read:invoices"] }], requireVerification: true });
    const stack = await grantsStack(scenario, { ...options, ids: { "billing-grant": GRANT_ID, "internal-grant": "cgr_Internal000001" } });
    expect(violations(await packed.pack.analyzeStack(stack.outputs)).filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("a preview notes that which one is known only after deployment", async () => {
    await only(readAfterAssociations);
    const stack = await grantsStack(scenario, { mode: "preview" });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        readAfterAssociations,
        "advisory",
        `OrganizationClientGrant "billing-acme" associates with organization ${ORG.acme} a grant whose id is computed from several ClientGrant ` +
          `resources ("billing-grant", "internal-grant"): which one is known only after deployment, so the grant policies judge it when the stack is deployed.`,
        stack.urnOf("billing-acme"),
      ),
    ]);
  });
});

describe("the judged view of an organization: what the stack reads and what it declares, each grant once", () => {
  const listed: ApiClientGrant[] = [
    wireGrant({ id: GRANT_ID, client_id: CLIENT.reporting, audience: AUDIENCE.reports, scope: ["read:reports"], organization_usage: "require" }),
    wireGrant({ id: "cgr_Other0000000001", client_id: CLIENT.analytics, audience: AUDIENCE.reports, scope: ["read:reports"], organization_usage: "require" }),
  ];
  const scenario: GrantsScenario = {
    grants: [{ name: "wide-grant", clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["read:reports", "export:reports"] }],
    associations: [{ name: "wide-acme", organizationId: ORG.acme, grant: "wide-grant" }],
    reads: [{ name: "acme-grants", organizationId: ORG.acme, dependsOn: ["wide-acme"] }],
  };
  const update: GrantsStackOptions = { mode: "update", ids: { "wide-grant": GRANT_ID }, listings: { "acme-grants": listed } };

  test("a declared grant that the stack also reads is judged once, as declared", async () => {
    await only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: ["read:reports"] } });
    const stack = await grantsStack(scenario, update);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `${subject(update)} holds scopes not allowed for audience ${AUDIENCE.reports}: export:reports. Allowed: read:reports.`,
        stack.urnOf("wide-grant"),
      ),
    ]);
  });

  test("max-grants counts read and declared grants together, without counting a grant twice", async () => {
    await only(maxGrantsPerOrganization, { maxGrants: 2 });
    expect(violations(await packed.pack.analyzeStack((await grantsStack(scenario, update)).outputs))).toEqual([]);
    const more = await grantsStack(
      {
        ...scenario,
        grants: [...scenario.grants!, { name: "admin-grant", clientId: CLIENT.backOffice, audience: AUDIENCE.admin, scopes: ["read:users"] }],
        associations: [...scenario.associations!, { name: "admin-acme", organizationId: ORG.acme, grant: "admin-grant" }],
        reads: [{ name: "acme-grants", organizationId: ORG.acme, dependsOn: ["wide-acme", "admin-acme"] }],
      },
      { ...update, ids: { ...update.ids, "admin-grant": "cgr_Admin000000001" } },
    );
    expect(violations(await packed.pack.analyzeStack(more.outputs))).toEqual([
      violation(
        maxGrantsPerOrganization,
        "advisory",
        `Organization ${ORG.acme} has 3 client grants, more than the 2 allowed by maxGrants: ` +
          `cgr_Other0000000001 (client ${CLIENT.analytics}, audience ${AUDIENCE.reports}), ` +
          `ClientGrant "admin-grant" (client ${CLIENT.backOffice}, audience ${AUDIENCE.admin}), ` +
          `ClientGrant "wide-grant" (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}).`,
        more.urnOf("acme-grants"),
      ),
    ]);
  });
});

describe("every way a grant can hold a scope (allowAllScopes)", () => {
  const requirement = { clientId: CLIENT.reporting, audience: AUDIENCE.reports, scopes: ["read:reports", "export:reports"] };

  test("a read grant with allowAllScopes holds any scope a requirement asks for", async () => {
    await only(requiredGrants, { requiredGrants: [requirement] });
    const stack = await grantsStack(
      { reads: [{ name: "acme-grants", organizationId: ORG.acme }] },
      {
        mode: "update",
        listings: {
          "acme-grants": [wireGrant({ id: "cgr_All00000000001", client_id: CLIENT.reporting, audience: AUDIENCE.reports, scope: [], allow_all_scopes: true })],
        },
      },
    );
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });

  const allScopes: GrantsScenario = {
    grants: [{ name: "all-grant", clientId: CLIENT.reporting, audience: AUDIENCE.reports, allowAllScopes: true, organizationUsage: "require" }],
    associations: [{ name: "all-acme", organizationId: ORG.acme, grant: "all-grant" }],
  };

  test.each(MODES)("a declared grant with allowAllScopes holds any scope a requirement asks for, in %s", async (_mode, options) => {
    await only(requiredGrants, { requiredGrants: [requirement] });
    const stack = await grantsStack(allScopes, { ...options, ids: { "all-grant": "cgr_All00000000001" } });
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
  });

  test.each(MODES)("a declared grant with allowAllScopes is reported where allowedScopes restricts its audience, in %s", async (_mode, options) => {
    await only(allowedScopes, { allowedScopes: { [AUDIENCE.reports]: ["read:reports"] } });
    const stack = await grantsStack(allScopes, { ...options, ids: { "all-grant": "cgr_All00000000001" } });
    const id = options.mode === "update" ? " (grant cgr_All00000000001)" : "";
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        allowedScopes,
        "mandatory",
        `ClientGrant "all-grant"${id} of organization ${ORG.acme} (client ${CLIENT.reporting}, audience ${AUDIENCE.reports}; associated by ` +
          `OrganizationClientGrant "all-acme") has allowAllScopes set, which grants every scope of audience ${AUDIENCE.reports}. Allowed: read:reports.`,
        stack.urnOf("all-grant"),
      ),
    ]);
  });
});

describe("requirements that cannot be checked", () => {
  const pinned = { clientId: CLIENT.billingWorker, audience: AUDIENCE.billing, organizationId: ORG.globex };
  const scenario: GrantsScenario = { reads: [{ name: "acme-grants", organizationId: ORG.acme }] };
  const update: GrantsStackOptions = {
    mode: "update",
    listings: { "acme-grants": [wireGrant({ id: "cgr_B1", client_id: CLIENT.billingWorker, audience: AUDIENCE.billing, scope: [], organization_usage: "require" })] },
  };

  test("with requireVerification, a requirement for an organization the stack neither reads nor declares is reported, naming it", async () => {
    await only(requiredGrants, { requiredGrants: [pinned], requireVerification: true });
    const stack = await grantsStack(scenario, update);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([
      violation(
        requiredGrants,
        "mandatory",
        `Cannot verify requiredGrants[0]: this stack neither reads organization ${ORG.globex} (OrganizationClientGrants) nor associates grants ` +
          `with it (OrganizationClientGrant), so nothing shows whether client ${CLIENT.billingWorker} holds a grant for audience ${AUDIENCE.billing} there. ` +
          `Read the organization with OrganizationClientGrants, or check the organization id.`,
        "",
      ),
    ]);
  });

  test("without requireVerification it passes, and the description says so", async () => {
    await only(requiredGrants, { requiredGrants: [pinned] });
    const stack = await grantsStack(scenario, update);
    expect(violations(await packed.pack.analyzeStack(stack.outputs))).toEqual([]);
    const info = await packed.pack.getAnalyzerInfo();
    expect(info.policies.find((p) => p.name === requiredGrants.name)?.description).toMatch(/neither reads nor declares.*passes/);
  });

  test("an association whose deployed state is malformed is reported at the policy's level, not taken for an organization known only later", async () => {
    // After a deployment nothing is unknown: an association whose organizationId is not a string cannot be judged, and a
    // gate fails closed on it, as on a malformed ClientGrant. It was read as "an organization not known yet", which
    // turned the mandatory requirement below into an advisory note.
    await only(requiredGrants, { requiredGrants: [pinned], requireVerification: true });
    const stack = await grantsStack(
      { associations: [{ name: "odd-association", organizationId: ORG.globex, grantId: "cgr_Q7" }] },
      { mode: "update", providerState: { "odd-association": { organizationId: 42 } } },
    );
    const found = violations(await packed.pack.analyzeStack(stack.outputs));
    expect(found.filter((v) => v.enforcementLevel !== "mandatory")).toEqual([]);
    expect(found).toContainEqual(
      violation(
        requiredGrants,
        "mandatory",
        `Cannot check OrganizationClientGrant "odd-association": its properties do not have the shape @pulumi/auth0 gives an OrganizationClientGrant (organizationId: Invalid input: expected string, received number).`,
        stack.urnOf("odd-association"),
      ),
    );
  });

  test("an organization read in the same preview is not reported as unverifiable: its listing is only not known yet", async () => {
    await only(requiredGrants, { requiredGrants: [{ ...pinned, organizationId: ORG.acme }], requireVerification: true });
    const stack = await grantsStack(scenario, { mode: "preview" });
    expect(violations(await packed.pack.analyzeStack(stack.outputs)).filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });
});
