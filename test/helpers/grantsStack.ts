// Stacks that declare Auth0 grants with the real @pulumi/auth0 resources, for the policy tests: the scenario runs as
// a Pulumi program under the SDK's mocks (grantsStackProgram.js), every registration is recorded as the engine
// receives it, and the result is handed to the analyzer as the engine would: each resource's inputs to `Analyze`,
// every resource's outputs with its dependencies to `AnalyzeStack`.
import { join } from "node:path";
import type { ApiClientGrant } from "../../provider/core/schemas";
import type { ResourceUnderTest } from "./analyzer";
import { distFile } from "./dist";
import { clientGrantsOutputs } from "./policyFixtures";
import { captureStack, type Registration } from "./programRunner";

const PROGRAM = join(__dirname, "grantsStackProgram.js");
const PROJECT = "auth0-grants";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface GrantsScenario {
  /** auth0.Client resources: a grant's `client` names one, so its clientId is known only once it is created. */
  readonly clients?: readonly string[];
  /** auth0.Organization resources, named by an association's or a read's `organization`. */
  readonly organizations?: readonly string[];
  /** Grants made elsewhere, read with auth0.ClientGrant.get(name, id): `state` is what the provider reads. */
  readonly existing?: readonly { name: string; id: string; state: Record<string, Json> }[];
  /** auth0.ClientGrant resources: `client` or `clientId`, and any ClientGrantArgs. */
  readonly grants?: readonly ({ name: string; client?: string; audience: string } & Record<string, Json | undefined>)[];
  /** auth0.OrganizationClientGrant resources: `grant` (a grant's name, linked by its id Output) or `grantId`. */
  readonly associations?: readonly {
    name: string;
    organizationId?: string;
    organization?: string;
    grant?: string;
    grantId?: string;
    /** The grantId is the first of these grants' ids, computed from all of them (`pulumi.all(...).apply`). */
    pickFrom?: readonly string[];
    dependsOn?: readonly string[];
  }[];
  /** OrganizationClientGrants resources; in an update they read `listings[name]`. */
  readonly reads?: readonly {
    name: string;
    organizationId?: string;
    organization?: string;
    audience?: string;
    clientId?: string;
    grantIds?: readonly string[];
    /** True unless given: the policies ask for the grants that apply to every organization. */
    includeAnyOrganization?: boolean;
    dependsOn?: readonly string[];
  }[];
}

export interface GrantsStackOptions {
  readonly mode: "preview" | "update";
  /** The id each resource gets when created (an update), by resource name. */
  readonly ids?: Record<string, string>;
  /** In an update, what the provider reads back beyond the inputs, by resource name (its outputs are inputs + this + id). */
  readonly providerState?: Record<string, Record<string, Json>>;
  /** What each OrganizationClientGrants reads in an update, by resource name: grants as the Management API answers. */
  readonly listings?: Record<string, readonly ApiClientGrant[]>;
}

export interface GrantsStack {
  readonly registrations: readonly Registration[];
  /** The resource as `Analyze` receives it: its inputs. */
  inputsOf(name: string): ResourceUnderTest;
  /** The names of the resources the engine hands to `Analyze`, in order: every registration but reads (`get`). */
  readonly analyzed: readonly string[];
  /** Every resource as `AnalyzeStack` receives it: outputs, parent, dependencies and property dependencies. */
  readonly outputs: ResourceUnderTest[];
  urnOf(name: string): string;
}

/** Runs the scenario as a program under mocks, in a preview or an update. */
export async function grantsStack(scenario: GrantsScenario, options: GrantsStackOptions): Promise<GrantsStack> {
  distFile("provider/index.js");
  const run = await captureStack({
    program: PROGRAM,
    mode: options.mode,
    project: PROJECT,
    config: { [`${PROJECT}:scenario`]: JSON.stringify({ ...scenario, reads: scenario.reads?.map((read) => ({ includeAnyOrganization: true, ...read })) }) },
    ids: options.ids,
    providerState: options.providerState,
    onNewResource: async ({ name, inputs }) => {
      const grants = options.listings?.[name];
      if (!grants) throw new Error(`the test gives no listing for OrganizationClientGrants "${name}"`);
      const { __provider, organizationId, audience, clientId, grantIds, includeAnyOrganization } = inputs as Record<string, never>;
      const filters = Object.fromEntries(Object.entries({ organizationId, audience, clientId, grantIds, includeAnyOrganization }).filter(([, v]) => v !== undefined));
      return { id: `${name}-id`, state: { ...clientGrantsOutputs(filters as never, grants), __provider } };
    },
  });
  const all = run.result.registrations;
  const registrations = all.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const find = (name: string) => {
    const found = registrations.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name} was registered (got ${registrations.map((r) => r.name).join(", ")})`);
    return found;
  };
  const base = (r: Registration) => ({ type: r.type, name: r.name, urn: r.urn, ...(r.parent ? { parent: r.parent } : {}) });
  return {
    registrations,
    inputsOf: (name) => ({ ...base(find(name)), properties: find(name).inputs }),
    analyzed: registrations.filter((r) => !r.read).map((r) => r.name),
    outputs: all.map((r) => ({
      ...base(r),
      properties: r.outputs,
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
    })),
    urnOf: (name) => find(name).urn,
  };
}
