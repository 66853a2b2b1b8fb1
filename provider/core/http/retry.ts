// The retry policy for one logical request: 429 waits for the tenant's reset (shared through the rate limiter),
// 5xx answers, timeouts and connection errors back off exponentially with full jitter, and every give-up is a typed
// error. We keep this loop rather than undici's retry interceptor because that one resumes failed bodies with Range
// requests (meant for downloads) and would hide a reset mid-body of a JSON page, and because the limiter must see
// the headers of every attempt, 429s included.
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, ConfigurationError, NetworkError, RateLimitError } from "../errors";
import { apiErrorBodySchema, type Tuning } from "../schemas";
import { parseRateLimitHeaders, rateLimiterFor } from "./rateLimiter";
import { sendOnce, type HttpRequest, type HttpResponse } from "./transport";

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** Full jitter (the AWS architecture blog's variant): spreads retries from many clients across the whole window. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
}

export interface RetryReport {
  attempts: number;
  rateLimited: number;
}

export type RetryTuning = Pick<Tuning, "maxAttempts" | "timeoutMs" | "rateLimitPatienceMs">;

/**
 * Errors with which undici refuses to build or send a request (an invalid header value, an unsupported option):
 * the request never left, and sending it again would fail the same way, so these are never retried.
 */
const UNSENDABLE = new Set([
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
  "UND_ERR_INVALID_RETURN_VALUE",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "ERR_INVALID_ARG_TYPE",
  "ERR_INVALID_ARG_VALUE",
  "ERR_INVALID_CHAR",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_INVALID_URL",
]);

export function isUnsendable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && UNSENDABLE.has(code);
}

/**
 * Sends `request` until it gets an answer worth returning: any status but 429 and 5xx. `what` names the operation
 * in error messages ("Listing the client grants of organization org_1 (page 3)"). A function is called for every
 * attempt, for requests that must not be sent twice alike (a client assertion's `jti` is single-use).
 */
export async function sendWithRetries(
  request: HttpRequest | (() => HttpRequest),
  what: string,
  tuning: RetryTuning,
  report?: RetryReport,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const build = typeof request === "function" ? request : () => request;
  // Built once more for its origin: each attempt builds its own after the limiter's wait, so a signed assertion is
  // fresh when it leaves even after a long wait for the rate limit.
  const limiter = rateLimiterFor(build().origin);
  let failures = 0;
  let limited = 0;
  let rateLimitWaited = 0;
  // Patience is wall time from the first 429, not only the limiter's sleeps: 429s that ask for no wait at all
  // (a reset in the past, Retry-After: 0) must still end.
  let firstLimitedAt: number | undefined;
  const patienceUsed = () => Math.max(rateLimitWaited, firstLimitedAt === undefined ? 0 : Date.now() - firstLimitedAt);
  for (;;) {
    const waited = await limiter.acquire(tuning.rateLimitPatienceMs - patienceUsed(), signal);
    if (waited === undefined || patienceUsed() > tuning.rateLimitPatienceMs) {
      throw new RateLimitError(
        what,
        { status: 429, errorCode: "too_many_requests", apiMessage: `the tenant's rate limit frees up in ${Math.ceil(limiter.delay() / 1000)} s` },
        `Gave up after waiting ${Math.round(patienceUsed() / 1000)} s, beyond the patience of ${tuning.rateLimitPatienceMs / 1000} s (options.rateLimitPatienceMs). Retry later or raise the patience.`,
      );
    }
    rateLimitWaited += waited;
    if (report) report.attempts++;

    let response: HttpResponse | undefined;
    let failure: unknown;
    try {
      response = await sendOnce(build(), tuning.timeoutMs, signal);
    } catch (error) {
      failure = error;
    }
    const headers = response ? parseRateLimitHeaders(response.headers) : undefined;
    limiter.release(response?.status, headers, backoffDelay(limited + 1));
    // The listing this request belongs to has already failed elsewhere: stop, do not retry.
    signal?.throwIfAborted();

    if (isUnsendable(failure)) {
      // Credentials are checked before anything is sent, so this is a value that slipped past those checks. The
      // error's own text names the header, never its value.
      throw new ConfigurationError(
        `${what}: the request could not be sent (${describeNetworkError(failure, tuning.timeoutMs)}): a setting it carries is not usable in HTTP. Check the domain and the credentials; nothing was retried.`,
        { cause: failure },
      );
    }

    if (response && response.status === 429) {
      firstLimitedAt ??= Date.now();
      limited++;
      if (report) report.rateLimited++;
      continue;
    }
    if (response && response.status < 500) return response;

    failures++;
    if (failures >= tuning.maxAttempts) {
      if (response) throw new ApiError(what, { status: response.status, ...errorBodyDetails(response.body) }, `The server kept failing; gave up after ${failures} attempts.`);
      throw new NetworkError(`${what} failed after ${failures} attempts: ${describeNetworkError(failure, tuning.timeoutMs)}.`, { cause: failure });
    }
    await sleep(backoffDelay(failures), undefined, { signal });
  }
}

export function errorBodyDetails(body: string): { errorCode?: string; apiMessage?: string } {
  try {
    const parsed = apiErrorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return { errorCode: parsed.data.errorCode, apiMessage: parsed.data.message };
  } catch {
    // Not JSON: a proxy's HTML page, say. Its text is not worth putting in a message.
  }
  return {};
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string } | undefined;
  if (e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT") {
    return `no complete answer within ${timeoutMs} ms (options.timeoutMs)`;
  }
  return [e?.code, e?.message].filter(Boolean).join(" ") || String(error);
}
