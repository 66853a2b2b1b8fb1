// The filters of a listing as Pulumi Inputs, for the surfaces that take Inputs: the function's Output form and the
// dynamic resource. Written once here, with the docs an IDE shows; the check below fails the build if a filter is added
// to (or removed from) the zod schema without being added here.
import type * as pulumi from "@pulumi/pulumi";
import type { Filters } from "../core/schemas";

export interface FilterInputs {
  /** The organization, `org_...`. */
  organizationId: pulumi.Input<string>;
  /** Only the grants for this API audience (exact match). */
  audience?: pulumi.Input<string | undefined>;
  /** Only the grants of this application (exact match). */
  clientId?: pulumi.Input<string | undefined>;
  /** Only these grants; at least one id when given. Any number: they are requested ten at a time. */
  grantIds?: pulumi.Input<pulumi.Input<string>[] | undefined>;
  /**
   * Also read the tenant's grants with allowAnyOrganization, which apply to every organization without an
   * association (unless their organizationUsage is deny); false by default. Needs read:client_grants besides
   * read:organization_client_grants. Each such grant says `grantedVia: "anyOrganization"`.
   */
  includeAnyOrganization?: pulumi.Input<boolean | undefined>;
}

/** Compiles only while FilterInputs names exactly the filters of the zod schema. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const _filterInputsMatchTheSchema: SameKeys<FilterInputs, Filters> = true;
