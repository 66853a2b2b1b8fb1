// The glue between @pulumi/policy and the readings: validation functions that see only OrganizationClientGrants
// resources, typed and parsed, and that turn unknown or malformed properties into clear violations.
import type {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { z } from "zod";
import type { ValidationIssue } from "../core/errors";
import type { Filters } from "../core/schemas";
import { definePolicyConfig } from "./policyConfig";
import { CLIENT_GRANT_TYPE, isClientGrant, readDeclarations, readDeclaredGrant, type DeclaredGrant } from "./declared";
import type { ClientGrantsListing } from "./listing";
import { declaredGrantLabel, resourceLabel } from "./messages";
import { issueText } from "./paths";
import {
  ORGANIZATION_CLIENT_GRANTS_TYPE,
  isOrganizationClientGrants,
  readClientGrants,
  readClientGrantsInputs,
  type MalformedReading,
  type UnknownReading,
} from "./readings";
import { buildView, type GrantsView, type PendingReads } from "./view";

const NOT_THIS_TYPE = `Policy only applies to resources of type '${ORGANIZATION_CLIENT_GRANTS_TYPE}'`;

export type ClientGrantsStackValidation = (
  listings: readonly ClientGrantsListing[],
  args: StackValidationArgs,
  reportViolation: ReportViolation,
) => void | Promise<void>;

export type ClientGrantsResourceValidation = (
  inputs: Filters,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void | Promise<void>;

/**
 * A `validateStack` that calls `validate` with every `OrganizationClientGrants` of the stack whose outputs are known
 * and well-formed (skipped when there is none). The others are reported, not passed on:
 * - outputs not known yet (a preview of a new resource, or values computed during the deployment): an advisory
 *   violation whatever the policy's enforcement level, so a preview of a new stack is not blocked by grants that do
 *   not exist yet. The same policy judges the grants after the deployment, when the engine runs it again.
 * - outputs that break the schema: a violation at the policy's enforcement level. A gate fails closed.
 */
export function validateOrganizationClientGrantsStack(validate: ClientGrantsStackValidation): StackValidation {
  return forType(async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const { listings } = readListings(args.resources, reportViolation);
    if (listings.length > 0) await validate(listings, args, reportViolation);
  });
}

/**
 * A `validateStack` over everything the grant rules judge (see {@link GrantsView}): the grants the stack reads and
 * those it declares and associates with an organization. Listings that cannot be judged are reported as for
 * {@link validateOrganizationClientGrantsStack}, and so are declared ClientGrants whose properties are malformed.
 * It runs on every stack, whatever resources it holds: a requirement may have to be reported where nothing is read.
 */
export function validateGrantsView(
  validate: (view: GrantsView, args: StackValidationArgs, reportViolation: ReportViolation) => void | Promise<void>,
  options: { readonly judgesGrants?: boolean } = {},
): StackValidation {
  // A rule about how the stack reads (not about the grants) has nothing to say about listings it cannot judge.
  const judgesGrants = options.judgesGrants ?? true;
  return async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const { listings, pending } = readListings(args.resources, judgesGrants ? reportViolation : () => undefined);
    const declarations = readDeclarations(args.resources);
    if (judgesGrants) {
      for (const { resource, issues } of declarations.malformed) reportViolation(declaredMalformed(resource, issues), resource.urn);
    }
    await validate(buildView(listings, declarations, pending), args, reportViolation);
  };
}

/**
 * A `validateResource` that calls `validate` with the parsed inputs of an `OrganizationClientGrants` and marks other
 * resource types as not applicable. Inputs not known yet and malformed inputs are reported as for stack validation.
 */
export function validateOrganizationClientGrantsResource(validate: ClientGrantsResourceValidation): ResourceValidation {
  return forType(async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isOrganizationClientGrants(args)) args.notApplicable(NOT_THIS_TYPE);
    const reading = readClientGrantsInputs(args.props);
    if (reading.state === "unknown") reportAdvisory(reportViolation, inputsNotKnown(args.name, reading), args.urn);
    else if (reading.state === "malformed") reportViolation(inputsMalformed(args.name, reading), args.urn);
    else await validate(reading.inputs, args, reportViolation);
  });
}

/** What a grant rule declares: its metadata, its configuration schema and its check over the stack's listings. */
export interface ClientGrantsStackPolicyArgs<S extends z.ZodObject> extends Omit<Policy, "configSchema"> {
  readonly enforcementLevel: EnforcementLevel;
  /** The configuration's zod schema; its JSON Schema form becomes the policy's `configSchema`. */
  readonly config: S;
  validate(
    listings: readonly ClientGrantsListing[],
    config: z.output<S>,
    args: StackValidationArgs,
    reportViolation: ReportViolation,
  ): void | Promise<void>;
}

/** What a grant rule over the read and declared grants declares: as above, with the whole {@link GrantsView}. */
export interface GrantsStackPolicyArgs<S extends z.ZodObject> extends Omit<Policy, "configSchema"> {
  readonly enforcementLevel: EnforcementLevel;
  readonly config: S;
  /** False for a rule about how the stack reads grants rather than about the grants: it gets no note for listings not known yet. */
  readonly judgesGrants?: boolean;
  validate(view: GrantsView, config: z.output<S>, args: StackValidationArgs, reportViolation: ReportViolation): void | Promise<void>;
}

export interface ClientGrantsResourcePolicyArgs<S extends z.ZodObject> extends Omit<Policy, "configSchema"> {
  readonly enforcementLevel: EnforcementLevel;
  readonly config: S;
  validate(inputs: Filters, config: z.output<S>, args: ResourceValidationArgs, reportViolation: ReportViolation): void | Promise<void>;
}

/**
 * A `StackValidationPolicy` over the stack's `OrganizationClientGrants` listings only (skipped where the stack has
 * none). The configuration is parsed first, on every run, so a bad one is refused even while every resource is
 * still unknown. The shipped grant rules use {@link grantsStackPolicy}, which also sees the grants a stack declares.
 */
export function clientGrantsStackPolicy<S extends z.ZodObject>(
  args: ClientGrantsStackPolicyArgs<S>,
): StackValidationPolicy & { readonly enforcementLevel: EnforcementLevel } {
  const { config: schema, validate, ...metadata } = args;
  const config = definePolicyConfig(args.name, schema);
  return {
    ...metadata,
    configSchema: config.configSchema,
    validateStack: forType((stack: StackValidationArgs, reportViolation: ReportViolation) => {
      const settings = config.read(stack);
      const check = validateOrganizationClientGrantsStack((listings, a, report) => validate(listings, settings, a, report));
      return check(stack, reportViolation);
    }),
  };
}

/**
 * A `StackValidationPolicy` over the grants the stack reads and declares ({@link GrantsView}). It runs on every
 * stack, whatever resources it holds. The configuration is parsed first, on every run.
 */
export function grantsStackPolicy<S extends z.ZodObject>(
  args: GrantsStackPolicyArgs<S>,
): StackValidationPolicy & { readonly enforcementLevel: EnforcementLevel } {
  const { config: schema, validate, judgesGrants, ...metadata } = args;
  const config = definePolicyConfig(args.name, schema);
  return {
    ...metadata,
    configSchema: config.configSchema,
    validateStack: (stack: StackValidationArgs, reportViolation: ReportViolation) => {
      const settings = config.read(stack);
      const check = validateGrantsView((view, a, report) => validate(view, settings, a, report), { judgesGrants });
      return check(stack, reportViolation);
    },
  };
}

/** A `ResourceValidationPolicy` over the inputs of each `OrganizationClientGrants`. */
export function clientGrantsResourcePolicy<S extends z.ZodObject>(
  args: ClientGrantsResourcePolicyArgs<S>,
): ResourceValidationPolicy & { readonly enforcementLevel: EnforcementLevel } {
  const { config: schema, validate, ...metadata } = args;
  const config = definePolicyConfig(args.name, schema);
  return {
    ...metadata,
    configSchema: config.configSchema,
    validateResource: forType((resource: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!isOrganizationClientGrants(resource)) resource.notApplicable(NOT_THIS_TYPE);
      // Refuse a bad configuration before anything else, as the stack policies do.
      const settings = config.read(resource);
      const check = validateOrganizationClientGrantsResource((inputs, r, report) => validate(inputs, settings, r, report));
      return check(resource, reportViolation);
    }),
  };
}

/**
 * A `validateResource` over the inputs of each @pulumi/auth0 `ClientGrant` (other types are not applicable), with
 * the configuration parsed first. Malformed inputs are a violation at the policy's level.
 */
export function validateDeclaredGrantResource<S extends z.ZodObject>(
  policyName: string,
  schema: S,
  validate: (grant: DeclaredGrant, config: z.output<S>, args: ResourceValidationArgs, reportViolation: ReportViolation) => void | Promise<void>,
): ResourceValidation {
  const config = definePolicyConfig(policyName, schema);
  return forType(async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isClientGrant(args)) args.notApplicable(`Policy only applies to resources of type '${CLIENT_GRANT_TYPE}'`);
    const settings = config.read(args);
    const reading = readDeclaredGrant(args);
    if (reading.state === "malformed") reportViolation(declaredMalformed(args, reading.issues), args.urn);
    else await validate(reading.grant, settings, args, reportViolation);
  }, CLIENT_GRANT_TYPE);
}

// ---------------------------------------------------------------------------------------------------------------

/** Tags a validation with a type token, so the analyzer skips it (as not applicable) where no such resource is. */
function forType<F extends (...args: never[]) => unknown>(fn: F, type: string = ORGANIZATION_CLIENT_GRANTS_TYPE): F {
  return Object.assign(fn, { __pulumiType: type });
}

function readListings(resources: readonly PolicyResource[], reportViolation: ReportViolation): { listings: ClientGrantsListing[]; pending: PendingReads } {
  const listings: ClientGrantsListing[] = [];
  const organizationIds = new Set<string>();
  let unknownOrganization = false;
  for (const resource of resources) {
    if (!isOrganizationClientGrants(resource)) continue;
    const reading = readClientGrants(resource.props);
    if (reading.state === "known") {
      listings.push({ urn: resource.urn, name: resource.name, result: reading.result });
      continue;
    }
    if (reading.organizationId !== undefined) organizationIds.add(reading.organizationId);
    else unknownOrganization = true;
    if (reading.state === "unknown") reportAdvisory(reportViolation, outputsNotKnown(resource.name, reading), resource.urn);
    else reportViolation(outputsMalformed(resource.name, reading), resource.urn);
  }
  return { listings, pending: { organizationIds, unknownOrganization } };
}

/**
 * Reports at the advisory level whatever the policy's level. @pulumi/policy 1.21 accepts a violation object with its
 * own `enforcementLevel` (pulumi/pulumi-policy#424), kept out of its typings for now; the analyzer tests pin the
 * behaviour. Unlike a string violation, the message is the note alone: the policy's description is not put before it.
 */
export function reportAdvisory(reportViolation: ReportViolation, message: string, urn: string): void {
  const report = reportViolation as unknown as (violation: { message: string; urn: string; enforcementLevel: EnforcementLevel }) => void;
  report({ message, urn, enforcementLevel: "advisory" });
}

/** ` for organization org_1`, or nothing when the organization id is itself unknown or unreadable. */
function forOrganization(reading: UnknownReading | MalformedReading): string {
  return reading.organizationId === undefined ? "" : ` for organization ${reading.organizationId}`;
}

const LATER = "This policy checks them when the stack is deployed.";

function outputsNotKnown(name: string, reading: UnknownReading): string {
  if (reading.reason === "not-read") {
    return `${resourceLabel(name)}${forOrganization(reading)} has no client grants to check in this preview (a preview does not create or update it). ${LATER}`;
  }
  return (
    `The client grants read by ${resourceLabel(name)}${forOrganization(reading)} depend on values known only after ` +
    `deployment (${reading.unknown.join(", ")}). ${LATER}`
  );
}

function inputsNotKnown(name: string, reading: UnknownReading): string {
  return `The inputs of ${resourceLabel(name)}${forOrganization(reading)} are known only after deployment (${reading.unknown.join(", ")}). ${LATER}`;
}

function issuesText(reading: MalformedReading): string {
  return reading.issues.map(issueText).join("; ");
}

function outputsMalformed(name: string, reading: MalformedReading): string {
  return (
    `Cannot check the client grants of ${resourceLabel(name)}${forOrganization(reading)}: its outputs do not have the ` +
    `shape this package writes (${issuesText(reading)}). Check that the stack and the policy pack use compatible ` +
    `versions of pulumi-auth0-org-grants.`
  );
}

function inputsMalformed(name: string, reading: MalformedReading): string {
  return `Cannot check ${resourceLabel(name)}${forOrganization(reading)}: its inputs do not have the shape this package expects (${issuesText(reading)}).`;
}

/** The violation for a declared ClientGrant or OrganizationClientGrant whose properties cannot be read. */
function declaredMalformed(resource: { readonly type: string; readonly name: string }, issues: readonly ValidationIssue[]): string {
  const what = isClientGrant(resource)
    ? { label: declaredGrantLabel(resource.name), shape: "a ClientGrant" }
    : { label: `OrganizationClientGrant "${resource.name}"`, shape: "an OrganizationClientGrant" };
  return `Cannot check ${what.label}: its properties do not have the shape @pulumi/auth0 gives ${what.shape} (${issues.map(issueText).join("; ")}).`;
}

/** The note for a declared grant whose `fields` are not known yet: judged once the stack is deployed. */
export function declaredNotKnown(subject: string, fields: readonly string[]): string {
  return `${subject}: ${fields.join(", ")} ${fields.length === 1 ? "is" : "are"} known only after deployment. ${LATER}`;
}
