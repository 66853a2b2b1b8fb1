// GET /api/v2/client-grants: every client grant of the tenant, whether associated with organizations or not, with
// Auth0's filters (audience, client_id, allow_any_organization, subject_type, default_for) and both of its ways to
// page: offset (`page`, `per_page`, `include_totals`) and checkpoint (`from`, `take`, answered with `next`). The
// grants are listed in id order, which a checkpoint continues after.
import type { ApiClientGrant } from "../provider/core/schemas";
import { API_LIMITS } from "../provider/core/schemas";
import { invalidQueryString, TENANT_GRANTS_PROPERTY_DESCRIPTIONS as DESCRIPTIONS } from "./errorBodies";
import type { Exchange } from "./exchange";
import type { RequestFacts } from "./faults";
import { answeredPagingFault, answerPage, boolean, fail, integer, ok, pageOf, single, type GrantsRouteContext, type Validated } from "./grantsEndpoint";

const KNOWN_PARAMETERS = new Set(["per_page", "page", "include_totals", "from", "take", "audience", "client_id", "allow_any_organization", "subject_type", "default_for"]);
const SUBJECT_TYPES = ["client", "user", "anonymous_user"];
const DEFAULT_FOR = ["third_party_clients"];

interface TenantGrantsFilters {
  readonly audience?: string;
  readonly clientId?: string;
  /** Only `true` is documented: the filter lists the grants with allow_any_organization. */
  readonly allowAnyOrganization?: true;
  readonly subjectType?: string;
  readonly defaultFor?: string;
}

type TenantGrantsPaging =
  | { readonly kind: "offset"; readonly page: number; readonly perPage: number; readonly includeTotals: boolean }
  /** `from` is the checkpoint a previous answer gave as `next`, decoded: the id the page continues after. */
  | { readonly kind: "checkpoint"; readonly after?: string; readonly take: number };

interface TenantGrantsQuery {
  readonly filters: TenantGrantsFilters;
  readonly paging: TenantGrantsPaging;
}

/** Validates the query string in the order Auth0's schema does: unknown parameters, then each property. */
function parseTenantGrantsQuery(params: URLSearchParams): Validated<TenantGrantsQuery> {
  const unknown = [...new Set(params.keys())].filter((key) => !KNOWN_PARAMETERS.has(key));
  if (unknown.length > 0) return fail(invalidQueryString(`Additional properties not allowed: ${unknown.join(",")}`, undefined, DESCRIPTIONS));

  const audience = single(params, "audience", DESCRIPTIONS);
  if (!audience.ok) return audience;
  const clientId = single(params, "client_id", DESCRIPTIONS);
  if (!clientId.ok) return clientId;
  const allowAny = oneOf(params, "allow_any_organization", ["true"]);
  if (!allowAny.ok) return allowAny;
  const subjectType = oneOf(params, "subject_type", SUBJECT_TYPES);
  if (!subjectType.ok) return subjectType;
  const defaultFor = oneOf(params, "default_for", DEFAULT_FOR);
  if (!defaultFor.ok) return defaultFor;

  const filters: TenantGrantsFilters = {
    ...(audience.value !== undefined && { audience: audience.value }),
    ...(clientId.value !== undefined && { clientId: clientId.value }),
    ...(allowAny.value !== undefined && { allowAnyOrganization: true as const }),
    ...(subjectType.value !== undefined && { subjectType: subjectType.value }),
    ...(defaultFor.value !== undefined && { defaultFor: defaultFor.value }),
  };
  const paging = parsePaging(params);
  return paging.ok ? ok({ filters, paging: paging.value }) : paging;
}

function parsePaging(params: URLSearchParams): Validated<TenantGrantsPaging> {
  const includeTotals = boolean(params, "include_totals", false, DESCRIPTIONS);
  if (!includeTotals.ok) return includeTotals;
  const checkpoint = params.has("from") || params.has("take");
  if (!checkpoint) {
    const page = integer(params, "page", 0, undefined, 0, DESCRIPTIONS);
    if (!page.ok) return page;
    const perPage = integer(params, "per_page", API_LIMITS.perPageMin, API_LIMITS.perPageMax, API_LIMITS.perPageDefault, DESCRIPTIONS);
    if (!perPage.ok) return perPage;
    return ok({ kind: "offset", page: page.value, perPage: perPage.value, includeTotals: includeTotals.value });
  }
  // Whether Auth0 refuses a mix of both ways or lets one win is not documented: refusing shows a client's mistake.
  if (params.has("page") || params.has("per_page")) {
    return fail(invalidQueryString("Checkpoint paging (from, take) cannot be combined with page or per_page", undefined, DESCRIPTIONS));
  }
  const take = integer(params, "take", API_LIMITS.perPageMin, API_LIMITS.perPageMax, API_LIMITS.perPageDefault, DESCRIPTIONS);
  if (!take.ok) return take;
  const from = single(params, "from", DESCRIPTIONS);
  if (!from.ok) return from;
  if (from.value === undefined || from.value === "") return ok({ kind: "checkpoint", take: take.value });
  const after = decodeCheckpoint(from.value);
  if (after === undefined) return fail(invalidQueryString("Invalid checkpoint: use the next value of a previous answer", "from", DESCRIPTIONS));
  return ok({ kind: "checkpoint", after, take: take.value });
}

/** An enum-valued parameter, compared as the string it arrives as. */
function oneOf(params: URLSearchParams, name: string, values: readonly string[]): Validated<string | undefined> {
  const value = single(params, name, DESCRIPTIONS);
  if (!value.ok || value.value === undefined || values.includes(value.value)) return value;
  return fail(invalidQueryString(`No enum match for: ${value.value}`, name, DESCRIPTIONS));
}

/** `next` is opaque to clients; here it carries the id the next page continues after. */
function encodeCheckpoint(afterId: string): string {
  return Buffer.from(JSON.stringify({ after: afterId })).toString("base64url");
}

function decodeCheckpoint(value: string): string | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as { after?: unknown };
    return typeof decoded.after === "string" ? decoded.after : undefined;
  } catch {
    return undefined;
  }
}

/** The grants matching every given filter (AND), in id order. */
function filterTenantGrants(grants: readonly ApiClientGrant[], filters: TenantGrantsFilters): ApiClientGrant[] {
  return grants.filter(
    (grant) =>
      (filters.audience === undefined || grant.audience === filters.audience) &&
      (filters.clientId === undefined || grant.client_id === filters.clientId) &&
      (filters.allowAnyOrganization === undefined || grant.allow_any_organization === true) &&
      (filters.subjectType === undefined || grant.subject_type === filters.subjectType) &&
      (filters.defaultFor === undefined || grant.default_for === filters.defaultFor),
  );
}

/** What the organization endpoint's handler gets, but no organization: these grants are the tenant's. */
type TenantGrantsRouteContext = Omit<GrantsRouteContext, "encodedOrganizationId">;

/** Authentication, the scope and the rate limit have been dealt with by the router. */
export function handleTenantGrants(exchange: Exchange, context: TenantGrantsRouteContext): void {
  const query = parseTenantGrantsQuery(context.params);
  if (!query.ok) return exchange.json(400, query.error);
  const matching = filterTenantGrants(context.tenant.clientGrants(), query.value.filters);
  const { paging } = query.value;

  if (paging.kind === "checkpoint") {
    const start = paging.after === undefined ? 0 : matching.findIndex((grant) => grant.id > paging.after!);
    const grants = start < 0 ? [] : matching.slice(start, start + paging.take);
    const more = start >= 0 && start + paging.take < matching.length;
    return exchange.json(200, { client_grants: grants, ...(more && { next: encodeCheckpoint(grants[grants.length - 1]!.id) }) });
  }

  const facts: RequestFacts = { endpoint: "tenantGrants", page: paging.page, perPage: paging.perPage, includeTotals: paging.includeTotals };
  if (answeredPagingFault(exchange, context.faults, facts)) return;
  answerPage(exchange, pageOf(matching, paging), paging, context.faults, facts);
}
