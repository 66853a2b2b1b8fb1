// Fault injection: rules that tests program to make the emulator misbehave the ways Auth0 and the proxies in front
// of it do. A rule is consumed only when it fires, and it fires at the stage where its fault belongs: transport
// faults before anything else (a proxy or an outage does not look at tokens), `expireToken` once the token has been
// found good, `pageLimit400` once the query is valid, and response faults on what would have been a 200.
import { z } from "zod";
import { apiClientGrantSchema, apiErrorBodySchema } from "../provider/core/schemas";

const positiveInt = z.number().int().min(1);

export const faultSchema = z.discriminatedUnion("kind", [
  /** Any status with an Auth0-shaped error body (or the body given): 500/503 bursts, a page that always fails. */
  z.strictObject({
    kind: z.literal("status"),
    // 3xx too, with a Location header, to show that clients do not follow a redirect with the token.
    status: z.number().int().min(300).max(599),
    body: apiErrorBodySchema.optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  /**
   * A 429 with Auth0's body. `resetAfterSeconds` sets `x-ratelimit-reset` to now + that many seconds (use a large
   * value for a reset far in the future, a negative one for a client whose clock runs ahead); leave it out to send
   * no `x-ratelimit-*` headers at all.
   */
  z.strictObject({
    kind: z.literal("rateLimited"),
    resetAfterSeconds: z.number().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  /** A proxy's HTML page: 502 by default; 200 for a captive portal or a misrouted request. */
  z.strictObject({ kind: z.literal("html"), status: z.number().int().min(200).max(599).default(502) }),
  /** The status (200 by default) with `content-type: application/json` and no body at all. */
  z.strictObject({ kind: z.literal("emptyBody"), status: z.number().int().min(200).max(599).default(200) }),
  /** Never answer. `afterHeaders: true` sends a 200's headers first and then stalls the body. */
  z.strictObject({ kind: z.literal("hang"), afterHeaders: z.boolean().default(false) }),
  /** Holds the request `ms` before handling it normally: one slow page among fast ones, answered in full. */
  z.strictObject({ kind: z.literal("delay"), ms: z.number().int().min(0).max(600_000) }),
  /** Answer 401 invalid_token to an otherwise valid token, and forget that token from then on. */
  z.strictObject({ kind: z.literal("expireToken") }),
  /** Auth0's 400 invalid_paging whenever (page + 1) * per_page > maxRecords. Unlimited by default: it is a mode. */
  z.strictObject({ kind: z.literal("pageLimit400"), maxRecords: positiveInt.default(1000) }),
  /** The real 200 body cut short, with a content-length that matches the cut (the JSON is broken, not the HTTP). */
  z.strictObject({ kind: z.literal("malformedJson") }),
  /** Sends the headers and the first part of the real body, then destroys the socket. */
  z.strictObject({ kind: z.literal("resetMidBody"), fraction: z.number().gt(0).lt(1).default(0.5) }),
  /** A 200 page with one grant broken; an empty page gets one broken grant added. */
  z.strictObject({
    kind: z.literal("schemaBreak"),
    breakage: z.enum(["wrongTypes", "missingId", "scopeNotArray"]).default("wrongTypes"),
  }),
  /** The envelope without `total` (only fires on include_totals=true). */
  z.strictObject({ kind: z.literal("omitTotal") }),
  /** The envelope's `total` off by `delta` (only fires on include_totals=true). */
  z.strictObject({ kind: z.literal("lieTotal"), delta: z.number().int() }),
  /** `total` grows by `step` with every page: page 0 tells the truth, page n says total + n * step. */
  z.strictObject({ kind: z.literal("totalChangesBetweenPages"), step: z.number().int().default(1) }),
  /**
   * After serving the matched page, inserts and/or deletes grants of that organization at `at` (0 by default, the
   * front, which shifts every later page). `insert` is a count of generated grants or the grants themselves;
   * `remove` is a count of grants from `at` or a list of ids.
   */
  z.strictObject({
    kind: z.literal("mutateAfterPage"),
    insert: z.union([z.number().int().min(0), z.array(apiClientGrantSchema)]).optional(),
    remove: z.union([z.number().int().min(0), z.array(z.string())]).optional(),
    at: z.number().int().min(0).default(0),
  }),
]);
export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault["kind"];

/** `grants`: an organization's (`/organizations/{id}/client-grants`); `tenantGrants`: the tenant's (`/client-grants`). */
export const ENDPOINTS = ["grants", "tenantGrants", "token", "any"] as const;
export type Endpoint = Exclude<(typeof ENDPOINTS)[number], "any"> | "other";

// Where each kind makes sense. Transport faults can strike anything; the token endpoint has no pages or totals.
const TOKEN_KINDS: ReadonlySet<string> = new Set(["delay", "status", "rateLimited", "html", "emptyBody", "hang", "malformedJson", "resetMidBody", "schemaBreak"]);

export const faultRuleSchema = z.strictObject({
  match: z
    .strictObject({
      /** Which endpoint the rule applies to; "grants" by default. */
      endpoint: z.enum(ENDPOINTS).default("grants"),
      /** The grants endpoints' `page` (0 when the request has none). */
      page: z.number().int().min(0).optional(),
      /** The organization id, decoded. */
      organizationId: z.string().optional(),
    })
    .default({ endpoint: "grants" }),
  /** How many times the rule fires; leave it out for every matching request. */
  times: positiveInt.optional(),
  fault: faultSchema,
}).refine((rule) => rule.match.endpoint !== "token" || TOKEN_KINDS.has(rule.fault.kind), {
  error: "the token endpoint has no pages, totals or organizations: use a transport fault, malformedJson, resetMidBody or schemaBreak",
  path: ["fault", "kind"],
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;

export type Stage = "delay" | "transport" | "auth" | "query" | "response";

const STAGE_OF: Readonly<Record<FaultKind, Stage>> = {
  delay: "delay",
  status: "transport",
  rateLimited: "transport",
  html: "transport",
  emptyBody: "transport",
  hang: "transport",
  expireToken: "auth",
  pageLimit400: "query",
  malformedJson: "response",
  resetMidBody: "response",
  schemaBreak: "response",
  omitTotal: "response",
  lieTotal: "response",
  totalChangesBetweenPages: "response",
  mutateAfterPage: "response",
};

export interface RequestFacts {
  readonly endpoint: Endpoint;
  readonly page?: number;
  readonly organizationId?: string;
  /** Whether the answer will be the envelope with `total`, for the faults that only change `total`. */
  readonly includeTotals?: boolean;
  /** For pageLimit400: the validated paging. */
  readonly perPage?: number;
}

/** A handle on an added rule, so a test can assert that its fault really fired. */
export interface FaultHandle {
  readonly rule: FaultRule;
  /** How many times the rule has fired. */
  readonly fired: number;
  /** How many more times it will fire (Infinity for an unlimited rule). */
  readonly remaining: number;
  /** Removes the rule. */
  remove(): void;
}

interface Entry {
  readonly rule: FaultRule;
  fired: number;
}

export class FaultBook {
  private entries: Entry[] = [];

  add(input: FaultRuleInput): FaultHandle {
    const entry: Entry = { rule: faultRuleSchema.parse(input), fired: 0 };
    this.entries.push(entry);
    const remove = () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
    return {
      rule: entry.rule,
      get fired() {
        return entry.fired;
      },
      get remaining() {
        return entry.rule.times === undefined ? Infinity : entry.rule.times - entry.fired;
      },
      remove,
    };
  }

  clear(): void {
    this.entries = [];
  }

  /** The first rule, in the order added, that matches this request at this stage; firing it uses up one `times`. */
  take(stage: Stage, facts: RequestFacts): Fault | undefined {
    const entry = this.entries.find((e) => STAGE_OF[e.rule.fault.kind] === stage && matches(e.rule, facts));
    if (entry === undefined) return undefined;
    entry.fired += 1;
    if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) this.entries = this.entries.filter((e) => e !== entry);
    return entry.rule.fault;
  }
}

function matches(rule: FaultRule, facts: RequestFacts): boolean {
  const { match, fault } = rule;
  if (match.endpoint !== "any" && match.endpoint !== facts.endpoint) return false;
  if (match.page !== undefined && match.page !== facts.page) return false;
  if (match.organizationId !== undefined && match.organizationId !== facts.organizationId) return false;
  if (facts.endpoint === "token" && !TOKEN_KINDS.has(fault.kind)) return false;
  // The tenant-wide endpoint's grants belong to no one organization: there is none to mutate.
  if (facts.endpoint === "tenantGrants" && fault.kind === "mutateAfterPage") return false;
  switch (fault.kind) {
    case "omitTotal":
    case "lieTotal":
    case "totalChangesBetweenPages":
      return facts.includeTotals === true;
    case "pageLimit400":
      return facts.page !== undefined && facts.perPage !== undefined && (facts.page + 1) * facts.perPage > fault.maxRecords;
    default:
      return true;
  }
}

export type Breakage = Extract<Fault, { kind: "schemaBreak" }>["breakage"];

/** A token response broken the requested way: the token endpoint's version of schemaBreak. */
export function breakTokenResponse(body: Record<string, unknown>, breakage: Breakage): Record<string, unknown> {
  const broken = { ...body };
  switch (breakage) {
    case "wrongTypes":
      broken.expires_in = String(body.expires_in);
      break;
    case "missingId":
      delete broken.access_token;
      break;
    case "scopeNotArray":
      // The token endpoint's scope is a string; the mirror image of the grants' break is an array.
      broken.scope = String(body.scope ?? "").split(" ");
      break;
  }
  return broken;
}

/** A grant broken the requested way, for the schemaBreak fault. */
export function breakGrant(grant: Record<string, unknown>, breakage: Breakage): Record<string, unknown> {
  const broken = { ...grant };
  switch (breakage) {
    case "wrongTypes":
      broken.client_id = 12345;
      broken.allow_any_organization = "yes";
      break;
    case "missingId":
      delete broken.id;
      break;
    case "scopeNotArray":
      broken.scope = Array.isArray(grant.scope) ? grant.scope.join(" ") : "read:everything";
      break;
  }
  return broken;
}

export const PROXY_HTML = (status: number, phrase: string): string =>
  `<html>\r\n<head><title>${status} ${phrase}</title></head>\r\n<body>\r\n<center><h1>${status} ${phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
