// Every failure this package raises is one of these classes, each with a stable `code` (as undici's core/errors
// does), a message that names what was wrong and how to fix it, and no credential in any of its text.
import { redact } from "./secrets";

export abstract class Auth0GrantsError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  /** The argument, as the caller named it: `organizationId`, `grantIds[3]`, `connection.domain`, `options.concurrency`. */
  readonly path: string;
  readonly message: string;
}

/** An argument broke a rule. Raised before any request is sent. */
export class ValidationError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_VALIDATION";
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`Invalid arguments: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  }
}

/** The domain or the credentials are missing or unusable. */
export class ConfigurationError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_CONFIGURATION";
}

export interface ApiErrorDetails {
  readonly status: number;
  readonly errorCode?: string;
  readonly apiMessage?: string;
  readonly requestId?: string;
}

/** The Management API answered with an error status that retrying would not fix. */
export class ApiError extends Auth0GrantsError {
  readonly code: string = "ERR_AUTH0_GRANTS_API";
  readonly status: number;
  readonly errorCode?: string;
  readonly apiMessage?: string;
  constructor(what: string, details: ApiErrorDetails, hint?: string) {
    const answer = [details.errorCode, details.apiMessage].filter(Boolean).join(": ");
    super(`${what} failed with HTTP ${details.status}${answer ? ` (${answer})` : ""}.${hint ? ` ${hint}` : ""}`);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.apiMessage = details.apiMessage === undefined ? undefined : redact(details.apiMessage);
  }
}

/**
 * The token lacks a scope the listing needs (HTTP 403): `scope` names it, and the message says where to grant it.
 * A listing never goes on without the grants that scope would have read.
 */
export class MissingScopeError extends ApiError {
  override readonly code = "ERR_AUTH0_GRANTS_MISSING_SCOPE";
  constructor(
    what: string,
    details: ApiErrorDetails,
    readonly scope: string,
    hint: string,
  ) {
    super(what, details, hint);
  }
}

/** The tenant's rate limit did not free up within the caller's patience. */
export class RateLimitError extends ApiError {
  override readonly code = "ERR_AUTH0_GRANTS_RATE_LIMITED";
}

/** The connection failed or timed out on every attempt. */
export class NetworkError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_NETWORK";
}

/** The API answered something that is not the documented shape. */
export class ResponseFormatError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_RESPONSE_FORMAT";
}

/** The pages never agreed with the API's own count, usually because grants kept changing during the listing. */
export class InconsistentListingError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_INCONSISTENT_LISTING";
}

/** A listing grew past `options.maxGrants`: a `total` no organization can have, or pages that never end. */
export class ListingTooLargeError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_LISTING_TOO_LARGE";
}

/** The API returned a grant that breaks a filter it was asked to apply: a cache or proxy dropped the query, or the
 *  server ignores it. Nothing of such a listing is returned. */
export class FilterNotAppliedError extends Auth0GrantsError {
  readonly code = "ERR_AUTH0_GRANTS_FILTER_NOT_APPLIED";
}
