// Grants a stack declares itself with @pulumi/auth0: `ClientGrant` resources, and the `OrganizationClientGrant`
// resources that associate them with an organization. Their properties are read as the analyzer hands them over
// (inputs in a preview, outputs after a deployment), with every value that is not known yet set aside and named,
// never guessed. The property names and type tokens are those of @pulumi/auth0 3.x (clientGrant.d.ts,
// organizationClientGrant.d.ts); the policy module does not load that package, a test pins the tokens against it.
import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import type { ValidationIssue } from "../core/errors";
import { organizationUsageSchema, type OrganizationUsage } from "../core/schemas";
import { toValidationIssues } from "../core/validationIssues";
import { snapshot } from "./readings";

export const CLIENT_GRANT_TYPE = "auth0:index/clientGrant:ClientGrant";
export const ORGANIZATION_CLIENT_GRANT_TYPE = "auth0:index/organizationClientGrant:OrganizationClientGrant";

/** The ClientGrant properties the policies read. `id` is among the outputs of a created grant (bridged providers keep it there). */
const declaredClientGrantSchema = z.looseObject({
  id: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  defaultFor: z.string().min(1).optional(),
  audience: z.string().min(1).optional(),
  scopes: z.array(z.string()).optional(),
  allowAllScopes: z.boolean().optional(),
  allowAnyOrganization: z.boolean().optional(),
  organizationUsage: organizationUsageSchema.optional(),
});

const associationSchema = z.looseObject({
  organizationId: z.string().min(1).optional(),
  grantId: z.string().min(1).optional(),
});

/** A field of a declared grant: its value once known. */
export type DeclaredField = "id" | "clientId" | "defaultFor" | "audience" | "scopes" | "allowAllScopes" | "allowAnyOrganization" | "organizationUsage";

/** A `ClientGrant` of the stack. A field is absent when unset; it is in `unknown` when set to a value not known yet. */
export interface DeclaredGrant {
  readonly urn: string;
  readonly name: string;
  readonly id?: string;
  readonly clientId?: string;
  readonly defaultFor?: string;
  readonly audience?: string;
  readonly scopes?: readonly string[];
  readonly allowAllScopes?: boolean;
  readonly allowAnyOrganization?: boolean;
  readonly organizationUsage?: OrganizationUsage;
  readonly unknown: ReadonlySet<string>;
}

/** An `OrganizationClientGrant` of the stack, and the declared grants it was linked to. */
export interface DeclaredAssociation {
  readonly urn: string;
  readonly name: string;
  /** Unset while not known (an organization created in the same deployment, in a preview). */
  readonly organizationId?: string;
  readonly grantId?: string;
  /** The stack's resource that `organizationId` comes from, when it comes from one (an auth0.Organization, say). */
  readonly organizationSource?: string;
  /**
   * While `grantId` is not known: the names of the ClientGrants it is computed from, when there are several
   * (`pulumi.all`, a component's map of ids). Which one it is becomes known only after deployment; none is linked.
   */
  readonly candidates?: readonly string[];
}

export type DeclaredGrantReading = { readonly state: "known"; readonly grant: DeclaredGrant } | { readonly state: "malformed"; readonly issues: readonly ValidationIssue[] };

export function isClientGrant(resource: { readonly type: string }): boolean {
  return resource.type === CLIENT_GRANT_TYPE;
}

export function isOrganizationClientGrant(resource: { readonly type: string }): boolean {
  return resource.type === ORGANIZATION_CLIENT_GRANT_TYPE;
}

/** Top-level property names of unknown paths: `scopes[1]` is an unknown `scopes`. */
function topLevel(paths: readonly string[]): Set<string> {
  return new Set(paths.map((path) => path.split(/[.[]/, 1)[0]!));
}

// terraform-provider-auth0, which @pulumi/auth0 bridges, writes a grant's state with the Go SDK's getters: a field the
// Management API leaves out becomes its zero value, so a created or read grant's outputs hold organizationUsage "" (no
// organization_usage: Auth0's deny), defaultFor "" (an ordinary grant) or clientId "" (a defaultFor grant). They mean
// unset, as a null does, and are read so; refusing them would fail every grant policy on every deployed ClientGrant.
const UNSET_WHEN_EMPTY = new Set(["clientId", "defaultFor", "organizationUsage"]);

function withoutUnset(value: Record<string, unknown>, emptyMeansUnset: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => v !== null && !(v === "" && emptyMeansUnset.has(key))));
}

/** Reads a ClientGrant's properties (`props` of `validateResource` or of a `validateStack` resource). */
export function readDeclaredGrant(resource: { urn: string; name: string; props: Record<string, unknown> }): DeclaredGrantReading {
  const { value, unknown } = snapshot(resource.props);
  const parsed = declaredClientGrantSchema.safeParse(withoutUnset(value, UNSET_WHEN_EMPTY));
  if (!parsed.success) return { state: "malformed", issues: toValidationIssues(parsed.error.issues) };
  const { id, clientId, defaultFor, audience, scopes, allowAllScopes, allowAnyOrganization, organizationUsage } = parsed.data;
  const grant: DeclaredGrant = {
    urn: resource.urn,
    name: resource.name,
    ...defined({ id, clientId, defaultFor, audience, scopes, allowAllScopes, allowAnyOrganization, organizationUsage }),
    unknown: topLevel(unknown),
  };
  return { state: "known", grant };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The declared grants and associations of a stack, each association linked to the declared grants it associates:
 * by grant id when the association's grantId is known, and otherwise by the association's dependencies (a grant and
 * its association created in the same `pulumi up` have no id yet in a preview): the ClientGrant that `grantId` was
 * computed from (its property dependencies) when it is computed from one only, else the one ClientGrant it depends on.
 */
export interface Declarations {
  readonly grants: readonly DeclaredGrant[];
  /** ClientGrants and OrganizationClientGrants whose properties are not of the shape @pulumi/auth0 gives them. */
  readonly malformed: readonly { readonly resource: PolicyResource; readonly issues: readonly ValidationIssue[] }[];
  readonly associations: readonly { readonly association: DeclaredAssociation; readonly grants: readonly DeclaredGrant[] }[];
}

export function readDeclarations(resources: readonly PolicyResource[]): Declarations {
  const grants: DeclaredGrant[] = [];
  const malformed: { resource: PolicyResource; issues: readonly ValidationIssue[] }[] = [];
  const byUrn = new Map<string, DeclaredGrant>();
  for (const resource of resources) {
    if (!isClientGrant(resource)) continue;
    const reading = readDeclaredGrant(resource);
    if (reading.state === "malformed") {
      malformed.push({ resource, issues: reading.issues });
      continue;
    }
    grants.push(reading.grant);
    byUrn.set(reading.grant.urn, reading.grant);
  }
  const associations: { association: DeclaredAssociation; grants: DeclaredGrant[] }[] = [];
  for (const resource of resources) {
    if (!isOrganizationClientGrant(resource)) continue;
    const read = readAssociation(resource);
    // Not "an organization not known yet": that reading turns a mandatory rule into a note for a later run that,
    // after a deployment, never comes. A gate fails closed on it, as on a malformed ClientGrant.
    if ("issues" in read) {
      malformed.push({ resource, issues: read.issues });
      continue;
    }
    const { linked, candidates } = linkedGrants(resource, read, grants, byUrn);
    const association: DeclaredAssociation = candidates.length > 1 ? { ...read, candidates: candidates.map((g) => g.name).sort() } : read;
    associations.push({ association, grants: linked });
  }
  return { grants, malformed, associations };
}

/** An association as declared; a value not known yet is left unset, a value of the wrong shape is malformed. */
function readAssociation(resource: PolicyResource): DeclaredAssociation | { readonly issues: readonly ValidationIssue[] } {
  const { value } = snapshot(resource.props);
  const parsed = associationSchema.safeParse(withoutUnset(value, new Set()));
  if (!parsed.success) return { issues: toValidationIssues(parsed.error.issues) };
  const data = parsed.data;
  const source = (resource.propertyDependencies?.organizationId ?? []).map((r) => r.urn);
  return {
    urn: resource.urn,
    name: resource.name,
    ...defined({ organizationId: data.organizationId, grantId: data.grantId }),
    ...(source.length === 1 ? { organizationSource: source[0] } : {}),
  };
}

function linkedGrants(
  resource: PolicyResource,
  association: DeclaredAssociation,
  grants: readonly DeclaredGrant[],
  byUrn: ReadonlyMap<string, DeclaredGrant>,
): { linked: DeclaredGrant[]; candidates: DeclaredGrant[] } {
  const grantId = association.grantId;
  // A known grant id names the grant: a declared one that carries it (a created grant's outputs hold its id), or a
  // grant made elsewhere (judged through what the stack reads). Dependencies then say nothing: an association may
  // depend on a ClientGrant for other reasons, and a grant still to be created cannot have that id yet.
  if (grantId !== undefined) return { linked: grants.filter((grant) => grant.id === grantId), candidates: [] };
  // A grantId computed from several ClientGrants is one of them, not all: judging each as associated would report
  // grants the organization never gets. None is linked until the id is known (the update's run judges it).
  const fromProperty = unique((resource.propertyDependencies?.grantId ?? []).map((r) => byUrn.get(r.urn)).filter((g) => g !== undefined));
  if (fromProperty.length === 1) return { linked: fromProperty, candidates: [] };
  if (fromProperty.length > 1) return { linked: [], candidates: fromProperty };
  const fromDependencies = unique((resource.dependencies ?? []).map((r) => byUrn.get(r.urn)).filter((g) => g !== undefined));
  return { linked: fromDependencies.length === 1 ? fromDependencies : [], candidates: [] };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
