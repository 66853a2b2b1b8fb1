// The caller's arguments, checked against the schemas before anything is sent: the filters, the tuning knobs and an
// explicit connection. Every surface parses with these, so an argument is refused in the same words everywhere, with
// the path the caller wrote (`grantIds[3]`, `options.concurrency`, `connection.domain`).
import { ValidationError } from "./errors";
import { connectionSchema, filtersSchema, tuningSchema, type Connection, type Filters, type Tuning } from "./schemas";
import { toValidationIssues } from "./validationIssues";

const unknownArguments = (keys: readonly string[]) => `unknown argument(s) ${keys.join(", ")}`;

/** Validates the filters, naming each argument that breaks a rule. */
export function parseFilters(args: unknown): Filters {
  const parsed = filtersSchema.safeParse(args);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error.issues, { whole: "(arguments)", unknownKeys: unknownArguments }));
  return parsed.data;
}

/** Validates the tuning knobs and fills their defaults; errors name `options.<knob>`. */
export function parseTuning(value: unknown): Tuning {
  const parsed = tuningSchema.safeParse(value ?? {});
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error.issues, { prefix: "options", unknownKeys: unknownArguments }));
  return parsed.data;
}

/** Validates an explicit `connection` argument; errors name `connection.<field>`. */
export function parseConnection(value: unknown): Connection | undefined {
  if (value === undefined) return undefined;
  const parsed = connectionSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error.issues, { prefix: "connection" }));
  return parsed.data;
}
