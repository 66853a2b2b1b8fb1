// How a policy names a broken property in its messages: `path: message`, with paths as the user writes them in JSON
// or TypeScript (core/validationIssues.ts, the one mapper from zod issues).
import type { ValidationIssue } from "../core/errors";

/** `path: message`, or the message alone for the object itself (an unrecognized key, say). */
export function issueText(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
