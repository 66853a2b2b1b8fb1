// Zod issues as `ValidationIssue`s, with paths as the user writes them in JSON or TypeScript: `grantIds[3]`,
// `connection.domain`, `requiredGrants[0].clientId`, `allowedScopes["https://api.example.com/"]`. The one mapper
// every surface uses: the function's arguments, the resource's inputs, the plugin's, the policies' configuration.
import type { z } from "zod";
import type { ValidationIssue } from "./errors";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path` after `prefix` (say "options"), dotted where a key is an identifier, bracketed otherwise. */
export function formatPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

export interface IssueWording {
  /** Put before every path: "options" makes `concurrency` read `options.concurrency`. */
  readonly prefix?: string;
  /** The path of an issue about the object itself (an unknown key, a missing object); default: empty. */
  readonly whole?: string;
  /** How an unknown key is reported; default: zod's own message. */
  readonly unknownKeys?: (keys: readonly string[]) => string;
}

type ZodIssue = z.core.$ZodIssue;

export function toValidationIssues(issues: readonly ZodIssue[], wording: IssueWording = {}): ValidationIssue[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path, wording.prefix) || (wording.whole ?? ""),
    message: issue.code === "unrecognized_keys" && wording.unknownKeys ? wording.unknownKeys(issue.keys) : issue.message,
  }));
}
