// One page of `GET /api/v2/organizations/{id}/client-grants`: the request as Auth0 documents it, and the answer
// checked against the schema, with every error status turned into an error that says what to fix.
import type { ResolvedConnection } from "./credentials/resolve";
import { ApiError, ResponseFormatError } from "./errors";
import { errorBodyDetails, sendWithRetries, type RetryReport, type RetryTuning } from "./http/retry";
import { foreignAnswer } from "./http/foreignAnswer";
import type { HttpResponse } from "./http/transport";
import type { PaginateOptions } from "./paginator";
import { API_LIMITS, apiClientGrantSchema, apiClientGrantsEnvelopeSchema, type ApiClientGrant, type Tuning } from "./schemas";
import { accessToken, invalidateToken } from "./tokens";

/** The filters and the page both listings of grants send (the organization's and the tenant-wide one). */
export interface GrantsQuery {
  readonly audience?: string;
  readonly clientId?: string;
  /** At most 10: the caller splits longer lists. */
  readonly grantIds?: readonly string[];
  readonly page: number;
  readonly perPage: number;
}

export interface PageQuery extends GrantsQuery {
  readonly organizationId: string;
}

export interface GrantsPage {
  readonly grants: ApiClientGrant[];
  /** Absent when the API left it out, which Auth0 has been seen doing on organization endpoints. */
  readonly total?: number;
}

/** The query string of one page, after `leading` parameters (the tenant-wide listing's allow_any_organization). */
export function grantsQueryString(query: GrantsQuery, leading: Record<string, string> = {}): string {
  const params = new URLSearchParams(leading);
  if (query.audience !== undefined) params.append("audience", query.audience);
  if (query.clientId !== undefined) params.append("client_id", query.clientId);
  for (const id of query.grantIds ?? []) params.append("grant_ids", id);
  params.append("page", String(query.page));
  params.append("per_page", String(query.perPage));
  params.append("include_totals", "true");
  return params.toString();
}

/** The path and query, with the organization id encoded as exactly one path segment. */
export function grantsPagePath(query: PageQuery): string {
  return `/api/v2/organizations/${encodeURIComponent(query.organizationId)}/client-grants?${grantsQueryString(query)}`;
}

/** How every listing of grants pages: full pages, the tuning's concurrency and restarts, and its bound on grants. */
export function grantPaging(tuning: Tuning): Pick<PaginateOptions<unknown>, "perPage" | "concurrency" | "maxListingAttempts" | "maxItems" | "maxItemsOption"> {
  return {
    perPage: API_LIMITS.perPageMax,
    concurrency: tuning.concurrency,
    maxListingAttempts: tuning.maxListingAttempts,
    maxItems: tuning.maxGrants,
    maxItemsOption: "options.maxGrants",
  };
}

export async function fetchGrantsPage(
  connection: ResolvedConnection,
  query: PageQuery,
  tuning: RetryTuning,
  report?: RetryReport,
  signal?: AbortSignal,
): Promise<GrantsPage> {
  const what = `Listing the client grants of organization ${query.organizationId} (page ${query.page})`;
  const response = await getAuthorized(connection, grantsPagePath(query), what, tuning, report, signal);
  if (response.status !== 200) throw apiError(what, response, connection);
  return parseGrantsPage(what, response);
}

/**
 * A GET of the Management API with the connection's bearer token, through the retries and the rate limiter. A
 * client-credentials token can expire mid-listing: on a 401 one fresh token is fetched, once. A static token cannot
 * be renewed. Any answer that retrying would not change is returned, error statuses included, unless it is not the
 * Management API's (foreignAnswer.ts): that one is thrown, so no caller reads a proxy's page as Auth0's error.
 */
export async function getAuthorized(
  connection: ResolvedConnection,
  path: string,
  what: string,
  tuning: RetryTuning,
  report?: RetryReport,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const send = (token: string) =>
    sendWithRetries({ method: "GET", origin: connection.api.origin, path, headers: { authorization: `Bearer ${token}` } }, what, tuning, report, signal);
  let token = await accessToken(connection, tuning);
  let response = await send(token);
  if (response.status === 401 && invalidateToken(connection, token)) {
    token = await accessToken(connection, tuning);
    response = await send(token);
  }
  const foreign = foreignAnswer(what, response, connection.api.origin);
  if (foreign) throw foreign;
  return response;
}

export function parseGrantsPage(what: string, response: HttpResponse): GrantsPage {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    const type = String(response.headers["content-type"] ?? "no content type");
    throw new ResponseFormatError(
      `${what}: the answer is not JSON (${response.body.length === 0 ? "empty body" : `${response.body.length} bytes of ${type}`}). A proxy between here and Auth0 may have answered instead.`,
    );
  }
  // Fields Auth0 adds are kept as they come, unvalidated; one nested thousands deep would pass here and then break
  // whatever prints, stores or encodes the result (JSON.stringify recurses and throws a RangeError).
  if (nestedDeeperThan(json, MAX_NESTING)) throw new ResponseFormatError(`${what}: the answer nests deeper than ${MAX_NESTING} levels, which no page of grants does.`);
  // Parse against the shape the answer claims to be, so an error names the broken field rather than "no union member".
  const parsed = Array.isArray(json) ? apiClientGrantSchema.array().safeParse(json) : apiClientGrantsEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
      .join("; ");
    throw new ResponseFormatError(`${what}: the answer does not have the documented shape (${where}).`);
  }
  const page = parsed.data;
  return Array.isArray(page) ? { grants: page } : { grants: page.client_grants, total: page.total };
}

/** A page of grants is four levels deep (envelope, list, grant, scopes); a field Auth0 adds may add a few more. */
const MAX_NESTING = 64;

/** Whether `value` holds arrays or objects nested more than `limit` deep; iterative, so any depth is safe to ask. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [next, depth] = stack.pop()!;
    if (next === null || typeof next !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(next)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** The error for an answer that is not a 200, with a hint per status; `hints` replaces those of this endpoint. */
export function apiError(what: string, response: HttpResponse, connection: ResolvedConnection, hints: Readonly<Record<number, string>> = {}): ApiError {
  const details = { status: response.status, ...errorBodyDetails(response.body) };
  const viaToken = connection.credentials.kind === "apiToken";
  // In the caller's terms: "AUTH0_API_TOKEN", "connection.apiToken", 'apiToken of the auth0 provider "b"'.
  const used = connection.credentialsFrom === undefined ? "" : ` (${connection.credentialsFrom})`;
  const where = (field: "apiToken" | "clientId" | "clientSecret" | "clientAssertionPrivateKey" | "audience", fallback: string) =>
    connection.settable?.[field] || fallback;
  const proof =
    connection.credentials.kind === "privateKeyJwt" ? where("clientAssertionPrivateKey", "auth0:clientAssertionPrivateKey") : where("clientSecret", "auth0:clientSecret");
  const ownHints: Record<number, string> = {
    400: /maximum of 1000 records|exceeds the allowed maximum/i.test(details.apiMessage ?? "")
      ? "Auth0 refuses offset paging past 1000 records here: narrow the listing with the audience, clientId or grantIds filters."
      : "The request was refused as invalid; check the arguments.",
    401: viaToken
      ? `The API token${used} was refused: it is invalid or expired. Set a fresh ${where("apiToken", "auth0:apiToken / AUTH0_API_TOKEN")}, or use client credentials so tokens renew.`
      : `The token from the client credentials${used} was refused even after a fresh one was fetched: check ${where("clientId", "auth0:clientId")} and ${proof}, and ${where("audience", "auth0:audience")}.`,
    403: "The token lacks the scope read:organization_client_grants: grant it to the application (Applications > APIs > Auth0 Management API) or use a token that has it.",
    404: "No such organization: check organizationId (the id, such as org_abc123, not the name) and the domain.",
    ...hints,
  };
  const hint = ownHints[response.status] ?? (response.status >= 300 && response.status < 400 ? "Redirects are not followed: point the domain at the tenant itself." : undefined);
  return new ApiError(what, details, hint);
}
