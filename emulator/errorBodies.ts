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
export type PropertyDescriptions = Readonly<Record<string, string>>;

const PROPERTY_DESCRIPTIONS: PropertyDescriptions = {
  id: "Organization identifier.",
  audience: "Optional filter on audience of the client grant.",
  client_id: "Optional filter on client_id of the client grant.",
  grant_ids: "Optional filter on the ID of the client grant. Must be URL encoded and may be specified multiple times (max 10).",
  page: "Page index of the results to return. First page is 0.",
  per_page: "Number of results per page. Defaults to 50.",
  include_totals: "Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).",
};

/** The query parameters of `GET /api/v2/client-grants`, as Auth0's reference describes them. */
export const TENANT_GRANTS_PROPERTY_DESCRIPTIONS: PropertyDescriptions = {
  per_page: "Number of results per page.",
  page: "Page index of the results to return. First page is 0.",
  include_totals: PROPERTY_DESCRIPTIONS.include_totals!,
  from: "Optional Id from which to start selection.",
  take: "Number of results per page. Defaults to 50.",
  audience: "Optional filter on audience.",
  client_id: "Optional filter on client_id.",
  allow_any_organization: "Optional filter on allow_any_organization.",
  subject_type: "The type of application access the client grant allows.",
  default_for:
    "Applies this client grant as the default for all clients in the specified group. The only accepted value is third_party_clients, which applies the grant to all third-party clients. Per-client grants for the same audience take precedence. Mutually exclusive with client_id.",
};

const onProperty = (property: string, descriptions: PropertyDescriptions): string =>
  ` on property ${property} (${descriptions[property] ?? property}).`;

export const invalidUri = (problem: string, property = "id"): ApiErrorBody =>
  managementError(400, `Path validation error: '${problem}'${onProperty(property, PROPERTY_DESCRIPTIONS)}`, "invalid_uri");

/** `descriptions`: the endpoint's own (the organization endpoint's by default). */
export const invalidQueryString = (problem: string, property?: string, descriptions: PropertyDescriptions = PROPERTY_DESCRIPTIONS): ApiErrorBody =>
  managementError(
    400,
    `Query validation error: '${problem}'${property === undefined ? "." : onProperty(property, descriptions)}`,
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
