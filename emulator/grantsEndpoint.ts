// GET /api/v2/organizations/{id}/client-grants: request validation in Auth0's order and words, the exact-match
// filters, and offset paging over the organization's grants in insertion order.
import type { ApiClientGrant, ApiErrorBody } from "../provider/core/schemas";
import { API_LIMITS } from "../provider/core/schemas";
import { inexistentOrganization, invalidPaging, invalidQueryString, invalidUri, type PropertyDescriptions } from "./errorBodies";
import type { Exchange } from "./exchange";
import type { Fault, FaultBook, RequestFacts } from "./faults";
import { breakGrant } from "./faults";
import { generateGrants } from "./generator";
import type { Tenant } from "./tenant";

export interface GrantsQuery {
  readonly audience?: string;
  readonly clientId?: string;
  readonly grantIds?: readonly string[];
  readonly page: number;
  readonly perPage: number;
  readonly includeTotals: boolean;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorBody };

export const ok = <T>(value: T): Validated<T> => ({ ok: true, value });
export const fail = (error: ApiErrorBody): Validated<never> => ({ ok: false, error });

const KNOWN_PARAMETERS = new Set(["audience", "client_id", "grant_ids", "page", "per_page", "include_totals"]);

/** The organization id from its encoded path segment; the router has already split the path on raw `/`. */
export function parseOrganizationId(encodedSegment: string): Validated<string> {
  let id: string;
  try {
    id = decodeURIComponent(encodedSegment);
  } catch {
    return fail(invalidUri("Invalid percent-encoding in path segment"));
  }
  if (id.length > API_LIMITS.organizationIdMaxLength) {
    return fail(invalidUri(`String is too long (${id.length} chars), maximum ${API_LIMITS.organizationIdMaxLength}`));
  }
  return ok(id);
}

/** Validates the query string as Auth0's schema does: unknown parameters first, then each property in turn. */
export function parseGrantsQuery(params: URLSearchParams): Validated<GrantsQuery> {
  const unknown = [...new Set(params.keys())].filter((key) => !KNOWN_PARAMETERS.has(key));
  if (unknown.length > 0) return fail(invalidQueryString(`Additional properties not allowed: ${unknown.join(",")}`));

  const audience = single(params, "audience");
  if (!audience.ok) return audience;
  if (audience.value !== undefined && audience.value.length > API_LIMITS.audienceMaxLength) {
    return fail(
      invalidQueryString(`String is too long (${audience.value.length} chars), maximum ${API_LIMITS.audienceMaxLength}`, "audience"),
    );
  }
  const clientId = single(params, "client_id");
  if (!clientId.ok) return clientId;

  const grantIds = params.getAll("grant_ids");
  if (grantIds.length > API_LIMITS.grantIdsPerRequest) {
    return fail(invalidQueryString(`Array is too long (${grantIds.length}), maximum ${API_LIMITS.grantIdsPerRequest}`, "grant_ids"));
  }

  const page = integer(params, "page", 0, undefined, 0);
  if (!page.ok) return page;
  const perPage = integer(params, "per_page", API_LIMITS.perPageMin, API_LIMITS.perPageMax, API_LIMITS.perPageDefault);
  if (!perPage.ok) return perPage;
  const includeTotals = boolean(params, "include_totals", false);
  if (!includeTotals.ok) return includeTotals;

  return ok({
    audience: audience.value,
    clientId: clientId.value,
    grantIds: grantIds.length > 0 ? grantIds : undefined,
    page: page.value,
    perPage: perPage.value,
    includeTotals: includeTotals.value,
  });
}

/** The grants matching every given filter (AND), in the organization's order. */
export function filterGrants(grants: readonly ApiClientGrant[], query: GrantsQuery): ApiClientGrant[] {
  const ids = query.grantIds === undefined ? undefined : new Set(query.grantIds);
  return grants.filter(
    (grant) =>
      (query.audience === undefined || grant.audience === query.audience) &&
      (query.clientId === undefined || grant.client_id === query.clientId) &&
      (ids === undefined || ids.has(grant.id)),
  );
}

export interface GrantsPage {
  readonly grants: ApiClientGrant[];
  /** How many grants matched the filters over all pages. */
  readonly total: number;
}

/** One offset page of the grants that matched the filters (both endpoints page this way). */
export function pageOf(matching: readonly ApiClientGrant[], query: Pick<GrantsQuery, "page" | "perPage">): GrantsPage {
  const start = query.page * query.perPage;
  return { grants: matching.slice(start, start + query.perPage), total: matching.length };
}

export interface GrantsEnvelope {
  client_grants: unknown[];
  start: number;
  limit: number;
  total?: number;
}

/** The body in the shape the query asked for: a bare array, or the envelope with totals. */
export function grantsBody(page: GrantsPage, query: Pick<GrantsQuery, "page" | "perPage" | "includeTotals">): unknown[] | GrantsEnvelope {
  if (!query.includeTotals) return page.grants;
  return { client_grants: page.grants, start: query.page * query.perPage, limit: query.perPage, total: page.total };
}

// The page number a fault rule matches on, read leniently: a fault must be able to match a request that the
// validation would refuse only if it names no page.
export function requestedPage(params: URLSearchParams): number | undefined {
  const raw = params.getAll("page");
  if (raw.length === 0) return 0;
  const value = Number(raw[0]);
  return raw.length === 1 && Number.isInteger(value) && value >= 0 ? value : undefined;
}

// The query-string checks of Auth0's schema validation, shared by the endpoints; `descriptions` are the endpoint's own.

export function single(params: URLSearchParams, name: string, descriptions?: PropertyDescriptions): Validated<string | undefined> {
  const values = params.getAll(name);
  if (values.length > 1) return fail(invalidQueryString("Expected type string but found type array", name, descriptions));
  return ok(values[0]);
}

export function integer(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number | undefined,
  fallback: number,
  descriptions?: PropertyDescriptions,
): Validated<number> {
  const values = params.getAll(name);
  if (values.length === 0) return ok(fallback);
  if (values.length > 1) return fail(invalidQueryString("Expected type integer but found type array", name, descriptions));
  const raw = values[0] as string;
  // Auth0 coerces query strings to the declared type first: only a plain decimal integer survives as one.
  if (!/^-?\d+(\.\d+)?$/.test(raw.trim()) || raw.trim() !== raw) {
    return fail(invalidQueryString("Expected type integer but found type string", name, descriptions));
  }
  const value = Number(raw);
  if (!Number.isInteger(value)) return fail(invalidQueryString("Expected type integer but found type number", name, descriptions));
  if (value < min) return fail(invalidQueryString(`Value (${value}) is less than minimum value (${min})`, name, descriptions));
  if (max !== undefined && value > max) return fail(invalidQueryString(`Value (${value}) is greater than maximum value (${max})`, name, descriptions));
  return ok(value);
}

export function boolean(params: URLSearchParams, name: string, fallback: boolean, descriptions?: PropertyDescriptions): Validated<boolean> {
  const values = params.getAll(name);
  if (values.length === 0) return ok(fallback);
  if (values.length > 1) return fail(invalidQueryString("Expected type boolean but found type array", name, descriptions));
  if (values[0] === "true") return ok(true);
  if (values[0] === "false") return ok(false);
  return fail(invalidQueryString("Expected type boolean but found type string", name, descriptions));
}

// ---------------------------------------------------------------------------------------------------------------
// The handler. Authentication and the rate limit have been dealt with by the router; what is left is this
// endpoint's own order: path, query, paging limit, organization, then the page and any response fault.

export interface GrantsRouteContext {
  readonly tenant: Tenant;
  readonly faults: FaultBook;
  readonly encodedOrganizationId: string;
  readonly params: URLSearchParams;
}

export function handleGrants(exchange: Exchange, context: GrantsRouteContext): void {
  const organizationId = parseOrganizationId(context.encodedOrganizationId);
  if (!organizationId.ok) return exchange.json(400, organizationId.error);
  const query = parseGrantsQuery(context.params);
  if (!query.ok) return exchange.json(400, query.error);

  const facts: RequestFacts = {
    endpoint: "grants",
    organizationId: organizationId.value,
    page: query.value.page,
    perPage: query.value.perPage,
    includeTotals: query.value.includeTotals,
  };
  if (answeredPagingFault(exchange, context.faults, facts)) return;

  const grants = context.tenant.listing(organizationId.value);
  if (grants === undefined) return exchange.json(404, inexistentOrganization());
  const fault = answerPage(exchange, pageOf(filterGrants(grants, query.value), query.value), query.value, context.faults, facts);
  if (fault?.kind === "mutateAfterPage") mutate(context.tenant, organizationId.value, fault);
}

/** Answers Auth0's 400 invalid_paging when a pageLimit400 fault matches the request; true when it did. */
export function answeredPagingFault(exchange: Exchange, faults: FaultBook, facts: RequestFacts): boolean {
  const fault = faults.take("query", facts);
  if (fault?.kind !== "pageLimit400") return false;
  exchange.entry.fault = fault.kind;
  exchange.json(400, invalidPaging(fault.maxRecords));
  return true;
}

/**
 * A 200 page, shaped by the response fault that matches the request if one does (the tenant-wide endpoint's offset
 * pages use it too); answers that fault, for what it does after the page.
 */
export function answerPage(
  exchange: Exchange,
  page: GrantsPage,
  query: Pick<GrantsQuery, "page" | "perPage" | "includeTotals">,
  faults: FaultBook,
  facts: RequestFacts,
): Fault | undefined {
  const fault = faults.take("response", facts);
  if (fault !== undefined) exchange.entry.fault = fault.kind;
  sendPage(exchange, page, query, fault);
  return fault;
}

function sendPage(exchange: Exchange, page: GrantsPage, query: Pick<GrantsQuery, "page" | "perPage" | "includeTotals">, fault: Fault | undefined): void {
  const body = grantsBody(page, query);
  switch (fault?.kind) {
    case "malformedJson":
      return exchange.truncatedJson(200, body);
    case "resetMidBody":
      return exchange.resetMidBody(200, body, fault.fraction);
    case "schemaBreak": {
      const items: Record<string, unknown>[] = page.grants.length > 0 ? [...page.grants] : [{ id: "cgr_broken", client_id: "x", audience: "x", scope: [] }];
      items[0] = breakGrant(items[0] as Record<string, unknown>, fault.breakage);
      return exchange.json(200, Array.isArray(body) ? items : { ...body, client_grants: items });
    }
    case "omitTotal":
      if (!Array.isArray(body)) delete body.total;
      return exchange.json(200, body);
    case "lieTotal":
      if (!Array.isArray(body)) body.total = Math.max(0, page.total + fault.delta);
      return exchange.json(200, body);
    case "totalChangesBetweenPages":
      if (!Array.isArray(body)) body.total = Math.max(0, page.total + query.page * fault.step);
      return exchange.json(200, body);
    default:
      return exchange.json(200, body);
  }
}

function mutate(tenant: Tenant, organizationId: string, fault: Extract<Fault, { kind: "mutateAfterPage" }>): void {
  const current = tenant.listing(organizationId) ?? [];
  const toRemove =
    typeof fault.remove === "number" ? current.slice(fault.at, fault.at + fault.remove).map((g) => g.id) : (fault.remove ?? []);
  for (const id of toRemove) tenant.removeGrant(organizationId, id);

  const taken = new Set((tenant.listing(organizationId) ?? []).map((g) => g.id));
  // An explicit list fired twice must not fail on its own grants: ids already there are skipped.
  const inserted = (
    typeof fault.insert === "number"
      ? generateGrants(fault.insert * 2 + 1, { organizationId, seed: tenant.nextMutationSeed() })
      : (fault.insert ?? [])
  )
    .filter((g) => !taken.has(g.id))
    .slice(0, typeof fault.insert === "number" ? fault.insert : undefined);
  const at = Math.min(fault.at, tenant.listing(organizationId)?.length ?? 0);
  inserted.forEach((grant, offset) => tenant.addGrant(organizationId, grant, at + offset));
}
