// The single source of truth for every shape this package reads or writes: the caller's arguments, the
// Management API's responses, and the camelCased result. The emulator, the dynamic provider and the policies
// import from here, so a rule changes in one place.
import { z } from "zod";

/** Limits from the Auth0 Management API reference for `GET /api/v2/organizations/{id}/client-grants`. */
export const API_LIMITS = {
  organizationIdMaxLength: 50,
  audienceMaxLength: 600,
  grantIdsPerRequest: 10,
  perPageMin: 1,
  perPageMax: 100,
  perPageDefault: 50,
} as const;

export const ORGANIZATION_USAGES = ["deny", "allow", "require"] as const;
export const organizationUsageSchema = z.enum(ORGANIZATION_USAGES);
export type OrganizationUsage = z.infer<typeof organizationUsageSchema>;

// Control characters can never be part of a real identifier and would be invisible in every error message.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const identifier = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) })
    .min(1, { error: `${what} must not be empty` })
    .refine((value) => value.trim() === value, { error: `${what} must not start or end with white space` })
    .refine((value) => !CONTROL_CHARACTERS.test(value), { error: `${what} must not contain control characters` })
    // A lone surrogate cannot be encoded: URLSearchParams would send U+FFFD (another value), encodeURIComponent throws.
    .refine((value) => !LONE_SURROGATE.test(value), { error: `${what} must be well-formed Unicode (it holds a lone surrogate)` });

export const organizationIdSchema = identifier("organizationId")
  .max(API_LIMITS.organizationIdMaxLength, {
    error: `organizationId must be at most ${API_LIMITS.organizationIdMaxLength} characters (Auth0's limit)`,
  })
  // "." and ".." are valid path segments that URL normalisation (in proxies, too) would fold into the parent path.
  .refine((value) => value !== "." && value !== "..", { error: 'organizationId must not be "." or ".."' });

export const audienceSchema = identifier("audience").max(API_LIMITS.audienceMaxLength, {
  error: `audience must be at most ${API_LIMITS.audienceMaxLength} characters (Auth0's limit)`,
});

export const clientIdSchema = identifier("clientId");
export const grantIdSchema = identifier("grantIds[]");

export const grantIdsSchema = z
  .array(grantIdSchema, { error: "grantIds must be an array of strings" })
  // An empty list is refused rather than read as "no filter": a computed list that came out empty must not
  // silently turn into "every grant of the organization".
  .min(1, { error: "grantIds must hold at least one id; omit it to list every grant" });

/** The filters of one listing, as the caller gives them. */
export const filtersSchema = z.strictObject({
  organizationId: organizationIdSchema.describe("The organization whose client grants are listed, `org_...`."),
  audience: audienceSchema.optional().describe("Only the grants for this API audience (exact match)."),
  clientId: clientIdSchema.optional().describe("Only the grants of this application (exact match)."),
  grantIds: grantIdsSchema
    .optional()
    .describe("Only these grants; at least one id when given. Any number: they are requested ten at a time."),
  includeAnyOrganization: z
    .boolean({ error: "includeAnyOrganization must be a boolean" })
    .optional()
    .describe(
      "Also list the tenant's grants with allowAnyOrganization (and an organizationUsage other than deny), which apply to every organization without an association; false by default. Needs the scope read:client_grants besides read:organization_client_grants.",
    ),
});
export type Filters = z.infer<typeof filtersSchema>;
/** The filters' names, from the schema: the resource's inputs, the plugin's arguments. */
export const FILTER_KEYS = Object.keys(filtersSchema.shape) as (keyof Filters)[];

// Surrounding white space is trimmed when the settings are merged; a value that is nothing else was meant to be set.
const setting = (name: string) =>
  z
    .string()
    .min(1, { error: `${name} must not be empty` })
    .refine((value) => value.trim() !== "", { error: `${name} must not be blank` })
    .optional();

/** Where and how to authenticate. Every field is optional here: missing ones come from Pulumi config or the environment. */
export const connectionSchema = z.strictObject({
  domain: setting("domain"),
  apiToken: setting("apiToken"),
  clientId: setting("clientId"),
  clientSecret: setting("clientSecret"),
  audience: setting("audience"),
  /** PEM of the application's private key, for private-key JWT client authentication instead of a client secret. */
  clientAssertionPrivateKey: setting("clientAssertionPrivateKey"),
  /** RS256 (the default), RS384 or PS256. */
  clientAssertionSigningAlg: setting("clientAssertionSigningAlg"),
});
export type Connection = z.infer<typeof connectionSchema>;

/** Tuning knobs. The defaults are safe for any plan's rate limit; see docs/limits.md. */
export const tuningSchema = z.strictObject({
  /** Pages fetched at once after page 0 has told the total. */
  concurrency: z.number().int().min(1).max(16).default(8),
  /** Attempts per request for 5xx answers, timeouts and connection errors (429 is governed by rateLimitPatienceMs). */
  maxAttempts: z.number().int().min(1).max(10).default(4),
  /** Time allowed for one HTTP request, headers and body together. */
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  /** Longest total wait for the tenant's rate limit per request before giving up with a RateLimitError. */
  rateLimitPatienceMs: z.number().int().min(0).max(3_600_000).default(120_000),
  /** Times a whole listing is retried when the pages disagree with `total` (grants changed mid-listing). */
  maxListingAttempts: z.number().int().min(1).max(10).default(3),
  /**
   * The most grants one listing may hold: a larger `total` is refused before any other page is fetched, and pages
   * that go on past it (no total, new grants on every page) stop the listing. Auth0 allows at most 100 grants per
   * organization on public cloud and 1,000 on Private Cloud, so the default is far above any real organization.
   */
  maxGrants: z.number().int().min(1).max(1_000_000).default(10_000),
});
export type TuningInput = z.input<typeof tuningSchema>;
export type Tuning = z.output<typeof tuningSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The Management API's shapes (snake_case, as on the wire).

/** A grant as the API returns it. Unknown fields are kept: Auth0 adds fields over time. */
export const apiClientGrantSchema = z.looseObject({
  id: z.string().min(1),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
  // Auth0 omits these on grants where they were never set; absent is not the same as a default, so it stays absent.
  organization_usage: organizationUsageSchema.optional(),
  allow_any_organization: z.boolean().optional(),
});
export type ApiClientGrant = z.infer<typeof apiClientGrantSchema>;

const count = z.number().int().min(0);

/** `include_totals=true` answers an envelope; `total` is optional because Auth0 has been seen omitting it. */
export const apiClientGrantsEnvelopeSchema = z.looseObject({
  client_grants: z.array(apiClientGrantSchema),
  start: count.optional(),
  limit: count.optional(),
  total: count.optional(),
});

/** `include_totals=false` (the default) answers a bare array. */
export const apiClientGrantsPageSchema = z.union([z.array(apiClientGrantSchema), apiClientGrantsEnvelopeSchema]);
export type ApiClientGrantsPage = z.infer<typeof apiClientGrantsPageSchema>;

export const apiErrorBodySchema = z.looseObject({
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  errorCode: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// The result, camelCased: what the function returns, the resource stores and the policies read.

/** How a grant reaches the organization: associated with it, or applying to every organization (allow_any_organization). */
export const GRANTED_VIA = ["association", "anyOrganization"] as const;
export const grantedViaSchema = z.enum(GRANTED_VIA);
export type GrantedVia = z.infer<typeof grantedViaSchema>;

/** A grant as this package returns it. Fields the API added beyond the six known ones are kept under camelCased keys. */
export const clientGrantSchema = z.looseObject({
  id: z.string().min(1).describe("The client grant's id, `cgr_...`."),
  clientId: z.string().describe("The application the grant is for."),
  audience: z.string().describe("The API (resource server identifier) the grant gives access to."),
  scope: z.array(z.string()).describe("The scopes granted."),
  organizationUsage: organizationUsageSchema
    .optional()
    .describe("Whether the application may, must, or may not use this grant with an organization (`deny`, `allow`, `require`); absent when Auth0 did not send it."),
  allowAnyOrganization: z
    .boolean()
    .optional()
    .describe("Whether the grant applies to any organization; absent when Auth0 did not send it."),
  grantedVia: grantedViaSchema
    .optional()
    .describe(
      "How the grant reaches the organization: `association` (associated with it) or `anyOrganization` (allowAnyOrganization, no association). Set on every grant of a listing read with includeAnyOrganization; absent otherwise, where every grant is an association.",
    ),
});
export type ClientGrant = z.infer<typeof clientGrantSchema>;

export const clientGrantsResultSchema = z.strictObject({
  organizationId: z.string().describe("The organization whose grants were listed."),
  audience: z.string().optional().describe("The audience filter, when one was given."),
  clientId: z.string().optional().describe("The application filter, when one was given."),
  grantIds: z.array(z.string()).optional().describe("The grant id filter, when one was given."),
  includeAnyOrganization: z
    .boolean()
    .optional()
    .describe("Whether the grants that apply to every organization were listed too, when the argument was given."),
  /** How many grants matched: the length of `clientGrants`, checked against the API's own count where it gave one. */
  total: count.describe("How many grants matched: the length of `clientGrants`."),
  clientGrants: z.array(clientGrantSchema).describe("Every grant that matched, across all pages, camelCased."),
});
export type ClientGrantsResult = z.infer<typeof clientGrantsResultSchema>;

// Auth0 sends the same few keys on every grant: remembering their camelCased form halves the CPU of mapping a large
// listing (measured by the benchmark). Capped, so a response with endless distinct keys cannot grow it.
const camelCache = new Map<string, string>();
const snakeToCamel = (key: string): string => {
  let camel = camelCache.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camelCache.size < 1000) camelCache.set(key, camel);
  }
  return camel;
};

const KNOWN_API_KEYS: readonly string[] = Object.keys(apiClientGrantSchema.shape);
const KNOWN = new Set(KNOWN_API_KEYS);
/** Names this package gives itself: a field Auth0 might add under the same name (`granted_via`) keeps its wire name. */
const OURS = new Set(["grantedVia"]);

/**
 * Maps a wire grant to the result shape. Only top-level keys are renamed: nested values are Auth0's data and are
 * kept as they came. A key whose camelCased form is taken already keeps its original name, so nothing is lost
 * and nothing is overwritten.
 */
export function toClientGrant(grant: ApiClientGrant): ClientGrant {
  return mapGrant(grant, undefined);
}

/** {@link toClientGrant}, saying how the grant reaches the organization (a listing with includeAnyOrganization). */
export function toClientGrantVia(grant: ApiClientGrant, grantedVia: GrantedVia): ClientGrant {
  return mapGrant(grant, grantedVia);
}

function mapGrant(grant: ApiClientGrant, grantedVia: GrantedVia | undefined): ClientGrant {
  const out: Record<string, unknown> = {};
  // The six documented fields claim their names first; an added field that would collide keeps its wire name.
  for (const key of KNOWN_API_KEYS) {
    const value = grant[key];
    if (value !== undefined) out[snakeToCamel(key)] = value;
  }
  for (const key of Object.keys(grant)) {
    if (KNOWN.has(key)) continue;
    const value = grant[key];
    if (value === undefined) continue;
    // An added key whose name is taken (say `clientId` beside `client_id`) keeps its wire name, or failing that an
    // underscore-prefixed one: never written over a field already mapped.
    const name = [snakeToCamel(key), key, `_${key}`].find((n) => !(n in out) && !OURS.has(n));
    if (name !== undefined) out[name] = value;
  }
  if (grantedVia !== undefined) out.grantedVia = grantedVia;
  return clientGrantSchema.parse(out);
}
