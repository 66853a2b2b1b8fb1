// A policy's configuration has one source of truth, a zod schema. From it come the JSON Schema the Pulumi engine
// checks `--policy-pack-config` against (and takes defaults from), the TypeScript type, and the check the policy
// itself runs before judging anything, which also catches what the engine's check cannot see.
import type { PolicyConfigSchema } from "@pulumi/policy";
import { z } from "zod";
import { PolicyConfigurationError } from "./policyErrors";
import { toValidationIssues } from "../core/validationIssues";

/** Anything whose `getConfig()` returns a policy's configured properties: resource and stack validation arguments. */
export interface ConfigSource {
  getConfig<T extends object>(): T;
}

export interface PolicyConfig<S extends z.ZodObject> {
  /** The zod schema: strict, every property defaulted unless the policy cannot work without it. */
  readonly schema: S;
  /** The JSON Schema form that `@pulumi/policy` advertises to the engine (`GetAnalyzerInfo`). */
  readonly configSchema: PolicyConfigSchema;
  /** Parses the configured properties, filling defaults; throws {@link PolicyConfigurationError} when they break the schema. */
  read(source: ConfigSource): z.output<S>;
}

/**
 * Binds a policy's name to its configuration schema.
 *
 * The engine validates a configuration against `configSchema` before it starts the pack, but it builds the object
 * schema itself from `properties` and `required` only, so it never sees `additionalProperties: false` at the top
 * level: a misspelt setting reaches the pack. `read` parses with the strict zod schema and refuses it.
 */
export function definePolicyConfig<S extends z.ZodObject>(policyName: string, schema: S): PolicyConfig<S> {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-7" }) as {
    properties?: PolicyConfigSchema["properties"];
    required?: string[];
  };
  const configSchema: PolicyConfigSchema = { properties: json.properties ?? {} };
  if (json.required && json.required.length > 0) configSchema.required = json.required;
  return {
    schema,
    configSchema,
    read(source) {
      const parsed = schema.safeParse(source.getConfig());
      if (!parsed.success) throw new PolicyConfigurationError(policyName, toValidationIssues(parsed.error.issues));
      return parsed.data;
    },
  };
}
