// Error bodies exactly as Auth0 words them, so that a client's error handling is exercised against the real text
// and not against something the emulator made up. The Management API and the authentication API (/oauth/token)
// use different shapes; both live here.
import type { ApiErrorBody } from "../provider/core/schemas";

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? "Internal Server Error" : "Error");
}

/** A Management API error body: `{ statusCode, error, message, errorCode? }`. */
export function managementError(status: number, message: string, errorCode?: string): ApiErrorBody {
  return errorCode === undefined
    ? { statusCode: status, error: reasonPhrase(status), message }
    : { statusCode: status, error: reasonPhrase(status), message, errorCode };
}

export const invalidToken = (): ApiErrorBody => managementError(401, "Invalid token", "invalid_token");

export const insufficientScope = (expected: readonly string[]): ApiErrorBody =>
  managementError(403, `Insufficient scope, expected any of: ${expected.join(",")}`, "insufficient_scope");

export const inexistentOrganization = (): ApiErrorBody =>
  managementError(404, "No organization found by that id or name", "inexistent_organization");

// Auth0 answers an unknown route with no errorCode at all.
export const routeNotFound = (): ApiErrorBody => managementError(404, "Not Found");

export const tooManyRequests = (): ApiErrorBody =>
  managementError(429, "Global limit has been reached", "too_many_requests");

export const invalidPaging = (maxRecords: number): ApiErrorBody =>
  managementError(400, `Requesting page exceeds the allowed maximum of ${maxRecords} records`, "invalid_paging");

// Auth0 validates requests against its JSON schema and reports the first failure in z-schema's words, naming the
// property and quoting its description. The descriptions below are the ones from Auth0's API reference.
const PROPERTY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  id: "Organization identifier.",
  audience: "Optional filter on audience of the client grant.",
  client_id: "Optional filter on client_id of the client grant.",
  grant_ids: "Optional filter on the ID of the client grant. Must be URL encoded and may be specified multiple times (max 10).",
  page: "Page index of the results to return. First page is 0.",
  per_page: "Number of results per page. Defaults to 50.",
  include_totals: "Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).",
};

const onProperty = (property: string): string =>
  ` on property ${property} (${PROPERTY_DESCRIPTIONS[property] ?? property}).`;

export const invalidUri = (problem: string, property = "id"): ApiErrorBody =>
  managementError(400, `Path validation error: '${problem}'${onProperty(property)}`, "invalid_uri");

export const invalidQueryString = (problem: string, property?: string): ApiErrorBody =>
  managementError(
    400,
    `Query validation error: '${problem}'${property === undefined ? "." : onProperty(property)}`,
    "invalid_query_string",
  );

/** An authentication API (/oauth/token) error body: OAuth 2.0's `{ error, error_description }`. */
export interface OAuthErrorBody {
  readonly error: string;
  readonly error_description: string;
}

export const oauthError = (error: string, description: string): OAuthErrorBody => ({
  error,
  error_description: description,
});
