// The one failure the policy module raises itself: a policy configuration that its schema refuses. It follows the
// package's error conventions (provider/core/errors.ts): a class with a stable `code` and a message that says what to fix.
import { Auth0GrantsError, type ValidationIssue } from "../core/errors";
import { issueText } from "./paths";

/**
 * A policy's configuration broke its schema. Thrown from the policy's validation, so the analyzer answers the engine
 * with an error naming the policy and every offending setting, and the preview or update stops instead of judging
 * grants against rules nobody meant.
 */
export class PolicyConfigurationError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_POLICY_CONFIGURATION";
  constructor(
    readonly policyName: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(
      `Invalid configuration for policy "${policyName}": ${issues.map(issueText).join("; ")}. ` +
        `Fix it in the policy pack configuration (--policy-pack-config, or the policy group in Pulumi Cloud).`,
    );
  }
}
